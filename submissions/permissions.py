"""Who may do what in the researchers' workspace, declared once.

The permissions themselves are on Submission.Meta and CaseStudy.Meta; migration 0008 gives them
to the "Researcher" and "Project lead" groups. Admin actions, buttons and services ask these
predicates, never `has_perm` strings of their own.
"""

RESEARCHER = "Researcher"
PROJECT_LEAD = "Project lead"


def _staff_with(user, perm: str) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(perm))


def can_review(user) -> bool:
    """Start a review, write internal notes."""
    return _staff_with(user, "submissions.review_submission")


def can_assign(user) -> bool:
    return _staff_with(user, "submissions.assign_submission")


def can_request_changes(user) -> bool:
    return _staff_with(user, "submissions.request_changes")


def can_export(user) -> bool:
    return _staff_with(user, "submissions.export_submissions")


def can_decide(user) -> bool:
    """Accept or decline a submission (project leads)."""
    return _staff_with(user, "submissions.decide_submission")


def can_publish(user) -> bool:
    """Publish a case study (project leads)."""
    return _staff_with(user, "casestudies.publish_casestudy")
