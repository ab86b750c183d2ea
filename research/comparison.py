"""Every authority's answers to one theme side by side, with their codes, and how often each
code was applied by authority type and nation."""

from django.core.paginator import Paginator
from django.db.models import Count

from councils.models import Authority
from instrument.models import Round
from submissions.answers import answer_read
from submissions.models import Answer, ThemeReflection

from .models import Code, Coding
from .services import codes_for_answers

SUBMISSIONS_PER_PAGE = 20


def _frequency_table(codes, counts, columns):
    """Rows of (code, [count per column]) for a code × column count dict."""
    return [(code, [counts.get((code.pk, key), 0) for key, _ in columns]) for code in codes]


def _rows(*, theme, questions, page, user) -> list[dict]:
    """One row per submission on the page: its answer to each question, with codes."""
    page_ids = [s.pk for s in page]
    answers = {
        (a.submission_id, a.question_id): a
        for a in Answer.objects.filter(submission_id__in=page_ids, question__theme=theme)
    }
    reflections = {
        r.submission_id: r
        for r in ThemeReflection.objects.filter(submission_id__in=page_ids, theme=theme)
    }
    codings = codes_for_answers([a.pk for a in answers.values()], user=user)
    rows = []
    for submission in page:
        cells = []
        for question in questions:
            answer = answers.get((submission.pk, question.pk))
            cells.append(
                {
                    # Its text, or "Not yet / not applicable" and the reason given.
                    "text": answer_read(answer),
                    "codings": codings.get(answer.pk, []) if answer else [],
                    # The wording answered, when the question changed after this answer.
                    "asked": answer.question_text
                    if answer and answer.question_text and answer.question_text != question.text
                    else "",
                    "version": answer.question_version if answer else None,
                }
            )
        reflection = reflections.get(submission.pk)
        rows.append(
            {
                "submission": submission,
                "cells": cells,
                "what_worked": reflection.what_worked if reflection else "",
                "what_didnt": reflection.what_didnt if reflection else "",
            }
        )
    return rows


def _frequencies(*, theme, submissions, user) -> dict:
    """How many of the filtered submissions had each code, by authority type and by nation."""
    codes = list(Code.objects.filter(theme=theme).order_by("name"))
    theme_codings = Coding.objects.visible_to(user).filter(
        code__theme=theme, answer__submission__in=submissions.values("pk")
    )
    by_type, by_nation = {}, {}
    for field, counts in (("type", by_type), ("nation", by_nation)):
        for row in theme_codings.values(
            "code_id", f"answer__submission__authority__{field}"
        ).annotate(n=Count("answer__submission", distinct=True)):
            counts[(row["code_id"], row[f"answer__submission__authority__{field}"])] = row["n"]
    type_columns = [c for c in Authority.Type.choices if any(k[1] == c[0] for k in by_type)]
    nation_columns = [c for c in Authority.Nation.choices if any(k[1] == c[0] for k in by_nation)]
    return {
        "type_columns": type_columns,
        "type_table": _frequency_table(codes, by_type, type_columns),
        "nation_columns": nation_columns,
        "nation_table": _frequency_table(codes, by_nation, nation_columns),
    }


def theme_comparison(*, theme, submissions, user, page_number) -> dict:
    """The comparison page's figures for `theme` over `submissions` (already filtered), the
    codings as `user` may see them (blind double coding), one page of submissions at a time.

    Questions belong to a round, so one round is compared at a time: the round the filter
    chose, else the latest round among the submissions."""
    round = (
        Round.objects.filter(submissions__in=submissions.values("pk"))
        .order_by("-opens_on", "-pk")
        .first()
    )
    submissions = submissions.filter(round=round)
    page = Paginator(
        submissions.select_related("authority", "round").order_by("authority__name", "pk"),
        SUBMISSIONS_PER_PAGE,
    ).get_page(page_number)
    questions = list(theme.questions.filter(round=round).order_by("order", "pk"))
    return {
        "theme": theme,
        "round": round,
        "questions": questions,
        "rows": _rows(theme=theme, questions=questions, page=page, user=user),
        "page_obj": page,
        **_frequencies(theme=theme, submissions=submissions, user=user),
    }
