from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import AuthorityFilter
from .models import Authority

PAGE_SIZE = 50


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
    missions = list(authority.missions.public().with_related())
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
        "case_studies": list(authority.case_studies.published().named().order_by("-published_at")),
    }
    return render(request, "councils/authority_detail.html", context)
