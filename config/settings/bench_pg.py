"""Benchmarks on PostgreSQL (tests/benchmarks/bench_backoffice.py): the benchmark settings
with DATABASE_URL pointing at a throwaway PostgreSQL database."""

from .bench import *  # noqa: F403

DATABASES = {"default": env.db("DATABASE_URL")}  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 60
