"""Thin Celery tasks: each loads by id and calls a service. Safe to run twice."""

from celery import shared_task

from . import services


@shared_task(bind=True, ignore_result=True)
def send_outbox_email(self, email_id: int) -> str:
    outcome = services.email_send(email_id=email_id)
    if outcome == services.RETRY and not self.request.is_eager:
        # The row records the failure and when to try again; a lost retry message is picked
        # up by the sweep, so this is only the fast path.
        countdown = services.email_retry_countdown(email_id=email_id)
        raise self.retry(countdown=countdown, max_retries=None)
    return outcome


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    return services.outbox_sweep()
