"""The background worker's pulse, read by /healthz and the admin dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per `run_worker` process, its last_seen refreshed every few seconds by a
    thread of its own (so a long task does not make a live worker look dead). A worker whose
    row goes stale is taken for dead: its RUNNING task is reclaimed (backoffice.worker)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=200)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} {self.last_seen:%Y-%m-%d %H:%M:%S}"
