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
from django.db.models import F, Q
from django.utils.translation import gettext as _

from backoffice.choices import SlaClock
from backoffice.sla.calendar import UnknownScheduleYear, WorkCalendar, add_duration
from backoffice.workflow import CLOSED_STATES, PAUSED_STATES, State


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
    unknown_years: set[int] | None = None,
) -> datetime | None:
    """When the customer must next hear from us, counting from the last update `since`.
    None when it falls in a year with no schedule (added to `unknown_years` if given)."""
    calendar = calendar or work_calendar()
    spec = (rules or RuleBook()).rule_for(SlaClock.UPDATE, channel, severity, urgency)
    return _due(calendar, since, spec, unknown_years if unknown_years is not None else set())


def shift_for_pause(
    due: datetime | None,
    paused_at: datetime,
    resumed_at: datetime,
    calendar: WorkCalendar,
    unknown_years: set[int] | None = None,
) -> datetime | None:
    """Push a due time back by the working time the case spent waiting on the customer.

    None when the pause or the new due time reaches a year with no official schedule: keeping
    the old due time would breach a case for time it spent waiting. `sla_sweep` sets it again,
    pauses included, once an administrator has entered that year."""
    if due is None:
        return None
    try:
        paused_hours = calendar.working_hours_between(paused_at, resumed_at)
        if paused_hours <= 0:
            return due
        return calendar.add_working_hours(due, paused_hours)
    except UnknownScheduleYear as missing:
        if unknown_years is not None:
            unknown_years.add(missing.year)
        return None


def warn_before(rules: RuleBook, clock: str, channel: str, severity: str, urgency: str) -> Decimal:
    spec = rules.rule_for(clock, channel, severity, urgency)
    return spec.warn_before_hours if spec else Decimal(2)


# --- which clocks are running ---------------------------------------------------------------

# The clock of a referring body (12315...), beside the three SlaClock clocks.
EXTERNAL_CLOCK = "external"
CLOCK_FIELDS: dict[str, str] = {
    SlaClock.ACKNOWLEDGE: "acknowledge_due",
    SlaClock.UPDATE: "update_due",
    SlaClock.RESOLVE: "resolve_due",
    EXTERNAL_CLOCK: "external_due",
}
# Once the resolution is carried out, the customer is no longer waiting on us: the update,
# resolution and referral clocks stop (the satisfaction follow-up has its own 2-day rule).
SETTLED_STATES = frozenset({State.IMPLEMENTED, State.FOLLOW_UP})


def clock_runs(clock: str, state: str, acknowledged: bool) -> bool:
    """Whether `clock` counts in `state`. Closed cases have no clocks; the acknowledgement clock
    runs until the case is acknowledged; the others stop while the case waits on the customer
    (PAUSED_STATES) and once the resolution is carried out (SETTLED_STATES)."""
    if state in CLOSED_STATES:
        return False
    if clock == SlaClock.ACKNOWLEDGE:
        return not acknowledged
    return state not in PAUSED_STATES and state not in SETTLED_STATES


def running_clocks(case) -> dict[str, datetime]:
    """The clocks counting on `case` now that have a due time: {clock: due}."""
    running = {}
    for clock, field in CLOCK_FIELDS.items():
        due = getattr(case, field)
        if due is not None and clock_runs(clock, case.state, case.acknowledged_at is not None):
            running[clock] = due
    return running


def is_overdue(case, now: datetime) -> bool:
    """The in-memory twin of overdue_q, for one case already loaded."""
    return any(due < now for due in running_clocks(case).values())


def _running_clock_q(due_q) -> Q:
    """Cases with a running clock for which `due_q(field)` holds: the query twin of
    running_clocks, so the overdue queue and the sweep agree with the case screen."""
    # "Not closed" stands alone at the top so that the database can start from the small
    # partial index of open cases (case_open_by_due) whatever the rest of the condition.
    not_closed = ~Q(state__in=sorted(CLOSED_STATES))
    counting = ~Q(state__in=sorted(PAUSED_STATES | SETTLED_STATES))
    return not_closed & (
        (Q(acknowledged_at__isnull=True) & due_q("acknowledge_due"))
        | (counting & (due_q("update_due") | due_q("resolve_due") | due_q("external_due")))
    )


def running_clock_due_q(by: datetime) -> Q:
    """Cases with a running clock due at or before `by` whose breach has not been handled yet
    (breached_at empty or before that due time)."""
    return _running_clock_q(
        lambda field: (
            Q(**{f"{field}__lte": by})
            & (Q(breached_at__isnull=True) | Q(**{f"{field}__gt": F("breached_at")}))
        )
    )


def due_between_q(start: datetime, end: datetime) -> Q:
    """Cases with a running clock falling due from `start` to `end` (the "due today" queue)."""
    return _running_clock_q(lambda field: Q(**{f"{field}__gte": start, f"{field}__lte": end}))


def overdue_q(now: datetime) -> Q:
    """Cases with a running clock past due at `now`, handled by the sweep or not. A case
    waiting on the customer or already carried out is not overdue."""
    return _running_clock_q(lambda field: Q(**{f"{field}__lt": now}))


def clock_label(clock: str, case) -> str:
    """The clock's name for staff: "Resolution", "Deadline of 12315 ..."."""
    if clock == EXTERNAL_CLOCK:
        body = case.referring_body
        return _("Deadline of %(body)s") % {"body": body} if body else _("Referral deadline")
    return str(SlaClock(clock).label)


def warning_hours(rules: RuleBook, clock: str, case) -> tuple[Decimal, bool]:
    """How long before `clock` falls due its owner is warned, and whether that is counted in
    working hours (True) or elapsed hours (a round-the-clock rule). A referral deadline uses
    the warning of the case's resolution rule."""
    rule_clock = SlaClock.RESOLVE if clock == EXTERNAL_CLOCK else clock
    spec = rules.rule_for(rule_clock, case.channel, case.severity, case.urgency)
    if clock == EXTERNAL_CLOCK:
        unit = case.referring_body.deadline_unit if case.referring_body else "working_days"
    else:
        unit = spec.unit if spec else "working_hours"
    hours = spec.warn_before_hours if spec else Decimal(2)
    return hours, unit != "hours"
