"""Due times recomputed from a case's timeline: from receipt (or the last dispute), with every
completed wait on the customer credited. Used when the clocks could not be set at the time
(a year with no official schedule: `sla_sweep`) and when a reclassification changes the rule
that applies (severity or urgency)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from backoffice.models import Case, CaseEvent
from backoffice.sla import policy
from backoffice.sla.calendar import WorkCalendar
from backoffice.workflow import CUSTOMER, PAUSED_STATES


@dataclass
class ClockHistory:
    """What the timeline says about a case's clocks: when the customer last heard from us,
    when a dispute last restarted them and each completed wait on the customer."""

    last_news: datetime | None = None
    last_dispute: datetime | None = None
    pauses: list[tuple[datetime, datetime]] = field(default_factory=list)
    paused_since: datetime | None = None

    def add(self, at, action, from_state, to_state, customer_visible, actor_label) -> None:
        if customer_visible and actor_label != CUSTOMER:
            self.last_news = at
        if action == "dispute":
            self.last_dispute = at
        # The same rule as the live clocks (services.cases._move_clocks).
        if to_state in PAUSED_STATES and from_state not in PAUSED_STATES:
            self.paused_since = at
        elif to_state and from_state in PAUSED_STATES and to_state not in PAUSED_STATES:
            if self.paused_since is not None:
                self.pauses.append((self.paused_since, at))
            self.paused_since = None


def clock_histories(pks: list[int]) -> dict[int, ClockHistory]:
    """The clock history of each case in `pks`, in one query."""
    histories: dict[int, ClockHistory] = defaultdict(ClockHistory)
    rows = (
        CaseEvent.objects.filter(case_id__in=pks)
        .filter(
            Q(customer_visible=True)
            | Q(action="dispute")
            | Q(from_state__in=sorted(PAUSED_STATES))
            | Q(to_state__in=sorted(PAUSED_STATES))
        )
        .order_by("at", "pk")
        .values_list(
            "case_id", "at", "action", "from_state", "to_state", "customer_visible", "actor_label"
        )
    )
    for case_id, *event in rows:
        histories[case_id].add(*event)
    return histories


def due_times(
    case: Case,
    history: ClockHistory,
    calendar: WorkCalendar,
    rules: policy.RuleBook,
    unknown: set[int],
) -> dict[str, datetime | None]:
    """Each clock field of `case` as the live services would have set it under the rules that
    apply to the case now. None where the calendar lacks a year (added to `unknown`)."""

    def credited(due: datetime | None, since: datetime) -> datetime | None:
        for paused_at, resumed_at in history.pauses:
            if paused_at >= since:
                due = policy.shift_for_pause(due, paused_at, resumed_at, calendar, unknown)
        return due

    def computed_from(start: datetime) -> policy.DueTimes:
        due = policy.compute_due_times(
            channel=case.channel,
            severity=case.severity,
            urgency=case.urgency,
            received_at=start,
            referring_body=case.referring_body,
            calendar=calendar,
            rules=rules,
        )
        unknown.update(due.unknown_years)
        return due

    from_receipt = computed_from(case.received_at)
    restart = history.last_dispute or case.received_at
    from_restart = computed_from(restart) if history.last_dispute else from_receipt
    computed = {
        "acknowledge_due": from_receipt.acknowledge,
        "resolve_due": credited(from_restart.resolve, restart),
        "external_due": credited(from_receipt.external, case.received_at),
    }
    if case.acknowledged_at is None:
        computed["update_due"] = credited(from_receipt.update, case.received_at)
    else:
        since = max(filter(None, (history.last_news, case.acknowledged_at)))
        update = policy.next_update_due(
            channel=case.channel,
            severity=case.severity,
            urgency=case.urgency,
            since=since,
            calendar=calendar,
            rules=rules,
            unknown_years=unknown,
        )
        computed["update_due"] = credited(update, since)
    return computed
