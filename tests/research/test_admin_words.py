"""What the admin says to researchers: the site's own name, proper plurals, section names
rather than internal keys, and counts that add up."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Membership
from instrument.models import Theme
from research import review
from submissions.models import Submission
from submissions.sections import NATIONAL_GOVERNMENT, theme_key
from tests.factories import (
    AuthorityFactory,
    MissionFactory,
    MissionPartnerFactory,
    client_for,
    make_officer,
    make_staff,
)
from tests.submissions.conftest import complete_every_section
from tests.test_no_nested_forms import walk

WRONG = [
    "Django administration",
    "Django site admin",
    "Approachs",
    "progresss",
    "these 1 answer",
]


class VisibleText(HTMLParser):
    """The text a reader sees (not attributes, scripts or styles)."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def asked_for_changes(officer_client, lead, current_round):
    """A submission whose officers were asked to change a theme and the optional section."""
    complete_every_section(officer_client)
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get()
    review.submission_start_review(submission=submission, by=lead)
    theme = Theme.objects.order_by("order").first()
    review.submission_request_changes(
        submission=submission,
        by=lead,
        changes={theme_key(theme): "Add an example.", NATIONAL_GOVERNMENT: "Say more."},
    )
    return submission


def test_admin_pages_use_the_site_name_plurals_and_section_names(
    researcher_client, asked_for_changes
):
    change_page = reverse("admin:submissions_submission_change", args=[asked_for_changes.pk])
    pages = walk(researcher_client, [reverse("admin:index"), change_page], "/admin/")
    answer = asked_for_changes.answers.first()
    double_coding = researcher_client.post(
        reverse("admin:research_codableanswer_changelist"),
        {"action": "mark_for_double_coding", ACTION_CHECKBOX_NAME: [answer.pk]},
    )
    assert double_coding.status_code == 200
    pages["double coding"] = double_coding.content.decode()

    keys = [theme_key(t) for t in Theme.objects.all()] + [NATIONAL_GOVERNMENT]
    found = []
    for path, html in pages.items():
        text = visible_text(html)
        found += [(path, wrong) for wrong in WRONG + keys if wrong in text]
        if path.startswith("/admin/") and "<title>" in html:
            assert settings.SITE_NAME in html, path
    assert not found

    page = visible_text(pages[change_page])
    theme = Theme.objects.order_by("order").first()
    assert "Progress by section" in page and theme.title in page
    assert "The role of national government" in page  # the request for changes, by name
    assert "this answer" in visible_text(pages["double coding"])
    assert "approaches" in visible_text(pages["/admin/councils/"]).lower()


def test_the_submission_page_shows_the_officers_missions_and_partners(
    researcher_client, asked_for_changes, django_assert_max_num_queries
):
    for n in range(3):
        mission = MissionFactory(
            authority=asked_for_changes.authority, submission=asked_for_changes
        )
        MissionPartnerFactory(mission=mission, role=f"Runs pantry {n}")
        MissionPartnerFactory(mission=mission)
    url = reverse("admin:submissions_submission_change", args=[asked_for_changes.pk])
    researcher_client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as with_three:
        page = visible_text(researcher_client.get(url).content.decode())
    assert "Missions, partners and outcomes" in page
    assert "No child goes hungry" in page and "Testshire Food Bank" in page  # the officer's own
    assert "By 2030 no child in Testshire goes hungry." in page and "Food poverty" in page
    assert "Runs pantry 2" in page

    for n in range(5):
        mission = MissionFactory(
            authority=asked_for_changes.authority, submission=asked_for_changes
        )
        MissionPartnerFactory(mission=mission)
    with django_assert_max_num_queries(len(with_three)):
        researcher_client.get(url)


def test_the_submission_page_shows_a_not_yet_answer_and_its_reason(
    researcher_client, asked_for_changes
):
    # The officer ticked "Not yet / not applicable" and said why: not the same as no answer.
    answer = asked_for_changes.answers.first()
    answer.text, answer.not_yet, answer.not_yet_reason = "", True, "Too early to say."
    answer.save()

    url = reverse("admin:submissions_submission_change", args=[asked_for_changes.pk])
    page = visible_text(researcher_client.get(url).content.decode())

    assert "Not yet / not applicable: Too early to say." in page


# --- memberships ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve_selected", "decline_selected"])
def test_acting_from_the_waiting_for_approval_filter_counts_right(action, db):
    researcher = make_staff("Researcher", "rhea")
    authority = AuthorityFactory(name="Camden")
    waiting = [
        make_officer(authority, f"{name}@gmail.example", state="pending").membership
        for name in ("jo", "sam")
    ]
    url = reverse("admin:councils_membership_changelist") + "?state__exact=pending"
    data = {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in waiting]}
    if action == "decline_selected":
        data |= {"confirm": "yes", "reason": "Not an officer of Camden."}
    response = client_for(researcher).post(url, data, follow=True)
    said = [str(m) for m in response.context["messages"]]
    verb = "approved" if action == "approve_selected" else "declined"
    assert said == [f"2 memberships {verb}; each officer has been emailed."]
    assert not Membership.objects.pending().exists()
