"""XLSX exports run in a Celery task (research/tasks.py, research/export_jobs.py): the link shows
what will be built, the button's POST records what was asked for, the worker writes the file to private storage and emails a link
(through the outbox, in the transaction that marks the export ready), and the link serves the
file only to the researcher who asked, while they may still export."""

import io
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from research.export_jobs import export_job_build, export_job_request
from research.models import ExportJob
from research.tasks import build_export
from submissions.models import Submission
from tests.factories import client_for, emails_to
from tests.test_no_nested_forms import nested_forms

from .conftest import make_submission
from .export_helpers import EXPORT_URL, PREPARING, ask_for_xlsx, link_in_email, xlsx_via_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def submissions(a_round, theme):
    return make_submission(a_round, theme, name="Camden"), make_submission(
        a_round, theme, name="Cardiff"
    )


@pytest.fixture
def ready_job(
    submissions, researcher, researcher_client, private_media, django_capture_on_commit_callbacks
):
    xlsx_via_email(researcher_client, researcher, django_capture_on_commit_callbacks, {})
    return ExportJob.objects.get()


def test_the_request_records_the_export_and_builds_nothing(
    researcher_client, researcher, submissions, private_media, django_capture_on_commit_callbacks
):
    camden, cardiff = submissions
    cardiff.status = Submission.Status.DRAFT
    cardiff.save()
    with django_capture_on_commit_callbacks() as callbacks:
        response = ask_for_xlsx(researcher_client, {"status__exact": "submitted", "notes": "1"})

    changelist = reverse("admin:submissions_submission_changelist")
    assert response.status_code == 302
    assert response["Location"] == f"{changelist}?status__exact=submitted"
    job = ExportJob.objects.get()
    assert job.requested_by == researcher
    assert job.status == ExportJob.Status.PENDING
    assert job.dataset == "answers" and job.include_notes
    assert job.submission_ids == [camden.pk], "what the filtered list showed"
    assert not job.file
    assert len(callbacks) == 1, "the task is enqueued once the row is committed"
    assert emails_to(researcher.email) == []
    page = researcher_client.get(response["Location"]).content.decode()
    assert PREPARING in page


def test_the_worker_stores_the_file_privately_and_emails_a_link(
    ready_job, researcher, private_media
):
    assert ready_job.status == ExportJob.Status.READY
    assert ready_job.finished_at is not None
    stored = private_media / ready_job.file.name
    assert stored.is_file()
    assert str(settings.MEDIA_ROOT) not in str(stored)
    (email,) = emails_to(researcher.email)
    assert email.subject == f"Your spreadsheet is ready: {ready_job.filename}"
    assert link_in_email(researcher) == reverse(
        "admin:research_codableanswer_export_download", args=[ready_job.pk]
    )
    assert "2 submissions" in email.body_text


def test_running_the_task_again_builds_and_emails_nothing_more(
    ready_job, researcher, private_media
):
    files = sorted(private_media.rglob("*.xlsx"))

    build_export(ready_job.pk)
    build_export.apply(args=[ready_job.pk])

    ready_job.refresh_from_db()
    assert sorted(private_media.rglob("*.xlsx")) == files == [private_media / ready_job.file.name]
    assert len(emails_to(researcher.email)) == 1


def test_a_run_that_loses_the_race_keeps_the_first_file(
    submissions, researcher, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        job = export_job_request(
            user=researcher, dataset="answers", submissions=Submission.objects.all()
        )
    # Two workers got the task (a redelivery): the second read the job while it was pending...
    stale = ExportJob.objects.select_related("requested_by").get(pk=job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        export_job_build(job_id=job.pk)
    finished = ExportJob.objects.get(pk=job.pk)
    # ...and finishes its file after the first has marked the job ready.
    with (
        mock.patch.object(ExportJob.objects, "select_related") as first_read,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first_read.return_value.get.return_value = stale
        export_job_build(job_id=job.pk)

    assert ExportJob.objects.get(pk=job.pk).file.name == finished.file.name
    assert list(private_media.rglob("*.xlsx")) == [private_media / finished.file.name]
    assert len(emails_to(researcher.email)) == 1


def test_the_email_is_written_in_the_transaction_that_marks_the_export_ready(
    submissions, researcher_client, researcher, private_media, django_capture_on_commit_callbacks
):
    with (
        mock.patch("research.export_jobs.email_enqueue", side_effect=RuntimeError("outbox down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask_for_xlsx(researcher_client, {})

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.PENDING and not job.file
    # A later run (the task retried, or run again by hand) finishes it and sends the email.
    with django_capture_on_commit_callbacks(execute=True):
        build_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY
    assert len(emails_to(researcher.email)) == 1


def test_the_owner_downloads_the_workbook(ready_job, researcher_client, researcher):
    response = researcher_client.get(link_in_email(researcher))

    assert response.status_code == 200
    assert ready_job.filename in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    authorities = {row[1] for row in list(workbook.active.iter_rows(values_only=True))[1:]}
    assert authorities == {"Camden", "Cardiff"}


def test_another_exporter_cannot_use_the_link(ready_job, researcher, lead_client):
    assert lead_client.get(link_in_email(researcher)).status_code == 404


def test_the_link_stops_working_when_the_owner_may_no_longer_export(
    ready_job, researcher, researcher_client
):
    researcher.groups.clear()
    researcher.user_permissions.add(*Permission.objects.filter(codename="view_codableanswer"))

    assert researcher_client.get(link_in_email(researcher)).status_code == 404


def test_the_link_needs_a_signed_in_member_of_staff(ready_job, researcher, client, officer):
    link = link_in_email(researcher)

    assert client.get(link).status_code == 302
    assert client_for(officer).get(link).status_code == 302
    assert b"PK" not in client.get(link).content


def test_no_file_for_someone_who_lost_the_permission_before_it_was_built(
    submissions, researcher, researcher_client, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        ask_for_xlsx(researcher_client, {})
    researcher.groups.clear()

    build_export(ExportJob.objects.get().pk)

    assert ExportJob.objects.get().status == ExportJob.Status.FAILED
    assert list(private_media.rglob("*.xlsx")) == []
    assert emails_to(researcher.email) == []


def test_the_admin_action_exports_the_selected_submissions_later(
    submissions, researcher, researcher_client, private_media, django_capture_on_commit_callbacks
):
    _, cardiff = submissions
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(
            reverse("admin:submissions_submission_changelist"),
            {"action": "export_answers_as_xlsx", "_selected_action": [cardiff.pk]},
            follow=True,
        )

    assert PREPARING in response.content.decode()
    job = ExportJob.objects.get()
    assert job.submission_ids == [cardiff.pk]
    download = researcher_client.get(link_in_email(researcher))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert {row[1] for row in list(workbook.active.iter_rows(values_only=True))[1:]} == {"Cardiff"}


def test_dataset_spreadsheets_go_back_to_the_analysis_page(
    submissions, researcher_client, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = ask_for_xlsx(researcher_client, {"dataset": "wide"})

    assert response["Location"] == reverse("admin:research_codableanswer_changelist")
    assert ExportJob.objects.get().dataset == "wide"


def test_csv_still_streams_in_the_request(submissions, researcher_client):
    response = researcher_client.get(reverse(EXPORT_URL), {"format": "csv"})

    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_following_the_link_shows_the_button_and_creates_nothing(
    submissions, researcher_client, researcher, django_capture_on_commit_callbacks
):
    """A GET never changes anything: a crawler, a prefetch or a link preview starts no export."""
    url = f"{reverse(EXPORT_URL)}?format=xlsx&dataset=wide&emails=1"
    with django_capture_on_commit_callbacks() as callbacks:
        page = researcher_client.get(url)
        researcher_client.head(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "2 submissions" in html and "one row per submission" in html
    assert "Officers’ names and emails: included" in html
    assert researcher.email in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert nested_forms(html) == []
    assert not ExportJob.objects.exists()
    assert callbacks == []
    assert emails_to(researcher.email) == []


def test_the_button_needs_the_csrf_token(submissions, researcher):
    client = client_for(researcher)
    client.handler.enforce_csrf_checks = True

    response = client.post(f"{reverse(EXPORT_URL)}?format=xlsx")

    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_only_an_exporter_sees_the_page_or_may_press_the_button(submissions, researcher, client):
    researcher.groups.clear()
    researcher.user_permissions.add(*Permission.objects.filter(codename="view_codableanswer"))
    url = f"{reverse(EXPORT_URL)}?format=xlsx"

    assert client_for(researcher).get(url).status_code == 403
    assert client_for(researcher).post(url).status_code == 403
    assert not ExportJob.objects.exists()


def test_csv_is_not_posted(submissions, researcher_client):
    assert researcher_client.post(reverse(EXPORT_URL)).status_code == 405
