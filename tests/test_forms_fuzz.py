"""Property-based posts to every public and officer form: arbitrary Unicode (NUL and lone
surrogates included, sent as the raw bytes a browser or a script could send), huge strings and
missing fields. No post may cause a server error, and a post the form refuses (the page shown
again, not a redirect) must leave everything saved exactly as it was.

Each form's fields are read from its own page, so a field added later is fuzzed too.
"""

from datetime import date
from urllib.parse import urlencode

import lxml.html
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudies.models import CaseStudy
from contact.models import ContactMessage
from councils.models import Indicator, Membership, Mission, Outcome, Reading
from instrument.models import Theme
from outbox.models import OutboxEmail
from submissions.models import (
    Answer,
    Consent,
    Evidence,
    Submission,
    ThemeReflection,
)
from tests.factories import (
    CaseStudyFactory,
    MissionFactory,
    ThemeFactory,
    client_for,
    make_person,
    new_client,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What is saved, model by model: a refused post must leave all of it unchanged.
SAVED = [
    User,
    EmailAddress,
    Membership,
    ContactMessage,
    OutboxEmail,
    Submission,
    Answer,
    ThemeReflection,
    Consent,
    Evidence,
    Mission,
    Outcome,
    Indicator,
    Reading,
    CaseStudy,
]

NASTY = [
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff\ud800x",
    "\u00ad\u200b\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "１２３",
    "-1",
    "99999999999999999999999",
    "1e400",
    "NaN",
    "2025-13-40",
    " ",
    "\r\n\r\n",
]
# Every code point, lone surrogates and NUL included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=80)
HUGE = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from(["x", "é", "\x00", "😀", "\ud800", "a b "]),
    st.integers(min_value=2_000, max_value=40_000),
)


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SAVED}


def form_fields(html: str) -> dict[str, list[str]]:
    """The page's main POST form (the one with most fields, not the sign-out button):
    each field's name and the values the page offers or shows."""
    doc = lxml.html.fromstring(html)
    forms = [f for f in doc.forms if (f.method or "").lower() == "post"]
    assert forms, "no form to post"
    form = max(forms, key=lambda f: len(f.inputs))
    fields: dict[str, list[str]] = {}
    for element in form.inputs:
        name = element.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        values = fields.setdefault(name, [])
        if element.tag == "select":
            values.extend(o.get("value", "") for o in element.findall(".//option"))
        elif element.tag == "textarea":
            values.append(element.text or "")
        else:
            values.append(element.get("value", "on" if element.get("type") == "checkbox" else ""))
    return fields


def post_strategy(fields: dict[str, list[str]]):
    """A post with each field left out, given one of its own values, or given nasty text."""

    def value(choices):
        return st.one_of(st.sampled_from(choices or [""]), st.sampled_from(NASTY), ANY_TEXT, HUGE)

    return st.fixed_dictionaries(
        {},
        optional={
            name: st.lists(value(choices), min_size=1, max_size=2)
            for name, choices in fields.items()
        },
    )


def encoded(data: dict[str, list[str]]) -> bytes:
    # Encoded by hand, with surrogatepass, so lone surrogates reach the server as the raw
    # bytes an attacker could send (the test client would refuse to encode them).
    return urlencode(
        [(name, v) for name, values in data.items() for v in values],
        encoding="utf-8",
        errors="surrogatepass",
    ).encode("ascii")


def fuzz(client, url: str, data_from_page, before_each=lambda: None):
    """Run one property: GET the page (for a fresh version), POST the drawn data."""

    @FUZZ
    @given(st.data())
    def property(data):
        before_each()
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        post = data.draw(data_from_page(form_fields(page.content.decode())))
        before = snapshot()
        response = client.post(url, encoded(post), content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 302:
            assert snapshot() == before, f"a refused post to {url} changed what was saved"

    property()


# --- public forms ---------------------------------------------------------------------------


@pytest.fixture
def public(db):
    ThemeFactory(title="Leading change")
    return new_client()


def test_contact(public, authority):
    fuzz(public, reverse("contact:contact"), post_strategy)


def test_sign_up(public):
    fuzz(public, reverse("account_signup"), post_strategy)


def test_sign_in(public):
    make_person("known@example.org")
    fuzz(public, reverse("account_login"), post_strategy)


def test_authority_chooser(authority):
    client = client_for(make_person("chooser@example.org"))
    fuzz(client, reverse("membership:choose") + f"?q={authority.name}", post_strategy)


# --- the questionnaire (a verified officer) ---------------------------------------------------


@pytest.fixture
def mission(officer, officer_client, current_round):
    submission = Submission.objects.get_or_create(
        authority=officer.membership.authority, round=current_round
    )[0]
    mission = MissionFactory(authority=submission.authority, submission=submission)
    outcome = Outcome.objects.create(mission=mission, title="Fewer hungry children")
    indicator = Indicator.objects.create(outcome=outcome, name="Free school meals")
    Reading.objects.create(indicator=indicator, date=date(2025, 4, 1), value=21)
    return mission


def theme_slug() -> str:
    return Theme.objects.with_questions().first().slug


SECTIONS = {
    "about": lambda m: reverse("questionnaire:about"),
    "theme": lambda m: reverse("questionnaire:theme", args=[theme_slug()]),
    "learning": lambda m: reverse("questionnaire:learning"),
    "national government": lambda m: reverse("questionnaire:national_government"),
    "consent": lambda m: reverse("questionnaire:consent"),
    "mission": lambda m: reverse("questionnaire:mission_add"),
    "outcome": lambda m: reverse("questionnaire:outcome_add", args=[m.pk]),
    "indicator": lambda m: reverse("questionnaire:indicator_add", args=[m.pk, m.outcomes.get().pk]),
    "reading": lambda m: reverse(
        "questionnaire:reading_add",
        args=[m.pk, m.outcomes.get().pk, m.outcomes.get().indicators.get().pk],
    ),
    "evidence link": lambda m: reverse("questionnaire:theme_evidence", args=[theme_slug()]),
    "declaration": lambda m: reverse("questionnaire:check"),
}


@pytest.mark.parametrize("section", SECTIONS)
def test_questionnaire_section(section, mission, officer_client):
    fuzz(officer_client, SECTIONS[section](mission), post_strategy)


def test_case_study_signoff(officer, officer_client):
    case_study = CaseStudyFactory(
        authority=officer.membership.authority,
        state=CaseStudy.State.DRAFT,
        signoff=CaseStudy.SignOff.REQUESTED,
    )

    def still_waiting():
        # A valid answer ends the request; each example answers a fresh one.
        CaseStudy.objects.filter(pk=case_study.pk).update(
            signoff=CaseStudy.SignOff.REQUESTED, signoff_comment="", signoff_by=None
        )

    url = reverse("signoff:detail", args=[case_study.pk])
    fuzz(officer_client, url, post_strategy, before_each=still_waiting)
