"""Answers record the question version; "Not yet / not applicable"; Learning and enablers;
evidence for a theme, with PDFs kept private."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from instrument.models import Question, Theme
from submissions.models import Answer, Evidence, SectionProgress, Submission
from tests.factories import AuthorityFactory, MissionFactory, client_for, make_officer, new_client

from .conftest import post_section

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def theme_page(slug="measuring-impact"):
    theme = Theme.objects.with_questions().get(slug=slug)
    return theme, reverse("questionnaire:theme", args=[slug])


def test_saving_an_answer_records_the_version_and_wording_answered(officer_client):
    theme, url = theme_page()
    question = theme.questions.first()
    post_section(officer_client, url, {f"answer_{question.pk}": "Our outcomes framework."})

    answer = Answer.objects.get(question=question)
    assert (answer.question_version, answer.question_text) == (1, question.text)


def test_a_section_is_complete_when_each_question_is_answered_or_marked_not_yet(
    officer_client,
):
    theme, url = theme_page()
    first, *rest = theme.questions.all()
    data = {f"answer_{first.pk}": "Our outcomes framework."}
    for question in rest:
        data[f"not_yet_{question.pk}"] = "on"
    data[f"not_yet_reason_{rest[0].pk}"] = "We start evaluating next year."

    assert post_section(officer_client, url, data).status_code == 302

    progress = SectionProgress.objects.get(key="theme-measuring-impact")
    assert progress.status == SectionProgress.Status.COMPLETED
    marked = Answer.objects.get(question=rest[0])
    assert marked.not_yet and marked.not_yet_reason == "We start evaluating next year."
    check = html.unescape(officer_client.get(reverse("questionnaire:check")).content.decode())
    assert "Not yet / not applicable: We start evaluating next year." in check


def test_an_unmarked_empty_question_leaves_the_section_in_progress(officer_client):
    theme, url = theme_page()
    first = theme.questions.first()
    post_section(officer_client, url, {f"answer_{first.pk}": "Only one answer."})

    progress = SectionProgress.objects.get(key="theme-measuring-impact")
    assert progress.status == SectionProgress.Status.IN_PROGRESS


def test_answering_and_marking_not_yet_together_is_refused(officer_client):
    theme, url = theme_page()
    first = theme.questions.first()
    response = post_section(
        officer_client, url, {f"answer_{first.pk}": "An answer.", f"not_yet_{first.pk}": "on"}
    )

    assert response.status_code == 200
    assert "not both" in html.unescape(response.content.decode())
    assert not Answer.objects.exists()


def test_a_theme_page_asks_in_the_second_person_under_the_articles_research_question(
    officer_client,
):
    page = html.unescape(
        officer_client.get(
            reverse("questionnaire:theme", args=["setting-and-shaping-missions"])
        ).content.decode()
    )

    assert "The research question" in page
    assert "How are councils and strategic authorities using missions" in page
    assert "How does your authority decide which challenges suit a mission?" in page


def test_learning_and_enablers_is_on_the_task_list_and_the_check_page(officer_client):
    task_list = officer_client.get(reverse("questionnaire:task_list")).content.decode()
    assert "Learning and enablers (optional)" in task_list

    enablers = Question.objects.learning().order_by("order").first()
    url = reverse("questionnaire:learning")
    page = html.unescape(officer_client.get(url).content.decode())
    assert "amplify, deepen and enable" in page
    assert "national government" in page
    assert "Bogotá" in page
    post_section(officer_client, url, {f"answer_{enablers.pk}": "Multi-year funding."})

    check = officer_client.get(reverse("questionnaire:check")).content.decode()
    assert "9. Learning and enablers (optional)" in html.unescape(check)
    assert "Multi-year funding." in check


# --- evidence ----------------------------------------------------------------------------


def evidence_url(slug="measuring-impact"):
    return reverse("questionnaire:theme_evidence", args=[slug])


def test_an_officer_adds_a_link_and_a_pdf_to_a_theme(officer_client, private_media):
    officer_client.post(
        evidence_url(), {"title": "Our strategy", "url": "https://testshire.gov.uk/strategy"}
    )
    officer_client.post(
        evidence_url(),
        {"title": "Evaluation", "file": SimpleUploadedFile("e.pdf", PDF, "application/pdf")},
    )

    link, pdf = Evidence.objects.order_by("pk")
    assert link.theme.slug == "measuring-impact" and link.url.startswith("https://")
    assert pdf.file and (private_media / pdf.file.name).read_bytes() == PDF
    page = officer_client.get(evidence_url()).content.decode()
    assert "Our strategy" in page and "Evaluation (PDF)" in page


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(officer_client):
    response = officer_client.post(
        evidence_url(),
        {
            "title": "Not a PDF",
            "file": SimpleUploadedFile("trick.pdf", b"<html>", "application/pdf"),
        },
    )

    assert response.status_code == 200
    assert "The file must be a PDF" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused(officer_client, monkeypatch):
    monkeypatch.setattr("submissions.forms.evidence.MAX_BYTES", 10)
    response = officer_client.post(
        evidence_url(),
        {"title": "Too big", "file": SimpleUploadedFile("big.pdf", PDF, "application/pdf")},
    )

    assert "10 MB or smaller" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_pdf_is_served_only_to_its_officers_and_research_staff(
    officer_client, authority, researcher, private_media
):
    officer_client.post(
        evidence_url(),
        {"title": "Evaluation", "file": SimpleUploadedFile("e.pdf", PDF, "application/pdf")},
    )
    evidence = Evidence.objects.get()
    url = reverse("questionnaire:evidence_file", args=[evidence.pk])

    # Stored outside MEDIA_ROOT, so not under MEDIA_URL's public path.
    assert str(private_media) in evidence.file.path
    assert b"".join(officer_client.get(url).streaming_content) == PDF
    assert b"".join(client_for(researcher).get(url).streaming_content) == PDF

    stranger = new_client()
    stranger.force_login(make_officer(AuthorityFactory(), "sam@elsewhere.gov.uk"))
    assert stranger.get(url).status_code == 404
    assert new_client().get(url).status_code == 302  # to sign in
    colleague_of_other = Submission.objects.exclude(authority=authority)
    assert not colleague_of_other.exists()


def test_evidence_can_be_removed_while_the_draft_is_open(officer_client):
    officer_client.post(evidence_url(), {"title": "Old link", "url": "https://example.org/a"})
    evidence = Evidence.objects.get()

    officer_client.post(reverse("questionnaire:evidence_remove", args=[evidence.pk]))

    assert not Evidence.objects.exists()


def test_evidence_can_be_attached_to_a_mission(officer_client):
    officer_client.get(reverse("questionnaire:task_list"))
    submission = Submission.objects.get()
    mission = MissionFactory(authority=submission.authority, submission=submission)
    page = officer_client.get(reverse("questionnaire:mission_change", args=[mission.pk]))
    url = reverse("questionnaire:mission_evidence", args=[mission.pk])
    assert url in page.content.decode()  # the mission's page links to it

    response = officer_client.post(url, {"title": "Food strategy", "url": "https://example.org/f"})

    assert response.status_code == 302 and response.url == url
    evidence = Evidence.objects.get()
    assert evidence.mission == mission and evidence.theme is None
    assert "Food strategy" in officer_client.get(url).content.decode()
    removed = officer_client.post(reverse("questionnaire:evidence_remove", args=[evidence.pk]))
    assert removed.url == url and not Evidence.objects.exists()

    stranger = new_client()
    stranger.force_login(make_officer(AuthorityFactory(), "sam@elsewhere.gov.uk"))
    assert stranger.get(url).status_code in (404, 302)
