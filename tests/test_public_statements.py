"""What the public pages say is true: officers can take part now, and the project's contact is
named as its contact (the launch article says "contact", not "leads the project")."""

import pytest
from django.urls import reverse

from instrument.models import Theme

pytestmark = pytest.mark.django_db


def public_pages():
    theme = Theme.objects.first()
    return {
        "home": reverse("home"),
        "themes": reverse("instrument:theme_list"),
        "theme": theme.get_absolute_url(),
        "privacy": reverse("privacy"),
    }


@pytest.mark.parametrize("page", ["home", "themes", "theme", "privacy"])
def test_pages_say_officers_can_take_part_now_and_link_to_sign_up(client, page):
    html = client.get(public_pages()[page]).content.decode()

    assert "can take part now" in html
    assert f'href="{reverse("account_signup")}"' in html
    for stale in ["Soon, officers", "will be able to sign in", "Later, officers"]:
        assert stale not in html


@pytest.mark.parametrize("url_name", ["home", "about", "privacy"])
def test_the_contact_is_named_as_the_contact_not_the_leader(client, settings, url_name):
    settings.PROJECT_LEAD_NAME = "Ada Example"

    html = client.get(reverse(url_name)).content.decode()

    assert "Ada Example" in html
    assert "project’s contact" in html
    assert "leads the project" not in html and "leads it" not in html


def test_privacy_notice_states_the_retention_periods_the_tasks_apply(client, settings):
    settings.CONTACT_RETENTION_DAYS = 400
    settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS = 21

    html = client.get(reverse("privacy")).content.decode()

    assert "deleted automatically 400 days after they were sent" in html
    assert "deleted automatically 21 days after they were created" in html
    assert f'href="{reverse("accounts:personal_data")}"' in html
