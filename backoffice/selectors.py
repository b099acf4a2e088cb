"""Read helpers for the staff screens: queues, timelines, field history, dashboard counts.
Every one starts from access.cases_visible_to, so no screen can forget the unit scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backoffice.access import can_view_case, cases_visible_to, staff_of
from backoffice.choices import Severity
from backoffice.models import Case, CaseEvent
from backoffice.sla import policy
from backoffice.workflow import OPEN_STATES

QUEUES = {
    "mine": _("My cases"),
    "unit": _("My unit"),
    "unassigned": _("Unassigned"),
    "due_today": _("Due today"),
    "overdue": _("Overdue"),
    "major": _("Major"),
    "approval": _("Awaiting approval"),
}


def _end_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


def queue_q(queue: str, user, now: datetime) -> Q:
    open_q = Q(state__in=list(OPEN_STATES))
    if queue == "mine":
        return open_q & (Q(owner=user) | Q(escalated_to=user))
    if queue == "unit":
        staff = staff_of(user)
        if staff is None:
            return Q(pk__in=[])
        return open_q & (
            Q(store__path__startswith=staff.unit.path)
            | Q(responsible_unit__path__startswith=staff.unit.path)
        )
    if queue == "unassigned":
        return open_q & Q(owner__isnull=True)
    if queue == "due_today":
        return policy.due_between_q(now, _end_of_today(now))
    if queue == "overdue":
        return policy.overdue_q(now)
    if queue == "major":
        return open_q & Q(severity=Severity.MAJOR)
    if queue == "approval":
        return Q(state="approval_pending")
    return Q()


def cases_for_queue(user, queue: str = "", now: datetime | None = None) -> QuerySet[Case]:
    now = now or timezone.now()
    return (
        cases_visible_to(user)
        .filter(queue_q(queue, user, now))
        .select_related("store", "category", "owner", "responsible_unit")
    )


REFERENCE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}")


def case_timeline(case: Case, reader=None) -> list[CaseEvent]:
    """The case's events, oldest first. For `reader`, another case named by an entry (a repeat,
    a merge) that they may not see is not named: its reference gives way to "another case"."""
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    if reader is None:
        return events
    named = {
        value
        for event in events
        for value in (event.data or {}).values()
        if isinstance(value, str) and REFERENCE.fullmatch(value) and value != case.reference
    }
    if not named:
        return events
    hidden = named - set(
        cases_visible_to(reader).filter(reference__in=named).values_list("reference", flat=True)
    )
    for event in events:
        for reference in hidden:
            if reference in event.body:
                event.body = event.body.replace(reference, str(_("another case")))
    return events


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    user: object
    reason: str
    changes: list[FieldChange]


# Fields whose every change the timeline already tells better, or that only the system uses.
_HISTORY_SKIP = {"warned_at", "created_at", "paused_at"}


def case_field_history(case: Case, limit: int = 200, reader=None) -> list[HistoryEntry]:
    """Readable field-by-field changes (django-simple-history), newest first. A link to
    another case (repeat of, merged into) that `reader` may not see is shown as "another case"."""
    records = list(case.history.select_related("history_user").order_by("-history_date")[:limit])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if older is None:
            entries.append(HistoryEntry(newer.history_date, newer.history_user, _("Created"), []))
            continue
        delta = newer.diff_against(older)
        changes = []
        for change in delta.changes:
            if change.field in _HISTORY_SKIP:
                continue
            field = Case._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    change.field,
                    str(field.verbose_name),
                    _display(field, change.old, reader),
                    _display(field, change.new, reader),
                )
            )
        if changes:
            entries.append(
                HistoryEntry(
                    newer.history_date,
                    newer.history_user,
                    newer.history_change_reason or "",
                    changes,
                )
            )
    return entries


def _display(field, value, reader=None) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        model = field.related_model
        obj = model._default_manager.filter(pk=value).first()
        if model is Case and reader is not None and (obj is None or not can_view_case(reader, obj)):
            return str(_("another case"))
        return str(obj) if obj else str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


@dataclass(frozen=True)
class DashboardCounts:
    mine: int
    due_today: int
    overdue: int
    major: int
    approval: int


def dashboard_counts(user, now: datetime | None = None) -> DashboardCounts:
    from django.db.models import Count

    now = now or timezone.now()
    visible = cases_visible_to(user)
    counts = visible.aggregate(
        **{
            name: Count("pk", filter=queue_q(name, user, now))
            for name in ("mine", "due_today", "overdue", "major", "approval")
        }
    )
    return DashboardCounts(**counts)


def open_cases_for_customer(user, *, phone: str = "", member_card: str = "", exclude_pk=None):
    """The same customer's open cases, for the intake check."""
    match = Q()
    if phone:
        match |= Q(complainant_phone=phone)
    if member_card:
        match |= Q(member_card=member_card)
    if not match:
        return Case.objects.none()
    queryset = cases_visible_to(user).filter(match, state__in=list(OPEN_STATES))
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.select_related("store").order_by("-received_at")[:10]


def due_soon_window(now: datetime) -> tuple[datetime, datetime]:
    return now, now + timedelta(hours=24)
