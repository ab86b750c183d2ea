from django.shortcuts import get_object_or_404, render

from .models import Theme

# The newest few; the page links to the full, filtered list.
THEME_CASE_STUDIES = 10


def theme_list(request):
    themes = Theme.objects.with_questions()
    return render(request, "instrument/theme_list.html", {"themes": themes})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.with_questions(), slug=slug)
    previous_theme, next_theme = Theme.objects.neighbours_of(theme)
    # Anonymised ones too: the list shows each one's place through casestudies.anonymity's
    # public_place (the template's public_place filter), never its authority.
    case_studies = theme.case_studies.published().select_related("authority")
    return render(
        request,
        "instrument/theme_detail.html",
        {
            "theme": theme,
            "previous_theme": previous_theme,
            "next_theme": next_theme,
            "case_studies": list(
                case_studies.order_by("-published_at", "-pk")[:THEME_CASE_STUDIES]
            ),
        },
    )
