"""How the customer-visible timeline reads to the customer: a plain headline per entry, in the
customer's words rather than the staff screen's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.workflow import CUSTOMER

HEADLINES = {
    "acknowledge": _("Complaint accepted"),
    "request_information": _("We asked you for more information"),
    "customer_reply": _("Your reply"),
    "customer_message": _("Your message"),
    "propose_resolution": _("Resolution proposed"),
    "approve_compensation": _("Resolution proposed"),
    "customer_accept": _("You accepted the resolution"),
    "customer_reject": _("You did not accept the resolution"),
    "implement": _("Resolution carried out"),
    "customer_rate": _("Your rating"),
    "close": _("Complaint closed"),
    "mark_invalid": _("Complaint closed"),
    "dispute": _("You disputed the result: complaint reopened"),
    "message_customer": _("Message from us"),
    "merge": _("Handled together with another complaint"),
}
KIND_HEADLINES = {
    "received": _("Complaint received"),
    "attachment": _("File added"),
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    headline: str
    body: str
    by_customer: bool


def timeline_entries(events) -> list[TimelineEntry]:
    entries = []
    for event in events:
        headline = HEADLINES.get(event.action) or KIND_HEADLINES.get(event.kind)
        entries.append(
            TimelineEntry(
                at=timezone.localtime(event.at),
                headline=str(headline or event.get_kind_display()),
                body=event.body,
                by_customer=event.actor_label == CUSTOMER,
            )
        )
    return entries
