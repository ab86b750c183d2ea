"""The case study list's GET form. Every choice lives in the URL, so any view can be shared.

Within a facet the choices are alternatives (theme A or theme B); across facets they all apply.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django.http import QueryDict

from councils.filters import REGIONS
from councils.models import Approach, Authority, NationalMission, PartnerType
from instrument.models import Theme

from . import search
from .models import CaseStudy

UK, INTERNATIONAL = "uk", "international"
RELEVANCE, NEWEST = "relevance", "newest"


def _through_filter(relation: str):
    """Case studies linked to any of the chosen objects, without joins that duplicate rows."""

    def method(self, queryset, name, values):
        if not values:
            return queryset
        through = getattr(CaseStudy, relation).through
        target = CaseStudy._meta.get_field(relation).m2m_reverse_field_name()
        linked = through.objects.filter(**{f"{target}__in": values}).values("casestudy_id")
        return queryset.filter(pk__in=linked)

    return method


class CaseStudyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search case studies", method="filter_search")
    theme = django_filters.ModelMultipleChoiceFilter(
        label="Theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
    )
    # A case study has one authority, so these never duplicate rows: no DISTINCT needed.
    nation = django_filters.MultipleChoiceFilter(
        label="Nation",
        choices=Authority.Nation.choices,
        field_name="authority__nation",
        distinct=False,
    )
    region = django_filters.MultipleChoiceFilter(
        label="Region",
        choices=[(r, r) for r in REGIONS],
        method="filter_region",
    )
    type = django_filters.MultipleChoiceFilter(
        label="Type of authority",
        choices=Authority.Type.choices,
        method="filter_type",
    )
    tier = django_filters.MultipleChoiceFilter(
        label="Strategic authority tier", choices=Authority.Tier.choices, method="filter_tier"
    )
    national_mission = django_filters.ModelMultipleChoiceFilter(
        label="National mission",
        queryset=NationalMission.objects.all(),
        to_field_name="slug",
        method="filter_national_mission",
    )
    approach = django_filters.ModelMultipleChoiceFilter(
        label="Adjacent approach",
        queryset=Approach.objects.all(),
        to_field_name="slug",
        method="filter_approach",
    )
    partner_type = django_filters.ModelMultipleChoiceFilter(
        label="Partners involved",
        queryset=PartnerType.objects.all(),
        to_field_name="slug",
        method="filter_partner_type",
    )
    location = django_filters.MultipleChoiceFilter(
        label="UK or international",
        choices=[(UK, "UK"), (INTERNATIONAL, "Outside the UK")],
        method="filter_location",
    )
    # Not a facet in the panel: the map links to one authority's case studies.
    authority = django_filters.ModelChoiceFilter(
        label="Authority",
        queryset=Authority.objects.all(),
        to_field_name="slug",
        method="filter_authority",
        widget=forms.HiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(RELEVANCE, "Relevance"), (NEWEST, "Newest")],
        method="filter_nothing",
        empty_label=None,
    )

    class Meta:
        model = CaseStudy
        fields = []

    # Facets shown as checkboxes in the panel, in order.
    FACETS = [
        "theme",
        "location",
        "nation",
        "region",
        "type",
        "tier",
        "national_mission",
        "approach",
        "partner_type",
    ]

    filter_theme = _through_filter("themes")
    filter_national_mission = _through_filter("national_missions")
    filter_approach = _through_filter("approaches")
    filter_partner_type = _through_filter("partner_types")

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value)

    # What an authority's type, region, tier or slug may find is casestudies.anonymity's rule.
    def filter_type(self, queryset, name, values):
        return queryset.of_types(values) if values else queryset

    def filter_region(self, queryset, name, values):
        return queryset.in_regions(values) if values else queryset

    def filter_tier(self, queryset, name, values):
        return queryset.in_tiers(values) if values else queryset

    def filter_location(self, queryset, name, values):
        if set(values) == {UK}:
            return queryset.uk()
        if set(values) == {INTERNATIONAL}:
            return queryset.international()
        return queryset

    def filter_authority(self, queryset, name, value):
        return queryset if value is None else queryset.of_authority(value)

    def filter_nothing(self, queryset, name, value):
        return queryset

    # --- state and ordering ---------------------------------------------------------------

    @property
    def cleaned(self) -> dict:
        """The valid choices; an invalid value (a mistyped URL) is ignored, not an error page."""
        self.errors  # noqa: B018 -- runs validation
        return getattr(self.form, "cleaned_data", {})

    @property
    def search_text(self) -> str:
        return (self.cleaned.get("q") or "").strip()

    @property
    def sort_order(self) -> str:
        """Relevance only makes sense with a search; newest first otherwise."""
        if not self.search_text:
            return NEWEST
        return self.cleaned.get("sort") or RELEVANCE

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        if self.sort_order == RELEVANCE:
            return queryset.order_by("-rank", "-published_at", "-pk")
        return queryset.order_by("-published_at", "-pk")

    # --- what the panel and the tags show -------------------------------------------------

    def facets(self) -> list["Facet"]:
        facets = []
        for name in self.FACETS:
            chosen = {_key(value) for value in self._values(name)}
            form_field = self.form.fields[name]
            options = [
                Option(value=str(value), label=str(label), checked=str(value) in chosen)
                for value, label in form_field.choices
            ]
            facets.append(Facet(name=name, legend=form_field.label, options=options))
        return facets

    def chosen(self) -> list["Chosen"]:
        """The filters in force, each with a link to the same list without it."""
        tags = []
        if self.search_text:
            tags.append(Chosen("Search", f"“{self.search_text}”", self._url_without("q")))
        for name in [*self.FACETS, "authority"]:
            form_field = self.form.fields[name]
            # Model choices name themselves; listing a model field's choices would query.
            labels = (
                {} if isinstance(form_field, forms.ModelChoiceField) else dict(form_field.choices)
            )
            for value in self._values(name):
                label = str(value) if isinstance(value, Model) else str(labels.get(value, value))
                tags.append(Chosen(form_field.label, label, self._url_without(name, _key(value))))
        return tags

    def hidden_state(self) -> list[tuple[str, str]]:
        """State the panel's form has no visible field for (the authority from the map)."""
        return [("authority", authority.slug) for authority in self._values("authority")]

    def _values(self, name: str) -> list:
        values = self.cleaned.get(name)
        if not values:
            return []
        if isinstance(values, Model | str):
            return [values]
        return list(values)

    def _url_without(self, name: str, value: str | None = None) -> str:
        params = QueryDict(mutable=True)
        for key, values in self.data.lists():
            if key == "page":
                continue
            for item in values:
                if item == "" or (key == name and (value is None or item == value)):
                    continue
                params.appendlist(key, item)
        query = params.urlencode()
        return f"?{query}" if query else "?"


def _key(value) -> str:
    return value.slug if isinstance(value, Model) else str(value)


@dataclass
class Option:
    value: str
    label: str
    checked: bool


@dataclass
class Facet:
    name: str
    legend: str
    options: list[Option] = field(default_factory=list)

    @property
    def any_checked(self) -> bool:
        return any(option.checked for option in self.options)


@dataclass
class Chosen:
    facet: str
    label: str
    remove_url: str
