"""Every URL of the site, GET by every role: the outcome each must get, in one table.

The roles: anonymous, signed in with an unconfirmed email and no authority, a pending member of
authority A, a verified officer of A, a verified officer of B, a researcher, the project lead,
and a researcher who has no second factor while the admin asks for one. URL arguments are A's
objects, so officer B must never get a 200 for them. A URL that is not in the table fails the
test by name: a new page needs its row, that is, a decision about who may see it.

Outcomes: "200"; "login" (sent to sign in); "admin-login" (the admin's sign-in page); "2fa"
(sent to set up an authenticator app); "my" (sent to the officer's dashboard); "redirect"
(elsewhere); or the status code ("403", "404", "405").
"""

import re
from datetime import date

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from casestudies.models import CaseStudy
from common.roles import PROJECT_LEAD, RESEARCHER
from contact.models import ContactMessage
from councils.models import (
    Approach,
    Indicator,
    Membership,
    NationalMission,
    Outcome,
    PartnerType,
    Reading,
)
from instrument.models import Theme
from research.models import Code, Coding, DoubleCodingAssignment, TextUnit
from submissions.models import Answer, Evidence, Submission
from tests.factories import (
    AuthorityFactory,
    CaseStudyFactory,
    ContactMessageFactory,
    MissionFactory,
    MissionPartnerFactory,
    OutboxEmailFactory,
    UserFactory,
    client_for,
    make_officer,
    make_person,
    make_staff,
    new_client,
)

pytestmark = pytest.mark.django_db

ROLES_ORDER = [
    "anonymous",
    "unverified",
    "pending",
    "officer_a",
    "officer_b",
    "researcher",
    "lead",
    "staff_no_2fa",
]


# --- the site's URLs ------------------------------------------------------------------------


def every_url(patterns=None, prefix="", namespace=""):
    """(key, route, name) for every URL pattern, admin and allauth included; the key is the
    URL's name, or its route when it has none."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from every_url(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route, name


ADMIN_MODEL_URL = re.compile(r"admin:(?P<app>[a-z]+)_(?P<model>[a-z]+)_(?P<view>[a-z_]+)$")


def admin_model(key: str):
    match = ADMIN_MODEL_URL.match(key)
    if not match:
        return None, None
    for model in admin.site._registry:
        opts = model._meta
        if key.startswith(f"admin:{opts.app_label}_{opts.model_name}_"):
            return model, key.removeprefix(f"admin:{opts.app_label}_{opts.model_name}_")
    return None, None


def url_for(key: str, route: str, name: str | None, world: dict) -> str:
    """The URL to GET, with A's objects as its arguments."""
    if key in world["args"]:
        args = world["args"][key]
        if isinstance(args, str):
            return args
        if isinstance(args, dict):
            return reverse(name, kwargs=args)
        return reverse(name, args=args)
    model, view = admin_model(key)
    if model is not None and view in {"change", "delete", "history"}:
        return reverse(name, args=[world["object"](model).pk])
    if model is not None and view == "simple_history":
        # django-simple-history's page for one version of an object: its first version.
        obj = world["object"](model)
        return reverse(name, args=[obj.pk, obj.history.earliest().history_id])
    unnamed_object = re.fullmatch(r"admin/([a-z]+)/([a-z]+)/<path:object_id>/", route)
    if unnamed_object:
        model = apps.get_model(*unnamed_object.groups())
        return f"/admin/{unnamed_object[1]}/{unnamed_object[2]}/{world['object'](model).pk}/"
    if name:
        return reverse(name)
    return "/" + route


# --- the world: authority A's objects, and one client per role ---------------------------------


@pytest.fixture
def world(current_round, settings):
    a = AuthorityFactory(name="Aldershire", slug="aldershire", email_domains="aldershire.gov.uk")
    b = AuthorityFactory(name="Bexford", slug="bexford", email_domains="bexford.gov.uk")
    theme = Theme.objects.with_questions().first()
    question = theme.questions.first()
    submission = Submission.objects.create(authority=a, round=current_round)
    answer = Answer.objects.create(submission=submission, question=question, text="We listened.")
    mission = MissionFactory(authority=a, submission=submission)
    mission_partner = MissionPartnerFactory(mission=mission)
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    indicator = Indicator.objects.create(outcome=outcome, name="Free school meals")
    Reading.objects.create(indicator=indicator, date=date(2025, 4, 1), value=21)
    evidence = Evidence.objects.create(
        submission=submission, theme=theme, title="Our plan", url="https://aldershire.example/"
    )
    published = CaseStudyFactory(authority=a, slug="aldershire-story")
    for_signoff = CaseStudyFactory(
        authority=a, state=CaseStudy.State.DRAFT, signoff=CaseStudy.SignOff.REQUESTED
    )
    researcher = make_staff(RESEARCHER, "rosa")
    lead = make_staff(PROJECT_LEAD, "lee")
    code = Code.objects.create(theme=theme, name="Listening")
    Coding.objects.create(answer_id=answer.pk, code=code, coder=researcher)
    DoubleCodingAssignment.objects.create(answer=answer, coder_a=researcher, coder_b=lead)
    ContactMessageFactory()
    OutboxEmailFactory()
    Authenticator.objects.create(
        user=UserFactory(), type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    NationalMission.objects.get_or_create(name="Growth", defaults={"slug": "growth"})
    Approach.objects.get_or_create(name="Deliberation", defaults={"slug": "deliberation"})
    PartnerType.objects.get_or_create(name="Charity", defaults={"slug": "charity"})
    TextUnit.objects.create(submission=submission, field=TextUnit.Field.NATIONAL_GOVERNMENT)

    users = {
        "unverified": make_person("new@example.org", verified=False),
        "pending": make_officer(a, "pat@example.org", state=Membership.State.PENDING),
        "officer_a": make_officer(a, "ann@aldershire.gov.uk"),
        "officer_b": make_officer(b, "bob@bexford.gov.uk"),
        "researcher": researcher,
        "lead": lead,
        "staff_no_2fa": make_staff(RESEARCHER, "nofactor"),
    }
    clients = {"anonymous": new_client(), **{r: client_for(u) for r, u in users.items()}}
    ids = [mission.pk, outcome.pk, indicator.pk]
    args = {
        "instrument:theme_detail": [theme.slug],
        "councils:authority_detail": [a.slug],
        "casestudies:preview": [for_signoff.pk],
        "casestudies:detail": [published.slug],
        "signoff:detail": [for_signoff.pk],
        "questionnaire:outcome_add": ids[:1],
        "questionnaire:outcome_change": ids[:2],
        "questionnaire:indicator_add": ids[:2],
        "questionnaire:indicator_change": ids,
        "questionnaire:reading_add": ids,
        "questionnaire:mission_change": ids[:1],
        "questionnaire:mission_evidence": ids[:1],
        "questionnaire:mission_remove": ids[:1],
        "questionnaire:partner_remove": [mission.pk, mission_partner.pk],
        "questionnaire:theme": [theme.slug],
        "questionnaire:theme_evidence": [theme.slug],
        "questionnaire:evidence_remove": [evidence.pk],
        "questionnaire:evidence_file": [evidence.pk],
        "questionnaire:submission_detail": [submission.pk],
        "account_reset_password_from_key": "/accounts/password/reset/key/1-set-password/",
        "admin:view_on_site": "/admin/r/1/1/",
        "admin:auth_user_password_change": [users["officer_a"].pk],
        "admin:submissions_submission_transition": [submission.pk, "submit"],
        "admin:submissions_submission_request_changes": [submission.pk],
        "admin:submissions_submission_assign": [submission.pk],
        "admin:app_list": {"app_label": "councils"},
        "admin/(?P<url>.*)$": "/admin/no-such-page/",
        "membership:invitation": "/my/authority/invitations/not-a-token/",
        "questionnaire:reminders_stop": "/my/reminders/stop/not-a-token/",
        "questionnaire:submission_download": [submission.pk],
        "admin:research_codableanswer_export_download": "/admin/research/codableanswer/export/999999/",
        "media": "/media/no-such-file.png",
    }
    objects = {Submission: submission, CaseStudy: published, ContactMessage: None}

    def first_of(model):
        return objects.get(model) or model._default_manager.order_by("pk").first()

    return {"clients": clients, "args": args, "object": first_of}


def outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"].split("?")[0]
        for name, label in [
            ("account_login", "login"),
            ("admin:login", "admin-login"),
            ("mfa_activate_totp", "2fa"),
            ("questionnaire:dashboard", "my"),
        ]:
            if location == reverse(name):
                return label
        return "redirect"
    return str(response.status_code)


# Every page outside the admin: the outcome for each role, in ROLES_ORDER.
SITE = {
    "healthz": "200 200 200 200 200 200 200 200",
    # Not public: only loopback without a forwarded address, or the health token.
    "readyz": "404 404 404 404 404 404 404 404",
    "media": "404 404 404 404 404 404 404 404",
    "membership:invite": "login 405 405 405 405 405 405 405",
    # A page that says the link is not valid (or has been used, or has expired).
    "membership:invitation": "login 200 200 200 200 200 200 200",
    "questionnaire:reminders_stop": "404 404 404 404 404 404 404 404",
    "questionnaire:submission_download": "login 404 404 200 404 404 404 404",
    "home": "200 200 200 200 200 200 200 200",
    "about": "200 200 200 200 200 200 200 200",
    "privacy": "200 200 200 200 200 200 200 200",
    "accessibility": "200 200 200 200 200 200 200 200",
    "instrument:theme_list": "200 200 200 200 200 200 200 200",
    "instrument:theme_detail": "200 200 200 200 200 200 200 200",
    "councils:authority_list": "200 200 200 200 200 200 200 200",
    "councils:authority_detail": "200 200 200 200 200 200 200 200",
    "contact:contact": "200 200 200 200 200 200 200 200",
    "contact:thanks": "200 200 200 200 200 200 200 200",
    "casestudies:list": "200 200 200 200 200 200 200 200",
    "casestudies:feed": "200 200 200 200 200 200 200 200",
    "casestudies:map": "200 200 200 200 200 200 200 200",
    "casestudies:preview": "404 404 404 404 404 200 200 2fa",
    "casestudies:detail": "200 200 200 200 200 200 200 200",
    "case_studies_csv": "200 200 200 200 200 200 200 200",
    "case_studies_json": "200 200 200 200 200 200 200 200",
    "sitemap": "200 200 200 200 200 200 200 200",
    "robots": "200 200 200 200 200 200 200 200",
    "favicon.ico": "redirect redirect redirect redirect redirect redirect redirect redirect",
    "membership:choose": "login 200 200 200 200 200 200 200",
    "signoff:list": "login 404 404 200 200 404 404 404",
    "signoff:detail": "login 404 404 200 404 404 404 404",
    "accounts:personal_data": "login 200 200 200 200 200 200 200",
    "accounts:personal_data_download": "login 200 200 200 200 200 200 200",
    "accounts:account_delete": "login redirect redirect redirect redirect redirect redirect redirect",
    "questionnaire:dashboard": "login 200 200 200 200 200 200 200",
    "questionnaire:task_list": "login my my 200 200 my my my",
    "questionnaire:about": "login my my 200 200 my my my",
    "questionnaire:missions": "login my my 200 200 my my my",
    "questionnaire:mission_add": "login my my 200 200 my my my",
    "questionnaire:missions_carry_over": "405 405 405 405 405 405 405 405",
    "questionnaire:outcome_add": "login my my 200 404 my my my",
    "questionnaire:outcome_change": "login my my 200 404 my my my",
    "questionnaire:indicator_add": "login my my 200 404 my my my",
    "questionnaire:indicator_change": "login my my 200 404 my my my",
    "questionnaire:reading_add": "login my my 200 404 my my my",
    "questionnaire:mission_change": "login my my 200 404 my my my",
    "questionnaire:mission_evidence": "login my my 200 404 my my my",
    "questionnaire:mission_remove": "login my my 200 404 my my my",
    "questionnaire:partner_remove": "login my my 200 404 my my my",
    "questionnaire:theme": "login my my 200 200 my my my",
    "questionnaire:theme_evidence": "login my my 200 200 my my my",
    "questionnaire:evidence_remove": "405 405 405 405 405 405 405 405",
    "questionnaire:evidence_file": "login 404 404 404 404 404 404 404",
    "questionnaire:learning": "login my my 200 200 my my my",
    "questionnaire:national_government": "login my my 200 200 my my my",
    "questionnaire:consent": "login my my 200 200 my my my",
    "questionnaire:check": "login my my 200 200 my my my",
    "questionnaire:confirmation": "login my my redirect redirect my my my",
    "questionnaire:submission_detail": "login 404 404 200 404 404 404 404",
    "account_login": "200 my my my my my my my",
    "account_logout": "redirect 200 200 200 200 200 200 200",
    "account_inactive": "200 200 200 200 200 200 200 200",
    "account_signup": "200 my my my my my my my",
    "account_reauthenticate": "login 200 200 200 200 200 200 200",
    "account_request_reauthentication_code": "login redirect 200 200 200 redirect redirect redirect",
    "account_confirm_reauthentication_code": "login redirect redirect redirect redirect redirect redirect redirect",
    "account_email": "login 200 200 200 200 200 200 200",
    "account_email_verification_sent": "login redirect redirect redirect redirect redirect redirect redirect",
    "account_change_password": "login 200 200 200 200 200 200 200",
    "account_set_password": "login redirect redirect redirect redirect redirect redirect redirect",
    "account_reset_password": "200 200 200 200 200 200 200 200",
    "account_confirm_login_code": "redirect my my my my my my my",
    "account_reset_password_from_key_done": "200 200 200 200 200 200 200 200",
    "account_reset_password_from_key": "200 200 200 200 200 200 200 200",
    "account_reset_password_done": "200 200 200 200 200 200 200 200",
    "account_request_login_code": "200 my my my my my my my",
    "mfa_index": "login 200 200 200 200 200 200 200",
    "mfa_authenticate": "login my my my my my my my",
    "mfa_reauthenticate": "login redirect redirect redirect redirect redirect redirect redirect",
    "mfa_activate_totp": "login redirect redirect redirect redirect redirect redirect redirect",
    "mfa_deactivate_totp": "login 404 404 404 404 404 404 404",
    "mfa_view_recovery_codes": "login 404 404 404 404 404 404 404",
    "mfa_generate_recovery_codes": "login redirect redirect redirect redirect redirect redirect redirect",
    "mfa_download_recovery_codes": "login 404 404 404 404 404 404 404",
}

# The admin's pages that are not one model's list, add, change, delete or history page.
OFF = "admin-login admin-login admin-login admin-login admin-login"
ADMIN = {
    "admin:index": f"{OFF} 200 200 2fa",
    "admin:login": "login 403 403 403 403 redirect redirect 2fa",
    "admin:logout": "redirect redirect redirect redirect redirect 405 405 405",
    "admin:password_change": f"{OFF} 200 200 2fa",
    "admin:password_change_done": f"{OFF} 200 200 2fa",
    "admin:autocomplete": f"{OFF} 403 403 2fa",
    # The membership form's person search (councils/member_search.py): who may add memberships.
    "admin:councils_membership_person_search": f"{OFF} 200 200 2fa",
    "admin:jsi18n": f"{OFF} 200 200 2fa",
    "admin:view_on_site": f"{OFF} 404 404 2fa",
    "admin:app_list": f"{OFF} 200 200 2fa",
    "admin/(?P<url>.*)$": f"{OFF} 404 404 2fa",
    "admin:auth_user_password_change": f"{OFF} 403 403 2fa",
    "admin:research_code_export": f"{OFF} 200 200 2fa",
    "admin:research_code_import": f"{OFF} 200 200 2fa",
    "admin:research_codableanswer_comparison": f"{OFF} 200 200 2fa",
    "admin:research_codableanswer_agreement": f"{OFF} 200 200 2fa",
    "admin:research_codableanswer_export": f"{OFF} 200 200 2fa",
    # These two act on POST only.
    "admin:submissions_submission_transition": f"{OFF} 405 405 2fa",
    "admin:submissions_submission_assign": f"{OFF} 405 405 2fa",
    "admin:submissions_submission_request_changes": f"{OFF} 200 200 2fa",
    # Blind like the coding's change page: see test_blind_coding_versions_are_hidden.
    "admin:research_coding_simple_history": f"{OFF} 200 404 2fa",
    "admin:research_codableanswer_export_download": f"{OFF} 404 404 2fa",
}

# Each admin model's pages for the researcher and the project lead, in the order list, add,
# change (with the object's own old-URL redirect and version pages), delete, history:
# "y" opens (200), "-" is refused (403). Everyone else is sent to sign in, and staff without a
# second factor to set one up.
ADMIN_MODELS = {
    "auth.group": ("-----", "-----"),
    "auth.user": ("-----", "-----"),
    "account.emailaddress": ("-----", "-----"),
    "mfa.authenticator": ("-----", "-----"),
    "outbox.outboxemail": ("y-y-y", "y-y-y"),
    "councils.authority": ("yyy-y", "yyy-y"),
    "councils.outcome": ("yyyyy", "yyyyy"),
    "councils.indicator": ("yyyyy", "yyyyy"),
    "councils.mission": ("yyyyy", "yyyyy"),
    "councils.partner": ("yyyyy", "yyyyy"),
    "councils.missionpartner": ("yyyyy", "yyyyy"),
    "councils.nationalmission": ("yyyyy", "yyyyy"),
    "councils.approach": ("yyyyy", "yyyyy"),
    "councils.partnertype": ("yyyyy", "yyyyy"),
    "councils.membership": ("yyyyy", "yyyyy"),
    "instrument.theme": ("yyyyy", "yyyyy"),
    # Researchers may not write questions; nobody deletes one that may have answers.
    "instrument.question": ("y-y-y", "yyy-y"),
    "instrument.round": ("yyyyy", "yyyyy"),
    "casestudies.casestudy": ("yyy-y", "yyy-y"),
    "research.code": ("yyyyy", "yyyyy"),
    "research.codableanswer": ("y-y-y", "y-y-y"),
    # Codings are blind: the lead does not see the researcher's (gone, or not found).
    "research.coding": ("yyyyy", "yyrr4"),
    "research.doublecodingassignment": ("y-yyy", "y-yyy"),
    "research.textunit": ("y-y-y", "y-y-y"),
    "submissions.submission": ("y-y-y", "y-y-y"),
    "contact.contactmessage": ("y-yyy", "y-yyy"),
}
PAGES = ["changelist", "add", "change", "delete", "history"]
LETTERS = {"y": "200", "-": "403", "r": "redirect", "4": "404"}


def expected(key: str) -> list[str] | None:
    if key in SITE:
        return SITE[key].split()
    if key in ADMIN:
        return ADMIN[key].split()
    model, view = admin_model(key)
    unnamed = re.fullmatch(r"admin/([a-z]+)/([a-z]+)/<path:object_id>/", key)
    if unnamed:
        model, view = apps.get_model(*unnamed.groups()), "change"
    if model is None or model._meta.label_lower not in ADMIN_MODELS:
        return None
    view = "change" if view == "simple_history" else view
    if view not in PAGES:
        return None
    column = PAGES.index(view)
    researcher, lead = (codes[column] for codes in ADMIN_MODELS[model._meta.label_lower])
    if unnamed:
        # The old object URL only redirects to the change page, which then decides.
        researcher, lead = "r", "r"
    return [*OFF.split(), LETTERS[researcher], LETTERS[lead], "2fa"]


def test_every_url_has_an_entry():
    missing = [key for key, _, _ in every_url() if expected(key) is None]
    assert not missing, f"URLs with no entry in the matrix: {missing}"
    keys = {key for key, _, _ in every_url()}
    stale = [key for key in [*SITE, *ADMIN] if key not in keys]
    assert not stale, f"Entries for URLs that no longer exist: {stale}"
    assert set(ADMIN_MODELS) == {m._meta.label_lower for m in admin.site._registry}


def test_every_url_for_every_role(world):
    urls = [(key, url_for(key, route, name, world)) for key, route, name in every_url()]
    got = {key: [] for key, _ in urls}
    for role in ROLES_ORDER:
        with override_settings(ADMIN_REQUIRES_SECOND_FACTOR=role == "staff_no_2fa"):
            client = world["clients"][role]
            for key, url in urls:
                got[key].append(outcome(client.get(url)))
    wrong = {
        f"{key} as {role}": f"got {outcome_got}, expected {outcome_expected}"
        for key, _ in urls
        for role, outcome_got, outcome_expected in zip(
            ROLES_ORDER, got[key], expected(key) or ["?"] * len(ROLES_ORDER), strict=True
        )
        if outcome_got != outcome_expected
    }
    assert not wrong, "\n".join(f"{where}: {what}" for where, what in wrong.items())
    # Officer B never opens anything of A's that A's officer opens only as A's.
    a_only = [key for key in SITE if SITE[key].split()[3:5] == ["200", "404"]]
    assert len(a_only) >= 10 and all(got[key][4] == "404" for key in a_only)


def test_blind_coding_versions_are_hidden(world):
    coding = Coding.objects.get()
    version = coding.history.earliest().history_id
    url = reverse("admin:research_coding_simple_history", args=[coding.pk, version])
    assert outcome(world["clients"]["lead"].get(url)) in {"404", "redirect"}
