"""The printable forms of a case (DOMAIN.md, "Forms named in the seeds"), as PDF.

`render_document(kind, case)` returns (filename, PDF bytes). The registry `DOCUMENTS` says
which template draws each form, its title and who reads it: a customer-facing letter is
written in the case's language, an internal form in the reader's. Values are formatted here
(dates, money, yes/no, masking); the templates hold the labels and the layout.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, get_supported_language_variant, override
from django.utils.translation import gettext as _

from backoffice import links
from backoffice.access import contact, mask_email, mask_phone
from backoffice.choices import ESCALATION_LADDER, Role
from backoffice.models import Case, CaseEvent
from backoffice.naming import name_of
from backoffice.pdf import MONTHS_EN, css_string, page_counter_css, render_pdf
from backoffice.tracking import tracking_code
from backoffice.workflow import ACTIONS

CUSTOMER_FACING = "customer"
INTERNAL = "internal"


class DocumentSpec(NamedTuple):
    template: str
    # The form's name in Chinese and in English: the Chinese name is printed in every
    # language, because that is the name the form is filed and asked for under.
    title: dict[str, str]
    audience: str


DOCUMENTS: dict[str, DocumentSpec] = {
    "acknowledgement": DocumentSpec(
        "backoffice/documents/acknowledgement.html",
        {"zh": "受理函", "en": "Acknowledgement of your complaint"},
        CUSTOMER_FACING,
    ),
    "record_sheet": DocumentSpec(
        "backoffice/documents/record_sheet.html",
        {"zh": "用户异议处理统计表", "en": "Complaint record sheet"},
        INTERNAL,
    ),
    "return_slip": DocumentSpec(
        "backoffice/documents/return_slip.html",
        {"zh": "商品退换货单", "en": "Return and exchange slip"},
        INTERNAL,
    ),
    "incident_report": DocumentSpec(
        "backoffice/documents/incident_report.html",
        {"zh": "重大异常事故报告", "en": "Major incident report"},
        INTERNAL,
    ),
}


def document_title(kind: str, language: str) -> str:
    """用户异议处理统计表 in Chinese, "用户异议处理统计表 / Complaint record sheet" otherwise."""
    title = DOCUMENTS[kind].title
    return title["zh"] if is_chinese(language) else f"{title['zh']} / {title['en']}"


def document_filename(kind: str, case: Case) -> str:
    return f"{kind.replace('_', '-')}-{case.reference}.pdf"


# --- formatting: written out, so a server's locale never changes a printed form --------------

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def local_time(value: datetime) -> datetime:
    """An aware datetime in the business's time zone (Asia/Shanghai by default), whatever
    time zone the request activated."""
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


def printed_date(value: date | datetime | None, language: str) -> str:
    """2026年11月23日 星期一 / Monday 23 November 2026; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_time(value).date()
    if is_chinese(language):
        return f"{value.year}年{value.month}月{value.day}日 {WEEKDAYS_ZH[value.weekday()]}"
    return f"{WEEKDAYS_EN[value.weekday()]} {value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def printed_datetime(value: datetime | None, language: str) -> str:
    """2026年11月23日 星期一 14:30 / Monday 23 November 2026, 14:30 (local time)."""
    if value is None:
        return ""
    local = local_time(value)
    separator = " " if is_chinese(language) else ", "
    return f"{printed_date(local, language)}{separator}{local:%H:%M}"


def printed_short_datetime(value: datetime | None) -> str:
    """2026-11-23 14:30 (local time), for dense tables."""
    return f"{local_time(value):%Y-%m-%d %H:%M}" if value else ""


def money(amount: Decimal | None) -> str:
    return f"¥{amount:,.2f}" if amount is not None else ""


def yes_no(value: bool | None) -> str:
    if value is None:
        return _("Not recorded")
    return _("Yes") if value else _("No")


def person_name(user) -> str:
    """A staff member's name as it is written: 王丽 for Chinese names, "Li Wang" otherwise."""
    if user is None:
        return ""
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last and all(ord(ch) > 0x2E7F for ch in first + last):
        return f"{last}{first}"
    return user.get_full_name().strip() or user.get_username()


def event_actor(event: CaseEvent) -> str:
    if event.actor is not None:
        return person_name(event.actor)
    return {"customer": _("Customer"), "system": _("System")}.get(event.actor_label, "")


def event_label(event: CaseEvent) -> str:
    """What happened, as the action's name ("Approve compensation") where there is one."""
    action = ACTIONS.get(event.action)
    return str(action.label) if action is not None else str(event.get_kind_display())


class Complainant(NamedTuple):
    name: str
    gender: str
    phone: str
    email: str
    address: str
    member_card: str


def complainant(case: Case, *, masked: bool) -> Complainant:
    """The complainant's details, masked for readers who may not see personal data (by
    access.contact, the masking rule of every screen and the staff API)."""
    shown = contact(case, masked=masked)
    return Complainant(
        shown.name,
        case.get_complainant_gender_display() if case.complainant_gender else "",
        shown.phone,
        shown.email,
        shown.address,
        shown.member_card,
    )


LINK = re.compile(r"https?://\S+")


def _without_links(text: str) -> str:
    # A customer's text message carries their tracking link, whose code opens the case:
    # an internal report must not pass it on.
    return Truncator(LINK.sub("", text).strip(" .")).chars(80)


def _masked_recipient(recipient: str, masked: bool) -> str:
    if not masked:
        return recipient
    return mask_email(recipient) if "@" in recipient else mask_phone(recipient)


# --- what each form shows ---------------------------------------------------------------------


def _common(kind: str, case: Case, language: str, masked: bool) -> dict:
    page_label = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    return {
        "kind": kind,
        "case": case,
        "title": document_title(kind, language),
        "store_name": name_of(case.store, language),
        "printed_on": printed_date(timezone.now(), language),
        "received_at": printed_datetime(case.received_at, language),
        "received_date": printed_date(case.received_at, language),
        "received_time": f"{local_time(case.received_at):%H:%M}",
        "complainant": complainant(case, masked=masked),
        "masked": masked,
        # The footer is drawn in a page margin box, whose text is CSS: "Page " counter(page)…
        "footer_reference_css": css_string(
            _("Reference %(reference)s") % {"reference": case.reference}
        ),
        "page_counter_css": page_counter_css(page_label),
    }


def _deadlines(case: Case, language: str) -> dict:
    return {
        "acknowledge_due": printed_datetime(case.acknowledge_due, language),
        "acknowledged_at": printed_datetime(case.acknowledged_at, language),
        "resolve_due": printed_datetime(case.resolve_due, language),
        "external_due": printed_datetime(case.external_due, language),
        "closed_at": printed_datetime(case.closed_at, language),
        "referring_body": str(case.referring_body) if case.referring_body else "",
    }


def _compensation(case: Case) -> dict:
    return {
        "kind": case.get_compensation_kind_display() if case.compensation_kind else "",
        "amount": money(case.compensation_amount),
        "requested_by": person_name(case.compensation_requested_by),
        "approved_by": person_name(case.compensation_approved_by),
    }


def _acknowledgement(case: Case, language: str, masked: bool) -> dict:
    return {
        "deadlines": _deadlines(case, language),
        "handler": person_name(case.owner) or _("our service desk"),
        "tracking_address": tracking_address(language),
        "tracking_code": tracking_code(case.reference, case.tracking_salt),
    }


def tracking_address(language: str) -> str:
    """The public tracking page, without the case's code (the letter prints that apart)."""
    return links.tracking_address("zh-hans" if is_chinese(language) else language)


def _record_sheet(case: Case, language: str, masked: bool) -> dict:
    events = list(case.events.select_related("actor"))
    first_actor = next((event.actor for event in events if event.actor is not None), None)
    return {
        "unit_complained_about": name_of(case.unit_complained_about or case.store, language),
        "responsible_unit": name_of(case.responsible_unit, language),
        "recorder": person_name(first_actor or case.owner),
        "notes": [
            {
                "at": printed_short_datetime(event.at),
                "by": event_actor(event),
                "text": event.body,
            }
            for event in events
            if event.kind == CaseEvent.Kind.NOTE
        ],
        "follow_ups": [
            {
                "at": printed_short_datetime(attempt.at),
                "by": person_name(attempt.by),
                "reached": yes_no(attempt.reached),
                "sms_sent": yes_no(attempt.sms_sent),
                "satisfaction": f"{attempt.satisfaction}/5" if attempt.satisfaction else "",
                "comment": attempt.comment,
            }
            for attempt in case.follow_ups.select_related("by")
        ],
        "satisfaction": f"{case.satisfaction}/5" if case.satisfaction else "",
        "deadlines": _deadlines(case, language),
        "compensation": _compensation(case),
        "handler": person_name(case.owner),
        "signers": [_("Recorder"), _("Shift supervisor"), _("Customer-service manager")],
    }


def _return_slip(case: Case, language: str, masked: bool) -> dict:
    return {
        "counter": name_of(case.unit_complained_about or case.responsible_unit, language),
        "quality_problem": yes_no(case.quality_problem),
        "commission_deducted": yes_no(case.commission_deducted),
        "compensation": _compensation(case),
        "handler": person_name(case.owner),
        "signers": [_("Customer"), _("Counter"), _("Finance")],
    }


def _incident_report(case: Case, language: str, masked: bool) -> dict:
    level = case.escalation_level
    return {
        "incident_date": printed_date(case.incident_date, language),
        "unit_complained_about": name_of(case.unit_complained_about, language),
        "responsible_unit": name_of(case.responsible_unit, language),
        "handler": person_name(case.owner),
        "timeline": [
            {
                "at": printed_short_datetime(event.at),
                "by": event_actor(event),
                "what": event_label(event),
                "to_state": event.get_to_state_display() if event.to_state else "",
                "text": event.body,
            }
            for event in case.events.select_related("actor")
        ],
        "escalation_role": Role(ESCALATION_LADDER[min(level, len(ESCALATION_LADDER) - 1)]).label,
        "escalated_to": person_name(case.escalated_to),
        "notifications": [
            {
                "at": printed_short_datetime(notification.created_at),
                "sent_at": printed_short_datetime(notification.sent_at),
                "channel": notification.get_channel_display(),
                "recipient": _masked_recipient(notification.recipient, masked),
                "message": notification.subject or _without_links(notification.body),
                "status": notification.get_status_display(),
            }
            for notification in case.notifications.order_by("created_at", "pk")
        ],
        "deadlines": _deadlines(case, language),
        "compensation": _compensation(case),
        "signers": [_("Customer-service manager"), _("General manager")],
    }


CONTEXT_BUILDERS = {
    "acknowledgement": _acknowledgement,
    "record_sheet": _record_sheet,
    "return_slip": _return_slip,
    "incident_report": _incident_report,
}


def document_language(kind: str, case: Case, language: str | None = None) -> str:
    """The language a form is printed in: as asked; else the customer's for a letter to the
    customer and the active language for an internal form. Always a configured language."""
    if not language:
        audience = DOCUMENTS[kind].audience
        language = case.language if audience == CUSTOMER_FACING else get_language()
    try:
        return get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def render_document(
    kind: str, case: Case, *, language: str | None = None, mask_personal_data: bool = False
) -> tuple[str, bytes]:
    """Print form `kind` for `case`: returns (filename, PDF bytes).

    Reads the case afresh from the database. With `mask_personal_data`, the complainant's
    name, phone, e-mail, address and member card (and notification recipients) are masked;
    callers decide who may see them (backoffice.access.shows_personal_data). Raises KeyError
    for an unknown kind. Does not check permissions: views do."""
    spec = DOCUMENTS[kind]
    language = document_language(kind, case, language)
    case = Case.objects.select_related(
        "store",
        "unit_complained_about",
        "responsible_unit",
        "category",
        "referring_body",
        "owner",
        "escalated_to",
        "compensation_requested_by",
        "compensation_approved_by",
        "closed_by",
        "signed_off_by",
    ).get(pk=case.pk)
    with override(language):
        context = _common(kind, case, language, mask_personal_data)
        context.update(CONTEXT_BUILDERS[kind](case, language, mask_personal_data))
        content = render_pdf(spec.template, context, language=language)
    return document_filename(kind, case), content
