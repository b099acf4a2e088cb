"""`run_worker` in its own process against the test database on PostgreSQL: it outlives a
database outage (every connection cut, new ones refused for a while, as in a restart) and a
worker killed mid-task does not leave its task RUNNING forever.

The outage is made on the test's own database (ALLOW_CONNECTIONS false + pg_terminate_backend),
never by stopping the PostgreSQL server other tests and people share."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import pytest
from django_tasks_db.models import DBTaskResult

from django.utils import timezone

from backoffice.models import Notification, WorkerHeartbeat
from backoffice.tasks import deliver_outbox
from tests.faults.conftest import manage, server_connection
from tests.faults.tasks import nap_once

WORKER_ENV = {
    "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    "WORKER_HEARTBEAT_SECONDS": "0.5",
    "WORKER_STALE_AFTER_SECONDS": "3",
    "WORKER_BACKOFF_MAX_SECONDS": "2",
    "WORKER_REQUEUE_LOST_TASKS": "backoffice.tasks.deliver_outbox,tests.faults.tasks.nap_once",
}


@pytest.fixture
def queue(postgres, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return postgres


@pytest.fixture
def start_worker(queue, tmp_path):
    started = []

    def start(name: str):
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115  (closed below)
        worker = manage(
            "run_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            name,
            env=WORKER_ENV,
            stdout=log,
            stderr=log,
        )
        started.append((worker, log))
        return worker

    yield start
    for worker, log in started:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except Exception:
                worker.kill()
        log.close()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def queue_mail(subject: str) -> Notification:
    notification = Notification.objects.create(
        channel=Notification.Channel.EMAIL,
        recipient="ops@example.com",
        subject=subject,
        body="…",
        next_attempt_at=timezone.now(),
    )
    deliver_outbox.enqueue()
    return notification


def sent(notification: Notification) -> bool:
    notification.refresh_from_db()
    return notification.status == Notification.Status.SENT


def beating(worker_id: str, after) -> bool:
    beat = WorkerHeartbeat.objects.filter(worker_id=worker_id).first()
    return beat is not None and beat.last_seen > after


def test_the_worker_outlives_a_database_outage(queue, start_worker, tmp_path):
    worker = start_worker("survivor")
    first = queue_mail("before the outage")
    wait_for(lambda: sent(first), "the first message")

    name = queue.settings_dict["NAME"]
    with queue.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    with server_connection() as server:
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            cut = server.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                (name, own_pid),
            ).fetchall()
            assert cut, "the worker had no connection to cut"
            during = queue_mail("queued during the outage")
            time.sleep(5)  # the worker fails to reconnect, backing off
            assert worker.poll() is None, "the worker exited during the outage"
            assert not sent(during)
        finally:
            server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    back = timezone.now()

    wait_for(lambda: sent(during), "the message queued during the outage")
    after = queue_mail("after the outage")
    wait_for(lambda: sent(after), "a message queued after the outage")
    wait_for(lambda: beating("survivor", back), "a heartbeat after the outage")
    assert worker.poll() is None
    log = (tmp_path / "survivor.log").read_text()
    assert "Database unavailable" in log and "Database back" in log


def test_a_killed_workers_task_is_reclaimed_by_the_next_worker(queue, start_worker, tmp_path):
    marker = tmp_path / "nap-started"
    first = start_worker("first")
    result = nap_once.enqueue(str(marker), 120)
    wait_for(lambda: marker.exists(), "the first worker to start the task")
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    start_worker("second")
    wait_for(
        lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL",
        "the second worker to finish the reclaimed task",
    )
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.return_value == "resumed"
    assert row.worker_ids == ["first", "second"]
