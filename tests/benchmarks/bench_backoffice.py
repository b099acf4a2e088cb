"""How fast staff screens answer at scale, against a bare Django view measured in the same run.

Not a test (pytest collects only test_*.py). Run from the project root:

    .venv/bin/python -m tests.benchmarks.bench_backoffice [--cases 1000000] [--requests 200]
        [--database-url postgres://postgres@127.0.0.1:5432/complaints_bench]

It creates the PostgreSQL database if needed, migrates, loads the demo organisation and seeds
cases with `seed_demo` until it holds --cases (seeding a million takes minutes; later runs reuse
them), signs staff in, starts gunicorn with 2 workers on a free port of 127.0.0.1 and measures
the case queue and the case screen for a store agent and for head office (who sees every case),
printing each as a ratio against the bare view. Only this machine's loopback address is used.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from tests.benchmarks.bench_portal import (
    ROOT,
    Browser,
    environment,
    free_port,
    get,
    run,
    start_server,
    stop_server,
    table,
)

SETTINGS = "config.settings.bench_pg"


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],
            check=True,
        )


def prepare(cases: int) -> dict[str, str]:
    """Migrate, load the demo organisation, seed up to `cases`, return session cookies."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from backoffice.models import Case
    from demo.organisation import load_accounts, load_organisation

    call_command("migrate", "--noinput", verbosity=0)
    units = load_organisation()
    load_accounts(units)
    missing = cases - Case.objects.count()
    if missing > 0:
        print(f"Seeding {missing:,} cases…", flush=True)
        started = time.perf_counter()
        call_command("seed_demo", "--cases", str(missing), "--seed", str(cases))
        print(f"Seeded in {time.perf_counter() - started:.0f} s", flush=True)
    _analyze()
    import django_otp

    from django.contrib.auth import get_user_model

    from tests.second_factor import enrol

    cookies = {}
    for username in ("agent", "headoffice"):
        client = Client()
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        # Signed in as staff are in production: password and authenticator code.
        session = client.session
        session[django_otp.DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
        session.save()
        cookies[username] = client.cookies["sessionid"].value
    return cookies


def _analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def sample_case_id(store_code: str) -> int:
    from backoffice.models import Case
    from backoffice.workflow import OPEN_STATES

    case = (
        Case.objects.filter(store__code=store_code, state__in=list(OPEN_STATES))
        .order_by("-received_at")
        .first()
    )
    return case.pk


def signed_in(port: int, session: str):
    def make() -> Browser:
        browser = Browser(port)
        browser.cookies["sessionid"] = session
        return browser

    return make


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    # As many clients as workers: latency of the screen, not time spent queueing for a worker.
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/complaints_bench"
    )
    args = parser.parse_args(argv)

    env = environment()
    # Measured as production runs: every staff request passes the second-factor check.
    env.update(DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=args.database_url, MFA_REQUIRED="true")
    os.environ.update(env)
    ensure_database(args.database_url)
    cookies = prepare(args.cases)
    case_id = sample_case_id("s01")
    port = free_port()
    server = start_server(env, port)
    try:
        agent, head = signed_in(port, cookies["agent"]), signed_in(port, cookies["headoffice"])
        anonymous = lambda: Browser(port)  # noqa: E731
        scenarios = [
            ("bare Django view", anonymous, "/bench/bare"),
            ("queue (store agent)", agent, "/admin/cases/"),
            ("queue (head office)", head, "/admin/cases/"),
            ("queue overdue (agent)", agent, "/admin/cases/?queue=overdue"),
            ("case screen (agent)", agent, f"/admin/cases/inspect/{case_id}/"),
            ("case screen (head office)", head, f"/admin/cases/inspect/{case_id}/"),
        ]
        for _name, make, path in scenarios:
            run("warm-up", 10, 2, make, get(path))
        results = [
            run(name, args.requests, args.threads, make, get(path))
            for name, make, path in scenarios
        ]
    finally:
        stop_server(server)
    from backoffice.models import Case

    print(
        f"\ngunicorn, 2 sync workers, PostgreSQL, {Case.objects.count():,} cases, "
        f"{args.threads} concurrent clients\n"
    )
    print(table(results))
    print("\nTarget: median under 150 ms for the queue and the case screen.")
    return 1 if any(result.errors for result in results) else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
