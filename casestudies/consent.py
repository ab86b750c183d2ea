"""The one rule for whether a case study may be public as it stands.

Publishing (the service and the admin action), every save of a published case study (the admin
form, a revert from its history) and loaders of published content all call `publication_check`,
so a case study can never reach or stay on the public site by another path.

- A case study drawn from a submission follows that authority's latest consent: the researchers
  must have accepted the submission, "do not publish" (or no answer) refuses, "anonymised" makes
  it anonymised, and then no text may identify the authority (casestudies.anonymity).
- Clearing or changing the source submission does not escape this: every submission the case
  study was ever drawn from (its history) must allow it, and the strictest answer wins.
- A case study never drawn from a submission needs a basis recorded by a project lead (for
  example "written from public sources").
"""

from councils.models import Mission
from submissions.models import Consent, Submission

from .anonymity import consent_anonymises, identifying_text


class PublicationRefused(Exception):
    """The case study may not be public as it stands; the message says why, in plain English."""


def latest_consent(submission: Submission) -> Consent | None:
    """The consent that counts: the latest given (ties broken by id)."""
    return submission.consents.order_by("-given_at", "-pk").first()


def source_submission_ids(case_study) -> set[int]:
    """Every submission the case study is or ever was drawn from."""
    ids = {case_study.source_submission_id} - {None}
    if case_study.pk is not None:
        ids |= set(
            case_study.history.exclude(source_submission_id=None).values_list(
                "source_submission_id", flat=True
            )
        )
    return ids


def _quoted(case_study) -> str:
    return f"“{case_study.title}”"


def _check_submission(case_study, submission: Submission) -> bool:
    """Refuse unless `submission` allows publishing; whether it asks for anonymity."""
    title = _quoted(case_study)
    who = submission.authority.name
    if case_study.authority_id != submission.authority_id:
        raise PublicationRefused(
            f"{title} cannot be published: it was drawn from {who}'s submission but is now "
            f"about {case_study.authority or 'no UK authority'}. Choose {who} as its authority."
        )
    if submission.status != Submission.Status.ACCEPTED:
        raise PublicationRefused(
            f"{title} cannot be published yet: the researchers have not accepted {who}'s "
            "submission. Accept the submission first."
        )
    consent = latest_consent(submission)
    if consent is None or not consent.publication:
        raise PublicationRefused(
            f"{title} cannot be published: {who} has not said whether its answers may be published."
        )
    if consent.publication == Consent.Publication.NONE:
        raise PublicationRefused(
            f"{title} cannot be published: {who} did not consent to publication."
        )
    return consent_anonymises(consent)


def publication_check(case_study, *, missions=None, sources=None) -> bool:
    """Raise PublicationRefused unless `case_study` (saved or an unsaved edit, with the
    `missions` and `sources` it would save) may be public; return whether it must be
    anonymised."""
    title = _quoted(case_study)
    if case_study.image and not (case_study.image_alt or "").strip():
        raise PublicationRefused(
            f"{title} has an image without alternative text. Add a description of the image, "
            "then publish."
        )
    ids = source_submission_ids(case_study)
    found = Submission.objects.select_related("authority").in_bulk(ids)
    if len(found) < len(ids):
        raise PublicationRefused(
            f"{title} cannot be published: a submission it was drawn from no longer exists, so "
            "its authority's consent cannot be checked."
        )
    if not ids and not case_study.publication_basis:
        raise PublicationRefused(
            f"{title} cannot be published: it is not drawn from a submission, so a project "
            "lead must record the basis for publishing it (for example, written from public "
            "sources)."
        )
    # Without a submission, an anonymised case study stays anonymised (and is checked).
    anonymised = case_study.is_anonymised if not ids else False
    for submission in found.values():
        anonymised |= _check_submission(case_study, submission)
    if anonymised:
        if missions is None:
            missions = case_study.missions.all()
        missions = {*missions, *Mission.objects.filter(submissions__in=ids)}
        identifying = identifying_text(case_study, missions=missions, sources=sources)
        if identifying:
            raise PublicationRefused(
                f"{title} cannot be published: {case_study.authority.name} asked to be "
                f"anonymised, but {identifying}. Remove it, then publish."
            )
    return anonymised
