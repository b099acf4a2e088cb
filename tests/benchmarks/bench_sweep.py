"""How long one `sla_sweep` run takes over N cases, against baselines measured in the same run.

Not a test (pytest collects only test_*.py). Run from the project root:

    .venv/bin/python -m tests.benchmarks.bench_sweep [--cases 1000000] [--repeat 3]
        [--database-url postgres://postgres@127.0.0.1:5432/complaints_bench]

It creates the PostgreSQL database if needed, migrates, loads the demo organisation and seeds
cases with `seed_demo` until it holds --cases (seeded cases carry the breaches earlier sweeps
would have handled, as in production), then times, in this process:

- the baselines: a bare Django view (Django's test Client) and one full count of the case table;
- the first sweep at "now" (warnings due, breaches since the seeding, follow-ups to close);
- the same sweep again at the same moment (everything already done: the idempotent re-run);
- the next scheduled sweep, 5 minutes later.

Each sweep runs inside a transaction rolled back afterwards, so every repeat (and every later
run of the benchmark) meets the same database. The table shows the best and median seconds,
the median as a multiple of the full count, and the cost per case in the database. Target:
one run over 1,000,000 open-and-closed cases well inside its 5-minute schedule.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta

from tests.benchmarks.bench_reports import django_for_benchmark, prepare

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/complaints_bench"
SCHEDULE_SECONDS = 300


class Rollback(Exception):
    pass


def main(argv=None) -> int:
    args = django_for_benchmark(
        argv, description=__doc__, cases=1_000_000, database_url=DEFAULT_URL
    )
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from backoffice.models import Case
    from backoffice.services.sweep import sla_sweep
    from backoffice.workflow import CLOSED_STATES

    total = prepare(args.cases)
    open_cases = Case.objects.exclude(state__in=sorted(CLOSED_STATES)).count()
    now = timezone.now()
    client = Client(HTTP_HOST="localhost")
    reports = {}

    def sweeps(*offsets: int) -> Callable[[], None]:
        """Sweep at now + each offset (seconds), in one transaction rolled back."""

        def run() -> None:
            try:
                with transaction.atomic():
                    for offset in offsets:
                        started = time.perf_counter()
                        report = sla_sweep(now=now + timedelta(seconds=offset))
                        reports.setdefault((offsets, offset), report)
                        timings_inside.append(time.perf_counter() - started)
                    raise Rollback
            except Rollback:
                pass

        return run

    timings_inside: list[float] = []

    def measured(name: str, action: Callable[[], object], pick=None) -> tuple[str, list[float]]:
        action()  # warm caches and the query plans
        timings = []
        for _attempt in range(args.repeat):
            timings_inside.clear()
            started = time.perf_counter()
            action()
            elapsed = time.perf_counter() - started
            timings.append(timings_inside[pick] if pick is not None else elapsed)
        return name, timings

    rows = [
        measured("bare Django view", lambda: client.get("/bench/bare")),
        measured("count of every case (full scan)", lambda: Case.objects.all().count()),
        measured("sweep at now (first run)", sweeps(0), pick=0),
        measured("sweep again at the same moment", sweeps(0, 0), pick=1),
        measured("next sweep, 5 minutes later", sweeps(0, SCHEDULE_SECONDS), pick=1),
    ]
    first = reports[((0,), 0)]
    print(
        f"\nPostgreSQL, {total:,} cases ({open_cases:,} open), one process, "
        f"best and median of {args.repeat}\n"
    )
    baseline = statistics.median(rows[1][1])
    print(f"{'':34} {'best s':>9} {'median s':>9} {'× count':>8} {'µs/case':>8}")
    for name, timings in rows:
        median = statistics.median(timings)
        per_case = median / total * 1e6
        print(
            f"{name:34} {min(timings):9.4f} {median:9.4f} {median / baseline:8.1f} {per_case:8.2f}"
        )
    actions = (
        first.warnings_sent
        + first.escalated
        + first.breached_at_top
        + first.closed_unreachable
        + first.due_times_filled
    )
    first_median = statistics.median(rows[2][1])
    print(
        f"\nFirst run: {first.warnings_sent} warnings, {first.escalated} escalations, "
        f"{first.breached_at_top} breaches at the top, {first.closed_unreachable} closed "
        f"unreachable, {first.due_times_filled} deadlines filled, {first.failed} failed: "
        f"{first_median / max(actions, 1) * 1000:.1f} ms per action."
    )
    steady = statistics.median(rows[4][1])
    at_a_million = steady / total * 1_000_000
    print(
        f"A scheduled run scaled linearly to 1,000,000 cases: {at_a_million:.1f} s "
        f"(schedule: {SCHEDULE_SECONDS} s). The first run acts on a backlog (seeded cases "
        f"carry no warnings): {first_median / total * 1_000_000:.0f} s at 1,000,000 cases."
    )
    return 0 if at_a_million < SCHEDULE_SECONDS else 1


if __name__ == "__main__":
    sys.path.insert(0, str(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))))
    sys.exit(main())
