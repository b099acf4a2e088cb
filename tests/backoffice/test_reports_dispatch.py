"""The scheduler's `send_reports`: the previous week's or month's reports rendered for all
units and each store, stored under MEDIA_ROOT/reports/, queued through the outbox to the
listed recipients, head office and the store's managers, and never sent twice."""

from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from backoffice.models import Notification, NotificationRecipient
from backoffice.notifications.outbox import deliver_due
from backoffice.reports.periods import previous_month, previous_week
from tests.backoffice import test_reports_fixtures as fixtures
from tests.backoffice.test_documents import pdf_text

pytestmark = pytest.mark.django_db

# The month of test_reports_fixtures, built once for this module.
october = fixtures.october

MONTHLY_DIR = "reports/monthly/2026-10"


@pytest.fixture
def listed(october):
    NotificationRecipient.objects.create(
        event=NotificationRecipient.Event.MONTHLY, email="boss@example.com", name="营运处"
    )
    NotificationRecipient.objects.create(
        event=NotificationRecipient.Event.WEEKLY, email="weekly@example.com"
    )


def outbox_rows():
    return sorted(
        Notification.objects.exclude(attachment_path="").values_list("attachment_path", "recipient")
    )


def test_the_previous_week_and_month():
    from datetime import date

    monday = date(2026, 11, 2)
    assert previous_week(monday).key == "2026-W44"
    assert previous_week(date(2026, 1, 5)).key == "2026-W01"  # ISO week 1 of 2026
    assert previous_week(date(2027, 1, 4)).key == "2026-W53"
    assert previous_month(date(2026, 11, 1)).key == "2026-10"
    assert previous_month(date(2026, 1, 1)).key == "2025-12"


def test_the_monthly_reports_are_queued_once_for_each_recipient(listed, settings, october):
    call_command("send_reports", "--monthly", "--date", "2026-11-01")
    expected = sorted(
        [(f"{MONTHLY_DIR}/monthly-report-2026-10-all.pdf", address) for address in ("boss@example.com", "hq@example.com")]
        + [
            (f"{MONTHLY_DIR}/monthly-report-2026-10-s01.pdf", address)
            for address in ("manager@example.com", "gm@example.com")
        ]
        + [
            (f"{MONTHLY_DIR}/monthly-report-2026-10-s02.pdf", address)
            for address in ("manager2@example.com",)
        ]
    )  # fmt: skip
    assert outbox_rows() == expected
    for name in ("all", "s01", "s02"):
        stored = Path(settings.MEDIA_ROOT, MONTHLY_DIR, f"monthly-report-2026-10-{name}.pdf")
        assert stored.read_bytes().startswith(b"%PDF")
    s02 = pdf_text(
        Path(settings.MEDIA_ROOT, MONTHLY_DIR, "monthly-report-2026-10-s02.pdf").read_bytes()
    )
    assert october["C11"].reference in s02 and october["C6"].reference not in s02
    subject = (
        Notification.objects.exclude(attachment_path="")
        .get(recipient="manager2@example.com")
        .subject
    )
    assert subject == "用户异议处理月报表 2026年10月 · 望京门店"

    call_command("send_reports", "--monthly", "--date", "2026-11-01")
    assert outbox_rows() == expected  # the second run sends nothing twice


def test_a_recipient_added_later_gets_only_what_they_miss(listed, settings):
    call_command("send_reports", "--monthly", "--date", "2026-11-01")
    stored = Path(settings.MEDIA_ROOT, MONTHLY_DIR, "monthly-report-2026-10-all.pdf")
    first = stored.read_bytes()
    NotificationRecipient.objects.create(
        event=NotificationRecipient.Event.MONTHLY, email="late@example.com"
    )
    call_command("send_reports", "--monthly", "--date", "2026-11-03")
    late = Notification.objects.filter(recipient="late@example.com")
    assert late.count() == 1  # the all-units report, which sets the stores side by side
    assert stored.read_bytes() == first  # the same file as everyone else's


def test_the_e_mail_carries_the_stored_pdf(listed, mailoutbox):
    call_command("send_reports", "--weekly", "--date", "2026-11-02")
    deliver_due()
    to_weekly = [m for m in mailoutbox if m.to == ["weekly@example.com"]]
    assert len(to_weekly) == 1  # one e-mail, the stores side by side, however many stores
    attachments = {m.attachments[0][0]: m.attachments[0] for m in to_weekly}
    filename, content, mimetype = attachments["weekly-report-2026-W44-all.pdf"]
    assert mimetype == "application/pdf"
    text = pdf_text(content)
    assert "顾客投诉周报表" in text and "2026年第44周" in text
    assert not Notification.objects.filter(status=Notification.Status.FAILED).exists()


def test_a_report_cannot_be_queued_twice_for_one_address(listed):
    """Two overlapping scheduled runs: the database refuses the second copy."""
    from django.db import IntegrityError, transaction

    from backoffice.notifications import queue_email

    path = "reports/weekly/2026-W44/weekly-report-2026-W44-all.pdf"
    queue_email("twice@example.com", "report", "body", attachment_path=path)
    with pytest.raises(IntegrityError), transaction.atomic():
        queue_email("twice@example.com", "report", "body", attachment_path=path)
    assert Notification.objects.filter(recipient="twice@example.com").count() == 1


def test_an_attachment_outside_the_media_folder_is_never_sent(listed, mailoutbox):
    from backoffice.notifications import queue_email

    queue_email("x@example.com", "report", "body", attachment_path="../../etc/passwd")
    deliver_due()
    notification = Notification.objects.get(recipient="x@example.com")
    assert notification.status == Notification.Status.PENDING  # retried, then reported
    assert "outside MEDIA_ROOT" in notification.last_error
    assert not [m for m in mailoutbox if m.to == ["x@example.com"]]


def test_send_reports_needs_exactly_one_kind_and_a_real_date(october):
    with pytest.raises(CommandError):
        call_command("send_reports")
    with pytest.raises(CommandError):
        call_command("send_reports", "--weekly", "--monthly")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reports", "--weekly", "--date", "2026-13-01")
    assert not Notification.objects.exclude(attachment_path="").exists()
