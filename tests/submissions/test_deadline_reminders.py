"""Reminders before the round's deadline to authorities with an unsubmitted draft."""

from datetime import timedelta

import pytest
from django.urls import reverse

from councils.models import Membership
from missions_project.celery import app as celery_app
from outbox.models import OutboxEmail
from submissions import tasks
from submissions.models import Submission
from submissions.reminders import deadline_reminders_send
from tests.factories import AuthorityFactory, make_officer, new_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(officer, authority, current_round):
    return Submission.objects.create(authority=authority, round=current_round)


def reminders():
    return OutboxEmail.objects.filter(key__startswith="deadline-reminder:")


def days_before(round, days):
    return round.closes_on - timedelta(days=days)


def test_beat_runs_the_reminders_daily():
    tasks_run = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "submissions.tasks.send_deadline_reminders" in tasks_run


def test_officers_of_an_unsubmitted_draft_are_reminded_once_a_week(draft, officer, current_round):
    submitted_elsewhere = AuthorityFactory(name="Done")
    make_officer(submitted_elsewhere, "done@done.gov.uk")
    Submission.objects.create(
        authority=submitted_elsewhere, round=current_round, status=Submission.Status.SUBMITTED
    )
    monday = days_before(current_round, 20)
    monday -= timedelta(days=monday.weekday())

    assert deadline_reminders_send(today=monday) == 1
    assert deadline_reminders_send(today=monday + timedelta(days=1)) == 0  # same ISO week
    [email] = reminders()
    assert email.to == [officer.email]
    assert "has not submitted them yet" in email.body_text
    assert deadline_reminders_send(today=monday + timedelta(days=7)) == 1  # the next week
    assert reminders().count() == 2


def monday_before(round, days):
    day = days_before(round, days)
    return day - timedelta(days=day.weekday())


def week_of(day) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def stop_link(email) -> str:
    [link] = [line for line in email.body_text.splitlines() if "/reminders/stop/" in line]
    return link[link.index("/my/") :].strip()


def test_one_round_per_authority_a_week_each_officer_with_their_own_link(
    draft, officer, authority, current_round
):
    sam = make_officer(authority, "sam@testshire.gov.uk")
    stopped = make_officer(authority, "off@testshire.gov.uk")
    Membership.objects.filter(user=stopped).update(deadline_reminders=False)
    make_officer(authority, "pending@testshire.gov.uk", state=Membership.State.PENDING)
    other = AuthorityFactory(name="Otherton")
    other_officer = make_officer(other, "kim@otherton.gov.uk")
    Submission.objects.create(authority=other, round=current_round)
    monday = monday_before(current_round, 20)

    assert deadline_reminders_send(today=monday) == 3
    by_recipient = {email.to[0]: email for email in reminders()}
    assert set(by_recipient) == {officer.email, sam.email, other_officer.email}
    links = {stop_link(email) for email in by_recipient.values()}
    assert len(links) == 3  # each officer stops their own reminders

    # A colleague joins on Wednesday: Testshire had its round this week, so nobody is emailed.
    make_officer(authority, "newcomer@testshire.gov.uk")
    for day in range(1, 7):
        assert deadline_reminders_send(today=monday + timedelta(days=day)) == 0
    assert reminders().count() == 3

    # Next week is a new round, the newcomer included.
    assert deadline_reminders_send(today=monday + timedelta(days=7)) == 4
    next_week = reminders().filter(key__contains=f":{week_of(monday + timedelta(days=7))}:")
    assert {e.to[0] for e in next_week} == {*by_recipient, "newcomer@testshire.gov.uk"}
    assert deadline_reminders_send(today=monday + timedelta(days=8)) == 0


def test_an_authority_reminded_this_week_is_not_reminded_again_by_a_new_draft_elsewhere(
    draft, officer, current_round
):
    monday = monday_before(current_round, 20)
    assert deadline_reminders_send(today=monday) == 1
    # Another authority starts a draft mid-week: it has its own round; Testshire does not.
    late = AuthorityFactory(name="Lateshire")
    make_officer(late, "lou@lateshire.gov.uk")
    Submission.objects.create(authority=late, round=current_round)
    assert deadline_reminders_send(today=monday + timedelta(days=2)) == 1
    assert sorted(e.to[0] for e in reminders()) == ["jo@testshire.gov.uk", "lou@lateshire.gov.uk"]


def test_no_reminders_long_before_the_deadline(draft, current_round):
    assert deadline_reminders_send(today=days_before(current_round, 60)) == 0
    assert not reminders().exists()


def test_the_task_runs_the_service(draft, current_round, monkeypatch):
    from submissions import reminders as module

    monkeypatch.setattr(module, "REMINDER_DAYS_BEFORE", 1000)
    tasks.send_deadline_reminders.delay()
    assert reminders().count() == 1


def test_the_unsubscribe_link_works_without_signing_in(draft, officer, current_round):
    deadline_reminders_send(today=days_before(current_round, 3))
    [email] = reminders()
    path = stop_link(email)
    client = new_client()

    page = client.get(path)
    assert page.status_code == 200 and "Stop these reminders" in page.content.decode()
    assert Membership.objects.get(user=officer).deadline_reminders  # a GET changes nothing

    stopped = client.post(path)
    assert stopped.status_code == 200
    assert "You will not get more reminders" in stopped.content.decode()
    assert not Membership.objects.get(user=officer).deadline_reminders

    reminders().delete()  # as if a new week had begun
    assert deadline_reminders_send(today=days_before(current_round, 3)) == 0


def test_a_tampered_link_is_404(client):
    url = reverse("questionnaire:reminders_stop", args=["not-a-token"])
    assert client.get(url).status_code == 404
