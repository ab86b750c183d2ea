"""A case study's web address, /case-studies/<slug>/: the slug follows the published title.

The one rule is `case_study_address_update`, which every write path calls before it saves a case
study (the admin's form, publishing in casestudies.services, drafting and loaders in
casestudies.drafting): when a case study is published, and when a published case study's title
changes, its slug becomes its title's, made unique with -2, -3… A draft keeps the slug it was
given (its title's when it was created) until then: nobody outside the team has seen it.

An address the public may have used (the case study had been published under it) is kept as a
CaseStudySlug, and the detail page answers it with a permanent redirect to the current address,
but only to a published case study and never from an address it had while named to an
anonymised one (`CaseStudy.objects.published().moved_from(slug)`, casestudies.anonymity).
"""

import re

from django.utils.text import slugify

from .anonymity import address_was_named
from .models import CaseStudy, CaseStudySlug

# casestudies/urls.py's fixed paths: a case study with one of these addresses could not be reached.
RESERVED = frozenset({"feed", "map", "preview"})


def _base(title: str) -> str:
    return slugify(title)[:240].strip("-") or "case-study"


def _follows(slug: str, base: str) -> bool:
    return slug == base or re.fullmatch(rf"{re.escape(base)}-[0-9]+", slug) is not None


def title_slug(title: str, *, case_study: CaseStudy | None = None) -> str:
    """A slug for `title` that no other case study has now or had before, nor a fixed path."""
    base = _base(title)
    pk = case_study.pk if case_study is not None else None
    taken = set(RESERVED)
    taken.update(
        CaseStudy.objects.exclude(pk=pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    taken.update(
        CaseStudySlug.objects.exclude(case_study_id=pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def case_study_address_keep(*, case_study: CaseStudy, slug: str) -> None:
    """Keep `slug` as an earlier address of the saved `case_study`, leading to its current one."""
    if not slug or slug == case_study.slug:
        return
    if CaseStudySlug.objects.filter(slug=slug, case_study=case_study).exists():
        return  # kept already, with what was known when it was current
    CaseStudySlug.objects.update_or_create(
        slug=slug,
        defaults={"case_study": case_study, "named": address_was_named(case_study, slug)},
    )


def case_study_address_update(*, case_study: CaseStudy) -> None:
    """Before `case_study` is saved (in the caller's transaction): give it a slug if it has none;
    if it is being published, or is published and retitled, make its slug follow its title and
    keep the old one if the public may have used it."""
    if not case_study.slug:
        case_study.slug = title_slug(case_study.title, case_study=case_study)
    if case_study.state != CaseStudy.State.PUBLISHED:
        return
    saved = (
        CaseStudy.objects.filter(pk=case_study.pk)
        .values("slug", "title", "state", "published_at")
        .first()
        if case_study.pk
        else None
    )
    if saved and saved["state"] == CaseStudy.State.PUBLISHED and saved["title"] == case_study.title:
        return  # neither being published nor retitled: its address stays
    if _follows(case_study.slug, _base(case_study.title)):
        return
    case_study.slug = title_slug(case_study.title, case_study=case_study)
    if saved is None:
        return
    # Back to an address it had before: that address is current again.
    CaseStudySlug.objects.filter(case_study=case_study, slug=case_study.slug).delete()
    if saved["published_at"] is not None:
        case_study_address_keep(case_study=case_study, slug=saved["slug"])
