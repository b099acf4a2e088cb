"""The worker's heartbeat in /healthz and on the dashboard, and lost tasks handed back.
The worker surviving a real database outage is tested in tests/faults/test_worker.py."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from django.utils import timezone

from backoffice.models import WorkerHeartbeat
from backoffice.tasks import deliver_outbox
from backoffice.worker import reclaim_lost_tasks
from tests.faults.tasks import nap_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_AFTER_SECONDS = 60
    settings.WORKER_TASK_TIMEOUT_SECONDS = 3600
    settings.WORKER_REQUEUE_LOST_TASKS = ["backoffice.tasks.deliver_outbox"]


def beat(worker_id: str, seconds_ago: float) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        host="app1",
        pid=4242,
        started_at=timezone.now() - timedelta(hours=1),
        last_seen=timezone.now() - timedelta(seconds=seconds_ago),
    )


def running(task, worker_id: str, started_seconds_ago: float = 5) -> DBTaskResult:
    row = DBTaskResult.objects.get(pk=task.enqueue().id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago)
    )
    return row


# --- /healthz -----------------------------------------------------------------------------------


def test_healthz_says_a_worker_was_never_seen(client, database_queue):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == {"status": "never_seen"}


def test_healthz_reports_a_live_worker(client, database_queue):
    beat("w1", seconds_ago=3)
    worker = client.get("/healthz").json()["worker"]
    assert worker["status"] == "ok"
    assert (worker["host"], worker["pid"]) == ("app1", 4242)


def test_healthz_reports_a_silent_worker_as_stale_but_stays_up(client, database_queue):
    beat("w1", seconds_ago=600)
    response = client.get("/healthz")
    assert response.status_code == 200  # the app servers still serve
    assert response.json()["worker"]["status"] == "stale"
    assert response.json()["worker"]["seconds_ago"] >= 600


def test_healthz_without_a_task_queue_expects_no_worker(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert client.get("/healthz").json()["worker"] == {"status": "not_used"}


# --- the dashboard panel ------------------------------------------------------------------------


def test_dashboard_warns_administrators_of_a_stale_worker(client, database_queue, staff):
    beat("w1", seconds_ago=600)
    client.force_login(staff["admin"])
    page = client.get("/admin/").content.decode()
    assert "后台任务进程未运行" in page
    client.force_login(staff["agent"])
    assert "后台任务进程" not in client.get("/admin/").content.decode()


def test_dashboard_shows_a_live_worker(client, database_queue, staff):
    beat("w1", seconds_ago=2)
    client.force_login(staff["headoffice"])
    page = client.get("/admin/").content.decode()
    assert "后台任务进程" in page and "app1" in page and "未运行" not in page


# --- lost tasks ---------------------------------------------------------------------------------


def test_a_dead_workers_task_is_requeued_if_safe_else_marked_failed(database_queue, tmp_path):
    beat("dead", seconds_ago=300)
    beat("alive", seconds_ago=1)
    outbox = running(deliver_outbox, "dead")
    other = running(nap_once.using(), "dead")
    busy = running(nap_once.using(), "alive", started_seconds_ago=7200)

    assert reclaim_lost_tasks() == {"READY": 1, "FAILED": 1}

    outbox.refresh_from_db()
    other.refresh_from_db()
    busy.refresh_from_db()
    assert outbox.status == "READY"  # delivery is safe to run again: the outbox claims rows
    assert other.status == "FAILED"
    assert other.exception_class_path == "backoffice.worker.WorkerLost"
    assert "dead" in other.traceback
    assert busy.status == "RUNNING"  # its worker is alive: a long task is not a lost one
    assert reclaim_lost_tasks() == {"READY": 0, "FAILED": 0}


def test_heartbeats_of_workers_gone_for_a_week_are_forgotten(database_queue):
    beat("last-week", seconds_ago=8 * 24 * 3600)
    beat("yesterday", seconds_ago=24 * 3600)
    reclaim_lost_tasks()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["yesterday"]


def test_a_task_of_a_worker_without_heartbeat_is_lost_after_the_timeout(database_queue):
    recent = running(nap_once.using(), "db-worker-1", started_seconds_ago=60)
    old = running(nap_once.using(), "db-worker-2", started_seconds_ago=3601)
    assert reclaim_lost_tasks() == {"READY": 0, "FAILED": 1}
    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.status, old.status) == ("RUNNING", "FAILED")
