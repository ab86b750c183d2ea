"""Open data: every published case study as CSV and JSON, under CC BY 4.0.

Rows go through `public_place`, so an anonymised case study carries its authority's type and
region only: no name, slug or GSS code.
"""

import csv
import json

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from .anonymity import public_place
from .models import CaseStudy
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
        CaseStudy.objects.published()
        .select_related("authority")
        .prefetch_related("themes", "national_missions", "approaches", "partner_types", "sources")
        .order_by("-published_at", "-pk")
    )


def record(case_study, *, base_url: str) -> dict:
    place = public_place(case_study)
    named = place["slug"] is not None
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
        "themes": [theme.title for theme in case_study.themes.all()],
        "national_missions": [m.name for m in case_study.national_missions.all()],
        "approaches": [a.name for a in case_study.approaches.all()],
        "partner_types": [p.name for p in case_study.partner_types.all()],
        "what_worked": case_study.what_worked,
        "what_didnt": case_study.what_didnt,
        "body_markdown": case_study.body,
        "sources": [{"title": s.title, "url": s.url} for s in case_study.sources.all()],
    }


def records(request) -> list[dict]:
    base_url = request.build_absolute_uri("/").rstrip("/")
    return [record(case_study, base_url=base_url) for case_study in published_case_studies()]


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
