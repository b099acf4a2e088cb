"""Benchmarks (tests/benchmarks/bench_portal.py): the dev settings with DEBUG off and a SQLite
file of their own under var/bench/. Rate limits and the bot check's minimum time are off, so that
many posts from one address are measured rather than refused; e-mail stays in memory and the
outbox waits for a worker, as in production, instead of rendering PDFs inside the request."""

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
BENCH_DIR = VAR_DIR / "bench"  # noqa: F405
BENCH_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BENCH_DIR / "bench.sqlite3",
        "ATOMIC_REQUESTS": False,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }
}
MEDIA_ROOT = BENCH_DIR / "media"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Measured as production runs: every admin request checks the session's second factor.
MFA_REQUIRED = True
BENCHMARK_VIEWS = True
PORTAL_RATE_LIMITS_ENABLED = False
PORTAL_FORM_MIN_SECONDS = 0
