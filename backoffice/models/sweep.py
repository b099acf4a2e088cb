"""What the SLA sweep has done, once: the database refuses a second row for the same fact."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SweepMark(models.Model):
    """ "This warning (or breach, or auto-close) for this case, clock and due time happened."

    Inserted in the same transaction as the notification and the timeline entry it stands for.
    Two overlapping sweeps may both decide to act on a case; the unique constraint lets only
    one of them insert the mark, and the other sends nothing (see services/sweep.py). Timing,
    locks held by a crashed run or a stale read cannot double a warning."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Deadline warning")
        BREACH = "breach", _("Missed deadline")
        CLOSE = "close", _("Closed, customer unreachable")

    case = models.ForeignKey("backoffice.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The SLA clock (policy.CLOCK_FIELDS) or "follow_up" for the unreachable close.
    clock = models.CharField(max_length=20)
    # The due time acted on (for a close: when the unanswered SMS was sent).
    due = models.DateTimeField()
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("sweep mark")
        verbose_name_plural = _("sweep marks")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "clock", "due"], name="sweep_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.clock} {self.due:%Y-%m-%d %H:%M}"
