"""The questionnaire's forms: one per section page, the mission pages and the declaration.

Drafts may be partial, so no answer is required to save; limits are checked, and text is
cleaned of what PostgreSQL cannot store. Every section form carries the version of the
section it was loaded with (see services.section_save).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.text import Truncator

from councils.models import Approach, Mission, NationalMission, Partner

from .models import Consent, Submission, ThemeReflection
from .sections import ABOUT, CONSENT, NATIONAL_GOVERNMENT, THEME, Section

DEFAULT_LIMIT = 10_000
# NUL, and lone surrogates (not valid UTF-8; they cannot arrive in a normal form post, but a
# crafted one must not reach the database either).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(value):
    """Text PostgreSQL can store, with each newline counted once, as the character count does."""
    if not isinstance(value, str):
        return value
    return UNSTORABLE.sub("", value.replace("\r\n", "\n"))


def clean_data(data):
    """A copy of posted data (QueryDict or dict) with every value cleaned by clean_text."""
    if not hasattr(data, "setlist"):
        return {key: clean_text(value) for key, value in data.items()}
    data = data.copy()
    for key in list(data):
        data.setlist(key, [clean_text(value) for value in data.getlist(key)])
    return data


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
        if data is not None:
            data = clean_data(data)
        self.section = section
        self.conflict: Conflict | None = None
        super().__init__(data, *args, **kwargs)
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
    return f"Your answer to '{question}' must be {limit:,} characters or fewer"


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


# --- section forms -----------------------------------------------------------------------


class AboutForm(QuestionnaireForm):
    uses_mission_language = forms.ChoiceField(
        label="Does your authority use the language of missions?",
        choices=Submission._meta.get_field("uses_mission_language").choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "We want to hear from you whether you use that language or draw on "
            "complementary ideas and traditions."
        ),
        error_messages={"invalid_choice": "Select whether your authority uses missions"},
    )
    approaches = forms.ModelMultipleChoiceField(
        label="Which of these ideas and traditions does your work draw on?",
        queryset=Approach.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select ideas and traditions from the list"},
    )
    who_leads = forms.CharField(
        label="Who leads this work in your authority?",
        required=False,
        widget=Textarea,
        help_text=(
            "For example, the leader or a cabinet member, the chief executive, a policy team "
            "or a partnership board."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = {"who_leads": 2_000}
        self.helper.layout = Layout(
            "version",
            Field.radios("uses_mission_language", legend_size=Size.MEDIUM),
            TheirAnswer("uses_mission_language"),
            Field.checkboxes("approaches", legend_size=Size.MEDIUM, small=True),
            TheirAnswer("approaches"),
            *textarea("who_leads", 2_000, rows=5, label_size=Size.MEDIUM),
            section_buttons(),
        )

    @classmethod
    def saved(cls, submission: Submission, section: Section) -> dict:
        return {
            "uses_mission_language": submission.uses_mission_language,
            "approaches": list(submission.approaches.all()),
            "who_leads": submission.who_leads,
        }

    def to_data(self) -> dict:
        return {
            "uses_mission_language": self.cleaned_data["uses_mission_language"],
            "approaches": self.cleaned_data["approaches"],
            "who_leads": self.cleaned_data["who_leads"],
        }


class ThemeForm(QuestionnaireForm):
    """Every question of one theme, then what has worked and what has not."""

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        self.questions = list(section.theme.questions.all())
        layout = ["version"]
        for question in self.questions:
            name = answer_field(question.pk)
            self.fields[name] = forms.CharField(
                label=escape(question.text),
                required=False,
                widget=Textarea,
                help_text=escape(question.help_text),
            )
            self.plain_labels[name] = question.text
            self.limits[name] = question.max_length
            layout += textarea(name, question.max_length, label_size=Size.SMALL)
        self.fields["what_worked"] = forms.CharField(
            label="What has worked?",
            required=False,
            widget=Textarea,
            help_text="Optional. Tell us what has helped, and why you think it did.",
        )
        self.fields["what_didnt"] = forms.CharField(
            label="What hasn't worked?",
            required=False,
            widget=Textarea,
            help_text="Optional. Tell us what has not gone to plan, and what you learned.",
        )
        self.limits["what_worked"] = self.limits["what_didnt"] = DEFAULT_LIMIT
        self.helper.layout = Layout(
            *layout,
            Snippet(
                "submissions/questionnaire/includes/heading.html",
                text="What has worked, and what has not",
            ),
            *textarea("what_worked", DEFAULT_LIMIT, rows=5, label_size=Size.SMALL),
            *textarea("what_didnt", DEFAULT_LIMIT, rows=5, label_size=Size.SMALL),
            section_buttons(),
        )

    @classmethod
    def saved(cls, submission: Submission, section: Section) -> dict:
        questions = [q.pk for q in section.theme.questions.all()]
        values = {answer_field(pk): "" for pk in questions}
        for question_id, text in submission.answers.filter(question_id__in=questions).values_list(
            "question_id", "text"
        ):
            values[answer_field(question_id)] = text
        reflection = ThemeReflection.objects.filter(
            submission=submission, theme=section.theme
        ).first()
        values["what_worked"] = reflection.what_worked if reflection else ""
        values["what_didnt"] = reflection.what_didnt if reflection else ""
        return values

    def to_data(self) -> dict:
        return {
            "answers": {q.pk: self.cleaned_data[answer_field(q.pk)] for q in self.questions},
            "what_worked": self.cleaned_data["what_worked"],
            "what_didnt": self.cleaned_data["what_didnt"],
        }


def answer_field(question_id: int) -> str:
    return f"answer_{question_id}"


class NationalGovernmentForm(QuestionnaireForm):
    national_government = forms.CharField(
        label=(
            "What role should national government play in enabling mission-led approaches "
            "in local government?"
        ),
        required=False,
        widget=Textarea,
        help_text=(
            "Optional. For example, how missions could reshape the relationships between "
            "policymaking and delivery, and between local, regional and national government."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = {"national_government": DEFAULT_LIMIT}
        self.helper.layout = Layout(
            "version",
            *textarea("national_government", DEFAULT_LIMIT, label_size=Size.MEDIUM),
            section_buttons(),
        )

    @classmethod
    def saved(cls, submission: Submission, section: Section) -> dict:
        return {"national_government": submission.national_government}

    def to_data(self) -> dict:
        return {"national_government": self.cleaned_data["national_government"]}


YES_NO = [("yes", "Yes"), ("no", "No")]


class ConsentForm(QuestionnaireForm):
    publication = forms.ChoiceField(
        label="How may we publish what you tell us?",
        choices=Consent.Publication.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "We may publish case studies of your authority's work on this site and in our "
            "reports. Anonymised case studies give only the type of authority and its region."
        ),
        error_messages={"invalid_choice": "Select how we may publish what you tell us"},
    )
    follow_up_contact = forms.TypedChoiceField(
        label="May we contact you to follow up on your answers?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="For example, to ask for an interview or to check a case study with you.",
        error_messages={"invalid_choice": "Select yes if we may contact you"},
    )
    privacy_agreed = forms.BooleanField(
        label="I have read the privacy notice and agree to my information being used as it describes",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            "version",
            Field.radios("publication", legend_size=Size.MEDIUM),
            TheirAnswer("publication"),
            Field.radios("follow_up_contact", legend_size=Size.MEDIUM, inline=True),
            TheirAnswer("follow_up_contact"),
            Snippet("submissions/questionnaire/includes/privacy_notice.html"),
            Field.checkbox("privacy_agreed"),
            TheirAnswer("privacy_agreed"),
            section_buttons(),
        )

    @classmethod
    def saved(cls, submission: Submission, section: Section) -> dict:
        consent = submission.consents.first()
        if consent is None:
            return {"publication": "", "follow_up_contact": None, "privacy_agreed": False}
        follow_up = consent.follow_up_contact
        return {
            "publication": consent.publication,
            "follow_up_contact": None if follow_up is None else ("yes" if follow_up else "no"),
            "privacy_agreed": consent.privacy_agreed,
        }

    def to_data(self) -> dict:
        return {
            "publication": self.cleaned_data["publication"],
            "follow_up_contact": self.cleaned_data["follow_up_contact"],
            "privacy_agreed": self.cleaned_data["privacy_agreed"],
        }


SECTION_FORMS = {
    ABOUT: AboutForm,
    THEME: ThemeForm,
    NATIONAL_GOVERNMENT: NationalGovernmentForm,
    CONSENT: ConsentForm,
}


# --- missions ----------------------------------------------------------------------------


class MissionsForm(QuestionnaireForm):
    """The missions list page: nothing to answer, only the section's buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("version", section_buttons())


class MissionForm(QuestionnaireForm):
    title = forms.CharField(
        label="Name of the mission",
        max_length=255,
        help_text="A short name, for example 'No child goes hungry'.",
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
        initial=Mission.Stage.EXPLORING,
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
    national_missions = forms.ModelMultipleChoiceField(
        label="Which national missions does it contribute to? (optional)",
        queryset=NationalMission.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select national missions from the list"},
    )
    partner_name = forms.CharField(
        label="Partner's name",
        required=False,
        max_length=200,
        error_messages={"max_length": "The partner's name must be 200 characters or fewer"},
    )
    partner_type = forms.ChoiceField(
        label="Type of partner",
        choices=Partner.Type.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the type of partner"},
    )
    partner_role = forms.CharField(
        label="What the partner does in this mission (optional)",
        required=False,
        max_length=255,
        help_text="For example, co-designing the mission or funding a project.",
        error_messages={"max_length": "The partner's role must be 255 characters or fewer"},
    )

    mission_fields = [
        "title",
        "statement",
        "target_year",
        "stage",
        "challenge_area",
        "national_missions",
    ]

    def __init__(self, *args, adding_partner: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.adding_partner = adding_partner
        self.limits = {"statement": 2_000}
        self.fields["partner_type"].choices = [
            (Partner.Type.COMMUNITY, "Communities or a community group"),
            *[(k, v) for k, v in Partner.Type.choices if k != Partner.Type.COMMUNITY],
        ]
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
            Field.checkboxes("national_missions", legend_size=Size.SMALL, small=True),
            TheirAnswer("national_missions"),
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
        if wants_partner:
            if not cleaned.get("partner_name"):
                self.add_error("partner_name", "Enter the partner's name")
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


class DeclarationForm(ErrorLinksMixin, forms.Form):
    declaration = forms.BooleanField(
        label=(
            "I confirm that the information is accurate and that I am authorised to submit it "
            "for my authority"
        ),
        error_messages={
            "required": (
                "Confirm that the information is accurate and that you are authorised to submit it"
            )
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = clean_data(data)
        super().__init__(data, *args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.checkbox("declaration"),
            Button.primary("submit", "Submit", data_prevent_double_click="true"),
        )
