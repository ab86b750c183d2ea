"""One form per page for a mission's outcomes, their indicators and each progress reading
(GOV.UK's add-another pattern: one thing at a time, no JavaScript needed)."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Button, Div, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from .base import QuestionnaireForm, Snippet, TheirAnswer


def _name(label: str) -> str:
    """'Target value (optional)' -> 'target value', for error messages."""
    return label.removesuffix(" (optional)").lower()


class _DateField(DateInputField):
    """The GOV.UK date input, with messages that name the date: the library passes Python's own
    ('day is out of range for month') and quietly drops a date with a part missing."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day or month or year):
            return None
        name = _name(self.label)
        if not (day and month and year):
            raise ValidationError(f"The {name} must include a day, month and year")
        if len(year) != 4:
            raise ValidationError(f"The {name} needs a year of 4 numbers, like 2025")
        try:
            return date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"The {name} must be a real date") from error


def _date(label: str, required: bool = False) -> DateInputField:
    field = _DateField(label=label, required=required, help_text="For example, 31 3 2025")
    field.error_messages["required"] = f"Enter the {_name(label)}"
    return field


def _number(label: str, required: bool = False) -> forms.DecimalField:
    name = _name(label)
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {name}",
            "invalid": f"The {name} must be a number, like 12 or 12.5",
            "max_digits": f"The {name} is too long",
            "max_decimal_places": f"The {name} can have up to 4 decimal places",
        },
    )


def _buttons(save: str) -> Div:
    return Div(
        Button.primary("save", save, data_prevent_double_click="true"),
        Snippet("submissions/questionnaire/includes/cancel_link.html"),
        css_class="govuk-button-group",
    )


class OutcomeForm(QuestionnaireForm):
    title = forms.CharField(
        label="What change does the mission seek?",
        max_length=255,
        help_text="One outcome, for example 'Fewer children living in food poverty'.",
        error_messages={
            "required": "Enter the outcome",
            "max_length": "The outcome must be 255 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "version",
            Field.text("title", field_width=Fluid.FULL),
            TheirAnswer("title"),
            _buttons("Save outcome"),
        )

    @staticmethod
    def saved(outcome) -> dict:
        return {"title": outcome.title} if outcome else {}


class IndicatorForm(QuestionnaireForm):
    name = forms.CharField(
        label="Name of the indicator",
        max_length=255,
        help_text="What is measured, for example 'Children eligible for free school meals'.",
        error_messages={
            "required": "Enter the name of the indicator",
            "max_length": "The name of the indicator must be 255 characters or fewer",
        },
    )
    unit = forms.CharField(
        label="Unit (optional)",
        required=False,
        max_length=60,
        help_text="For example %, households or tonnes of CO2.",
        error_messages={"max_length": "The unit must be 60 characters or fewer"},
    )
    baseline_value = _number("Baseline value (optional)")
    baseline_date = _date("Date of the baseline (optional)")
    target_value = _number("Target value (optional)")
    target_date = _date("Date of the target (optional)")

    fields_saved = [
        "name",
        "unit",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = ["version", Field.text("name", field_width=Fluid.FULL), TheirAnswer("name")]
        layout += [Field.text("unit", field_width=Fixed.TEN), TheirAnswer("unit")]
        for name in self.fields_saved[2:]:
            if name.endswith("_value"):
                layout += [Field.text(name, field_width=Fixed.TEN), TheirAnswer(name)]
            else:
                layout += [Field(name, legend_size=Size.SMALL), TheirAnswer(name)]
        self.helper.layout = Layout(*layout, _buttons("Save indicator"))

    def clean(self):
        cleaned = super().clean()
        for part in ("baseline", "target"):
            value, day = cleaned.get(f"{part}_value"), cleaned.get(f"{part}_date")
            if value is not None and day is None and f"{part}_date" not in self.errors:
                self.add_error(f"{part}_date", f"Enter the date of the {part}")
        return cleaned

    @classmethod
    def saved(cls, indicator) -> dict:
        return {name: getattr(indicator, name) for name in cls.fields_saved} if indicator else {}

    def to_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields_saved}


class ReadingForm(QuestionnaireForm):
    value = _number("Value", required=True)
    date = _date("Date of the reading", required=True)
    source = forms.CharField(
        label="Source",
        max_length=500,
        help_text="Where the figure comes from: a publication, dataset or web address.",
        error_messages={
            "required": "Enter where the figure comes from",
            "max_length": "The source must be 500 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "version",
            Field.text("value", field_width=Fixed.TEN),
            Field("date", legend_size=Size.SMALL),
            Field.text("source", field_width=Fluid.FULL),
            _buttons("Save reading"),
        )

    def to_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("value", "date", "source")}
