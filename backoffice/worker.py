"""A task worker that outlives the database (`manage.py run_worker`).

django-tasks-db's `db_worker` lets the first OperationalError end the process: a database
restart or a dropped connection stopped all background work until someone noticed. This worker
runs the same claim-and-run loop, but:

- on a lost connection (OperationalError / InterfaceError) it closes the connection, waits with
  capped exponential back-off and carries on with the queue where it was; a task interrupted by
  the outage is handed back by the rules below as soon as the database answers again;
- a thread with its own connection writes a heartbeat (WorkerHeartbeat) every
  WORKER_HEARTBEAT_SECONDS, shown by /healthz and the admin dashboard;
- it reclaims tasks left RUNNING by a dead worker (heartbeat older than
  WORKER_STALE_AFTER_SECONDS, or, for a worker without heartbeat, started longer ago than
  WORKER_TASK_TIMEOUT_SECONDS): tasks listed in WORKER_REQUEUE_LOST_TASKS (safe to run twice)
  go back to the queue, every other one is marked failed with WorkerLost, so nothing is run
  twice behind anyone's back and nothing stays RUNNING forever.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
from datetime import datetime, timedelta

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.utils import timezone

from backoffice.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

CONNECTION_ERRORS = (OperationalError, InterfaceError)
RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"


class WorkerLost(Exception):
    """Recorded on a task whose worker died while running it."""


# --- status, for /healthz and the dashboard -----------------------------------------------------


def uses_worker() -> bool:
    """Whether tasks wait for a worker (the database queue) or run in-process (embedded)."""
    from django_tasks_db.backend import DatabaseBackend

    from django.utils.module_loading import import_string

    backend = import_string(settings.TASKS["default"]["BACKEND"])
    return issubclass(backend, DatabaseBackend)


def worker_status(now: datetime | None = None) -> dict:
    """{"status": "ok" | "stale" | "never_seen" | "not_used", ...} from the freshest
    heartbeat; "not_used" when tasks run in-process (no worker is expected)."""
    if not uses_worker():
        return {"status": "not_used"}
    now = now or timezone.now()
    beat = WorkerHeartbeat.objects.order_by("-last_seen").first()
    if beat is None:
        return {"status": "never_seen"}
    fresh = now - beat.last_seen <= timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    return {
        "status": "ok" if fresh else "stale",
        "last_seen": beat.last_seen.isoformat(),
        "seconds_ago": round((now - beat.last_seen).total_seconds()),
        "host": beat.host,
        "pid": beat.pid,
    }


# --- lost tasks ---------------------------------------------------------------------------------


def _release(task: DBTaskResult, why: str, now: datetime) -> str:
    """Put a lost task back in the queue if it is safe to run twice, else mark it failed."""
    if task.task_path in settings.WORKER_REQUEUE_LOST_TASKS:
        task.status = READY
        task.save(update_fields=["status"])
        logger.warning("Task %s (%s) requeued: %s", task.pk, task.task_path, why)
        return READY
    task.status = FAILED
    task.finished_at = now
    task.return_value = None
    task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    task.traceback = f"WorkerLost: {why}\n"
    task.save(
        update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"]
    )
    logger.error("Task %s (%s) marked failed: %s", task.pk, task.task_path, why)
    return FAILED


def reclaim_lost_tasks(now: datetime | None = None) -> dict[str, int]:
    """Hand back every RUNNING task whose worker is dead. Returns {"READY": n, "FAILED": n}."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    timed_out_before = now - timedelta(seconds=settings.WORKER_TASK_TIMEOUT_SECONDS)
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen"))
    counts = {READY: 0, FAILED: 0}
    with transaction.atomic():
        running = DBTaskResult.objects.filter(status=RUNNING).select_for_update(skip_locked=True)
        for task in running:
            worker = task.worker_ids[-1] if task.worker_ids else None
            last_seen = beats.get(worker)
            if last_seen is not None and last_seen < stale_before:
                why = f"worker {worker} stopped beating at {last_seen.isoformat()}"
            elif last_seen is None and task.started_at and task.started_at < timed_out_before:
                why = f"running since {task.started_at.isoformat()} without a live worker"
            else:
                continue
            counts[_release(task, why, now)] += 1
    # Workers come and go (each start is a new id): forget those silent for a week.
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=7)).delete()
    return counts


# --- the heartbeat ------------------------------------------------------------------------------


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat on its own connection; a failed write is retried at the
    next beat (the database may be restarting)."""

    def __init__(self, worker_id: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def beat(self) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "host": socket.gethostname()[:200],
                    "pid": os.getpid(),
                    "started_at": self.started_at,
                    "last_seen": timezone.now(),
                },
            )
        except Exception as error:  # never let the heartbeat kill the worker
            logger.warning("Heartbeat not written: %s", error)
            _close_connection()

    def run(self) -> None:
        try:
            self.beat()
            while not self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS):
                self.beat()
        finally:
            _close_connection()

    def stop(self) -> None:
        self.stopping.set()


def _close_connection() -> None:
    """Drop this thread's connections; Django opens fresh ones on the next query."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # a dead connection may fail to close: it is gone either way
            connection.connection = None


# --- the worker ---------------------------------------------------------------------------------


class ResilientWorker(Worker):
    """django-tasks-db's Worker with reconnection, a heartbeat and lost-task reclaiming."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.failures = 0
        self.interrupted: str | None = None  # a task whose run the database cut short
        self.next_reclaim = 0.0

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311  (spread workers started together)
        try:
            while self.running:
                try:
                    ran = self.step()
                except CONNECTION_ERRORS as error:
                    self.lost_database(error)
                    continue
                if self.failures:
                    logger.warning("Database back after %d failed attempt(s)", self.failures)
                    self.failures = 0
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.batch and not ran:
                    return
                if self.running and not ran:
                    time.sleep(self.interval)
        finally:
            heartbeat.stop()

    def step(self) -> bool:
        """Reclaim what needs it, then claim and run one task. True if a task ran."""
        close_old_connections()
        if self.interrupted is not None:
            self.hand_back_interrupted()
        if time.monotonic() >= self.next_reclaim:
            reclaim_lost_tasks()
            self.next_reclaim = time.monotonic() + settings.WORKER_HEARTBEAT_SECONDS
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task = tasks.get_locked()
                if task is not None:
                    task.claim(self.worker_id)
            except OperationalError as error:
                if not is_locked_database_exception(error):  # SQLite busy: try again later
                    raise
                task = None
        if task is None:
            return False
        self.interrupted = str(task.pk)
        # Worker.run_task records success or failure; if the database goes away meanwhile,
        # recording fails and the error reaches run(), which keeps `interrupted` to hand back.
        self.run_task(task)
        self.interrupted = None
        return True

    def hand_back_interrupted(self) -> None:
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=self.interrupted, status=RUNNING)
                .first()
            )
            if task is not None:
                _release(task, "the database connection was lost while it ran", timezone.now())
        self.interrupted = None

    def lost_database(self, error: Exception) -> None:
        self.failures += 1
        delay = min(settings.WORKER_BACKOFF_MAX_SECONDS, 0.5 * 2 ** (self.failures - 1))
        delay *= random.uniform(0.8, 1.2)  # noqa: S311  (workers must not retry in step)
        logger.warning(
            "Database unavailable (%s: %s); retrying in %.1f s (attempt %d)",
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "",
            delay,
            self.failures,
        )
        _close_connection()
        if self.running:
            time.sleep(delay)
