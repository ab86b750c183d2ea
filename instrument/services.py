"""Writes to the instrument that are more than a form's save: opening a new round."""

import datetime

from django.db import transaction
from django.utils.text import slugify

from .models import Question, Round


def _a_year_on(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _free_slug(base: str) -> str:
    slug, n = base, 2
    while Round.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def round_copy(*, round: Round) -> Round:
    """A new round a year after `round`, with a copy of each of its questions at version 1
    (the new round's answers start afresh); researchers then edit its title and dates."""
    title = f"{round.title} (copy)"
    new = Round.objects.create(
        title=title,
        slug=_free_slug(slugify(title)[:90]),
        opens_on=_a_year_on(round.opens_on),
        closes_on=_a_year_on(round.closes_on),
    )
    Question.objects.bulk_create(
        Question(
            round=new,
            section=q.section,
            theme_id=q.theme_id,
            text=q.text,
            research_question=q.research_question,
            help_text=q.help_text,
            order=q.order,
            max_length=q.max_length,
        )
        for q in round.questions.order_by("pk")
    )
    return new
