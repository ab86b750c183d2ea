"""Spreadsheet (XLSX) exports as background work: asked for in the admin, built by a Celery task
into private storage, and linked in an email to the researcher who asked.

Building a workbook of 200,000 answers takes longer than a web request may (gunicorn stops a
worker after 30 s), so the request only records what was asked for (`ExportJob`) and the task
builds it. Only a POST records one (the button on the page the XLSX links lead to, or the admin
action): a GET must never start work that emails someone (research/views.py). CSV keeps streaming in the request (exports.py): it starts at once and holds no file.

Only the researcher who asked may download the file, and only while they may still export
(`common.roles.can_export`): the file holds the codes that *they* may see (a second coder's codes
stay hidden until double coding is finished) and the notes or emails they chose to include.
"""

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.emails import absolute_url, email_context
from common.roles import can_export
from outbox.services import email_enqueue
from submissions.models import Submission

from . import datasets
from .exports import answer_rows
from .models import ExportJob
from .spreadsheet import xlsx_write

logger = logging.getLogger(__name__)


def export_job_request(
    *,
    user,
    dataset: str,
    submissions,
    include_notes: bool = False,
    include_emails: bool = False,
) -> ExportJob:
    """Record the export and have a worker build it once the row is committed."""
    from .tasks import build_export

    day = f"{timezone.localdate():%Y-%m-%d}"
    if dataset == ExportJob.Dataset.ANSWERS:
        filename = f"submission-answers-{day}.xlsx"
    else:
        filename = f"submissions-{dataset}-{day}.xlsx"
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            dataset=dataset,
            submission_ids=list(submissions.order_by().values_list("pk", flat=True)),
            include_notes=include_notes,
            include_emails=include_emails,
            filename=filename,
        )
        build_export.delay_on_commit(job.pk)
    return job


def _sheets(job: ExportJob, user) -> list[tuple[str, object]]:
    submissions = Submission.objects.filter(pk__in=job.submission_ids)
    if job.dataset == ExportJob.Dataset.ANSWERS:
        return [("Answers", answer_rows(submissions, include_notes=job.include_notes, user=user))]
    if job.dataset == ExportJob.Dataset.WIDE:
        rows = datasets.wide_rows(submissions, include_emails=job.include_emails)
    else:
        rows = datasets.long_rows(submissions, user=user)
    dictionary = datasets.dictionary_rows(include_emails=job.include_emails)
    return [(job.dataset.title(), rows), ("Dictionary", dictionary)]


def export_job_build(*, job_id: int) -> ExportJob:
    """Build the workbook, store it privately, mark the job ready and email the link, the last
    two in one transaction. Safe to run twice: a ready job is left as it is, and the email's
    key is the job's, so it is sent once."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status != ExportJob.Status.PENDING:
        return job
    user = job.requested_by
    if not can_export(user):
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now()
        )
        logger.warning("Export %s not built: %s may no longer export", job.pk, user.pk)
        return job
    storage = job.file.storage
    with tempfile.TemporaryFile(suffix=".xlsx") as output:
        xlsx_write(_sheets(job, user), output)
        output.seek(0)
        name = storage.save(job.file.field.generate_filename(job, job.filename), File(output))
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("requested_by").get(pk=job.pk)
        if job.status != ExportJob.Status.PENDING:
            # Another run finished first: keep its file, drop this one.
            transaction.on_commit(lambda: storage.delete(name))
            return job
        job.file.name = name
        job.status = ExportJob.Status.READY
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "finished_at"])
        if user.email:
            email_enqueue(
                key=f"export-ready-{job.pk}",
                to=[user.email],
                template="export_ready",
                context=email_context(
                    name=user.get_short_name() or user.get_username(),
                    job=job,
                    download_url=absolute_url(download_path(job)),
                ),
            )
    return job


def download_path(job: ExportJob) -> str:
    return reverse("admin:research_codableanswer_export_download", args=[job.pk])


def export_job_for_download(*, user, job_id: int) -> ExportJob | None:
    """The ready export `user` asked for, or None: nobody else's, and only while they may export."""
    if not can_export(user):
        return None
    return ExportJob.objects.filter(
        pk=job_id, requested_by=user, status=ExportJob.Status.READY
    ).first()
