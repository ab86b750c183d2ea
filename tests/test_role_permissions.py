"""Least privilege, role by role, through the admin's own URLs.

For every model in the admin and each role: the list, the add page and bulk delete open exactly
when common/roles.py grants the permission; every custom action is offered exactly when the role
holds what the action asks for. Then the objects the research rests on are tried one by one.
"""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from casestudies.models import CaseStudy
from common.roles import PROJECT_LEAD, RESEARCHER, ROLES
from councils.models import Authority
from instrument.models import Question, Round
from outbox.models import OutboxEmail
from submissions.models import Answer, Submission
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    OutboxEmailFactory,
    QuestionFactory,
    UserFactory,
    make_staff,
)

pytestmark = pytest.mark.django_db

ROLE_NAMES = [RESEARCHER, PROJECT_LEAD]
# Custom admin action permissions -> the permission each stands for.
CUSTOM_PERMISSIONS = {
    "publish": "casestudies.publish_casestudy",
    "decide": "submissions.decide_submission",
    "review": "submissions.review_submission",
    "assign": "submissions.assign_submission",
}
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def member_of(role: str) -> User:
    return make_staff(role, role.replace(" ", "-").lower())


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def holds(role: str, model, action: str) -> bool:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}" in ROLES[role]


def superuser_allows(model_admin, action: str) -> bool:
    """Whether the admin offers this at all (some never add by hand, whoever asks)."""
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return getattr(model_admin, f"has_{action}_permission")(request)


def test_roles_grant_only_permissions_that_exist():
    for role, perms in ROLES.items():
        for perm in perms:
            app_label, codename = perm.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), (role, perm)


def test_groups_hold_exactly_the_roles_table():
    for role, perms in ROLES.items():
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert held == set(perms), role


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_list_add_and_bulk_delete_follow_the_roles_table(client, role, model):
    model_admin = admin.site._registry[model]
    client.force_login(member_of(role))

    listing = client.get(admin_url(model, "changelist"))
    can_view = holds(role, model, "view") or holds(role, model, "change")
    assert listing.status_code == (200 if can_view else 403)

    try:
        add_url = admin_url(model, "add")
    except NoReverseMatch:
        add_url = None
    if add_url:
        can_add = holds(role, model, "add") and superuser_allows(model_admin, "add")
        assert client.get(add_url).status_code == (200 if can_add else 403)

    if can_view:
        action_form = listing.context["action_form"]
        offered = (
            {name for name, _ in action_form.fields["action"].choices} if action_form else set()
        )
        can_delete = holds(role, model, "delete") and superuser_allows(model_admin, "delete")
        assert ("delete_selected" in offered) == can_delete
        for func, name, _ in model_admin._get_base_actions():
            if name == "delete_selected":
                continue
            needed = getattr(func, "allowed_permissions", ())
            expected = all(
                holds(role, model, perm)
                if perm not in CUSTOM_PERMISSIONS
                else CUSTOM_PERMISSIONS[perm] in ROLES[role]
                for perm in needed
            )
            assert (name in offered) == expected, (role, model._meta.label, name)


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_only_superusers_manage_users_and_groups(client, role):
    client.force_login(member_of(role))
    for model in (User, Group):
        for view in ("changelist", "add"):
            assert client.get(admin_url(model, view)).status_code == 403
    assert client.get(admin_url(User, "change", UserFactory().pk)).status_code == 403


def protected_objects():
    authority = AuthorityFactory()
    question = QuestionFactory()
    round_ = Round.objects.first() or Round.objects.create(
        title="Round", slug="round", opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)
    )
    submission = Submission.objects.create(authority=authority, round=round_)
    answer = Answer.objects.create(submission=submission, question=question, text="Ours")
    return [submission, answer, CaseStudyFactory(), authority, OutboxEmailFactory()]


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_no_role_deletes_what_the_research_rests_on(client, role):
    client.force_login(member_of(role))
    for obj in protected_objects():
        model = type(obj)
        if model not in admin.site._registry:
            continue
        url = admin_url(model, "delete", obj.pk)
        assert client.get(url).status_code == 403, model
        assert client.post(url, {"post": "yes"}).status_code == 403, model
        bulk = client.post(
            admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302, 403)
        assert model.objects.filter(pk=obj.pk).exists(), (role, model)
    assert Submission.objects.exists() and Answer.objects.exists()
    assert CaseStudy.objects.exists() and Authority.objects.exists()
    assert OutboxEmail.objects.exists()


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_no_role_deletes_answers_through_any_admin_page(client, role):
    """Answers appear in the admin as the coders' CodableAnswer (a proxy), never deletable."""
    client.force_login(member_of(role))
    answer = protected_objects()[1]
    pages = [m for m in MODELS if m._meta.concrete_model is Answer]
    assert pages
    for model in pages:
        url = admin_url(model, "delete", answer.pk)
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert not holds(role, model, "delete")
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_researcher_reads_questions_but_cannot_reword_them(client):
    question = QuestionFactory(text="What is your mission?")
    client.force_login(member_of(RESEARCHER))
    url = admin_url(Question, "change", question.pk)

    page = client.get(url)
    client.post(url, {"text": "Reworded", "theme": question.theme_id, "order": 1})

    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()
    question.refresh_from_db()
    assert question.text == "What is your mission?"


def test_project_lead_withdraws_a_case_study_but_cannot_delete_it(client):
    case_study = CaseStudyFactory(state=CaseStudy.State.PUBLISHED)
    client.force_login(member_of(PROJECT_LEAD))
    changelist = admin_url(CaseStudy, "changelist")

    client.post(changelist, {"action": "withdraw", "_selected_action": [case_study.pk]})
    delete = client.post(admin_url(CaseStudy, "delete", case_study.pk), {"post": "yes"})

    case_study.refresh_from_db()
    assert case_study.state == CaseStudy.State.WITHDRAWN
    assert delete.status_code == 403
