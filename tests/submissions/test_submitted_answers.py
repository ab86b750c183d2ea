"""Downloading or printing one's submitted answers, and the copy in the receipt."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from outbox.models import OutboxEmail
from submissions.models import Submission
from tests.factories import AuthorityFactory, client_for, make_officer

from .conftest import complete_every_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(officer_client):
    complete_every_section(officer_client)
    officer_client.post(reverse("questionnaire:check"), {"declaration": "on"})
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SUBMITTED
    return submission


def test_officer_downloads_the_answers_as_an_html_file(officer_client, submitted):
    detail = officer_client.get(reverse("questionnaire:submission_detail", args=[submitted.pk]))
    download = reverse("questionnaire:submission_download", args=[submitted.pk])
    assert download in detail.content.decode()

    response = officer_client.get(download)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"] == (
        f'attachment; filename="answers-{submitted.reference}.html"'
    )
    html = response.content.decode()
    assert submitted.reference in html
    assert "The chief executive and the cabinet member for communities." in html
    assert "No child goes hungry" in html
    assert "govuk-header" not in html and "<form" not in html


def test_another_authoritys_officer_gets_404(submitted, current_round):
    other = make_officer(AuthorityFactory(name="Elsewhere"), "sam@elsewhere.gov.uk")
    client = client_for(other)
    for name in ("questionnaire:submission_download", "questionnaire:submission_detail"):
        assert client.get(reverse(name, args=[submitted.pk])).status_code == 404


def test_the_receipt_carries_a_copy_of_the_answers(submitted, officer):
    receipt = OutboxEmail.objects.get(key=f"submission:{submitted.pk}:receipt:{officer.pk}")
    assert "A copy of the answers, as submitted:" in receipt.body_text
    assert "Who leads the work: The chief executive" in receipt.body_text
    assert "Mission: No child goes hungry" in receipt.body_text


def test_the_print_stylesheet_leaves_out_navigation_and_buttons():
    scss = (Path(settings.BASE_DIR) / "static/scss/site.scss").read_text()
    [printed] = re.findall(r"@media print \{(.*?)\n\}", scss, re.S)
    for selector in (
        ".govuk-header",
        ".govuk-service-navigation",
        ".govuk-button",
        ".govuk-footer",
        ".govuk-back-link",
        ".app-no-print",
    ):
        assert selector in printed
