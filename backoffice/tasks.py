"""Background tasks (django_tasks). Periodic work is a management command run by the
scheduler: sla_sweep, send_outbox, send_reports."""

from django_tasks import task

from backoffice.notifications.outbox import deliver_due


@task()
def deliver_outbox() -> dict:
    sent, failed = deliver_due()
    return {"sent": sent, "failed": failed}
