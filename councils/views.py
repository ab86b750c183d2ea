from django.shortcuts import get_object_or_404, render

from .models import Authority


def authority_list(request):
    # Placeholder: filters, search and pagination arrive with the register work.
    authorities = Authority.objects.current()
    return render(request, "councils/authority_list.html", {"authorities": authorities})


def authority_detail(request, slug):
    authority = get_object_or_404(Authority, slug=slug)
    return render(request, "councils/authority_detail.html", {"authority": authority})
