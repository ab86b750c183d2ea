from submissions.models import Submission
from tests.factories import AuthorityFactory


def sent_submission(round, status=Submission.Status.SUBMITTED, authority=None) -> Submission:
    authority = authority or AuthorityFactory()
    submission = Submission.objects.create(authority=authority, round=round, status=status)
    submission.reference = f"MLG-2026-{submission.pk:06d}"
    submission.save(update_fields=["reference"])
    return submission
