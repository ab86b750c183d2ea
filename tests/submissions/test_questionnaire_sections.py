"""Section pages: saving drafts, statuses, limits, bad input, the missions pages."""

import html
import re

import pytest
from django.urls import reverse

from common.text import clean_data, clean_text
from councils.models import Mission, MissionPartner, Partner, PartnerType
from instrument.models import Theme
from submissions.models import Answer, Consent, SectionProgress, Submission
from tests.factories import make_officer

from .conftest import (
    CONSENT_ANSWERS,
    about_answers,
    loaded_version,
    mission_answers,
    post_section,
    theme_answers,
)

pytestmark = pytest.mark.django_db

Status = SectionProgress.Status


def progress(key):
    return SectionProgress.objects.get(key=key)


def theme_url(theme):
    return reverse("questionnaire:theme", args=[theme.slug])


@pytest.fixture
def theme():
    return Theme.objects.with_questions().get(slug="leading-change")


def test_save_and_continue_completes_a_section_and_goes_to_the_next(officer_client, officer):
    response = post_section(officer_client, reverse("questionnaire:about"), about_answers())

    assert response.status_code == 302
    assert response.url == reverse("questionnaire:missions")
    submission = Submission.objects.get()
    assert submission.uses_mission_language == "partly"
    assert submission.who_leads.startswith("The chief executive")
    assert submission.approaches.count() == 1
    about = progress("about")
    assert about.status == Status.COMPLETED
    assert about.updated_by == officer
    assert about.version == 1


def test_a_partial_draft_saves_as_in_progress(officer_client):
    response = post_section(
        officer_client, reverse("questionnaire:about"), {"uses_mission_language": "yes"}
    )

    assert response.status_code == 302
    assert progress("about").status == Status.IN_PROGRESS
    assert Submission.objects.get().uses_mission_language == "yes"
    task_list = officer_client.get(reverse("questionnaire:task_list")).content.decode()
    assert "You have completed 0 of 11 sections." in task_list
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in task_list


def test_save_and_come_back_later_keeps_it_in_progress_and_returns_to_the_task_list(
    officer_client,
):
    # A partial draft stays in progress; a fully answered one is completed
    # (test_questionnaire_saving.py).
    response = post_section(
        officer_client,
        reverse("questionnaire:about"),
        {**about_answers(), "who_leads": ""},
        button="later",
    )

    assert response.url == reverse("questionnaire:task_list")
    assert progress("about").status == Status.IN_PROGRESS
    page = officer_client.get(response.url).content.decode()
    assert "have been saved" in page


def test_a_theme_is_completed_only_when_every_question_is_answered(officer_client, theme):
    answers = theme_answers(theme)
    first = theme.questions.all()[0]
    answers[f"answer_{first.pk}"] = ""

    post_section(officer_client, theme_url(theme), answers)

    assert progress(f"theme-{theme.slug}").status == Status.IN_PROGRESS
    assert Answer.objects.count() == theme.questions.count() - 1

    post_section(officer_client, theme_url(theme), theme_answers(theme))

    assert progress(f"theme-{theme.slug}").status == Status.COMPLETED
    reflection = Submission.objects.get().reflections.get(theme=theme)
    assert reflection.what_worked == "Listening first."
    assert reflection.what_didnt == "Short-term funding."


def test_a_theme_page_shows_each_question_with_a_character_count(officer_client, theme):
    question = theme.questions.all()[0]
    question.max_length = 500
    question.help_text = "Think about <b>leaders</b>."
    question.save()

    page = officer_client.get(theme_url(theme)).content.decode()

    for q in theme.questions.all():
        assert q.text in page
    assert 'data-maxlength="500"' in page
    assert page.count('data-module="govuk-character-count"') == theme.questions.count() + 2
    assert "What has worked?" in page and "What hasn’t worked?" in page
    # Researchers' text is shown as text, never as markup.
    assert "Think about &lt;b&gt;leaders&lt;/b&gt;." in page


def test_an_answer_over_the_limit_is_refused_naming_the_question_and_kept(officer_client, theme):
    question = theme.questions.all()[0]
    too_long = "x" * (question.max_length + 1)
    answers = {**theme_answers(theme), f"answer_{question.pk}": too_long}

    response = post_section(officer_client, theme_url(theme), answers)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "<title>Error: Leading change" in page
    short = " ".join(question.text.split()[:8])
    message = f"Your answer to ‘{short}…’ must be 10,000 characters or fewer"
    assert message in page
    assert f'<a href="#id_answer_{question.pk}">{message}</a>' in page
    assert too_long in page
    assert not Answer.objects.exists()
    assert not SectionProgress.objects.filter(version__gt=0).exists()


def test_a_newline_counts_as_one_character_as_the_character_count_says(officer_client, theme):
    question = theme.questions.all()[0]
    question.max_length = 10
    question.save()
    answers = {**theme_answers(theme), f"answer_{question.pk}": "12345\r\n6789"}

    response = post_section(officer_client, theme_url(theme), answers)

    assert response.status_code == 302
    assert Answer.objects.get(question=question).text == "12345\n6789"


def test_nul_characters_are_removed_not_a_server_error(officer_client, theme):
    question = theme.questions.all()[0]
    answers = {
        **theme_answers(theme),
        f"answer_{question.pk}": "Partners\x00 first.",
        "what_worked": "\x00",
    }

    response = post_section(officer_client, theme_url(theme), answers)

    assert response.status_code == 302
    assert Answer.objects.get(question=question).text == "Partners first."
    assert Submission.objects.get().reflections.get().what_worked == ""


def test_a_lone_surrogate_in_the_posted_bytes_is_not_a_server_error(officer_client, theme):
    question = theme.questions.all()[0]
    url = theme_url(theme)
    version = loaded_version(officer_client, url)
    # UTF-8 cannot encode a lone surrogate; a crafted body can still carry its bytes.
    body = f"version={version}&answer_{question.pk}=Plan%ED%A0%80%00ned&continue="

    response = officer_client.post(url, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 302
    text = Answer.objects.get(question=question).text
    assert text.startswith("Plan") and text.endswith("ned")
    assert "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


def test_text_cleaning_removes_what_postgresql_cannot_store():
    assert clean_text("a\x00b\ud800c\udfffd\r\ne") == "abcd\ne"
    assert clean_data({"x": "\x00", "n": 1}) == {"x": "", "n": 1}


def test_nul_in_a_choice_is_refused_politely(officer_client):
    response = post_section(
        officer_client, reverse("questionnaire:about"), {"uses_mission_language": "ye\x00s"}
    )

    assert response.status_code == 302  # cleaned to "yes"
    assert Submission.objects.get().uses_mission_language == "yes"


def test_return_to_check_answers_after_saving_a_change(officer_client, theme):
    url = theme_url(theme) + "?return=check"
    page = officer_client.get(url).content.decode()
    assert f'href="{reverse("questionnaire:check")}" class="govuk-back-link"' in page

    response = officer_client.post(
        url,
        {"version": loaded_version(officer_client, url), **theme_answers(theme), "continue": ""},
    )

    assert response.url == reverse("questionnaire:check")


def test_the_last_section_continues_to_check_your_answers(officer_client):
    response = post_section(officer_client, reverse("questionnaire:consent"), CONSENT_ANSWERS)

    assert response.url == reverse("questionnaire:check")


def test_national_government_is_optional_and_completed_even_empty(officer_client):
    response = post_section(
        officer_client, reverse("questionnaire:national_government"), {"national_government": ""}
    )

    assert response.status_code == 302
    assert progress("national-government").status == Status.COMPLETED
    page = officer_client.get(reverse("questionnaire:task_list")).content.decode()
    assert "The role of national government (optional)" in page


def test_each_consent_save_is_recorded_with_its_wording_version_and_time(officer_client, officer):
    url = reverse("questionnaire:consent")
    post_section(officer_client, url, {"publication": "anonymised"})
    post_section(officer_client, url, CONSENT_ANSWERS)

    first, second = Consent.objects.order_by("pk")
    assert first.publication == "anonymised" and first.follow_up_contact is None
    assert not first.privacy_agreed and not first.is_complete
    assert second.publication == "named" and second.follow_up_contact is True
    assert second.privacy_agreed and second.is_complete
    assert {c.wording_version for c in (first, second)} == {"2026-11"}
    assert second.given_by == officer and second.given_at >= first.given_at
    assert progress("consent").status == Status.COMPLETED
    page = officer_client.get(url).content.decode()
    assert 'href="/privacy/"' in page
    assert re.search(r'value="named"\s+checked="checked"', page)
    assert re.search(r'value="yes"\s+checked="checked"', page)


def test_consent_is_not_completed_without_agreeing_to_the_privacy_notice(officer_client):
    answers = {k: v for k, v in CONSENT_ANSWERS.items() if k != "privacy_agreed"}

    post_section(officer_client, reverse("questionnaire:consent"), answers)

    assert progress("consent").status == Status.IN_PROGRESS


def test_the_task_list_says_who_last_changed_each_section(officer_client, authority):
    colleague = make_officer(authority, "alex@testshire.gov.uk")
    colleague.first_name, colleague.last_name = "Alex", "Khan"
    colleague.save()
    post_section(officer_client, reverse("questionnaire:about"), about_answers())
    officer_client.force_login(colleague)
    post_section(officer_client, reverse("questionnaire:consent"), CONSENT_ANSWERS)

    page = officer_client.get(reverse("questionnaire:task_list")).content.decode()

    assert "Last changed by jo@testshire.gov.uk on" in page
    assert "Last changed by Alex Khan on" in page
    assert "You have completed 2 of 11 sections." in page


def test_saved_answers_are_shown_when_the_page_is_opened_again(officer_client, theme):
    post_section(officer_client, theme_url(theme), theme_answers(theme, "Our story"))

    page = officer_client.get(theme_url(theme)).content.decode()

    question = theme.questions.all()[0]
    assert f"Our story ({question.pk})." in page
    assert 'name="version" value="1"' in page


# --- missions ----------------------------------------------------------------------------


def add_mission(client, **data):
    url = reverse("questionnaire:mission_add")
    return client.post(url, {"version": loaded_version(client, url), **data})


def test_add_a_mission_with_a_partner_then_more_partners_one_at_a_time(officer_client, authority):
    response = add_mission(
        officer_client,
        **mission_answers(partner_name="Testshire Food Bank", partner_type="vcse-organisation"),
        add_partner="",
    )

    mission = Mission.objects.get()
    assert mission.authority == authority
    assert list(mission.submissions.all()) == [Submission.objects.get()]
    assert mission.target_year == 2030 and mission.stage == "delivering"
    assert mission.national_missions.count() == 1
    change_url = reverse("questionnaire:mission_change", args=[mission.pk])
    assert response.url == change_url + "#partners"
    page = officer_client.get(change_url).content.decode()
    assert "Testshire Food Bank" in page
    assert "Testshire Food Bank has been added as a partner." in page

    officer_client.post(
        change_url,
        {
            "version": loaded_version(officer_client, change_url),
            **mission_answers(
                partner_name="Testshire University",
                partner_type="academic-institution",
                partner_role="Evaluating the mission",
            ),
            "add_partner": "",
        },
    )

    partners = MissionPartner.objects.filter(mission=mission).select_related("partner")
    assert {(mp.partner.name, mp.partner.type.slug) for mp in partners} == {
        ("Testshire Food Bank", "vcse-organisation"),
        ("Testshire University", "academic-institution"),
    }
    assert progress("missions").status == Status.IN_PROGRESS


def test_adding_a_partner_needs_its_name_and_type(officer_client):
    response = add_mission(officer_client, **mission_answers(), add_partner="")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_partner_name">Enter the partner’s name</a>' in page
    assert '<a href="#id_partner_type_1">Select the type of partner</a>' in page
    assert 'value="No child goes hungry"' in page
    assert not Mission.objects.exists()


def test_a_mission_needs_a_name(officer_client):
    response = add_mission(officer_client, **mission_answers(title=""), save="")

    assert response.status_code == 200
    assert "Enter the name of the mission" in response.content.decode()
    assert "<title>Error: Add a mission" in response.content.decode()


def test_the_missions_section_is_completed_with_at_least_one_mission(officer_client):
    url = reverse("questionnaire:missions")
    post_section(officer_client, url, {})
    assert progress("missions").status == Status.IN_PROGRESS

    add_mission(officer_client, **mission_answers(), save="")
    response = post_section(officer_client, url, {})

    assert response.url == reverse("questionnaire:theme", args=["setting-and-shaping-missions"])
    assert progress("missions").status == Status.COMPLETED


def test_change_and_remove_a_mission_and_a_partner(officer_client):
    add_mission(
        officer_client,
        **mission_answers(partner_name="Testshire Food Bank", partner_type="vcse-organisation"),
        save="",
    )
    mission = Mission.objects.get()
    post_section(officer_client, reverse("questionnaire:missions"), {})
    listing = officer_client.get(reverse("questionnaire:missions")).content.decode()
    change_url = reverse("questionnaire:mission_change", args=[mission.pk])
    remove_url = reverse("questionnaire:mission_remove", args=[mission.pk])
    assert f'href="{change_url}"' in listing and f'href="{remove_url}"' in listing

    officer_client.post(
        change_url,
        {
            "version": loaded_version(officer_client, change_url),
            **mission_answers(title="Every child fed"),
            "save": "",
        },
    )
    mission.refresh_from_db()
    assert mission.title == "Every child fed"

    mission_partner = MissionPartner.objects.get()
    partner_url = reverse("questionnaire:partner_remove", args=[mission.pk, mission_partner.pk])
    kept = officer_client.post(
        partner_url, {"version": loaded_version(officer_client, partner_url), "confirm": "no"}
    )
    assert kept.url == change_url and MissionPartner.objects.exists()
    officer_client.post(
        partner_url, {"version": loaded_version(officer_client, partner_url), "confirm": "yes"}
    )
    assert not MissionPartner.objects.exists()
    assert Partner.objects.filter(name="Testshire Food Bank").exists()

    asked = officer_client.get(remove_url).content.decode()
    assert "Are you sure you want to remove ‘Every child fed’?" in asked
    officer_client.post(
        remove_url, {"version": loaded_version(officer_client, remove_url), "confirm": "yes"}
    )
    assert not Mission.objects.exists()
    # The section is no longer complete without a mission.
    assert progress("missions").status == Status.IN_PROGRESS


def test_remove_needs_an_answer(officer_client):
    add_mission(officer_client, **mission_answers(), save="")
    url = reverse("questionnaire:mission_remove", args=[Mission.objects.get().pk])

    response = officer_client.post(url, {"version": loaded_version(officer_client, url)})

    assert response.status_code == 200
    assert (
        '<a href="#id_confirm_1">Select yes if you want to remove it' in response.content.decode()
    )
    assert Mission.objects.exists()


def test_an_existing_partner_is_reused_not_changed(officer_client):
    vcse = PartnerType.objects.get(slug="vcse-organisation")
    other = Partner.objects.create(name="Testshire Food Bank", type=vcse, website="https://x.org")

    add_mission(
        officer_client,
        **mission_answers(partner_name="testshire food bank", partner_type="vcse-organisation"),
        save="",
    )

    assert MissionPartner.objects.get().partner == other
    assert Partner.objects.count() == 1
