"""The periodic SLA sweep, run every few minutes by the scheduler (`manage.py sla_sweep`).

Due times are stored on each case, so "overdue" is a query and is right without any sweep. The
sweep only *acts* on time:

1. it fills in due times that could not be computed because their year had no official
   working-day schedule, once an administrator has entered that year, and reports every year
   the open cases still wait for;
2. it closes satisfaction follow-ups whose customer stayed silent 2 working days after the SMS;
3. it escalates each missed deadline once, one rung up the ladder, with a timeline entry naming
   the clock and how late it is in working hours;
4. it warns the owner once per due time when a deadline comes within its rule's warning time.

Guarantees: one calendar and one RuleBook for the whole run; candidate cases are found by
indexed queries and read in chunks; each case is handled in its own transaction under a row
lock, re-checked after locking. Each warning, breach and auto-close is first claimed by
inserting a SweepMark (case, kind, clock, due time) in that same transaction: the mark's unique
constraint lets exactly one of any number of overlapping sweeps act, whatever their timing or
their `now`; the others find the mark taken and send nothing. Idempotent: a second run at the
same `now` changes nothing. A failure on one case is logged and counted, and the sweep goes on
with the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice.choices import ESCALATION_LADDER
from backoffice.models import Case, CaseEvent, FollowUpAttempt, SweepMark
from backoffice.services import notify
from backoffice.services.cases import _event as timeline_event
from backoffice.services.cases import case_transition
from backoffice.sla import policy, recompute
from backoffice.sla.calendar import UnknownScheduleYear, WorkCalendar
from backoffice.workflow import CLOSED_STATES, SYSTEM, State

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
UNREACHABLE_AFTER_WORKING_DAYS = 2  # DOMAIN.md: no answer 2 working days after the SMS → close
TOP_RUNG = len(ESCALATION_LADDER) - 1


@dataclass
class SweepReport:
    """What one sweep did. `unknown_years` maps a year without an official schedule to the
    number of open cases that need it."""

    now: datetime
    due_times_filled: int = 0
    warnings_sent: int = 0
    escalated: int = 0
    breached_at_top: int = 0
    closed_unreachable: int = 0
    failed: int = 0
    unknown_years: dict[int, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        stamp = timezone.localtime(self.now).strftime("%Y-%m-%d %H:%M")
        return [
            _("SLA sweep at %(now)s") % {"now": stamp},
            _("Deadlines filled in: %(n)d") % {"n": self.due_times_filled},
            _("Deadline warnings sent: %(n)d") % {"n": self.warnings_sent},
            _("Cases escalated for a missed deadline: %(n)d") % {"n": self.escalated},
            _("Missed deadlines already with the general manager: %(n)d")
            % {"n": self.breached_at_top},
            _("Follow-ups closed, customer unreachable: %(n)d") % {"n": self.closed_unreachable},
        ]

    def unknown_year_lines(self) -> list[str]:
        return [
            _(
                "%(count)d open case(s) need the working-day calendar of %(year)d, which has no "
                "official schedule yet: enter its public holidays and make-up working days as "
                "calendar overrides and declare the year."
            )
            % {"count": count, "year": year}
            for year, count in sorted(self.unknown_years.items())
        ]


@dataclass
class _Run:
    now: datetime
    calendar: WorkCalendar
    rules: policy.RuleBook
    report: SweepReport
    cases_needing_year: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def needs_year(self, year: int, case_pk: int) -> None:
        self.cases_needing_year[year].add(case_pk)


def sla_sweep(*, now: datetime | None = None) -> SweepReport:
    """Run the sweep once at `now` (default: the current time). See the module docstring."""
    now = now or timezone.now()
    run = _Run(now, policy.work_calendar(), policy.RuleBook(), SweepReport(now))
    # Timeline entries are written in the site's language, whoever started the command.
    with override(settings.LANGUAGE_CODE):
        _fill_in_due_times(run)
        _close_unreachable_follow_ups(run)
        _escalate_and_warn(run)
    run.report.unknown_years = {
        year: len(pks) for year, pks in sorted(run.cases_needing_year.items())
    }
    for line in run.report.unknown_year_lines():
        logger.warning(line)
    return run.report


# --- plumbing ----------------------------------------------------------------------------------


def _chunks(pks: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(pks), CHUNK_SIZE):
        yield pks[start : start + CHUNK_SIZE]


def _each_case(run: _Run, pks: Iterable[int], handle: Callable[[int], None]) -> None:
    """Handle each case in its own transaction; one failure does not stop the sweep."""
    for pk in pks:
        try:
            with transaction.atomic():
                handle(pk)
        except Exception:  # logged loudly and counted; the command exits with an error
            logger.exception("SLA sweep failed on case %s", pk)
            run.report.failed += 1


def _lock(pk: int) -> Case:
    # The owner and their language come along: a warning goes to them (notify.staff_about).
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("owner__wagtail_userprofile")
        .get(pk=pk)
    )


def _claim(run: _Run, case: Case, kind: str, clock: str, due: datetime) -> bool:
    """Insert the mark for this action; False if another sweep (or an earlier run) holds it.
    On PostgreSQL an insert racing an uncommitted twin waits for it and then inserts nothing,
    so the loser never acts. One round trip (no savepoint): the sweep may claim thousands."""
    table = connection.ops.quote_name(SweepMark._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (case_id, kind, clock, due, at) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING RETURNING id",
            [
                case.pk,
                kind,
                clock,
                connection.ops.adapt_datetimefield_value(due),
                connection.ops.adapt_datetimefield_value(run.now),
            ],
        )
        return cursor.fetchone() is not None


def _stamp(moment: datetime) -> str:
    """A due time as stored in timeline data, comparable across runs and databases."""
    return moment.astimezone(UTC).isoformat()


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- 1. due times waiting for an unknown year ----------------------------------------------------


def _missing_due_q() -> Q:
    return (
        Q(resolve_due__isnull=True)
        | Q(update_due__isnull=True)
        | Q(referring_body__isnull=False, external_due__isnull=True)
        | Q(acknowledged_at__isnull=True, acknowledge_due__isnull=True)
    )


def _fill_in_due_times(run: _Run) -> None:
    pks = list(
        Case.objects.filter(_missing_due_q())
        .exclude(state__in=sorted(CLOSED_STATES))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(pks):
        histories = recompute.clock_histories(chunk)
        _each_case(run, chunk, lambda pk, known=histories: _fill_in(run, _lock(pk), known[pk]))


def _fill_in(run: _Run, case: Case, history: recompute.ClockHistory) -> None:
    """Compute the clocks that are still empty as the live services would have, had the
    calendar been known: from receipt (or the last dispute), with every completed wait on the
    customer credited."""
    unknown: set[int] = set()
    computed = recompute.due_times(case, history, run.calendar, run.rules, unknown)
    for year in unknown:
        run.needs_year(year, case.pk)
    filled = {
        name: value
        for name, value in computed.items()
        if value is not None and getattr(case, name) is None
    }
    if not filled:
        return
    for name, value in filled.items():
        setattr(case, name, value)
    case.save(update_fields=[*filled, "updated_at"])
    clocks = {field_name: clock for clock, field_name in policy.CLOCK_FIELDS.items()}
    listed = "; ".join(
        f"{policy.clock_label(clocks[name], case)} {_local(value)}"
        for name, value in filled.items()
    )
    timeline_event(
        case,
        CaseEvent.Kind.SLA,
        SYSTEM,
        _("Deadlines set now that the working-day calendar covers them: %(deadlines)s.")
        % {"deadlines": listed},
        at=run.now,
        data={"sla": "filled", **{name: _stamp(value) for name, value in filled.items()}},
    )
    run.report.due_times_filled += 1


# --- 2. follow-ups whose customer stayed silent ----------------------------------------------------


def _silent_after_sms() -> Q:
    """Follow-ups whose SMS went unanswered: nobody reached the customer after it, the customer
    did not rate us after it, and the case has not started a new follow-up round since (a
    dispute reopens a case without clearing the old SMS)."""
    after_sms = {"case": OuterRef("pk"), "at__gte": OuterRef("sms_sent_at")}
    reached = FollowUpAttempt.objects.filter(reached=True, **after_sms)
    rated = CaseEvent.objects.filter(action="customer_rate", **after_sms)
    new_round = CaseEvent.objects.filter(
        case=OuterRef("pk"), action="start_follow_up", at__gt=OuterRef("sms_sent_at")
    )
    return (
        Q(state=State.FOLLOW_UP, sms_sent_at__isnull=False)
        & ~Exists(reached)
        & ~Exists(rated)
        & ~Exists(new_round)
    )


def _close_unreachable_follow_ups(run: _Run) -> None:
    # N working days are never shorter than N whole days: a cheap, indexed first cut.
    earliest = run.now - timedelta(days=UNREACHABLE_AFTER_WORKING_DAYS)
    candidates = Case.objects.filter(_silent_after_sms(), sms_sent_at__lte=earliest).order_by("pk")
    due = []
    for pk, sms_sent_at in candidates.values_list("pk", "sms_sent_at"):
        try:
            closes_at = run.calendar.add_working_days(sms_sent_at, UNREACHABLE_AFTER_WORKING_DAYS)
        except UnknownScheduleYear as missing:
            run.needs_year(missing.year, pk)
            continue
        if run.now >= closes_at:
            due.append(pk)
    _each_case(run, due, lambda pk: _close_if_silent(run, pk))


def _close_if_silent(run: _Run, pk: int) -> None:
    case = _lock(pk)
    if not Case.objects.filter(_silent_after_sms(), pk=pk).exists():
        return  # answered or closed since the query
    closes_at = run.calendar.add_working_days(case.sms_sent_at, UNREACHABLE_AFTER_WORKING_DAYS)
    if run.now < closes_at:
        return  # a new SMS was sent since the query
    if not _claim(run, case, SweepMark.Kind.CLOSE, "follow_up", case.sms_sent_at):
        return
    case_transition(case=case, action="close", actor=SYSTEM, now=run.now)
    run.report.closed_unreachable += 1


# --- 3 and 4. missed deadlines and warnings --------------------------------------------------------


def _warning_horizon(run: _Run) -> datetime:
    """The latest due time any rule could warn about now: candidates are due before this."""
    hours = float(max([rule.warn_before_hours for rule in run.rules.rules] + [2]))
    elapsed = run.now + timedelta(hours=hours)
    try:
        working = run.calendar.add_working_hours(run.now, hours)
    except UnknownScheduleYear:
        working = run.now + timedelta(days=30)  # the precise cut-off is refined per case
    return max(elapsed, working)


def _escalate_and_warn(run: _Run) -> None:
    pks = list(
        Case.objects.filter(policy.running_clock_due_q(_warning_horizon(run)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(pks):
        warned = _warnings_already_sent(chunk)
        # Judge the chunk from one read; lock (and judge again) only the cases that need action.
        to_act = [
            case.pk
            for case in Case.objects.filter(pk__in=chunk).select_related("referring_body")
            if _missed_clocks(case, run.now) or _warnings_due(run, case, warned)
        ]
        _each_case(run, to_act, lambda pk, sent=warned: _act_on_clocks(run, _lock(pk), sent))


def _warnings_already_sent(pks: list[int]) -> set[tuple[int, str, str]]:
    """(case, clock, due time) of every warning sent: one warning per due time, exactly."""
    rows = SweepMark.objects.filter(case_id__in=pks, kind=SweepMark.Kind.WARNING).values_list(
        "case_id", "clock", "due"
    )
    return {(case_id, clock, _stamp(due)) for case_id, clock, due in rows}


def _act_on_clocks(run: _Run, case: Case, warned: set[tuple[int, str, str]]) -> None:
    missed = _missed_clocks(case, run.now)
    if missed:
        case = _handle_breach(run, case, missed)
    warnings = _warnings_due(run, case, warned)
    if warnings:
        _warn(run, case, warnings)


def _warnings_due(run: _Run, case: Case, warned) -> list[tuple[str, datetime]]:
    return [
        (clock, due)
        for clock, due in _clocks_to_warn_about(run, case)
        if (case.pk, clock, _stamp(due)) not in warned
    ]


def _missed_clocks(case: Case, now: datetime) -> dict[str, datetime]:
    """Running clocks past due whose breach is not handled yet. breached_at marks the last
    handled breach: a due time after it (a new update due, a deadline reset by a dispute or
    moved by a pause) is a new breach."""
    return {
        clock: due
        for clock, due in policy.running_clocks(case).items()
        if due <= now and (case.breached_at is None or case.breached_at < due)
    }


def _lateness(run: _Run, case: Case, due: datetime) -> tuple[float, str]:
    """How late, in working hours (elapsed hours if the calendar does not cover the span)."""
    try:
        hours = run.calendar.working_hours_between(due, run.now)
        template = _("%(hours)d h %(minutes)02d min of working time")
    except UnknownScheduleYear as missing:
        run.needs_year(missing.year, case.pk)
        hours = (run.now - due).total_seconds() / 3600
        template = _("%(hours)d h %(minutes)02d min (elapsed time)")
    minutes = round(hours * 60)
    return round(hours, 2), template % {"hours": minutes // 60, "minutes": minutes % 60}


def _handle_breach(run: _Run, case: Case, missed: dict[str, datetime]) -> Case:
    claimed = {
        clock: due
        for clock, due in missed.items()
        if _claim(run, case, SweepMark.Kind.BREACH, clock, due)
    }
    if not claimed:
        # Handled before (by another sweep, or before a dispute cleared breached_at while this
        # due time stayed): record it as handled so the case stops being a candidate.
        case.breached_at = max(missed.values())
        case.save(update_fields=["breached_at", "updated_at"])
        return case
    missed = claimed
    at_top = case.escalation_level >= TOP_RUNG
    case.breached_at = run.now
    case.save(update_fields=["breached_at", "updated_at"])
    notes = []
    for clock, due in sorted(missed.items(), key=lambda item: item[1]):
        hours, late = _lateness(run, case, due)
        note = _("Deadline missed: %(clock)s was due %(due)s; late by %(late)s.") % {
            "clock": policy.clock_label(clock, case),
            "due": _local(due),
            "late": late,
        }
        notes.append(note)
        if at_top:
            note += " " + _("The case is already with the general manager: not escalated further.")
        timeline_event(
            case,
            CaseEvent.Kind.SLA,
            SYSTEM,
            note,
            at=run.now,
            data={
                "sla": "breach",
                "clock": clock,
                "due": _stamp(due),
                "late_working_hours": hours,
                "escalated": not at_top,
            },
        )
    if at_top:
        run.report.breached_at_top += 1
        return case
    case = case_transition(
        case=case, action="escalate", actor=SYSTEM, data={"note": " ".join(notes)}, now=run.now
    )
    run.report.escalated += 1
    return case


def _clocks_to_warn_about(run: _Run, case: Case) -> list[tuple[str, datetime]]:
    """Running clocks not yet due that fall within their rule's warning time."""
    due_soon = []
    for clock, due in policy.running_clocks(case).items():
        if due <= run.now:
            continue
        hours, working = policy.warning_hours(run.rules, clock, case)
        remaining = (due - run.now).total_seconds() / 3600
        if working:
            try:
                remaining = run.calendar.working_hours_between(run.now, due)
            except UnknownScheduleYear as missing:
                run.needs_year(missing.year, case.pk)
        if remaining <= float(hours):
            due_soon.append((clock, due))
    return due_soon


def _warn(run: _Run, case: Case, warnings: list[tuple[str, datetime]]) -> None:
    warnings = [
        (clock, due)
        for clock, due in warnings
        if _claim(run, case, SweepMark.Kind.WARNING, clock, due)
    ]
    if not warnings:
        return  # another sweep sent them
    for clock, due in warnings:
        label = policy.clock_label(clock, case)
        notify.deadline_warning(case, label, due)
        timeline_event(
            case,
            CaseEvent.Kind.SLA,
            SYSTEM,
            _("Deadline warning sent: %(clock)s is due %(due)s.")
            % {"clock": label, "due": _local(due)},
            at=run.now,
            data={"sla": "warning", "clock": clock, "due": _stamp(due)},
        )
    case.warned_at = run.now
    case.save(update_fields=["warned_at", "updated_at"])
    run.report.warnings_sent += len(warnings)
