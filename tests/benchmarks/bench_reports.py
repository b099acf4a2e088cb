"""How long the reports take at scale, against a bare Django view measured in the same run.

Not a test (pytest collects only test_*.py). Run from the project root:

    .venv/bin/python -m tests.benchmarks.bench_reports [--cases 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/complaints_bench_reports]

It creates the PostgreSQL database if needed, migrates, loads the demo organisation and seeds
cases with `seed_demo` until the database holds --cases (later runs reuse them), then times,
in this process:

- the baseline: a bare Django view through the whole middleware stack (Django's test Client);
- the monthly report PDF for all units, for the last full month (the scheduler's job);
- the same report for one store, and as XLSX;
- the full report over every case in the database (a range of days covering them all);
- one record-sheet PDF (backoffice.documents.render_document; target under 1 s).

Each is run a few times; the table shows the best and the median time in seconds and the
median as a multiple of the baseline. Targets: the monthly report under 30 s at 1,000,000 cases,
the record sheet under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/complaints_bench_reports"
SETTINGS = "config.settings.bench_pg"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named at the end of `url` if it is missing."""
    name = url.rsplit("/", 1)[-1]
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Unexpected database name {name!r}")
    query = f"SELECT 1 FROM pg_database WHERE datname='{name}'"
    found = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],
            check=True,
        )


def prepare(cases: int) -> int:
    """Migrate, load the organisation, seed up to `cases`; returns the number of cases."""
    from django.core.management import call_command
    from django.db import connection

    from backoffice.models import Case
    from demo.organisation import load_accounts, load_organisation

    call_command("migrate", "--noinput", verbosity=0)
    load_accounts(load_organisation())
    missing = cases - Case.objects.count()
    if missing > 0:
        print(f"Seeding {missing:,} cases with seed_demo…", flush=True)
        started = time.perf_counter()
        try:
            call_command("seed_demo", "--cases", str(missing), "--seed", str(cases))
        except Exception as error:  # the command is another engineer's, maybe not there yet
            raise SystemExit(f"seed_demo failed or is missing: {error}") from error
        print(f"Seeded in {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Case.objects.count()


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm caches (templates, fonts, the query plan)
    timings = []
    for _attempt in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def django_for_benchmark(
    argv, *, description: str, cases: int, database_url: str
) -> argparse.Namespace:
    """The options every in-process benchmark takes (--cases, --database-url, --repeat), its
    PostgreSQL database created if missing, and Django set up on the benchmark settings."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=cases)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", database_url))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    return args


def main(argv=None) -> int:
    args = django_for_benchmark(argv, description=__doc__, cases=100_000, database_url=DEFAULT_URL)
    from django.conf import settings
    from django.db.models import Max, Min
    from django.test import Client
    from django.utils import timezone

    from backoffice.documents import render_document
    from backoffice.models import Case
    from backoffice.reports import report_for, report_pdf, report_xlsx
    from backoffice.reports.figures import compute_figures
    from backoffice.reports.periods import custom_period, previous_month
    from backoffice.reports.scope import ReportScope
    from backoffice.workflow import SYSTEM

    total = prepare(args.cases)
    language = settings.LANGUAGE_CODE
    month = previous_month(timezone.localdate())
    span = Case.objects.aggregate(first=Min("received_at"), last=Max("received_at"))
    everything = custom_period(
        timezone.localtime(span["first"]).date(), timezone.localtime(span["last"]).date()
    )
    in_month = Case.objects.filter(received_at__gte=month.start, received_at__lt=month.end).count()
    store = "s01"
    sheet_case = (
        Case.objects.filter(state="closed", events__isnull=False).order_by("-pk").first()
        or Case.objects.order_by("-pk").first()
    )

    client = Client(HTTP_HOST="localhost")
    if client.get("/bench/bare").status_code != 200:
        raise SystemExit("The bare view /bench/bare is missing (settings BENCHMARK_VIEWS).")

    def bare() -> None:
        client.get("/bench/bare")

    def bare_batch() -> None:
        for _ in range(200):
            bare()

    def monthly_pdf() -> bytes:
        return report_pdf(report_for(SYSTEM, month, language=language))

    rows: list[tuple[str, list[float]]] = []
    print(
        f"{total:,} cases in the database; {in_month:,} received in {month.key}; "
        f"PostgreSQL: {settings.DATABASES['default']['NAME']}",
        flush=True,
    )
    baseline = [t / 200 for t in timed(bare_batch, args.repeat)]
    rows.append(("bare Django view (per request)", baseline))
    scenarios = [
        (
            f"monthly figures only, all units ({month.key})",
            lambda: compute_figures(ReportScope(SYSTEM), month),
        ),
        (f"monthly report PDF, all units ({month.key})", monthly_pdf),
        (
            f"monthly report PDF, store {store}",
            lambda: report_pdf(report_for(SYSTEM, month, unit_code=store, language=language)),
        ),
        (
            "monthly report XLSX, all units",
            lambda: report_xlsx(report_for(SYSTEM, month, language=language)),
        ),
        (
            f"report PDF over every case ({everything.key})",
            lambda: report_pdf(report_for(SYSTEM, everything, language=language)),
        ),
        ("record sheet PDF (one case)", lambda: render_document("record_sheet", sheet_case)),
    ]
    for name, action in scenarios:
        print(f"… {name}", flush=True)
        rows.append((name, timed(action, args.repeat)))

    unit = statistics.median(baseline)
    print()
    print(f"{'scenario':<52} {'best s':>9} {'median s':>9} {'× bare view':>13}")
    for name, timings in rows:
        median = statistics.median(timings)
        print(f"{name:<52} {min(timings):>9.4f} {median:>9.4f} {median / unit:>13,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
