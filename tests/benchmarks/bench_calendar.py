"""How fast the working-day calendar answers, against a baseline measured in the same run.

Not a test (pytest collects only test_*.py). Run from the project root:

    .venv/bin/python -m tests.benchmarks.bench_calendar [--repeat 2000]

The calendar is pure Python (no database): every SLA deadline, every queue's "due" column and
every sweep asks it. The table shows the mean time per call of a month of working-day
arithmetic, on a long-lived calendar and on one built fresh for each call (as a request that
reads the override table would), beside the baseline of adding a plain `timedelta`. Target:
well under a millisecond per call.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
TARGET_SECONDS = 1e-3


def per_call(call: Callable[[], object], repeat: int) -> float:
    """Median over 5 rounds of the mean seconds per call (after one warming call)."""
    call()
    rounds = []
    for _round in range(5):
        began = time.perf_counter()
        for _ in range(repeat):
            call()
        rounds.append((time.perf_counter() - began) / repeat)
    return statistics.median(rounds)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args(argv)

    from backoffice.sla import WorkCalendar

    start = datetime(2026, 9, 15, 10, tzinfo=SHANGHAI)  # spans Mid-Autumn and National Day
    end = datetime(2026, 10, 15, 16, tzinfo=SHANGHAI)
    calendar = WorkCalendar()
    baseline = per_call(lambda: start + timedelta(days=30), args.repeat)
    rows = [
        (
            "add 30 working days",
            per_call(lambda: calendar.add_working_days(start, 30), args.repeat),
        ),
        (
            "working hours over a month",
            per_call(lambda: calendar.working_hours_between(start, end), args.repeat),
        ),
        (
            "add 30 working days, fresh calendar",
            per_call(lambda: WorkCalendar().add_working_days(start, 30), args.repeat),
        ),
        (
            "working hours over a month, fresh calendar",
            per_call(lambda: WorkCalendar().working_hours_between(start, end), args.repeat),
        ),
    ]
    print(f"| call | µs per call | × timedelta | target {TARGET_SECONDS * 1e6:.0f} µs |")
    print("|---|---|---|---|")
    for name, seconds in rows:
        verdict = "ok" if seconds < TARGET_SECONDS else "SLOW"
        print(f"| {name} | {seconds * 1e6:.1f} | {seconds / baseline:,.0f} | {verdict} |")
    print(f"| baseline: datetime + timedelta | {baseline * 1e6:.2f} | 1 | — |")
    return 0 if all(seconds < TARGET_SECONDS for _name, seconds in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
