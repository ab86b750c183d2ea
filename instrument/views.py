from django.shortcuts import get_object_or_404, render

from .models import Question, Round, Theme

# The newest few; the page links to the full, filtered list.
THEME_CASE_STUDIES = 10


def theme_list(request):
    round = Round.objects.for_instrument()
    themes = Theme.objects.with_questions(round=round)
    learning = Question.objects.for_round(round).learning().order_by("order", "pk")
    return render(
        request, "instrument/theme_list.html", {"themes": themes, "learning": list(learning)}
    )


def theme_detail(request, slug):
    theme = get_object_or_404(
        Theme.objects.with_questions(round=Round.objects.for_instrument()), slug=slug
    )
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
