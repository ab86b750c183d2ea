import django_filters
from django import forms

from .models import Authority

# ONS regions in England, then the other nations (the register's region for them).
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Scotland",
    "Wales",
    "Northern Ireland",
]


class AuthorityFilter(django_filters.FilterSet):
    """The directory's GET form: every choice lives in the URL, so pages can be shared."""

    q = django_filters.CharFilter(
        label="Name",
        method="filter_search",
        widget=forms.TextInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
    )
    nation = django_filters.ChoiceFilter(
        choices=Authority.Nation.choices,
        empty_label="All nations",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    region = django_filters.ChoiceFilter(
        choices=[(r, r) for r in REGIONS],
        empty_label="All regions",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    type = django_filters.ChoiceFilter(
        choices=Authority.Type.choices,
        empty_label="All types",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    abolished = django_filters.BooleanFilter(
        label="Include abolished authorities",
        method="filter_abolished",
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )

    class Meta:
        model = Authority
        fields = ["q", "nation", "region", "type", "abolished"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_abolished(self, queryset, name, value):
        return queryset if value else queryset.current()
