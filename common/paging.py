"""Pages of a long list counted by the page's own query.

Django's Paginator asks the database twice: once to count, once for the page. When matching is
the costly part (a full-text search over thousands of case studies), that is every match
examined twice. Here the page's query also returns the total, as a window count, and the
separate count runs only for a page number past the end (to find the last page).
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


def page_of(queryset, number, per_page: int) -> Page:
    """The page `number` (any string; bad or missing means 1, past the end means the last)."""
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    start = (wanted - 1) * per_page
    rows = list(queryset.annotate(_total=Window(Count("pk")))[start : start + per_page])
    paginator = Paginator(queryset, per_page)
    if rows:
        paginator.count = rows[0]._total  # what Paginator.count (a cached property) would say
        return Page(rows, wanted, paginator)
    return paginator.get_page(wanted)
