"""The Chinese working-day calendar and the time arithmetic behind every SLA clock.

Pure Python on purpose: no Django import, so the rules can be tested without a database and the
admin-editable override table is wired in by the caller (it passes a plain ``{date: bool}``).

Where the answer for a day comes from, first match wins:

1. The year must be *known*: either the ``chinese_calendar`` package (PyPI ``chinesecalendar``)
   ships its official schedule (2004-2026 in version 1.11), or an administrator listed it in
   ``known_years`` after entering that year's official schedule as overrides. Otherwise the call
   raises :class:`UnknownScheduleYear`. We never guess: a deadline computed without the year's
   调休 make-up working days would be silently wrong.
2. An administrator override (``True`` working, ``False`` day off) wins over everything below.
3. For a year the library knows: its answer, which covers public holidays and 调休 make-up
   working Saturdays and Sundays.
4. For a year known only through ``known_years``: Monday-Friday are working days, weekends are off.

Time arithmetic happens on the wall clock of the calendar's time zone (Asia/Shanghai by default,
which has no daylight saving, so wall-clock and elapsed time agree). Every datetime argument must
be aware; results are aware datetimes in the calendar's time zone.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = [
    "DURATION_UNITS",
    "SHANGHAI",
    "BusinessHours",
    "UnknownScheduleYear",
    "WorkCalendar",
    "add_duration",
]

_ONE_DAY = timedelta(days=1)
_MICROSECONDS_PER_HOUR = 3_600_000_000

DURATION_UNITS = frozenset({"hours", "working_hours", "working_days"})

SHANGHAI = ZoneInfo("Asia/Shanghai")


class UnknownScheduleYear(Exception):
    """A date falls in a year with no official working-day schedule.

    Raised instead of guessing. The fix is administrative: enter the year's public holidays and
    make-up working days as overrides and declare the year known.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"No official working-day schedule for {year}: enter that year's public holidays and "
            f"make-up working days (调休) as calendar overrides, then mark {year} as known."
        )


@dataclass(frozen=True)
class BusinessHours:
    """Daily opening hours, the half-open interval [start, end) on the local wall clock.

    A moment exactly at ``end`` is after closing; a deadline may still fall exactly at ``end``.
    Overnight hours (end before start) are not supported.
    """

    start: time = time(9, 0)
    end: time = time(18, 0)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("Business hours are local wall-clock times; give naive times.")
        if not self.start < self.end:
            raise ValueError(f"Business hours must open before they close: {self.start}-{self.end}")


@functools.cache
def _library_knows_year(year: int) -> bool:
    """Whether ``chinese_calendar`` ships the official schedule for ``year``.

    Cached globally because it depends only on the installed package, never on overrides.
    The package raises NotImplementedError outside its range (earlier than 2004, later than its
    last release's year).
    """
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def _library_is_working_day(day: date) -> bool:
    """``chinese_calendar.is_workday``, remembered for the whole process.

    The package rescans its whole holiday table on every call to check the year range (about
    18 µs a call), which made a freshly built calendar cost about 1 ms per month walked. Its
    answers depend only on the installed package, so a global cache is safe; administrator
    overrides are never cached here but per WorkCalendar instance.
    """
    return chinese_calendar.is_workday(day)


def _require_aware(moment: datetime, name: str = "datetime") -> None:
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")


def _require_date(day: date, name: str = "day") -> None:
    # datetime is a subclass of date; accepting one would silently use its own (maybe UTC)
    # calendar date instead of the date in the calendar's time zone.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"{name} must be a date (not a datetime), got {type(day).__name__}")


def _hours_to_timedelta(hours: float) -> timedelta:
    """Convert a non-negative hour amount to a timedelta rounded to the microsecond."""
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise TypeError(f"hours must be a number, got {type(hours).__name__}")
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"hours must be a finite, non-negative number, got {hours!r}")
    return timedelta(microseconds=round(hours * _MICROSECONDS_PER_HOUR))


def _timedelta_to_hours(delta: timedelta) -> float:
    # One integer division, correctly rounded: the exact inverse of _hours_to_timedelta for any
    # amount that is a whole number of microseconds (every whole minute, for instance).
    return (delta // timedelta(microseconds=1)) / _MICROSECONDS_PER_HOUR


def _whole_days(days: int) -> int:
    if isinstance(days, bool):
        raise TypeError("days must be an integer, got bool")
    days = operator.index(days)  # TypeError for floats: half a working day is not defined here
    if days < 0:
        raise ValueError(f"days must be non-negative, got {days}")
    return days


class WorkCalendar:
    """Working days and business hours for SLA clocks.

    ``overrides`` maps a date to ``True`` (working) or ``False`` (day off); entered by an
    administrator, they win over the library. ``known_years`` lists extra years an administrator
    has declared complete after entering their official schedule as overrides.

    The calendar takes a snapshot of ``overrides`` and caches each day's answer on the instance:
    build a new calendar after the override table changes.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        known_years: Iterable[int] = (),
        hours: BusinessHours = BusinessHours(),
        tz: ZoneInfo = SHANGHAI,
    ) -> None:
        self._overrides: dict[date, bool] = {}
        for day, working in (overrides or {}).items():
            _require_date(day, "override date")
            self._overrides[day] = bool(working)
        self._known_years = frozenset(operator.index(year) for year in known_years)
        self.hours = hours
        self.tz = tz
        # Per-instance cache: its lifetime is the instance's, so a calendar built from a newer
        # override table never sees stale answers from an older one.
        self._cached_is_working_day = functools.lru_cache(maxsize=None)(self._look_up_day)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(overrides={len(self._overrides)}, "
            f"known_years={sorted(self._known_years)}, hours={self.hours}, tz={self.tz})"
        )

    # --- days -------------------------------------------------------------------------------

    def schedule_known(self, year: int) -> bool:
        """Whether working days of ``year`` can be answered without guessing."""
        return year in self._known_years or _library_knows_year(year)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (调休 make-up weekend days included).

        Raises UnknownScheduleYear for a day in an unknown year, even if that very day has an
        override: a year is usable only once it is declared complete, so a half-entered year
        cannot produce deadlines that look right by accident.
        """
        _require_date(day)
        return self._cached_is_working_day(day)

    def _look_up_day(self, day: date) -> bool:
        if not self.schedule_known(day.year):
            raise UnknownScheduleYear(day.year)
        if day in self._overrides:
            return self._overrides[day]
        if _library_knows_year(day.year):
            return _library_is_working_day(day)
        return day.weekday() < 5  # a declared year: weekends off unless overridden

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        _require_date(day)
        candidate = day + _ONE_DAY
        # Terminates: every run of days off ends at a working day or at an unknown year, which
        # raises UnknownScheduleYear.
        while not self._cached_is_working_day(candidate):
            candidate += _ONE_DAY
        return candidate

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open range [start, end) (like numpy.busday_count).

        Negative when ``end`` is before ``start``. For a working day ``d`` inside business hours,
        ``working_days_between(d, add_working_days(d, n).date()) == n``.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            count += self._cached_is_working_day(day)
            day += _ONE_DAY
        return count

    # --- moments ----------------------------------------------------------------------------

    def _local(self, moment: datetime, name: str = "start") -> datetime:
        _require_aware(moment, name)
        return moment.astimezone(self.tz)

    def _opening(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.start, tzinfo=self.tz)

    def _closing(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.end, tzinfo=self.tz)

    def _clock_start(self, local: datetime) -> datetime:
        """``local`` itself when inside business hours on a working day, else the next opening."""
        day = local.date()
        if self._cached_is_working_day(day):
            if local.time() < self.hours.start:
                return self._opening(day)
            if local.time() < self.hours.end:
                return local
        return self._opening(self.next_working_day(day))

    def add_hours(self, start: datetime, hours: float) -> datetime:
        """Plain elapsed time, for round-the-clock (24 h) clocks; no calendar involved."""
        _require_aware(start, "start")
        delta = _hours_to_timedelta(hours)
        # Through UTC: aware + timedelta is wall-clock arithmetic in Python, which would be wrong
        # across a daylight-saving change in a zone that has one.
        return (start.astimezone(UTC) + delta).astimezone(self.tz)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` business hours after ``start``.

        A start outside business hours or on a day off counts from the next opening. The walk
        skips weekends, public holidays and overridden days off, and works on 调休 make-up
        weekend days. A deadline that uses up a day exactly falls at that day's closing time,
        not at the next opening. ``hours=0`` returns the start moved to the next opening if
        needed.
        """
        moment = self._clock_start(self._local(start))
        remaining = _hours_to_timedelta(hours)
        while True:
            left_today = self._closing(moment.date()) - moment
            if remaining <= left_today:
                return moment + remaining
            remaining -= left_today
            moment = self._opening(self.next_working_day(moment.date()))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same local time of day, ``days`` working days later.

        A start on a day off, before opening or after closing first moves to the next opening
        (so Saturday 15:00 + 1 working day is Tuesday 09:00 in an ordinary week). ``days=0``
        returns that normalised start.
        """
        days = _whole_days(days)
        moment = self._clock_start(self._local(start))
        day = moment.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return datetime.combine(day, moment.timetz())  # timetz() keeps tzinfo and fold

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours elapsed from ``start`` to ``end``, e.g. handling time in reports.

        The inverse of add_working_hours: ``working_hours_between(s, add_working_hours(s, h))``
        equals ``h`` (to the microsecond) for ``s`` inside business hours. Moments outside
        business hours contribute nothing. Negative when ``end`` is before ``start``.
        """
        local_start, local_end = self._local(start, "start"), self._local(end, "end")
        if local_end < local_start:
            return -self.working_hours_between(end, start)
        total = timedelta(0)
        day = local_start.date()
        while day <= local_end.date():
            overlap = min(local_end, self._closing(day)) - max(local_start, self._opening(day))
            # Ask the calendar only about days that matter: a range ending at 08:00 on
            # 1 January of an unknown year should not raise.
            if overlap > timedelta(0) and self._cached_is_working_day(day):
                total += overlap
            day += _ONE_DAY
        return _timedelta_to_hours(total)


def add_duration(calendar: WorkCalendar, start: datetime, amount: float, unit: str) -> datetime:
    """Add an SLA duration as configured by an administrator (e.g. ``3, "working_days"``).

    ``unit`` is one of ``"hours"`` (elapsed, round the clock), ``"working_hours"`` or
    ``"working_days"``; working days need a whole number.
    """
    if unit == "hours":
        return calendar.add_hours(start, amount)
    if unit == "working_hours":
        return calendar.add_working_hours(start, amount)
    if unit == "working_days":
        if isinstance(amount, float):
            if not amount.is_integer():
                raise ValueError(f"working_days must be a whole number, got {amount!r}")
            amount = int(amount)
        return calendar.add_working_days(start, amount)
    raise ValueError(f"unit must be one of {sorted(DURATION_UNITS)}, got {unit!r}")
