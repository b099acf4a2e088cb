"""Weekly and monthly reports and the managers' dashboard.

`report_for(reader, period, unit_code=..., language=...)` computes the figures
(`figures.py`, the only place any figure is computed) within the reader's scope (`scope.py`)
and lays them out as sections (`sections.py`); `rendering.py` prints them as PDF or XLSX;
`dispatch.py` sends the scheduled ones through the outbox; `views.py` is the admin dashboard.
"""

from __future__ import annotations

from datetime import datetime

from backoffice.reports.figures import compute_figures
from backoffice.reports.periods import Period, PeriodError, parse_period
from backoffice.reports.rendering import report_pdf, report_xlsx
from backoffice.reports.scope import ScopeError, scope_for
from backoffice.reports.sections import Report, build_report


def report_for(
    reader,
    period: Period,
    *,
    unit_code: str | None = None,
    language: str,
    now: datetime | None = None,
) -> Report:
    """The report `reader` (a staff user, or workflow.SYSTEM for all units) may read over
    `period`, narrowed to the unit `unit_code` if given. Raises ScopeError for a unit the
    reader may not see or a role that may not read reports."""
    scope = scope_for(reader, unit_code)
    return build_report(compute_figures(scope, period, now=now), language=language)


__all__ = [
    "Period",
    "PeriodError",
    "Report",
    "ScopeError",
    "parse_period",
    "report_for",
    "report_pdf",
    "report_xlsx",
]
