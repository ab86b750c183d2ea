from django.shortcuts import get_object_or_404, render

from .models import Theme


def theme_list(request):
    themes = Theme.objects.with_questions()
    return render(request, "submissions/theme_list.html", {"themes": themes})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.with_questions(), slug=slug)
    previous_theme, next_theme = Theme.objects.neighbours_of(theme)
    return render(
        request,
        "submissions/theme_detail.html",
        {"theme": theme, "previous_theme": previous_theme, "next_theme": next_theme},
    )
