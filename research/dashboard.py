"""The figures on the admin home page: counts by state and round, theme coverage,
submissions by nation, authority type and month, and response rates against the register.

Nine aggregate queries whatever the amount of data; the charts are drawn from the same numbers
the tables show.
"""

from django.db.models import Count, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import dateformat, timezone

from councils.models import Authority
from instrument.models import Round, Theme
from submissions.models import Submission

SENT_STATUSES = [value for value in Submission.Status.values if value != Submission.Status.DRAFT]


def bar_width(value: int, largest: int) -> int:
    """The bar's width as a percentage of the largest bar, in 5% steps (one CSS class each);
    any non-zero value gets at least the smallest visible bar."""
    if not value or not largest:
        return 0
    return max(5, round(value / largest * 20) * 5)


def chart(rows: list[tuple[str, int]]) -> list[dict]:
    largest = max((value for _, value in rows), default=0)
    return [
        {"label": label, "value": value, "width": bar_width(value, largest)}
        for label, value in rows
    ]


def _state_and_round_figures() -> dict:
    rounds = list(Round.objects.order_by("-opens_on", "-pk").only("title", "opens_on"))
    counts = {
        (row["round_id"], row["status"]): row["n"]
        for row in Submission.objects.order_by()
        .values("round_id", "status")
        .annotate(n=Count("id"))
    }
    statuses = Submission.Status.choices
    round_rows = [
        {
            "round": round,
            "counts": [counts.get((round.pk, status), 0) for status, _ in statuses],
            "total": sum(counts.get((round.pk, status), 0) for status, _ in statuses),
        }
        for round in rounds
    ]
    state_totals = [
        (label, sum(n for (_, s), n in counts.items() if s == status)) for status, label in statuses
    ]
    return {
        "statuses": [label for _, label in statuses],
        "round_rows": round_rows,
        "state_chart": chart(state_totals),
        "state_totals": [n for _, n in state_totals],
        "total": sum(counts.values()),
        "sent_total": sum(n for (_, s), n in counts.items() if s != Submission.Status.DRAFT),
    }


def _theme_coverage(sent_total: int) -> list[dict]:
    # An answer counts when its submission has been sent and its text is not empty.
    answered = Q(
        questions__answers__submission__status__in=SENT_STATUSES,
        questions__answers__text__gt="",
    )
    themes = Theme.objects.order_by("order", "title").annotate(
        submission_count=Count("questions__answers__submission", filter=answered, distinct=True),
        answer_count=Count("questions__answers", filter=answered),
    )
    rows = [(theme.title, theme.submission_count, theme.answer_count) for theme in themes]
    largest = max([sent_total, *(n for _, n, _ in rows)])
    return [
        {
            "label": title,
            "value": submissions,
            "answers": answers,
            "percent": round(submissions / sent_total * 100) if sent_total else 0,
            "width": bar_width(submissions, largest),
        }
        for title, submissions, answers in rows
    ]


def _sent_by(field: str, choices) -> list[dict]:
    counts = dict(
        Submission.objects.filter(status__in=SENT_STATUSES)
        .order_by()
        .values_list(field)
        .annotate(n=Count("id"))
    )
    # Every choice appears, in the register's order, so a nation with none shows as 0.
    return chart([(label, counts.get(value, 0)) for value, label in choices])


def _sent_by_month() -> list[dict]:
    months = (
        Submission.objects.filter(status__in=SENT_STATUSES, submitted_at__isnull=False)
        .annotate(month=TruncMonth("submitted_at"))
        .order_by("month")
        .values("month")
        .annotate(n=Count("id"))
    )
    return chart([(dateformat.format(row["month"], "F Y"), row["n"]) for row in months])


def _response_rates(field: str, choices=None) -> list[dict]:
    """Per value of `field`: current authorities in the register, and how many of them have
    sent a submission in the latest round to have opened (one query)."""
    latest_round = (
        Round.objects.filter(opens_on__lte=timezone.localdate())
        .order_by("-opens_on", "-pk")
        .values("pk")[:1]
    )
    responded = Q(submissions__status__in=SENT_STATUSES, submissions__round=Subquery(latest_round))
    rows = (
        Authority.objects.filter(is_current=True)
        .order_by()
        .values(field)
        .annotate(
            authorities=Count("pk", distinct=True),
            responded=Count("pk", filter=responded, distinct=True),
        )
    )
    counts = {row[field]: (row["responded"], row["authorities"]) for row in rows}
    labels = dict(choices) if choices else {}
    order = [value for value, _ in choices] if choices else sorted(counts)
    result = []
    for value in order:
        responded_n, total = counts.get(value, (0, 0))
        if not total:
            continue
        percent = round(responded_n / total * 100)
        result.append(
            {
                "label": labels.get(value, value) or "Not recorded",
                "value": responded_n,
                "total": total,
                "percent": percent,
                "width": bar_width(responded_n, total),
                "note": f"{responded_n} of {total} ({percent}%)",
            }
        )
    return result


def dashboard_context() -> dict:
    """Every figure on the admin home page, in nine queries."""
    figures = _state_and_round_figures()
    return {
        **figures,
        "theme_coverage": _theme_coverage(figures["sent_total"]),
        "by_nation": _sent_by("authority__nation", Authority.Nation.choices),
        "by_type": _sent_by("authority__type", Authority.Type.choices),
        "by_month": _sent_by_month(),
        "rates_by_type": _response_rates("type", Authority.Type.choices),
        "rates_by_nation": _response_rates("nation", Authority.Nation.choices),
        "rates_by_region": _response_rates("region"),
        "latest_round": next(
            (
                r["round"]
                for r in figures["round_rows"]
                if r["round"].opens_on <= timezone.localdate()
            ),
            None,
        ),
    }
