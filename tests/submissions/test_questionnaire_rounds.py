"""Rounds: the seeded first call for practice, and which round is current."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from instrument.models import Round

pytestmark = pytest.mark.django_db


def test_the_first_round_is_seeded_by_migration():
    round = Round.objects.get(slug="call-for-practice-2026-27")

    assert round.title == "Call for practice 2026–27"
    assert round.opens_on == date(2026, 9, 1)
    assert round.closes_on == date(2027, 6, 30)


def test_the_current_round_is_the_open_one_that_opened_last():
    Round.objects.all().delete()
    today = timezone.localdate()
    Round.objects.create(
        title="Closed",
        slug="closed",
        opens_on=today - timedelta(400),
        closes_on=today - timedelta(1),
    )
    older = Round.objects.create(
        title="Older", slug="older", opens_on=today - timedelta(60), closes_on=today + timedelta(60)
    )
    newer = Round.objects.create(
        title="Newer", slug="newer", opens_on=today - timedelta(5), closes_on=today + timedelta(300)
    )
    Round.objects.create(
        title="Future", slug="future", opens_on=today + timedelta(5), closes_on=today + timedelta(9)
    )

    assert Round.objects.current() == newer
    assert older.is_open and not Round.objects.get(slug="closed").is_open
    assert not Round.objects.get(slug="future").is_open
    newer.delete()
    assert Round.objects.current() == older


def test_no_round_is_current_when_none_is_open():
    Round.objects.all().delete()

    assert Round.objects.current() is None
    assert Round.objects.latest_started() is None
