"""Public browsing of published case studies. `CaseStudy.objects.published()` is the only way in,
except the staff preview, which shows any case study exactly as the public would see it."""

from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from common import pagecache, paging
from councils.models import Mission

from . import opendata, presenters
from .anonymity import public_place
from .filters import CaseStudyFilter
from .map import map_context
from .models import CaseStudy
from .sitemaps import SITEMAPS

PAGE_SIZE = 20


def listing(queryset):
    """What a list item shows, in a fixed number of queries."""
    return queryset.select_related("authority").prefetch_related("themes")


def detailed(queryset):
    """What the detail page shows, in a fixed number of queries."""
    return queryset.select_related("authority").prefetch_related(
        "themes",
        "national_missions",
        "approaches",
        "partner_types",
        "sources",
        Prefetch("missions", queryset=Mission.objects.public().order_by("title")),
    )


def case_study_list(request):
    filterset = CaseStudyFilter(request.GET, queryset=listing(CaseStudy.objects.published()))
    page = paging.page_of(filterset.qs, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "casestudies/list.html",
        {
            "filter": filterset,
            "facets": filterset.facets(),
            "chosen": filterset.chosen(),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1),
        },
    )


def case_study_detail(request, slug):
    case_study = detailed(CaseStudy.objects.published()).filter(slug=slug).first()
    if case_study is None:
        # An address it had before its title changed (casestudies/addresses.py).
        moved = CaseStudy.objects.published().moved_from(slug).only("slug").first()
        if moved is None:
            raise Http404("No case study at this address")
        return redirect(moved, permanent=True)
    return _render_detail(request, case_study, preview=False)


def case_study_preview(request, pk):
    # Researchers check a draft here before publishing; to anyone else it does not exist.
    if not (request.user.is_staff and request.user.has_perm("casestudies.view_casestudy")):
        raise Http404
    case_study = get_object_or_404(detailed(CaseStudy.objects.all()), pk=pk)
    return _render_detail(request, case_study, preview=True)


def _render_detail(request, case_study, *, preview: bool):
    public_url = request.build_absolute_uri(case_study.get_absolute_url())
    return render(
        request,
        "casestudies/detail.html",
        {
            "case_study": case_study,
            "place": public_place(case_study),
            "related": presenters.related_case_studies(case_study),
            "citation": presenters.citation(
                case_study, url=public_url, accessed=timezone.localdate()
            ),
            "preview": preview,
        },
    )


def case_study_map(request):
    return render(request, "casestudies/map.html", map_context())


# The open-data files and the sitemap are the same for everyone: built once after each change
# to public data, then served from the cache (common/pagecache.py).


def open_data_csv(request):
    return pagecache.stored_response(request, lambda: opendata.csv_response(request))


def open_data_json(request):
    return pagecache.stored_response(request, lambda: opendata.json_response(request))


def sitemap(request):
    return pagecache.stored_response(
        request, lambda: sitemap_view(request, sitemaps=SITEMAPS), params=("p",)
    )
