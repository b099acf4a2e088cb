"""`manage.py sla_sweep`: run the SLA sweep once. Schedule it every few minutes (systemd timer
deploy/systemd/complaints-sla-sweep.timer); it is idempotent, and overlapping runs, on one
machine or several, never double a warning, escalation or close: each is claimed by a unique
SweepMark row (backoffice/services/sweep.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from backoffice.services.sweep import sla_sweep


class Command(BaseCommand):
    help = (
        "Fill in deadlines waiting for a calendar year, close unreachable follow-ups, escalate "
        "missed deadlines once and warn owners before deadlines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Sweep as if it were this moment (ISO 8601 with a UTC offset), for drills.",
        )

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None or now.tzinfo is None:
                raise CommandError(_("--now needs a date and time with a UTC offset."))
        report = sla_sweep(now=now)
        for line in report.lines():
            self.stdout.write(line)
        for line in report.unknown_year_lines():
            self.stderr.write(self.style.WARNING(line))
        if report.failed:
            raise CommandError(
                _("%(n)d case(s) could not be swept; see the log for details.")
                % {"n": report.failed}
            )
