"""What every questionnaire form shares: the base form (text cleaned, limits checked with the
question named, the section version carried), the error summary's links, and how a conflict
with another officer's save is shown."""

from dataclasses import dataclass, field
from datetime import datetime

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field
from django import forms
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.text import Truncator

from common.text import clean_data

from ..sections import Section

DEFAULT_LIMIT = 10_000
YES_NO = [("yes", "Yes"), ("no", "No")]


class Textarea(forms.Textarea):
    """Django's Textarea with an (empty) aria-describedby to start with: crispy-forms-gds's
    character count adds to it, and fails on a textarea that has no hint. (Named Textarea
    because crispy-forms-gds styles widgets by class name.)"""

    def __init__(self, attrs=None):
        super().__init__({"aria-describedby": "", **(attrs or {})})


def not_answered(value) -> bool:
    return value is None or value == "" or value == []


# --- showing someone else's saved answers after a conflict --------------------------------


@dataclass
class Conflict:
    """What another officer saved while this form was open: shown next to the typed answers."""

    theirs: dict
    by: object
    at: datetime
    changed: set[str] = field(default_factory=set)


class TheirAnswer(LayoutObject):
    """After a conflict, the other officer's saved answer to one field, if it differs."""

    template = "submissions/questionnaire/includes/their_answer.html"

    def __init__(self, name: str):
        self.name = name
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs):
        conflict = getattr(form, "conflict", None)
        if conflict is None or self.name not in conflict.changed:
            return ""
        return render_to_string(
            self.template,
            {
                "label": form.plain_label(self.name),
                "value": form.display(self.name, conflict.theirs.get(self.name)),
                "by": person(conflict.by) or "someone else",
                "when": when(conflict.at),
            },
        )


class Snippet(LayoutObject):
    """A project template rendered in the middle of a form (never a string from data)."""

    def __init__(self, template: str, **context):
        self.template = template
        self.context = context
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs):
        return render_to_string(self.template, {"form": form, **self.context})


def textarea(name: str, limit: int, rows: int = 8, label_size=None) -> list:
    """A character-counted textarea and, after a conflict, the other officer's answer."""
    return [
        Field.textarea(name, rows=rows, max_characters=limit, label_size=label_size),
        TheirAnswer(name),
    ]


def section_buttons() -> Div:
    return Div(
        Button.primary("continue", "Save and continue", data_prevent_double_click="true"),
        Button.secondary("later", "Save and come back later", data_prevent_double_click="true"),
        css_class="govuk-button-group",
    )


# --- the base form -----------------------------------------------------------------------


class ErrorLinksMixin:
    """The error summary's links: radios and checkboxes link to their first option, which
    has the id the label points at (crispy-forms-gds numbers them from 1)."""

    def anchor(self, bound_field) -> str:
        widget = bound_field.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"id_{bound_field.html_name}_1"
        return bound_field.auto_id

    @property
    def error_links(self) -> list[tuple[str, str]]:
        visible = self.visible_fields()
        first = self.anchor(visible[0]) if visible else ""
        links = [(first, error) for error in self.non_field_errors()]
        for bound_field in visible:
            links += [(self.anchor(bound_field), error) for error in bound_field.errors]
        return links


class QuestionnaireForm(ErrorLinksMixin, forms.Form):
    """Cleans posted text, checks each text field's limit with a message naming the
    question, and carries the section version the page was loaded with."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, section: Section | None = None, **kwargs):
        self.section = section
        self.conflict: Conflict | None = None
        super().__init__(clean_data(data), *args, **kwargs)
        # Limits are checked here and by the character count, not by a maxlength attribute:
        # without JavaScript that would silently cut pasted text.
        self.limits: dict[str, int] = {}
        # Labels as written, for messages; researchers' question text is escaped in the
        # field's label because crispy-forms-gds marks labels safe.
        self.plain_labels: dict[str, str] = {}
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}

    def clean_version(self):
        # A missing or broken version can match no saved version: the save becomes a
        # conflict, which shows what is saved instead of overwriting it.
        version = self.cleaned_data.get("version")
        return -1 if version is None else version

    def clean(self):
        cleaned = super().clean()
        for name, limit in self.limits.items():
            value = cleaned.get(name) or ""
            if len(value) > limit:
                self.add_error(name, too_long_message(self.plain_label(name), limit))
        return cleaned

    def plain_label(self, name: str) -> str:
        return self.plain_labels.get(name) or str(self.fields[name].label)

    # After a conflict ------------------------------------------------------------------

    def show_conflict(self, *, theirs: dict, progress, message: str = "") -> None:
        """Keep what was typed, show what the other officer saved, and take their version,
        so saving again (deliberately) replaces their answers with these."""
        changed = {
            name
            for name in theirs
            if name in self.fields
            and self.display(name, theirs[name]) != self.display(name, self.cleaned_data.get(name))
        }
        self.conflict = Conflict(
            theirs=theirs, by=progress.updated_by, at=progress.updated_at, changed=changed
        )
        self.data = self.data.copy()
        self.data["version"] = str(progress.version)
        self.add_error(None, message or conflict_message(progress))

    def display(self, name: str, value) -> str:
        """A value of this field as a person reads it."""
        form_field = self.fields[name]
        if isinstance(form_field, forms.BooleanField):
            return "Yes" if value else "No"
        if not_answered(value):
            return "Not answered"
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            return ", ".join(sorted(str(item) for item in value)) or "Not answered"
        if isinstance(form_field, forms.ChoiceField):
            choices = {str(k): v for k, v in form_field.choices}
            if isinstance(value, bool):
                value = "yes" if value else "no"
            return str(choices.get(str(value), value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return str(value)


def too_long_message(label: str, limit: int) -> str:
    question = Truncator(str(label)).words(8, truncate="…")
    return f"Your answer to ‘{question}’ must be {limit:,} characters or fewer"


def conflict_message(progress) -> str:
    who = person(progress.updated_by)
    saved = f"{who}, at {when(progress.updated_at)}" if who else when(progress.updated_at)
    return (
        f"Someone else saved this section while you were editing it ({saved}). Nothing you "
        "typed has been saved yet: check their answers, shown under yours, then save again "
        "to replace them with yours."
    )


def person(user) -> str:
    return (user.get_full_name() or user.email or user.get_username()) if user else ""


def when(moment) -> str:
    """A time as GOV.UK writes it: 3:42pm on 28 November 2026."""
    local = timezone.localtime(moment)
    suffix = "am" if local.hour < 12 else "pm"
    return dateformat.format(local, f"g:i\\{suffix[0]}\\{suffix[1]} \\o\\n j F Y")
