"""Thin Celery tasks: each loads by id and calls a service. Safe to run twice."""

from celery import shared_task

from .export_jobs import export_job_build


@shared_task(ignore_result=True)
def build_export(job_id: int) -> None:
    export_job_build(job_id=job_id)
