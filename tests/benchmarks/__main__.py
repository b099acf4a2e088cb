"""`python -m tests.benchmarks [--cases N]`: every benchmark in turn, each printing its table.

The portal runs on SQLite (var/bench/); the back office and the reports on PostgreSQL with N
seeded cases (default 1,000,000: the first run seeds them, which takes minutes)."""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="1000000")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/complaints_bench"
    )
    args = parser.parse_args()
    failures = 0
    runs = [
        ("tests.benchmarks.bench_calendar", []),
        ("tests.benchmarks.bench_portal", []),
        (
            "tests.benchmarks.bench_backoffice",
            ["--cases", args.cases, "--database-url", args.database_url],
        ),
        (
            "tests.benchmarks.bench_reports",
            ["--cases", args.cases, "--database-url", args.database_url],
        ),
        (
            "tests.benchmarks.bench_sweep",
            ["--cases", args.cases, "--database-url", args.database_url],
        ),
    ]
    for module, argv in runs:
        print(f"\n=== {module}", flush=True)
        # Each in its own process: each configures Django with its own settings.
        failures += subprocess.run([sys.executable, "-m", module, *argv], cwd=ROOT).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
