"""Derived values the case study detail page shows: its citation and related case studies.

Where a case study is from is casestudies.anonymity's `public_place`."""

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone

from .models import CaseStudy

CITATION_AUTHORS = "New Local and Inner Circle Consulting"
# Demo content is written by the people who build the site, not by the research project: it
# is never attributed to New Local or Inner Circle Consulting.
DEMO_AUTHORS = "The developers of this website (demo content, not by New Local or Inner Circle)"


def authors(case_study) -> str:
    """Who wrote a case study, as citations, the feed and the open data say."""
    return DEMO_AUTHORS if case_study.is_demo else CITATION_AUTHORS


def citation(case_study, *, url: str, accessed) -> str:
    """Harvard-style reference, as the project asks readers to cite its case studies."""
    year = (case_study.published_at or timezone.now()).year
    return (
        f"{authors(case_study)} ({year}) ‘{case_study.title}’, {settings.SITE_NAME}. "
        f"Available at: {url} (Accessed: {dateformat.format(accessed, 'j F Y')})."
    )


# The related list ranks only the newest case studies sharing a theme or an approach, so its
# cost stays the same however many are published.
RELATED_WINDOW = 200


def related_case_studies(case_study, limit: int = 3) -> list:
    """Other published case studies sharing the most themes and approaches, in one query.

    Only the newest RELATED_WINDOW candidates (sharing anything at all) are ranked.
    Expects the case study's themes and approaches to be prefetched.
    """
    theme_ids = [theme.pk for theme in case_study.themes.all()]
    approach_ids = [approach.pk for approach in case_study.approaches.all()]
    if not theme_ids and not approach_ids:
        return []

    def through(relation, ids):
        model = getattr(CaseStudy, relation).through
        target = CaseStudy._meta.get_field(relation).m2m_reverse_field_name()
        return model.objects.filter(**{f"{target}__in": ids}), target

    def sharing(relation, ids):
        rows, _ = through(relation, ids)
        return Q(pk__in=rows.values("casestudy_id"))

    def shared(relation, ids):
        rows, _ = through(relation, ids)
        counts = (
            rows.filter(casestudy_id=OuterRef("pk"))
            .order_by()
            .values("casestudy_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counts, output_field=IntegerField()), 0)

    candidates = (
        CaseStudy.objects.published()
        .exclude(pk=case_study.pk)
        .filter(sharing("themes", theme_ids) | sharing("approaches", approach_ids))
        .order_by("-published_at", "-pk")
        .values("pk")[:RELATED_WINDOW]
    )
    return list(
        CaseStudy.objects.filter(pk__in=candidates)
        .select_related("authority")
        .annotate(shared=shared("themes", theme_ids) + shared("approaches", approach_ids))
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )
