"""The notification outbox: `queue_*` writes rows inside the caller's transaction and asks for
delivery after commit; `deliver_due` sends what is due, retrying with back-off."""

from __future__ import annotations

import logging
import mimetypes
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from backoffice.models import Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6  # 1, 2, 4, 8, 16 minutes apart: about half an hour before giving up


def _queue(
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    case=None,
    attachment_kind="",
    attachment_path="",
):
    if not recipient:
        return None
    notification = Notification.objects.create(
        channel=channel,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        case=case,
        attachment_kind=attachment_kind,
        attachment_path=attachment_path,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(_request_delivery)
    return notification


def queue_email(
    recipient: str, subject: str, body: str, *, case=None, attachment_kind="", attachment_path=""
):
    """`attachment_kind` attaches a case's form, rendered when sent; `attachment_path` a file
    already stored under MEDIA_ROOT (a report), relative to it."""
    return _queue(
        Notification.Channel.EMAIL, recipient, subject, body, case, attachment_kind, attachment_path
    )


def queue_sms(recipient: str, body: str, *, case=None):
    return _queue(Notification.Channel.SMS, recipient, "", body, case)


def notification_resend(original: Notification, *, actor) -> Notification:
    """Send `original` again as a new pending row that records what it resends and who asked.
    The outbox is append-only: the original row keeps its status, attempts and error. Callers
    check that `actor` may (the outbox's permission policy, backoffice.gate)."""
    from wagtail.log_actions import log

    with transaction.atomic():
        copy = Notification.objects.create(
            channel=original.channel,
            recipient=original.recipient,
            subject=original.subject,
            body=original.body,
            case=original.case,
            attachment_kind=original.attachment_kind,
            attachment_path=original.attachment_path,
            resend_of=original,
            resent_by=actor,
            next_attempt_at=timezone.now(),
        )
        log(instance=copy, action="wagtail.create", user=actor)
        transaction.on_commit(_request_delivery)
    return copy


def _request_delivery() -> None:
    from backoffice.tasks import deliver_outbox

    try:
        deliver_outbox.enqueue()
    except Exception:  # the periodic `send_outbox` picks it up; never fail the user's request
        logger.exception("Could not enqueue outbox delivery")


def _send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.SMS:
        import_string(settings.SMS_BACKEND)().send(notification.recipient, notification.body)
        return
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
    )
    if notification.attachment_kind and notification.case_id:
        from backoffice.documents import render_document

        filename, content = render_document(notification.attachment_kind, notification.case)
        message.attach(filename, content, "application/pdf")
    if notification.attachment_path:
        path = _stored_file(notification.attachment_path)
        message.attach(path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0])
    message.send(fail_silently=False)


def _stored_file(relative: str) -> Path:
    """A file under MEDIA_ROOT; a path leading outside it is refused (and retried, then
    reported, like any other delivery failure)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"Attachment outside MEDIA_ROOT: {relative!r}")
    return path


def deliver_due(now=None, limit: int = 200) -> tuple[int, int]:
    """Send every pending notification whose time has come. Returns (sent, failed now).
    Safe to run concurrently: each row is claimed under a row lock."""
    now = now or timezone.now()
    sent = failed = 0
    due_ids = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in due_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, status=Notification.Status.PENDING)
                .select_related("case")
                .first()
            )
            if notification is None:
                continue
            notification.attempts += 1
            try:
                _send(notification)
            except Exception as error:  # any backend failure is retried, then reported
                notification.last_error = f"{type(error).__name__}: {error}"[:2000]
                if notification.attempts >= MAX_ATTEMPTS:
                    notification.status = Notification.Status.FAILED
                    failed += 1
                else:
                    delay = timedelta(minutes=2 ** (notification.attempts - 1))
                    notification.next_attempt_at = now + delay
            else:
                notification.status = Notification.Status.SENT
                notification.sent_at = timezone.now()
                notification.last_error = ""
                sent += 1
            notification.save(
                update_fields=["attempts", "status", "next_attempt_at", "last_error", "sent_at"]
            )
    return sent, failed


def failed_notifications():
    """Notifications given up on after MAX_ATTEMPTS, newest first, with their case: what an
    administrator checks (wrong address, gateway down) and resends by hand."""
    return (
        Notification.objects.filter(status=Notification.Status.FAILED)
        .select_related("case")
        .order_by("-created_at", "-pk")
    )
