from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import CaseStudy


def case_study_list(request):
    # Placeholder until public browsing lands.
    raise Http404


def case_study_detail(request, slug):
    case_study = get_object_or_404(CaseStudy.objects.published(), slug=slug)
    return render(request, "casestudies/detail.html", {"case_study": case_study})
