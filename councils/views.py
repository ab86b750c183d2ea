from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .charts import indicator_chart, number
from .filters import AuthorityFilter
from .models import Authority, Mission

PAGE_SIZE = 50
# The newest few; the page links to the full list, filtered to the authority.
AUTHORITY_CASE_STUDIES = 10


def authority_list(request):
    # Always bound to the query string, so "no filters" means current authorities only.
    filterset = AuthorityFilter(request.GET, queryset=Authority.objects.all())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "councils/authority_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1),
        },
    )


def authority_detail(request, slug):
    authority = get_object_or_404(Authority.objects.with_links(), slug=slug)
    # Led or shared: a combined authority's mission shows on each sharing council's page too.
    missions = list(Mission.objects.for_authority(authority).public().with_related())
    for mission in missions:
        for outcome in mission.outcomes.all():
            for indicator in outcome.indicators.all():
                indicator.chart = indicator_chart(indicator)
                indicator.rows = _indicator_rows(indicator)
    context = {
        "authority": authority,
        "members": authority.members.current() if authority.is_strategic else None,
        "districts": authority.districts.current()
        if authority.type == Authority.Type.COUNTY
        else None,
        "successors": None if authority.is_current else authority.successors(),
        "missions": missions,
        "has_demo": any(m.is_demo for m in missions),
        # Never anonymised ones: named() is casestudies.anonymity's rule.
        "case_studies": list(
            authority.case_studies.published()
            .named()
            .order_by("-published_at", "-pk")[:AUTHORITY_CASE_STUDIES]
        ),
    }
    return render(request, "councils/authority_detail.html", context)


def _indicator_rows(indicator) -> list[dict]:
    """The chart's numbers as table rows: baseline, each reading, target."""
    unit = indicator.unit
    rows = []
    if indicator.baseline_value is not None:
        rows.append(
            {
                "what": "Baseline",
                "date": indicator.baseline_date,
                "value": number(indicator.baseline_value, unit),
                "source": "",
            }
        )
    rows += [
        {"what": "Reading", "date": r.date, "value": number(r.value, unit), "source": r.source}
        for r in indicator.readings.all()
    ]
    if indicator.target_value is not None:
        rows.append(
            {
                "what": "Target",
                "date": indicator.target_date,
                "value": number(indicator.target_value, unit),
                "source": "",
            }
        )
    return rows
