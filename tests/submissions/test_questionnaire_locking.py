"""Optimistic locking: two officers editing the same section never lose each other's text."""

import html
import re
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from councils.models import Mission
from instrument.models import Round, Theme
from submissions.models import Answer, SectionProgress, Submission
from submissions.sections import ABOUT, section_by_key, section_list
from submissions.services import SectionConflict, section_save
from tests.factories import AuthorityFactory, make_officer, new_client

from .conftest import loaded_version, mission_answers, theme_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_officers(authority, current_round):
    first = new_client()
    first.force_login(make_officer(authority, "jo@testshire.gov.uk"))
    second = new_client()
    second.force_login(make_officer(authority, "alex@testshire.gov.uk"))
    return first, second


def test_the_second_of_two_saves_is_told_and_neither_text_is_lost(two_officers):
    first, second = two_officers
    theme = Theme.objects.with_questions().get(slug="building-partnerships")
    question = theme.questions.first()
    url = reverse("questionnaire:theme", args=[theme.slug])
    # Both open the section at the same version.
    first_version = loaded_version(first, url)
    second_version = loaded_version(second, url)
    assert first_version == second_version == "0"

    saved = first.post(
        url,
        {
            "version": first_version,
            **theme_answers(theme),
            f"answer_{question.pk}": "Jo's answer: we co-designed it with residents.",
            "continue": "",
        },
    )
    assert saved.status_code == 302

    clash = second.post(
        url,
        {
            "version": second_version,
            **theme_answers(theme),
            f"answer_{question.pk}": "Alex's answer: the health board led it.",
            "what_worked": "Alex's reflection.",
            "continue": "",
        },
    )

    # Nothing of the second was written; the first is in the database.
    assert clash.status_code == 200
    assert Answer.objects.get(question=question).text == (
        "Jo's answer: we co-designed it with residents."
    )
    assert Submission.objects.get().reflections.get().what_worked == "Listening first."
    progress = SectionProgress.objects.get(key=f"theme-{theme.slug}")
    assert progress.version == 1

    page = html.unescape(clash.content.decode())
    assert "<title>Error: Building partnerships" in page
    assert "Someone else saved this section while you were editing it" in page
    assert "jo@testshire.gov.uk" in page
    # Their saved text, read-only, and the second officer's text still in the form.
    assert re.search(
        r"govuk-inset-text app-their-answer.*?co-designed it with residents", page, re.S
    )
    assert re.search(r"<textarea[^>]*>\s*Alex's answer: the health board led it.</textarea>", page)
    assert "Alex's reflection.</textarea>" in page
    # The form now carries the latest version, so a deliberate second save wins.
    assert 'name="version" value="1"' in page

    again = second.post(
        url,
        {
            "version": "1",
            **theme_answers(theme),
            f"answer_{question.pk}": "Alex's answer: the health board led it.",
            "continue": "",
        },
    )
    assert again.status_code == 302
    assert Answer.objects.get(question=question).text == "Alex's answer: the health board led it."
    progress.refresh_from_db()
    assert progress.version == 2
    assert progress.updated_by.email == "alex@testshire.gov.uk"


def test_only_the_answers_that_differ_are_shown_side_by_side(two_officers):
    first, second = two_officers
    url = reverse("questionnaire:about")
    version = loaded_version(first, url)
    loaded_version(second, url)
    first.post(url, {"version": version, "who_leads": "The leader", "continue": ""})

    clash = second.post(
        url,
        {"version": version, "who_leads": "The chief executive", "continue": ""},
    )

    page = clash.content.decode()
    assert page.count("app-their-answer") == 1
    assert "The leader" in page and "The chief executive</textarea>" in page


def test_a_missing_or_broken_version_never_overwrites(two_officers):
    first, second = two_officers
    url = reverse("questionnaire:about")
    first.post(url, {"version": loaded_version(first, url), "who_leads": "Kept", "continue": ""})

    response = second.post(url, {"who_leads": "Overwrite", "continue": ""})

    assert response.status_code == 200
    assert Submission.objects.get().who_leads == "Kept"
    assert "Someone else saved this section" in response.content.decode()


def test_two_officers_changing_the_same_mission(two_officers):
    first, second = two_officers
    add = reverse("questionnaire:mission_add")
    first.post(add, {"version": loaded_version(first, add), **mission_answers(), "save": ""})
    mission = Mission.objects.get()
    url = reverse("questionnaire:mission_change", args=[mission.pk])
    first_version = loaded_version(first, url)
    second_version = loaded_version(second, url)

    first.post(url, {"version": first_version, **mission_answers(title="Jo's title"), "save": ""})
    clash = second.post(
        url, {"version": second_version, **mission_answers(title="Alex's title"), "save": ""}
    )

    assert clash.status_code == 200
    mission.refresh_from_db()
    assert mission.title == "Jo's title"
    page = html.unescape(clash.content.decode())
    assert "Someone else saved this section" in page
    assert 'value="Alex\'s title"' in page or 'value="Alex&#x27;s title"' in clash.content.decode()
    assert "Jo's title" in page


def test_removing_a_mission_someone_has_just_changed_asks_again(two_officers):
    first, second = two_officers
    add = reverse("questionnaire:mission_add")
    first.post(add, {"version": loaded_version(first, add), **mission_answers(), "save": ""})
    mission = Mission.objects.get()
    remove = reverse("questionnaire:mission_remove", args=[mission.pk])
    change = reverse("questionnaire:mission_change", args=[mission.pk])
    stale = loaded_version(second, remove)
    first.post(
        change,
        {"version": loaded_version(first, change), **mission_answers(title="New"), "save": ""},
    )

    response = second.post(remove, {"version": stale, "confirm": "yes"})

    assert response.status_code == 200
    assert "Nothing has been removed yet" in response.content.decode()
    assert Mission.objects.exists()
    confirmed = second.post(remove, {"version": loaded_version(second, remove), "confirm": "yes"})
    assert confirmed.status_code == 302
    assert not Mission.objects.exists()


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_from_the_same_version_only_one_wins():
    today = timezone.localdate()
    round = Round.objects.create(
        title="Now", slug="now", opens_on=today - timedelta(1), closes_on=today + timedelta(1)
    )
    authority = AuthorityFactory()
    jo = make_officer(authority, "jo@example.org")
    alex = make_officer(authority, "alex@example.org")
    submission = Submission.objects.create(authority=authority, round=round)
    about = section_by_key(section_list(), ABOUT)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, text):
        try:
            barrier.wait()
            section_save(
                submission=submission,
                section=about,
                data={"uses_mission_language": "yes", "approaches": [], "who_leads": text},
                version=0,
                by=user,
            )
            outcomes[text] = "saved"
        except SectionConflict:
            outcomes[text] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(jo, "Jo's text")),
        threading.Thread(target=save, args=(alex, "Alex's text")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    [winner] = [text for text, outcome in outcomes.items() if outcome == "saved"]
    submission.refresh_from_db()
    assert submission.who_leads == winner
    assert SectionProgress.objects.get(submission=submission, key=ABOUT).version == 1
