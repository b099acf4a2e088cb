"""`manage.py send_reports --weekly|--monthly [--date YYYY-MM-DD] [--language zh-hans]`:
render and e-mail the scheduled reports (backoffice.reports.dispatch). Run --weekly every
Monday (it covers the previous ISO week) and --monthly on the 1st (the previous month, so it
is there well before the 5th). Running it again for the same period sends nothing twice."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.management.commands.report import language_option
from backoffice.reports.dispatch import send_scheduled_reports
from backoffice.reports.periods import previous_month, previous_week
from backoffice.reports.sections import MONTHLY, WEEKLY


class Command(BaseCommand):
    help = "E-mail the weekly (previous ISO week) or monthly (previous month) reports."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--weekly", action="store_true", help="The previous ISO week.")
        which.add_argument("--monthly", action="store_true", help="The previous month.")
        parser.add_argument(
            "--date", default="", help="Act as if today were this date (YYYY-MM-DD)."
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, **options):
        language = language_option(options["language"])
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    _("Give the date as YYYY-MM-DD, not “%(value)s”.") % {"value": options["date"]}
                ) from error
        else:
            today = timezone.localdate()
        kind = WEEKLY if options["weekly"] else MONTHLY
        period = previous_week(today) if kind == WEEKLY else previous_month(today)
        for result in send_scheduled_reports(kind, period, language=language):
            self.stdout.write(
                _("%(report)s: queued for %(queued)d, already sent to %(sent)d.")
                % {
                    "report": result.path,
                    "queued": len(result.queued),
                    "sent": result.already_sent,
                }
            )
