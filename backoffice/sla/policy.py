"""The one SLA calculator: which rule applies to a case, and when each clock falls due.

Rules live in the SlaRule table (defaults seeded from DOMAIN.md); the calendar's administrator
overrides come from CalendarOverride/CalendarYear. A due time that falls in a year with no
official schedule is not guessed: the clock is left unset and the case is flagged, and
`sla_sweep` fills it in once an administrator has entered that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings

from backoffice.choices import SlaClock
from backoffice.sla.calendar import UnknownScheduleYear, WorkCalendar, add_duration


@dataclass(frozen=True)
class RuleSpec:
    amount: Decimal
    unit: str
    warn_before_hours: Decimal


@dataclass(frozen=True)
class DueTimes:
    acknowledge: datetime | None
    update: datetime | None
    resolve: datetime | None
    external: datetime | None
    unknown_years: frozenset[int]


def work_calendar() -> WorkCalendar:
    """A calendar with the administrator's overrides as they are now."""
    from zoneinfo import ZoneInfo

    from backoffice.models import CalendarOverride, CalendarYear

    overrides = dict(CalendarOverride.objects.values_list("date", "is_working_day"))
    known = CalendarYear.objects.values_list("year", flat=True)
    return WorkCalendar(overrides=overrides, known_years=known, tz=ZoneInfo(settings.TIME_ZONE))


class RuleBook:
    """All SLA rules loaded once; `rule_for` picks the most specific match."""

    def __init__(self, rules=None) -> None:
        from backoffice.models import SlaRule

        self.rules = list(rules if rules is not None else SlaRule.objects.all())

    def rule_for(self, clock: str, channel: str, severity: str, urgency: str) -> RuleSpec | None:
        best, best_score = None, -1
        for rule in self.rules:
            if rule.clock != clock:
                continue
            wanted = ((rule.channel, channel), (rule.severity, severity), (rule.urgency, urgency))
            if any(value and value != actual for value, actual in wanted):
                continue
            score = sum(1 for value, _ in wanted if value)
            if score > best_score:
                best, best_score = rule, score
        if best is None:
            return None
        return RuleSpec(best.amount, best.unit, best.warn_before_hours)


def _due(calendar: WorkCalendar, start: datetime, spec: RuleSpec | None, unknown: set[int]):
    if spec is None:
        return None
    try:
        return add_duration(calendar, start, float(spec.amount), spec.unit)
    except UnknownScheduleYear as missing:
        unknown.add(missing.year)
        return None


def compute_due_times(
    *,
    channel: str,
    severity: str,
    urgency: str,
    received_at: datetime,
    referring_body=None,
    calendar: WorkCalendar | None = None,
    rules: RuleBook | None = None,
) -> DueTimes:
    """Due times of all clocks for a case received at `received_at`."""
    calendar = calendar or work_calendar()
    rules = rules or RuleBook()
    unknown: set[int] = set()

    def due(clock: str) -> datetime | None:
        spec = rules.rule_for(clock, channel, severity, urgency)
        return _due(calendar, received_at, spec, unknown)

    external = None
    if referring_body is not None:
        spec = RuleSpec(referring_body.deadline_amount, referring_body.deadline_unit, Decimal(0))
        external = _due(calendar, received_at, spec, unknown)
    return DueTimes(
        acknowledge=due(SlaClock.ACKNOWLEDGE),
        update=due(SlaClock.UPDATE),
        resolve=due(SlaClock.RESOLVE),
        external=external,
        unknown_years=frozenset(unknown),
    )


def next_update_due(
    *,
    channel: str,
    severity: str,
    urgency: str,
    since: datetime,
    calendar: WorkCalendar | None = None,
    rules: RuleBook | None = None,
) -> datetime | None:
    """When the customer must next hear from us, counting from the last update `since`."""
    calendar = calendar or work_calendar()
    spec = (rules or RuleBook()).rule_for(SlaClock.UPDATE, channel, severity, urgency)
    return _due(calendar, since, spec, set())


def shift_for_pause(
    due: datetime | None, paused_at: datetime, resumed_at: datetime, calendar: WorkCalendar
) -> datetime | None:
    """Push a due time back by the working time the case spent waiting on the customer."""
    if due is None:
        return None
    try:
        paused_hours = calendar.working_hours_between(paused_at, resumed_at)
        if paused_hours <= 0:
            return due
        return calendar.add_working_hours(due, paused_hours)
    except UnknownScheduleYear:
        return due


def warn_before(rules: RuleBook, clock: str, channel: str, severity: str, urgency: str) -> Decimal:
    spec = rules.rule_for(clock, channel, severity, urgency)
    return spec.warn_before_hours if spec else Decimal(2)
