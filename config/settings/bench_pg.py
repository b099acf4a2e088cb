"""Benchmarks on PostgreSQL (tests/benchmarks/bench_backoffice.py): the benchmark settings
with DATABASE_URL pointing at a throwaway PostgreSQL database."""

from .bench import *  # noqa: F403

DATABASES = {"default": env.db("DATABASE_URL")}  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 60

# The side-by-side peer bench (../shared/peer-bench/) signs staff in through the password form
# and cannot answer a second factor, so it is off here unless asked for; our own
# tests/benchmarks/bench_backoffice.py asks for it (MFA_REQUIRED=true) and signs in verified.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=False)  # noqa: F405
