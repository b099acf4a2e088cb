"""`manage.py send_outbox`: deliver every notification that is due, then stop. Run it every
minute from the scheduler: it catches what the after-commit delivery could not send (a crash,
an SMTP or SMS gateway outage) and retries with back-off until MAX_ATTEMPTS."""

import logging

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import Notification
from backoffice.notifications import deliver_due
from backoffice.notifications.outbox import failed_notifications

logger = logging.getLogger(__name__)


def _due_count(now) -> int:
    return Notification.objects.filter(
        status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).count()


class Command(BaseCommand):
    help = "Send every due notification (e-mail and SMS), retrying failures with back-off."

    def handle(self, *args, **options):
        now = timezone.now()
        sent = failed = 0
        due = _due_count(now)
        while due:
            batch_sent, batch_failed = deliver_due(now=now)
            sent, failed = sent + batch_sent, failed + batch_failed
            still_due = _due_count(now)
            # A failed attempt is rescheduled after `now`, so each round shrinks the backlog;
            # rows another worker holds locked do not, and are left to that worker.
            if still_due >= due:
                break
            due = still_due
        waiting = Notification.objects.filter(status=Notification.Status.PENDING).count()
        self.stdout.write(
            _("Sent: %(sent)d. Given up now: %(failed)d. Waiting for a retry: %(waiting)d.")
            % {"sent": sent, "failed": failed, "waiting": waiting}
        )
        if failed:
            logger.error("%d notification(s) failed for good in this run", failed)
        given_up = failed_notifications().count()
        if given_up:
            self.stderr.write(
                self.style.WARNING(
                    _("%(n)d notification(s) could not be delivered and wait for an administrator.")
                    % {"n": given_up}
                )
            )
