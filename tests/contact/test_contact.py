import itertools
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from contact.models import ContactMessage
from contact.services import ip_hash
from outbox.models import OutboxEmail
from tests.factories import AuthorityFactory, ThemeFactory

pytestmark = pytest.mark.django_db

URL = reverse("contact:contact")
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture
def ip():
    """A client address of this test's own, so rate-limit counts never leak between tests
    (the cache is Redis, shared, when REDIS_URL is set)."""
    address = next(_addresses)
    cache.delete(f"contact:rate:{ip_hash(address)}")
    yield address
    cache.delete(f"contact:rate:{ip_hash(address)}")


@pytest.fixture
def themes():
    return [ThemeFactory(title="Leading change"), ThemeFactory(title="Measuring impact")]


@pytest.fixture
def authority():
    return AuthorityFactory(name="Camden")


@pytest.fixture
def valid(themes, authority):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "organisation": "Camden Council",
        "authority": authority.pk,
        "role": "Director of Policy",
        "themes": [themes[0].pk, themes[1].pk],
        "message": "We are setting missions for our borough & would like to take part.",
        "consent": "on",
    }


def test_form_page_has_the_fields_and_components(client, themes, authority):
    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Join the conversation" in content
    assert (
        'class="govuk-character-count" data-module="govuk-character-count" data-maxlength="5000"'
        in content
    )
    assert re.search(r"<textarea[^>]*govuk-js-character-count", content)
    assert not re.search(r"<textarea[^>]*maxlength", content), "no hard limit that cuts text"
    # The empty choice comes first, then the register.
    assert re.search(
        r'<select name="authority"[^>]*>\s*<option value="" selected>Not a council or strategic '
        rf'authority</option>\s*<option value="{authority.pk}">Camden</option>',
        content,
    )
    assert 'class="govuk-checkboxes__input"' in content and "Measuring impact" in content
    # The honeypot is hidden from people, keyboards and screen readers.
    assert re.search(
        r'class="app-honeypot"\s+aria-hidden="true">.*?<input type="text" name="website" tabindex="-1" autocomplete="off"',
        content,
        re.S,
    )


def test_form_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    AuthorityFactory.create_batch(3)
    ThemeFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    AuthorityFactory.create_batch(40)
    AuthorityFactory.create_batch(3, is_current=False)
    ThemeFactory.create_batch(6)
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL)
    assert response.content.decode().count("<option value=") == 1 + 43


def test_valid_post_saves_message_and_two_pending_emails(
    client, valid, themes, authority, ip, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://missions.example.org"
    settings.PROJECT_LEAD_EMAIL = "lead@example.org"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, valid, REMOTE_ADDR=ip)

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    contact = ContactMessage.objects.get()
    assert contact.name == "Ada Lovelace"
    assert contact.authority == authority
    assert set(contact.themes.all()) == set(themes)
    assert contact.consent_to_contact is True
    assert contact.ip_hash == ip_hash(ip) and ip not in contact.ip_hash
    assert OutboxEmail.objects.count() == 2
    lead, ack = contact.notification_email, contact.acknowledgement_email
    assert lead.key == f"contact:{contact.pk}:lead" and ack.key == f"contact:{contact.pk}:ack"
    assert {lead.state, ack.state} == {"pending"}
    assert len(callbacks) == 2, "each email is handed to Celery once the transaction commits"
    assert mail.outbox == []

    for callback in callbacks:
        callback()

    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"lead@example.org", "ada@example.org"}
    notification = sent["lead@example.org"]
    assert notification.reply_to == ["ada@example.org"]
    assert "Ada Lovelace" in notification.subject
    assert "We are setting missions for our borough & would like to take part." in notification.body
    assert "Camden Council" in notification.body and "Director of Policy" in notification.body
    assert "Leading change; Measuring impact" in notification.body
    admin_url = "https://missions.example.org" + reverse(
        "admin:contact_contactmessage_change", args=[contact.pk]
    )
    assert admin_url in notification.body
    acknowledgement = sent["ada@example.org"]
    assert "Grace Pollard, Head of Policy and Insights" in acknowledgement.body
    assert "What happens next" in acknowledgement.body
    assert "We are setting missions" not in acknowledgement.body, "nothing typed is echoed"
    assert OutboxEmail.objects.filter(state="sent").count() == 2


def test_success_page_says_what_happens_next(client):
    response = client.get(reverse("contact:thanks"))

    content = response.content.decode()
    assert 'class="govuk-panel govuk-panel--confirmation"' in content
    assert "Message sent" in content
    assert "What happens next" in content
    assert "Grace Pollard, Head of Policy and Insights" in content


def test_invalid_post_shows_errors_and_keeps_what_was_typed(client, valid, themes, authority, ip):
    del valid["email"]

    response = client.post(URL, valid, REMOTE_ADDR=ip)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Join the conversation" in content
    summary = content[content.index('class="govuk-error-summary"') : content.index("<h1")]
    assert '<a href="#id_email">Enter your email address</a>' in summary
    assert 'id="id_email_1_error" class="govuk-error-message"' in content
    assert 'value="Ada Lovelace"' in content
    assert 'value="Camden Council"' in content
    assert 'value="Director of Policy"' in content
    assert (
        "We are setting missions for our borough &amp; would like to take part.</textarea>"
        in content
    )
    assert re.search(rf'<option value="{authority.pk}" selected>Camden</option>', content)
    assert re.search(rf'value="{themes[0].pk}"\s*checked', content)
    assert re.search(r'name="consent"[^>]*checked', content)
    assert not ContactMessage.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_every_required_field_has_a_plain_error(client, ip):
    response = client.post(URL, {}, REMOTE_ADDR=ip)

    summary = response.content.decode()
    for text in [
        "Enter your name",
        "Enter your email address",
        "Enter your message",
        "Confirm that we can contact you about the research",
    ]:
        assert text in summary


def test_message_limit_is_5000_characters_counting_a_newline_as_one(client, valid, ip):
    too_long = {**valid, "message": "x" * 5001}
    response = client.post(URL, too_long, REMOTE_ADDR=ip)
    assert "Your message must be 5,000 characters or fewer" in response.content.decode()

    # Browsers send a newline as \r\n; the character count counts it as one.
    at_limit = {**valid, "message": "x\r\n" * 2500}
    response = client.post(URL, at_limit, REMOTE_ADDR=ip)
    assert response.status_code == 302
    assert ContactMessage.objects.get().message == ("x\n" * 2500).strip()


def test_nul_characters_are_removed_before_saving(client, valid, ip):
    valid.update(
        name="Ada\x00 Lovelace",
        organisation="Camden\x00 Council",
        role="\x00Director",
        message="Hello\x00 there",
    )

    response = client.post(URL, valid, REMOTE_ADDR=ip)

    assert response.status_code == 302
    contact = ContactMessage.objects.get()
    assert (contact.name, contact.organisation, contact.role, contact.message) == (
        "Ada Lovelace",
        "Camden Council",
        "Director",
        "Hello there",
    )


def test_only_nul_characters_is_an_empty_message(client, valid, ip):
    response = client.post(URL, {**valid, "message": "\x00\x00"}, REMOTE_ADDR=ip)

    assert "Enter your message" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_no_authority_is_fine(client, valid, ip):
    response = client.post(URL, {**valid, "authority": "", "themes": []}, REMOTE_ADDR=ip)

    assert response.status_code == 302
    contact = ContactMessage.objects.get()
    assert contact.authority is None
    assert not contact.themes.exists()


def test_honeypot_gets_the_success_page_and_saves_nothing(
    client, valid, ip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, {**valid, "website": "http://spam.example"}, REMOTE_ADDR=ip)

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    assert not ContactMessage.objects.exists()
    assert not OutboxEmail.objects.exists()
    assert callbacks == [] and mail.outbox == []


@override_settings(CONTACT_RATE_LIMIT=2)
def test_rate_limit_per_address(client, valid, ip, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(URL, valid, REMOTE_ADDR=ip) for _ in range(3)]

    assert [r.status_code for r in responses] == [302, 302, 429]
    assert [r["Location"] for r in responses[:2]] == [reverse("contact:thanks")] * 2
    assert ContactMessage.objects.count() == 2
    assert OutboxEmail.objects.count() == 4
    assert len(mail.outbox) == 4


@override_settings(CONTACT_RATE_LIMIT=1, TIME_ZONE="Europe/London")
def test_over_the_limit_says_so_and_when_to_try_again(client, valid, ip):
    from datetime import UTC, datetime

    # 13:04:30 UTC on a summer day is 14:04:30 in London; the window is an hour.
    with (
        mock.patch("contact.services.time.time") as now,
        mock.patch("contact.views.timezone.now") as view_now,
    ):
        now.return_value = datetime(2025, 7, 1, 13, 4, 30, tzinfo=UTC).timestamp()
        view_now.return_value = datetime(2025, 7, 1, 13, 10, tzinfo=UTC)
        client.post(URL, valid, REMOTE_ADDR=ip)
        response = client.post(URL, {**valid, "message": "Second <b>try</b>"}, REMOTE_ADDR=ip)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many messages" in content
    assert "Your message has not been sent" in content
    assert "Try again after 15:05." in content, "rounded up to the minute, in UK time"
    assert "Message sent" not in content and "Thank you" not in content
    assert "Second &lt;b&gt;try&lt;/b&gt;" in content, "the typed words are shown back, escaped"
    assert response["Retry-After"] == str(55 * 60)
    assert ContactMessage.objects.count() == 1
    assert OutboxEmail.objects.count() == 2


@override_settings(CONTACT_RATE_LIMIT=1)
def test_rate_limit_counts_each_address_separately(client, valid, ip):
    other = next(_addresses)
    try:
        client.post(URL, valid, REMOTE_ADDR=ip)
        client.post(URL, valid, REMOTE_ADDR=ip)
        client.post(URL, valid, REMOTE_ADDR=other)
    finally:
        cache.delete(f"contact:rate:{ip_hash(other)}")

    assert ContactMessage.objects.count() == 2


@override_settings(CONTACT_RATE_LIMIT=1)
def test_rate_limit_lets_posts_through_when_the_cache_is_down(client, valid, ip, caplog):
    with mock.patch("contact.services.cache") as broken:
        broken.add.side_effect = ConnectionError("Error 111 connecting to 127.0.0.1:6379")
        client.post(URL, valid, REMOTE_ADDR=ip)
        client.post(URL, valid, REMOTE_ADDR=ip)

    assert ContactMessage.objects.count() == 2
    assert "Contact rate limit unavailable" in caplog.text


def test_invalid_posts_do_not_use_up_the_limit(client, valid, ip, settings):
    settings.CONTACT_RATE_LIMIT = 1
    client.post(URL, {**valid, "email": "not an email"}, REMOTE_ADDR=ip)
    client.post(URL, {**valid, "email": ""}, REMOTE_ADDR=ip)

    client.post(URL, valid, REMOTE_ADDR=ip)

    assert ContactMessage.objects.count() == 1


@pytest.mark.parametrize("theme", ["99999999999999999999999", "-1", "x", "١"])
def test_a_theme_that_cannot_be_an_id_is_refused_not_an_error(client, valid, ip, theme):
    response = client.post(URL, {**valid, "themes": [theme]}, REMOTE_ADDR=ip)

    assert response.status_code == 200
    assert "Select themes from the list" in response.content.decode()
    assert not ContactMessage.objects.exists()
