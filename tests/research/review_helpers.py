from django.contrib.auth.models import Group

from submissions.models import Submission
from tests.factories import AuthorityFactory, UserFactory


def staff_in(group_name: str, username: str, **fields):
    user = UserFactory(username=username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sent_submission(round, status=Submission.Status.SUBMITTED, authority=None) -> Submission:
    authority = authority or AuthorityFactory()
    submission = Submission.objects.create(authority=authority, round=round, status=status)
    submission.reference = f"MLG-2026-{submission.pk:06d}"
    submission.save(update_fields=["reference"])
    return submission
