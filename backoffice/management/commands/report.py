"""`manage.py report --period 2026-10 [--unit CODE] --format pdf|xlsx --out FILE
[--language zh-hans|en]`: the monthly report (a month), the weekly report (an ISO week such as
2026-W44) or the full report over a range of days (2026-10-01..2026-10-15), for all units or
one unit and everything below it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backoffice.reports import (
    PeriodError,
    ScopeError,
    parse_period,
    report_for,
    report_pdf,
    report_xlsx,
)
from backoffice.workflow import SYSTEM

FORMATS = {"pdf": report_pdf, "xlsx": report_xlsx}


def language_option(value: str) -> str:
    languages = [code for code, _name in settings.LANGUAGES]
    if value not in languages:
        raise CommandError(
            _("Unknown language “%(value)s”: use one of %(languages)s.")
            % {"value": value, "languages": ", ".join(languages)}
        )
    return value


class Command(BaseCommand):
    help = (
        "Write the weekly (--period 2026-W44) or monthly (--period 2026-10) complaint report "
        "as PDF or XLSX, for all units or one unit (--unit CODE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026-10, 2026-W44 or a..b dates.")
        parser.add_argument("--unit", default="", help="A unit's code; default: all units.")
        parser.add_argument("--format", required=True, dest="output_format", help="pdf or xlsx.")
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, **options):
        output_format = options["output_format"].lower()
        if output_format not in FORMATS:
            raise CommandError(
                _("Unknown format “%(value)s”: use pdf or xlsx.")
                % {"value": options["output_format"]}
            )
        language = language_option(options["language"])
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("No such folder: %(folder)s") % {"folder": out.parent})
        try:
            report = report_for(
                SYSTEM, period, unit_code=options["unit"] or None, language=language
            )
        except ScopeError as error:
            raise CommandError(str(error)) from error
        out.write_bytes(FORMATS[output_format](report))
        self.stdout.write(
            _("Wrote %(title)s, %(period)s, %(units)s: %(file)s")
            % {
                "title": report.title,
                "period": report.period_label,
                "units": report.scope_label,
                "file": out,
            }
        )
