"""One form per section page: about your authority, each theme, national government, consent."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.html import escape
from django.utils.text import Truncator

from councils.models import Approach

from ..models import Consent, Submission, ThemeReflection
from ..sections import ABOUT, CONSENT, LEARNING, NATIONAL_GOVERNMENT, THEME, Section
from .base import (
    DEFAULT_LIMIT,
    YES_NO,
    QuestionnaireForm,
    Snippet,
    Textarea,
    TheirAnswer,
    section_buttons,
    textarea,
)


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
    """Every question of one theme (or of Learning and enablers), each of which may be marked
    "Not yet / not applicable" with an optional reason; then, for a theme, what has worked
    and what has not."""

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        self.questions = section.questions
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
            self.fields[not_yet_field(question.pk)] = forms.BooleanField(
                label="Not yet / not applicable", required=False
            )
            self.fields[reason_field(question.pk)] = forms.CharField(
                label="Why not yet, or why it does not apply (optional)",
                required=False,
                widget=Textarea,
            )
            self.limits[reason_field(question.pk)] = REASON_LIMIT
            layout += [
                *textarea(name, question.max_length, label_size=Size.SMALL),
                Field.checkbox(not_yet_field(question.pk), small=True),
                TheirAnswer(not_yet_field(question.pk)),
                # No character count: it would count as one more long answer to write.
                Field.textarea(reason_field(question.pk), rows=2),
                TheirAnswer(reason_field(question.pk)),
            ]
        self.has_reflections = section.kind == THEME
        reflections = []
        if self.has_reflections:
            self.fields["what_worked"] = forms.CharField(
                label="What has worked?",
                required=False,
                widget=Textarea,
                help_text="Optional. Tell us what has helped, and why you think it did.",
            )
            self.fields["what_didnt"] = forms.CharField(
                label="What hasn’t worked?",
                required=False,
                widget=Textarea,
                help_text="Optional. Tell us what has not gone to plan, and what you learned.",
            )
            self.limits["what_worked"] = self.limits["what_didnt"] = DEFAULT_LIMIT
            reflections = [
                Snippet(
                    "submissions/questionnaire/includes/heading.html",
                    text="What has worked, and what has not",
                ),
                *textarea("what_worked", DEFAULT_LIMIT, rows=5, label_size=Size.SMALL),
                *textarea("what_didnt", DEFAULT_LIMIT, rows=5, label_size=Size.SMALL),
            ]
        self.helper.layout = Layout(*layout, *reflections, section_buttons())

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = answer_field(question.pk)
            if cleaned.get(not_yet_field(question.pk)) and (cleaned.get(name) or "").strip():
                self.add_error(
                    name,
                    f"Either answer '{Truncator(question.text).words(8, truncate='…')}' or "
                    "tick ‘Not yet / not applicable’, not both",
                )
        return cleaned

    @classmethod
    def saved(cls, submission: Submission, section: Section) -> dict:
        questions = [q.pk for q in section.questions]
        values = {}
        for pk in questions:
            values.update({answer_field(pk): "", not_yet_field(pk): False, reason_field(pk): ""})
        for answer in submission.answers.filter(question_id__in=questions):
            values[answer_field(answer.question_id)] = answer.text
            values[not_yet_field(answer.question_id)] = answer.not_yet
            values[reason_field(answer.question_id)] = answer.not_yet_reason
        if section.kind == THEME:
            reflection = ThemeReflection.objects.filter(
                submission=submission, theme=section.theme
            ).first()
            values["what_worked"] = reflection.what_worked if reflection else ""
            values["what_didnt"] = reflection.what_didnt if reflection else ""
        return values

    def to_data(self) -> dict:
        data = {
            "answers": {
                q.pk: {
                    "text": self.cleaned_data[answer_field(q.pk)],
                    "not_yet": bool(self.cleaned_data[not_yet_field(q.pk)]),
                    "reason": (
                        self.cleaned_data[reason_field(q.pk)]
                        if self.cleaned_data[not_yet_field(q.pk)]
                        else ""
                    ),
                }
                for q in self.questions
            }
        }
        if self.has_reflections:
            data["what_worked"] = self.cleaned_data["what_worked"]
            data["what_didnt"] = self.cleaned_data["what_didnt"]
        return data


# A reason is a line or two; the answer itself is where the detail goes.
REASON_LIMIT = 1_000


def answer_field(question_id: int) -> str:
    return f"answer_{question_id}"


def not_yet_field(question_id: int) -> str:
    return f"not_yet_{question_id}"


def reason_field(question_id: int) -> str:
    return f"not_yet_reason_{question_id}"


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


class ConsentForm(QuestionnaireForm):
    publication = forms.ChoiceField(
        label="How may we publish what you tell us?",
        choices=Consent.Publication.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "We may publish case studies of your authority’s work on this site and in our "
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

    def clean(self):
        cleaned = super().clean()
        # "Save and continue" on a consent page left empty would move on with nothing agreed.
        answered = [cleaned.get("publication"), cleaned.get("follow_up_contact") is not None]
        if "later" not in self.data and not any([*answered, cleaned.get("privacy_agreed")]):
            self.add_error("publication", "Select how we may publish what you tell us")
        return cleaned

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
    LEARNING: ThemeForm,
    NATIONAL_GOVERNMENT: NationalGovernmentForm,
    CONSENT: ConsentForm,
}
