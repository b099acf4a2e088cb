"""Overlapping `sla_sweep` runs in separate processes send each warning and escalate each
missed deadline exactly once.

To make the overlap certain rather than likely, the test holds a row lock on every case while
three sweeps start: each reads its candidates (and what was already warned), then waits on the
first case it must act on. When the test lets go, all three race through the same cases with
the same stale view of what was sent; only the database can keep them from doubling."""

from __future__ import annotations

import time
from collections import Counter

from django.db import transaction

from backoffice.choices import Channel
from backoffice.models import Case, CaseEvent, Notification
from backoffice.services.cases import case_transition
from tests.conftest import at
from tests.faults.conftest import manage

SWEEPS = 3
NOW = at(2026, 10, 9, 17, 30)  # Friday before the make-up Saturday, 10 October 2026


def _letter(submit, staff, received):
    case = submit(channel=Channel.LETTER, received_at=received)
    return case_transition(
        case=case, action="acknowledge", actor=staff["agent"], now=received.replace(hour=11)
    )


def _wait_until_blocked(cursor, sweeps, timeout: float = 300) -> None:
    """Until every sweep waits on a row lock (starting Django takes a while on a busy host)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for sweep in sweeps:
            if sweep.poll() is not None:
                raise AssertionError(f"a sweep ended before the race (exit {sweep.returncode})")
        # pg_stat_activity is read once per transaction and then cached, and this loop runs
        # inside the transaction that holds the locks: drop the cached copy each time, or the
        # sweeps that connected after the first look are never seen.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid IN "
            "(SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid())"
        )
        if cursor.fetchone()[0] >= len(sweeps):
            return
        time.sleep(0.2)
    raise AssertionError(f"{len(sweeps)} sweeps never queued up behind the test's row locks")


def test_three_overlapping_sweeps_warn_and_escalate_exactly_once(postgres, submit, staff, tmp_path):
    # Due Saturday 10:00: within the 2 working hours of warning on Friday 17:30.
    warned = [_letter(submit, staff, at(2026, 9, 30, 10, 0)) for _ in range(8)]
    # Due earlier on Friday: missed, to be escalated to the supervisor.
    missed = [_letter(submit, staff, at(2026, 9, 29, 10, 0)) for _ in range(8)]
    assert all(NOW < case.resolve_due <= at(2026, 10, 10, 10, 0) for case in warned)
    assert all(case.resolve_due < NOW for case in missed)
    last_before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with transaction.atomic():
        list(Case.objects.select_for_update().order_by("pk"))
        # Output to files, not pipes: a sweep must never stall on a full pipe nobody reads.
        logs = [open(tmp_path / f"sweep{i}.log", "w+") for i in range(SWEEPS)]  # noqa: SIM115
        sweeps = [
            manage("sla_sweep", "--now", NOW.isoformat(), stdout=log, stderr=log) for log in logs
        ]
        with postgres.cursor() as cursor:
            _wait_until_blocked(cursor, sweeps)
    for sweep, log in zip(sweeps, logs, strict=True):
        sweep.wait(timeout=300)
        log.seek(0)
        assert sweep.returncode == 0, log.read()
        log.close()

    for case in warned:
        warnings = case.events.filter(kind=CaseEvent.Kind.SLA, data__sla="warning")
        assert warnings.count() == 1, case.reference
        assert (
            Notification.objects.filter(
                case=case, subject__contains=case.reference, recipient="agent@example.com"
            ).count()
            == 1
        )
    for case in missed:
        case.refresh_from_db()
        assert case.escalation_level == 1, case.reference
        assert case.events.filter(kind=CaseEvent.Kind.ESCALATION).count() == 1
        breaches = Counter(
            (event.data["clock"], event.data["due"])
            for event in case.events.filter(kind=CaseEvent.Kind.SLA, data__sla="breach")
        )
        assert "resolve" in {clock for clock, _due in breaches}
        assert set(breaches.values()) == {1}, breaches
    # Nothing at all was sent twice: no (case, recipient, subject) appears more than once.
    sent = Counter(
        Notification.objects.filter(pk__gt=last_before).values_list(
            "case_id", "recipient", "subject"
        )
    )
    assert sent and [key for key, n in sent.items() if n > 1] == []
