"""Report periods: an ISO week, a calendar month or a custom range of days, in the business's
time zone (settings.TIME_ZONE, Asia/Shanghai).

A period is a half-open range of local days; `start` and `end` are the aware instants of the
first midnight and of the midnight after the last day, so a case received at 00:30 on the 1st
belongs to that month even though it is still the previous day in UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from backoffice.pdf import MONTHS_EN

WEEK = "week"
MONTH = "month"
CUSTOM = "custom"
KINDS = (WEEK, MONTH, CUSTOM)

# A custom range longer than this is refused: it is not a report any more but an export.
MAX_CUSTOM_DAYS = 3 * 366

# Reports cover the years a complaint can have been received in; outside them a date cannot be
# computed with (year 0, the day after 9999-12-31) or means a typing error.
FIRST_YEAR, LAST_YEAR = 2000, 2099

MONTHS_SHORT_EN = tuple(name[:3] for name in MONTHS_EN)

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period that cannot be read; the message says what is expected."""


def business_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: date
    last_day: date  # inclusive

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), tzinfo=business_tz())

    @property
    def end(self) -> datetime:
        """The instant just after the period (exclusive)."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=business_tz())

    @property
    def key(self) -> str:
        """2026-W44, 2026-10 or 2026-10-01..2026-10-15: what `parse_period` reads back."""
        if self.kind == WEEK:
            year, week, _day = self.first_day.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == MONTH:
            return f"{self.first_day:%Y-%m}"
        return f"{self.first_day:%Y-%m-%d}..{self.last_day:%Y-%m-%d}"

    def label(self, language: str) -> str:
        """2026年10月 / October 2026; 2026年第44周（10月26日–11月1日） / Week 44 of 2026 (...)."""
        first, last = self.first_day, self.last_day
        if self.kind == MONTH:
            if _is_chinese(language):
                return f"{first.year}年{first.month}月"
            return f"{MONTHS_EN[first.month - 1]} {first.year}"
        if self.kind == WEEK:
            year, week, _day = first.isocalendar()
            if _is_chinese(language):
                return (
                    f"{year}年第{week}周（{first.month}月{first.day}日–{last.month}月{last.day}日）"
                )
            return (
                f"Week {week} of {year} ({first.day} {MONTHS_SHORT_EN[first.month - 1]} – "
                f"{last.day} {MONTHS_SHORT_EN[last.month - 1]})"
            )
        if _is_chinese(language):
            return f"{first.year}年{first.month}月{first.day}日–{last.year}年{last.month}月{last.day}日"
        return (
            f"{first.day} {MONTHS_SHORT_EN[first.month - 1]} {first.year} – "
            f"{last.day} {MONTHS_SHORT_EN[last.month - 1]} {last.year}"
        )


def _check_years(*years: int) -> None:
    if not all(FIRST_YEAR <= year <= LAST_YEAR for year in years):
        raise PeriodError(
            _("Choose a period between the years %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def month_period(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(_("There is no month %(month)d.") % {"month": month})
    _check_years(year)
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return Period(MONTH, first, following - timedelta(days=1))


def week_period(year: int, week: int) -> Period:
    _check_years(year)
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError as error:
        raise PeriodError(
            _("%(year)d has no ISO week %(week)d.") % {"year": year, "week": week}
        ) from error
    return Period(WEEK, monday, monday + timedelta(days=6))


def custom_period(first_day: date, last_day: date) -> Period:
    if last_day < first_day:
        raise PeriodError(_("The range ends before it starts."))
    _check_years(first_day.year, last_day.year)
    if (last_day - first_day).days >= MAX_CUSTOM_DAYS:
        raise PeriodError(_("Please choose a range of at most three years."))
    return Period(CUSTOM, first_day, last_day)


def parse_period(text: str) -> Period:
    """Read "2026-10" (a month), "2026-W44" (an ISO week) or "2026-10-01..2026-10-15"
    (a range of days, both included). Raises PeriodError with a readable message."""
    text = (text or "").strip()
    if match := _MONTH.match(text):
        return month_period(int(match[1]), int(match[2]))
    if match := _WEEK.match(text):
        return week_period(int(match[1]), int(match[2]))
    if match := _RANGE.match(text):
        try:
            first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError as error:
            raise PeriodError(_("That is not a date: %(text)s") % {"text": text}) from error
        return custom_period(first, last)
    raise PeriodError(
        _(
            "Give the period as a month (2026-10), an ISO week (2026-W44) or a range of days "
            "(2026-10-01..2026-10-15), not “%(text)s”."
        )
        % {"text": text}
    )


def previous_week(today: date) -> Period:
    """The ISO week before the one containing `today` (what Monday's report covers)."""
    year, week, _day = (today - timedelta(days=7)).isocalendar()
    return week_period(year, week)


def previous_month(today: date) -> Period:
    """The calendar month before the one containing `today` (what the 1st's report covers)."""
    last_of_previous = today.replace(day=1) - timedelta(days=1)
    return month_period(last_of_previous.year, last_of_previous.month)


def current_month(today: date) -> Period:
    return month_period(today.year, today.month)


def trend_weeks(period: Period, count: int = 12) -> list[date]:
    """The Mondays of the `count` ISO weeks that end with the period's last week."""
    last_monday = period.last_day - timedelta(days=period.last_day.weekday())
    return [last_monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def trend_months(period: Period, count: int = 12) -> list[date]:
    """The first days of the `count` months that end with the period's last month."""
    year, month = period.last_day.year, period.last_day.month
    firsts = []
    for _index in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return firsts[::-1]
