"""The notification outbox: written with the change, sent after commit, retried, given up on."""

import importlib.util
import smtplib
from datetime import timedelta

import pytest

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from backoffice.choices import Channel, ContactPreference
from backoffice.models import Case, Notification
from backoffice.notifications import deliver_due, queue_email
from backoffice.notifications.outbox import MAX_ATTEMPTS, failed_notifications
from backoffice.workflow import CUSTOMER

pytestmark = pytest.mark.django_db


class BrokenEmailBackend(BaseEmailBackend):
    """An SMTP server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def message_the_customer(submit, act, contact=ContactPreference.EMAIL):
    case = submit(preferred_contact=contact)
    act(case, "message_customer", message="您好，您的电饭煲已安排检测，明天给您答复。")
    return Notification.objects.filter(case=case).latest("pk")


def test_notifications_are_written_and_rolled_back_with_the_change(submit):
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(channel=Channel.MEDIA)  # a major complaint: manager, GM and head office hear
        assert Notification.objects.count() >= 3
        raise RuntimeError("the request failed after the case was saved")
    assert Case.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_notification_is_sent_only_after_commit(submit, act, django_capture_on_commit_callbacks):
    case = submit(preferred_contact=ContactPreference.EMAIL)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act(case, "message_customer", message="您好，检测结果明天出来。")
        assert mail.outbox == []  # not while the transaction is open
    assert callbacks
    [sent] = mail.outbox
    assert sent.to == ["lxh@example.com"]
    assert case.reference in sent.subject
    notification = Notification.objects.get(case=case, channel=Notification.Channel.EMAIL)
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1 and notification.sent_at is not None


def test_failing_sms_gateway_is_retried_with_back_off_then_given_up(submit, act, settings):
    settings.SMS_BACKEND = "backoffice.notifications.sms.FailingSmsBackend"
    sms = message_the_customer(submit, act, ContactPreference.SMS)
    assert sms.channel == Notification.Channel.SMS
    now = timezone.now() + timedelta(seconds=1)
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deliver_due(now=now)
        sms.refresh_from_db()
        assert sms.attempts == attempt
        assert "SMS gateway unreachable" in sms.last_error
        if attempt == MAX_ATTEMPTS:
            break
        assert sms.status == Notification.Status.PENDING
        delay = sms.next_attempt_at - now
        delays.append(delay)
        deliver_due(now=now + delay - timedelta(seconds=1))  # not yet due: untouched
        sms.refresh_from_db()
        assert sms.attempts == attempt
        now += delay
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert sms.status == Notification.Status.FAILED
    assert list(failed_notifications()) == [sms]
    deliver_due(now=now + timedelta(days=1))  # given up: never retried again
    sms.refresh_from_db()
    assert sms.attempts == MAX_ATTEMPTS


def test_an_smtp_outage_is_retried_and_the_mail_goes_out_later(submit, act, settings):
    settings.EMAIL_BACKEND = "tests.backoffice.test_outbox.BrokenEmailBackend"
    email = message_the_customer(submit, act)
    deliver_due(now=timezone.now() + timedelta(seconds=1))
    email.refresh_from_db()
    assert email.status == Notification.Status.PENDING and email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # SMTP is back
    deliver_due(now=email.next_attempt_at)
    email.refresh_from_db()
    assert email.status == Notification.Status.SENT and email.last_error == ""
    assert len(mail.outbox) == 1
    assert list(failed_notifications()) == []


def test_send_outbox_delivers_everything_due_beyond_one_batch(db, capsys):
    for n in range(205):  # deliver_due takes 200 at a time
        queue_email(f"customer{n}@example.com", "投诉处理进度", "您的投诉正在处理中。")
    call_command("send_outbox")
    assert len(mail.outbox) == 205
    assert not Notification.objects.exclude(status=Notification.Status.SENT).exists()
    assert "205" in capsys.readouterr().out


def test_send_outbox_points_administrators_at_failures(submit, act, settings, capsys):
    settings.SMS_BACKEND = "backoffice.notifications.sms.FailingSmsBackend"
    sms = message_the_customer(submit, act, ContactPreference.SMS)
    # Five attempts already failed (as in the back-off test above): this run is the last.
    Notification.objects.filter(pk=sms.pk).update(attempts=MAX_ATTEMPTS - 1)
    call_command("send_outbox")
    sms.refresh_from_db()
    assert sms.status == Notification.Status.FAILED
    expected = gettext(
        "%(n)d notification(s) could not be delivered and wait for an administrator."
    ) % {"n": 1}
    assert expected in capsys.readouterr().err


@pytest.mark.skipif(
    importlib.util.find_spec("backoffice.documents") is None,
    reason="backoffice/documents.py (render_document) is not written yet",
)
def test_the_acknowledgement_email_carries_the_pdf_letter(submit):
    case = submit(channel=Channel.ONLINE, actor=CUSTOMER)
    acknowledgement = Notification.objects.get(case=case, attachment_kind="acknowledgement")
    deliver_due(now=timezone.now() + timedelta(seconds=1))
    acknowledgement.refresh_from_db()
    assert acknowledgement.status == Notification.Status.SENT, acknowledgement.last_error
    [sent] = mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    assert filename.endswith(".pdf") and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
