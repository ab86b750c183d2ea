"""Forms for an officer choosing their authority: a plain search, then radios and a role."""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When

from common.text import clean_data

from .models import Authority

SEARCH_LIMIT = 20
SEARCH_MAX_LENGTH = 100
ROLE_MAX_LENGTH = 200


@dataclass
class SearchResults:
    text: str
    authorities: list[Authority] = field(default_factory=list)
    more: bool = False  # More matched than are shown.


class AuthoritySearchForm(forms.Form):
    q = forms.CharField(
        label="Search for your council or strategic authority",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": f"Search must be {SEARCH_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data), *args, **kwargs)

    @property
    def text(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def results(self) -> SearchResults | None:
        """Current authorities matching the text, best first, in two queries whatever the size
        of the register. None when there is nothing to search for."""
        text = self.text
        if not text:
            return None
        # Former names: an abolished or renamed authority's successors match its old name.
        taken_over_from: dict[str, list[str]] = {}
        former = (
            Authority.objects.filter(is_current=False)
            .filter(Q(name__icontains=text) | Q(official_name__icontains=text))
            .exclude(replaced_by_codes="")
            .values_list("official_name", "replaced_by_codes")[:SEARCH_LIMIT]
        )
        for official_name, codes in former:
            for code in codes.split(","):
                taken_over_from.setdefault(code.strip(), []).append(official_name)
        matches = (
            Authority.objects.current()
            .filter(
                Q(name__icontains=text)
                | Q(official_name__icontains=text)
                | Q(code__in=list(taken_over_from))
            )
            .annotate(
                rank=Case(
                    When(name__iexact=text, then=Value(0)),
                    When(name__istartswith=text, then=Value(1)),
                    When(Q(name__icontains=text) | Q(official_name__icontains=text), then=Value(2)),
                    default=Value(3),
                    output_field=IntegerField(),
                )
            )
            .only("pk", "name", "official_name", "code", "type", "nation", "region")
            .order_by("rank", "name", "pk")
        )
        authorities = list(matches[: SEARCH_LIMIT + 1])
        for authority in authorities:
            authority.taken_over_from = taken_over_from.get(authority.code, [])
        return SearchResults(
            text=text,
            authorities=authorities[:SEARCH_LIMIT],
            more=len(authorities) > SEARCH_LIMIT,
        )


class MembershipForm(forms.Form):
    authority = forms.ModelChoiceField(
        label="Select your authority",
        # Only current authorities: an abolished one cannot take part, whatever is posted.
        queryset=Authority.objects.current(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select your council or strategic authority",
            "invalid_choice": "Select your council or strategic authority from the list",
        },
    )
    role = forms.CharField(
        label="What is your job title or role?",
        max_length=ROLE_MAX_LENGTH,
        error_messages={
            "required": "Enter your job title or role",
            "max_length": f"Job title or role must be {ROLE_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data), *args, **kwargs)

    @property
    def selected(self) -> str:
        """The chosen authority's id as the radios show it, typed or initial."""
        value = self["authority"].value()
        return "" if value is None else str(value)


class MembershipDeclineForm(forms.Form):
    """The reason a researcher gives when declining requests in the admin (emailed to them)."""

    reason = forms.CharField(
        label="Reason (optional, included in the email to each person)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(clean_data(data), *args, **kwargs)
