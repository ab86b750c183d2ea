from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from common.roles import PROJECT_LEAD, RESEARCHER
from councils.models import Authority
from instrument.models import Round, Theme
from submissions.models import Submission


def researchers():
    """Staff in the Researcher or Project lead groups, and superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=[RESEARCHER, PROJECT_LEAD]))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class ResearcherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class DoubleCodingForm(forms.Form):
    """The intermediate page of the "Mark for double coding" action."""

    coder_a = ResearcherChoiceField(queryset=None, label="First coder")
    coder_b = ResearcherChoiceField(queryset=None, label="Second coder")

    def __init__(self, *args, answer_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coder_a"].queryset = researchers()
        self.fields["coder_b"].queryset = researchers()
        self.answer_ids = list(answer_ids)

    def clean(self):
        data = super().clean()
        if data.get("coder_a") and data.get("coder_a") == data.get("coder_b"):
            self.add_error("coder_b", "Choose a different researcher from the first coder.")
        return data


class CodebookImportForm(forms.Form):
    file = forms.FileField(
        label="Codebook file (CSV)",
        help_text="Columns: theme, code, description, parent. The first row names them.",
    )


def _blank(choices, label="Any"):
    return [("", label), *choices]


class ComparisonFilterForm(forms.Form):
    """Which theme to compare, and which submissions to include."""

    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), empty_label=None)
    round = forms.ModelChoiceField(queryset=Round.objects.all(), required=False, empty_label="Any")
    state = forms.ChoiceField(choices=_blank(Submission.Status.choices), required=False)
    nation = forms.ChoiceField(choices=_blank(Authority.Nation.choices), required=False)
    region = forms.ChoiceField(required=False)
    type = forms.ChoiceField(
        label="Authority type", choices=_blank(Authority.Type.choices), required=False
    )
    tier = forms.ChoiceField(
        label="Strategic-authority tier", choices=_blank(Authority.Tier.choices), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = (
            Authority.objects.exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        self.fields["region"].choices = _blank([(r, r) for r in regions])

    def filter_submissions(self, submissions):
        data = self.cleaned_data
        lookups = {
            "round": data.get("round"),
            "status": data.get("state"),
            "authority__nation": data.get("nation"),
            "authority__region": data.get("region"),
            "authority__type": data.get("type"),
            "authority__tier": data.get("tier"),
        }
        return submissions.filter(**{k: v for k, v in lookups.items() if v})
