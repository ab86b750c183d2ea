from django.conf import settings
from django.shortcuts import render
from django.urls import path

# Each item renders to about 200 bytes; enough of them to match the real pages' size.
ITEMS = [
    {"slug": f"item-{n}", "title": f"Item number {n} & friends", "summary": "Lorem ipsum " * 10}
    for n in range(max(1, settings.BARE_PAGE_BYTES // 200))
]


def page(request):
    return render(request, "bare.html", {"items": ITEMS})


urlpatterns = [path("", page)]
