"""The missions pages: the list (only the section's buttons), one mission with its partners,
and "are you sure?" before removing a mission or a partner."""

from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms

from councils.models import Mission, NationalMission, PartnerType

from .base import (
    YES_NO,
    QuestionnaireForm,
    Snippet,
    Textarea,
    TheirAnswer,
    section_buttons,
    textarea,
)


class MissionsForm(QuestionnaireForm):
    """The missions list page: nothing to answer, only the section's buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("version", section_buttons())


class PartnerTypeField(forms.ModelChoiceField):
    # Officers read "community group" as one organisation; the option covers communities too.
    labels = {"community-group": "Communities or a community group"}

    def label_from_instance(self, obj):
        return self.labels.get(obj.slug, obj.name)


class MissionForm(QuestionnaireForm):
    title = forms.CharField(
        label="Name of the mission",
        max_length=255,
        help_text="A short name, for example ‘No child goes hungry’.",
        error_messages={
            "required": "Enter the name of the mission",
            "max_length": "The name of the mission must be 255 characters or fewer",
        },
    )
    statement = forms.CharField(
        label="Mission statement",
        required=False,
        widget=Textarea,
        help_text="The mission as your authority states it, with its goal and target date.",
    )
    target_year = forms.IntegerField(
        label="Target year (optional)",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="The year by which the mission should be achieved, for example 2030.",
        error_messages={
            "invalid": "Target year must be a year, like 2030",
            "min_value": "Target year must be 2000 or later",
            "max_value": "Target year must be 2100 or earlier",
        },
    )
    stage = forms.ChoiceField(
        label="What stage is the mission at?",
        choices=Mission.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the stage the mission is at",
            "invalid_choice": "Select the stage the mission is at",
        },
    )
    challenge_area = forms.CharField(
        label="Challenge it addresses (optional)",
        required=False,
        max_length=200,
        help_text="For example, food poverty or climate resilience.",
        error_messages={"max_length": "The challenge must be 200 characters or fewer"},
    )
    challenge = forms.ChoiceField(
        label="Which area does it address? (optional)",
        choices=Mission.Challenge.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select an area from the list"},
    )
    challenge_other = forms.CharField(
        label="If other, what area?",
        required=False,
        max_length=200,
        error_messages={"max_length": "The area must be 200 characters or fewer"},
    )
    governance = forms.ChoiceField(
        label="Who governs the mission? (optional)",
        choices=Mission.Governance.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select who governs the mission"},
    )
    governance_other = forms.CharField(
        label="If other, who governs it?",
        required=False,
        max_length=200,
        error_messages={"max_length": "Your answer must be 200 characters or fewer"},
    )
    national_missions = forms.ModelMultipleChoiceField(
        label="Which national missions does it contribute to? (optional)",
        queryset=NationalMission.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select national missions from the list"},
    )
    partner_name = forms.CharField(
        label="Partner’s name",
        required=False,
        max_length=200,
        error_messages={"max_length": "The partner’s name must be 200 characters or fewer"},
    )
    partner_type = PartnerTypeField(
        label="Type of partner",
        queryset=PartnerType.objects.all(),
        to_field_name="slug",
        empty_label=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the type of partner"},
    )
    partner_role = forms.CharField(
        label="What the partner does in this mission (optional)",
        required=False,
        max_length=255,
        help_text="For example, co-designing the mission or funding a project.",
        error_messages={"max_length": "The partner’s role must be 255 characters or fewer"},
    )

    mission_fields = [
        "title",
        "statement",
        "target_year",
        "stage",
        "challenge_area",
        "challenge",
        "challenge_other",
        "governance",
        "governance_other",
        "national_missions",
    ]

    def __init__(self, *args, adding_partner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.adding_partner = adding_partner
        self.limits = {"statement": 2_000}
        self.helper.layout = Layout(
            "version",
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            TheirAnswer("title"),
            *textarea("statement", 2_000, rows=4),
            Field.text("target_year", field_width=Fixed.FOUR),
            TheirAnswer("target_year"),
            Field.radios("stage", legend_size=Size.SMALL, small=True),
            TheirAnswer("stage"),
            Field.text("challenge_area", field_width=Fluid.TWO_THIRDS),
            TheirAnswer("challenge_area"),
            *[
                part
                for name in ("challenge", "governance")
                for part in (
                    Field.radios(name, legend_size=Size.SMALL, small=True),
                    TheirAnswer(name),
                    Field.text(f"{name}_other", field_width=Fluid.TWO_THIRDS),
                    TheirAnswer(f"{name}_other"),
                )
            ],
            Field.checkboxes("national_missions", legend_size=Size.SMALL, small=True),
            TheirAnswer("national_missions"),
            Snippet("submissions/questionnaire/includes/mission_outcomes.html"),
            Snippet("submissions/questionnaire/includes/mission_partners.html"),
            Fieldset(
                Field.text("partner_name", field_width=Fluid.TWO_THIRDS),
                Field.radios("partner_type", small=True),
                Field.text("partner_role", field_width=Fluid.TWO_THIRDS),
                Button.secondary(
                    "add_partner", "Save and add this partner", data_prevent_double_click="true"
                ),
                legend="Add a partner",
                legend_size=Size.SMALL,
            ),
            Div(
                Button.primary("save", "Save mission", data_prevent_double_click="true"),
                Snippet("submissions/questionnaire/includes/cancel_link.html"),
                css_class="govuk-button-group",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        wants_partner = self.adding_partner or any(
            cleaned.get(name) for name in ("partner_name", "partner_type", "partner_role")
        )
        for name in ("challenge", "governance"):
            if cleaned.get(name) == "other" and not cleaned.get(f"{name}_other"):
                self.add_error(f"{name}_other", "Say what it is, since you selected Other")
            elif cleaned.get(name) != "other":
                cleaned[f"{name}_other"] = ""
        if wants_partner:
            if not cleaned.get("partner_name"):
                self.add_error("partner_name", "Enter the partner’s name")
            if not cleaned.get("partner_type"):
                self.add_error("partner_type", "Select the type of partner")
        return cleaned

    @classmethod
    def saved(cls, mission: Mission | None) -> dict:
        if mission is None:
            return {}
        return {
            "title": mission.title,
            "statement": mission.statement,
            "target_year": mission.target_year,
            "stage": mission.stage,
            "challenge_area": mission.challenge_area,
            "challenge": mission.challenge,
            "challenge_other": mission.challenge_other,
            "governance": mission.governance,
            "governance_other": mission.governance_other,
            "national_missions": list(mission.national_missions.all()),
        }

    def to_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.mission_fields}

    def partner_data(self) -> dict | None:
        name = self.cleaned_data.get("partner_name")
        if not name:
            return None
        return {
            "name": name,
            "type": self.cleaned_data["partner_type"],
            "role": self.cleaned_data.get("partner_role", ""),
        }


class RemoveForm(QuestionnaireForm):
    """ "Are you sure you want to remove …?" for a mission or a partner."""

    confirm = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, question: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = question
        self.fields["confirm"].error_messages["required"] = (
            "Select yes if you want to remove it, or no to keep it"
        )
        self.helper.layout = Layout(
            "version",
            Field.radios("confirm", legend_size=Size.LARGE, legend_tag="h1", inline=True),
            Button.primary("continue", "Continue", data_prevent_double_click="true"),
        )
