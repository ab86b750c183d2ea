from django.shortcuts import get_object_or_404, render

from .models import Theme


def theme_list(request):
    themes = Theme.objects.prefetch_related("questions")
    return render(request, "submissions/theme_list.html", {"themes": themes})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request,
        "submissions/theme_detail.html",
        {"theme": theme, "questions": theme.questions.all()},
    )
