"""The scheduled reports: every Monday the previous ISO week's, on the 1st the previous month's
(`manage.py send_reports --weekly|--monthly`, run by the scheduler).

Each run renders one PDF for all units and one per active store, stores it under
MEDIA_ROOT/reports/<kind>/<period>/ and queues one e-mail per recipient and report through the
outbox (backoffice.notifications), the PDF attached by its stored path:

- the all-units report, which sets the stores side by side, goes to the NotificationRecipient
  addresses of the event (weekly/monthly) and to head office's staff accounts: one e-mail each,
  however many stores there are;
- a store's report goes to that store's customer-service managers and general managers.

Idempotent: an outbox row with the same attachment path and recipient means "already sent"
(a database constraint, so two runs at once cannot both send), so a second run for the same
period sends nothing twice and a run interrupted half way sends only what is missing, with the
PDF already stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice.choices import Role, UnitKind
from backoffice.models import Notification, NotificationRecipient, Unit
from backoffice.naming import localized_name
from backoffice.notifications import queue_email
from backoffice.reports import report_for, report_pdf
from backoffice.reports.periods import Period
from backoffice.reports.sections import (
    MONTHLY,
    WEEKLY,
    report_filename,
    report_title,
)
from backoffice.workflow import SYSTEM

REPORT_DIR = "reports"
EVENTS = {
    WEEKLY: NotificationRecipient.Event.WEEKLY,
    MONTHLY: NotificationRecipient.Event.MONTHLY,
}
STORE_READERS = (Role.MANAGER, Role.GENERAL_MANAGER)


@dataclass(frozen=True)
class Dispatched:
    """What one run did with one report: the stored file, who it was queued for now, and
    how many recipients already had it."""

    scope_key: str
    path: str
    queued: tuple[str, ...]
    already_sent: int


def report_path(kind: str, period: Period, scope_key: str) -> str:
    """Where the report is stored, relative to MEDIA_ROOT (and the outbox's attachment path)."""
    return f"{REPORT_DIR}/{kind}/{period.key}/{report_filename(kind, period, scope_key, 'pdf')}"


def _unique(addresses) -> list[str]:
    seen: set[str] = set()
    unique = []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


def recipients_for(kind: str, store: Unit | None) -> list[str]:
    """The addresses one report goes to, in a stable order, each once: the all-units report
    (`store` None) to head office and the configured recipients, a store's to its managers."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if store is None:
        addresses = list(
            NotificationRecipient.objects.filter(event=EVENTS[kind])
            .order_by("email")
            .values_list("email", flat=True)
        )
        addresses += (
            users.filter(staff__role=Role.HEAD_OFFICE)
            .order_by("pk")
            .values_list("email", flat=True)
        )
    else:
        addresses = list(
            users.filter(staff__role__in=STORE_READERS, staff__unit__path__startswith=store.path)
            .order_by("pk")
            .values_list("email", flat=True)
        )
    return _unique(addresses)


def _store_file(relative: str, content: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    os.replace(partial, path)  # readers never see half a file


def _message(kind: str, period: Period, scope_label: str, language: str) -> tuple[str, str]:
    with override(language):
        title = report_title(kind, language)
        subject = f"{title} {period.label(language)} · {scope_label}"
        body = _(
            "The attached PDF is the %(title)s for %(period)s (%(units)s).\n\n"
            "Figures for any period and unit, as PDF or spreadsheet: %(link)s"
        ) % {
            "title": title,
            "period": period.label(language),
            "units": scope_label,
            "link": f"{settings.WAGTAILADMIN_BASE_URL}{reverse('complaint_reports:index')}",
        }
    return subject, body


def send_scheduled_reports(kind: str, period: Period, *, language: str) -> list[Dispatched]:
    """Render and queue the `kind` ("weekly" or "monthly") reports of `period`: all units,
    then each active store. Each report's e-mails are queued in one transaction; recipients
    who already have a report are skipped (see the module docstring)."""
    if kind not in EVENTS:
        raise ValueError(f"Unknown scheduled report {kind!r}")
    stores = list(Unit.objects.filter(kind=UnitKind.STORE, active=True).order_by("path"))
    results = []
    for store in [None, *stores]:
        scope_key = store.code if store is not None else "all"
        path = report_path(kind, period, scope_key)
        recipients = recipients_for(kind, store)
        already = set(
            Notification.objects.filter(attachment_path=path).values_list("recipient", flat=True)
        )
        pending = [address for address in recipients if address not in already]
        if pending:
            scope_label = _stored_report(kind, period, store, path, language)
            subject, body = _message(kind, period, scope_label, language)
            try:
                with transaction.atomic():
                    for address in pending:
                        queue_email(address, subject, body, attachment_path=path)
            except IntegrityError:
                # Another run queued this report at the same moment: it is sent once, by it.
                pending = []
        results.append(Dispatched(scope_key, path, tuple(pending), len(recipients) - len(pending)))
    return results


def _stored_report(kind, period, store, path, language) -> str:
    """Render and store the report unless an earlier, interrupted run already did (so that
    every recipient gets the same file). Returns the scope's name for the e-mail."""
    if store is not None:
        label = localized_name(store.name, store.name_en, language)
    else:
        with override(language):
            label = _("All units")
    if not (Path(settings.MEDIA_ROOT) / path).exists():
        report = report_for(
            SYSTEM, period, unit_code=store.code if store else None, language=language
        )
        _store_file(path, report_pdf(report))
    return label
