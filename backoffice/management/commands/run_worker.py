"""`manage.py run_worker`: the background worker for production (systemd: deploy/systemd/).

Takes django-tasks-db's `db_worker` options (--queue-name, --interval, --batch, --max-tasks,
--worker-id, ...) but survives a database restart or a dropped connection, writes a heartbeat
and reclaims tasks a dead worker left RUNNING: see backoffice/worker.py."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from django.core.management.base import CommandError

from backoffice.worker import ResilientWorker


class Command(DbWorkerCommand):
    help = (
        "Run the background task worker: reconnects with back-off when the database goes "
        "away, writes a heartbeat, reclaims tasks left running by a dead worker."
    )

    def handle(self, *, verbosity, queue_name, exclude_queues, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        worker.run()
