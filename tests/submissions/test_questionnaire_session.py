"""A session that expires while an officer is typing loses nothing: what they posted is kept
until they sign in again and come back to the page."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from instrument.models import Theme
from submissions.models import Answer, Submission
from tests.factories import PASSWORD

from .conftest import loaded_version, theme_answers

pytestmark = pytest.mark.django_db


def sign_in(client, email, next_url):
    return client.post(
        reverse("account_login") + f"?next={quote(next_url)}",
        {"login": email, "password": PASSWORD, "next": next_url},
    )


def test_text_posted_after_the_session_expired_is_kept_through_signing_in(officer_client, officer):
    theme = Theme.objects.with_questions().get(slug="measuring-impact")
    question = theme.questions.first()
    url = reverse("questionnaire:theme", args=[theme.slug]) + "?return=check"
    version = loaded_version(officer_client, url)
    officer_client.logout()  # The session expires while the page is open.

    typed = "Our outcomes framework, written with residents, took two years."
    response = officer_client.post(
        url,
        {
            "version": version,
            **theme_answers(theme),
            f"answer_{question.pk}": typed,
            "continue": "",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=" + quote(url)
    assert not Answer.objects.exists()

    signed_in = sign_in(officer_client, officer.email, url)
    assert signed_in.status_code == 302
    assert signed_in.url == url

    page = officer_client.get(url).content.decode()
    assert "We kept what you typed; check it and save." in page
    assert f"{typed}</textarea>" in page
    assert "Listening first.</textarea>" in page
    assert f'name="version" value="{version}"' in page

    # Only once: the kept text is handed back a single time.
    again = officer_client.get(url).content.decode()
    assert "We kept what you typed" not in again
    assert typed not in again

    # Saving it then works as usual.
    saved = officer_client.post(
        url,
        {
            "version": version,
            **theme_answers(theme),
            f"answer_{question.pk}": typed,
            "continue": "",
        },
    )
    assert saved.url == reverse("questionnaire:check")
    assert Answer.objects.get(question=question).text == typed


def test_kept_text_is_only_given_back_on_the_page_it_was_typed_on(officer_client, officer):
    about = reverse("questionnaire:about")
    version = loaded_version(officer_client, about)
    officer_client.logout()
    officer_client.post(about, {"version": version, "who_leads": "Kept for about"})
    sign_in(officer_client, officer.email, about)

    consent = officer_client.get(reverse("questionnaire:consent")).content.decode()
    assert "We kept what you typed" not in consent
    page = officer_client.get(about).content.decode()
    assert "Kept for about</textarea>" in page


def test_the_submit_declaration_is_kept_too(officer_client, officer):
    check = reverse("questionnaire:check")
    officer_client.logout()

    response = officer_client.post(check, {"declaration": "on"})

    assert response.url.startswith(reverse("account_login"))
    sign_in(officer_client, officer.email, check)
    page = officer_client.get(check).content.decode()
    assert "We kept what you typed" in page
    assert Submission.objects.get().status == Submission.Status.DRAFT


def test_a_huge_anonymous_post_keeps_little_in_the_session_but_keeps_the_answer(
    officer_client, officer
):
    import json

    from submissions.questionnaire.access import KEPT_POST

    theme = Theme.objects.with_questions().get(slug="measuring-impact")
    question = theme.questions.first()
    question.max_length = 300
    question.save()
    url = reverse("questionnaire:theme", args=[theme.slug])
    version = loaded_version(officer_client, url)
    officer_client.logout()
    typed = "Our outcomes framework took two years. " + "x" * 400
    junk = {f"junk_{n}": "y" * 20_000 for n in range(100)}
    junk.update({f"{'z' * 100}{n}": "z" for n in range(50)})  # not shaped like a field
    junk["many"] = ["v"] * 500

    response = officer_client.post(
        url, {**junk, "version": version, f"answer_{question.pk}": typed}
    )

    assert response.status_code == 302
    kept = officer_client.session[KEPT_POST]
    # The post was over 2 MB; what is kept is about 100 KB at most.
    assert len(json.dumps(kept)) <= 101_000
    assert not any(name.startswith("z") for name in kept["data"])
    assert len(kept["data"].get("many", [])) <= 20
    assert all(len(value) <= 10_000 for values in kept["data"].values() for value in values)
    assert kept["data"][f"answer_{question.pk}"] == [typed[:300]], "cut to the question's limit"

    sign_in(officer_client, officer.email, url)
    page = officer_client.get(url).content.decode()
    assert "We kept what you typed; check it and save." in page
    assert "Our outcomes framework took two years. xxx" in page
