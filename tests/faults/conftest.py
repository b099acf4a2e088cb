"""Fault tests: real processes against a real PostgreSQL database. On SQLite they are skipped
(an in-memory database cannot be shared with a second process, and SQLite has no row locks);
CI runs the suite on PostgreSQL too, where they run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("fault tests need PostgreSQL: run with DATABASE_URL=postgres://…")
    return connection


def database_url() -> str:
    """The URL of the test database pytest-django made, for another process."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{port}/{db['NAME']}"


def manage(*args: str, **popen) -> subprocess.Popen:
    """Start `manage.py <args>` in a new process on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(popen.pop("env", {}))
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True, **popen
    )


def server_connection():
    """An autocommit connection to the server's maintenance database, to act on the test
    database from outside it (PostgreSQL refuses some commands on the current database)."""
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
