"""Open data: every published case study as CSV and JSON, under CC BY 4.0.

Rows go through `public_place`, so an anonymised case study carries its authority's type and
region only: no name, slug or GSS code.
"""

import csv
import json
from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from .anonymity import public_place
from .models import CaseStudy, CaseStudySource
from .presenters import CITATION_AUTHORS, DEMO_AUTHORS, authors

LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

FIELDS = [
    "title",
    "url",
    "published",
    "summary",
    "place",
    "authority_name",
    "authority_slug",
    "gss_code",
    "authority_type",
    "region",
    "nation",
    "international",
    "anonymised",
    "demo_content",
    "written_by",
    "themes",
    "national_missions",
    "approaches",
    "partner_types",
    "what_worked",
    "what_didnt",
    "body_markdown",
    "sources",
]
# Lists in a CSV cell are joined with this.
SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def published_case_studies():
    return (
        CaseStudy.objects.published().select_related("authority").order_by("-published_at", "-pk")
    )


# The lists each row carries: relation -> the field named. Read in one query each, as plain
# values: prefetching model instances for 10,000 case studies costs seconds.
LISTS = {
    "themes": "title",
    "national_missions": "name",
    "approaches": "name",
    "partner_types": "name",
}


def _lists(relation: str, field: str) -> dict[int, list[str]]:
    """{case study pk: [names]}, in the related model's own order (as the pages list them)."""
    model = CaseStudy._meta.get_field(relation).related_model
    ordering = [
        f"-{relation}__{o[1:]}" if o.startswith("-") else f"{relation}__{o}"
        for o in model._meta.ordering
    ]
    rows = (
        CaseStudy.objects.published()
        .filter(**{f"{relation}__isnull": False})
        .order_by("pk", *ordering)
        .values_list("pk", f"{relation}__{field}")
    )
    names = defaultdict(list)
    for pk, name in rows:
        names[pk].append(name)
    return names


def _sources() -> dict[int, list[dict]]:
    rows = CaseStudySource.objects.filter(case_study__in=CaseStudy.objects.published()).values_list(
        "case_study_id", "title", "url"
    )
    sources = defaultdict(list)
    for pk, title, url in rows:
        sources[pk].append({"title": title, "url": url})
    return sources


def record(case_study, *, base_url: str, lists: dict) -> dict:
    place = public_place(case_study)
    named = place["slug"] is not None
    pk = case_study.pk
    return {
        "title": case_study.title,
        "url": base_url + case_study.get_absolute_url(),
        "published": case_study.published_at.date().isoformat()
        if case_study.published_at
        else None,
        "summary": case_study.summary,
        "place": place["label"],
        "authority_name": place["label"] if named else None,
        "authority_slug": place["slug"],
        "gss_code": place["gss_code"],
        "authority_type": place["type"] or None,
        "region": place["region"] or None,
        "nation": place["nation"] or None,
        "international": case_study.is_international,
        "anonymised": case_study.is_anonymised,
        "demo_content": case_study.is_demo,
        "written_by": authors(case_study),
        "themes": lists["themes"].get(pk, []),
        "national_missions": lists["national_missions"].get(pk, []),
        "approaches": lists["approaches"].get(pk, []),
        "partner_types": lists["partner_types"].get(pk, []),
        "what_worked": case_study.what_worked,
        "what_didnt": case_study.what_didnt,
        "body_markdown": case_study.body,
        "sources": lists["sources"].get(pk, []),
    }


def records(request) -> list[dict]:
    base_url = request.build_absolute_uri("/").rstrip("/")
    lists = {relation: _lists(relation, field) for relation, field in LISTS.items()}
    lists["sources"] = _sources()
    return [
        record(case_study, base_url=base_url, lists=lists)
        for case_study in published_case_studies().iterator(chunk_size=2000)
    ]


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = SEPARATOR.join(v["url"] if isinstance(v, dict) else v for v in value)
    value = str(value)
    # Spreadsheets run a cell starting like a formula: quote it (a Markdown "- " list is safe).
    if value[:1] in FORMULA_STARTS and not value.startswith("- "):
        return "'" + value
    return value


def csv_response(request) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="case-studies.csv"'
    writer = csv.writer(response)
    writer.writerow(FIELDS)
    for row in records(request):
        writer.writerow([csv_cell(row[name]) for name in FIELDS])
    return response


def json_response(request) -> HttpResponse:
    rows = records(request)
    document = {
        "title": f"Case studies – {settings.SITE_NAME}",
        "publisher": CITATION_AUTHORS,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": f"{CITATION_AUTHORS}, {settings.SITE_NAME}. Rows marked demo_content "
        f"were written by {DEMO_AUTHORS[0].lower()}{DEMO_AUTHORS[1:]}: credit their sources.",
        "source": request.build_absolute_uri(reverse("casestudies:list")),
        "generated": timezone.now().isoformat(timespec="seconds"),
        "count": len(rows),
        "case_studies": rows,
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
