"""Who may do what, declared once: every permission of every role, and the predicates that ask.

The roles are Django groups. `ROLES` lists, for each group, every permission it holds as
"app_label.codename"; the accounts migration applies it with `apply_roles` and nothing else
grants permissions to a group. Admin actions, buttons, views and services ask the predicates
below, never `has_perm` strings of their own. Superusers (who manage users and groups) are not
a role: Django gives them everything.
"""

RESEARCHER = "Researcher"
PROJECT_LEAD = "Project lead"

CRUD = ("view", "add", "change", "delete")


def _model(app_model: str, *actions: str) -> list[str]:
    """ "app.model" with each action, e.g. "councils.view_authority"."""
    app_label, model = app_model.split(".")
    return [f"{app_label}.{action}_{model}" for action in actions]


def _all(*app_models: str) -> list[str]:
    return [perm for app_model in app_models for perm in _model(app_model, *CRUD)]


# What the research rests on is never deleted through the workspace, by either role: a
# submission, its answers, a case study, an authority, the record of an email sent. A case
# study is withdrawn instead; only a superuser can delete (and manage users and groups).
NEVER_DELETED = [
    "councils.authority",
    "councils.historicalauthority",
    "submissions.submission",
    "submissions.historicalsubmission",
    "submissions.answer",
    "submissions.historicalanswer",
    "research.codableanswer",  # the answers, as the coders see them
    "casestudies.casestudy",
    "outbox.outboxemail",
]
NO_DELETE = ("view", "add", "change")

# Researchers curate the register, case studies and their codes, and review submissions; they
# read the questions but do not reword them, and do not accept or decline submissions or
# publish (project leads do).
_SHARED = [
    *[perm for app_model in NEVER_DELETED for perm in _model(app_model, *NO_DELETE)],
    *_model("instrument.question", "view"),
    *_model("submissions.evidence", "view"),
    *_model("research.textunit", "view", "change"),
    *_all(
        "councils.mission",
        "councils.historicalmission",
        "councils.missionpartner",
        "councils.outcome",
        "councils.indicator",
        "councils.reading",
        "submissions.submittedmission",
        "councils.partner",
        "councils.partnertype",
        "councils.nationalmission",
        "councils.approach",
        "councils.membership",
        "instrument.theme",
        "instrument.round",
        "submissions.sectionprogress",
        "submissions.themereflection",
        "submissions.consent",
        "submissions.submissiontransition",
        "submissions.changerequest",
        "submissions.submissionnote",
        "casestudies.casestudysource",
        "research.code",
        "research.historicalcode",
        "research.coding",
        "research.historicalcoding",
        "research.doublecodingassignment",
        "contact.contactmessage",
    ),
    "submissions.review_submission",
    "submissions.assign_submission",
    "submissions.request_changes",
    "submissions.export_submissions",
]

ROLES: dict[str, list[str]] = {
    RESEARCHER: _SHARED,
    PROJECT_LEAD: [
        *_SHARED,
        # The lead owns the research framework's wording.
        *_model("instrument.question", "add", "change"),
        "submissions.decide_submission",
        "casestudies.publish_casestudy",
    ],
}


def _added_later(apps, app_label: str, codename: str) -> bool:
    """Whether a model permission is for a model a later migration adds. An earlier roles
    migration skips it (on a fresh database); the roles migration after that model grants it."""
    action, _, model = codename.partition("_")
    if action not in CRUD:
        return False
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return True
    return False


def apply_roles(apps) -> None:
    """Make each group hold exactly the permissions ROLES lists (used by a migration, with the
    historical `apps`; creates the permissions first, as Django only does after migrating)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            if _added_later(apps, app_label, codename):
                continue
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(wanted)


# --- predicates ---------------------------------------------------------------------------


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


def can_add_members(user) -> bool:
    """Give a person a membership of an authority in the admin, and so find that person by name
    or email (councils/member_search.py). Not the view permission on users: that opens every
    account's page, with its groups, permissions and staff and superuser flags."""
    return _staff_with(user, "councils.add_membership")


def can_preview_case_studies(user) -> bool:
    """See unpublished case studies on the public pages' layout."""
    return _staff_with(user, "casestudies.view_casestudy")
