"""The working-day calendar and SLA time arithmetic (pure Python, no database).

The 2026 dates below were read from chinese_calendar 1.11 (the State Council schedule for 2026):

- New Year: 1-3 Jan off; Sunday 4 Jan is a make-up working day.
- Spring Festival: 15-23 Feb off (Sun-Mon); Saturdays 14 Feb and 28 Feb are make-up working days.
- Mid-Autumn: 25-27 Sep off (Fri-Sun).
- National Day: 1-7 Oct off (Thu-Wed); Sunday 20 Sep and Saturday 10 Oct are make-up working days.
- November 2026 has no holiday and no make-up day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.sla import (
    BusinessHours,
    UnknownScheduleYear,
    WorkCalendar,
    add_duration,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware Shanghai datetime, to keep the tables short."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


# --- the library schedule for 2026 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Spring Festival and its two make-up Saturdays
        (date(2026, 2, 13), True),  # Friday before
        (date(2026, 2, 14), True),  # Saturday, make-up working day
        (date(2026, 2, 15), False),  # Sunday, first day of the holiday
        (date(2026, 2, 16), False),  # Monday, 除夕
        (date(2026, 2, 23), False),  # Monday, last day of the holiday
        (date(2026, 2, 24), True),  # Tuesday, back to work
        (date(2026, 2, 28), True),  # Saturday, make-up working day
        # Mid-Autumn and National Day, with their make-up Sunday and Saturday
        (date(2026, 9, 19), False),  # an ordinary Saturday
        (date(2026, 9, 20), True),  # Sunday, make-up working day
        (date(2026, 9, 25), False),  # Friday, Mid-Autumn
        (date(2026, 9, 28), True),  # Monday after Mid-Autumn
        (date(2026, 10, 1), False),  # Thursday, National Day
        (date(2026, 10, 5), False),  # Monday inside the Golden Week
        (date(2026, 10, 7), False),  # Wednesday, last day of the holiday
        (date(2026, 10, 8), True),  # Thursday, back to work
        (date(2026, 10, 10), True),  # Saturday, make-up working day
        (date(2026, 10, 11), False),  # an ordinary Sunday
        # New Year make-up Sunday
        (date(2026, 1, 2), False),
        (date(2026, 1, 4), True),
    ],
)
def test_2026_schedule(cal: WorkCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_next_working_day_is_strictly_after(cal: WorkCalendar) -> None:
    assert cal.next_working_day(date(2026, 11, 9)) == date(2026, 11, 10)
    assert cal.next_working_day(date(2026, 11, 6)) == date(2026, 11, 9)  # Friday -> Monday
    assert cal.next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)  # over National Day
    assert cal.next_working_day(date(2026, 9, 19)) == date(2026, 9, 20)  # make-up Sunday
    assert cal.next_working_day(date(2026, 2, 14)) == date(2026, 2, 24)  # over Spring Festival


def test_schedule_known(cal: WorkCalendar) -> None:
    assert cal.schedule_known(2025)
    assert cal.schedule_known(2026)
    assert not cal.schedule_known(2031)


# --- working hours ------------------------------------------------------------------------------


def test_friday_evening_start_crosses_the_weekend(cal: WorkCalendar) -> None:
    # One hour left on Friday, the second on Monday morning.
    assert cal.add_working_hours(sh(2026, 11, 6, 17), 2) == sh(2026, 11, 9, 10)
    # After closing: the clock starts at Monday's opening.
    assert cal.add_working_hours(sh(2026, 11, 6, 19, 30), 1) == sh(2026, 11, 9, 10)


def test_start_on_a_public_holiday_counts_from_the_next_opening(cal: WorkCalendar) -> None:
    assert cal.add_working_hours(sh(2026, 10, 1, 10), 4) == sh(2026, 10, 8, 13)
    assert cal.add_working_hours(sh(2026, 9, 25, 15), 0) == sh(2026, 9, 28, 9)


def test_make_up_sunday_is_a_working_day(cal: WorkCalendar) -> None:
    # Friday 17:00 + 3 h: one hour on Friday, then Saturday is off and Sunday 20 Sep works.
    assert cal.add_working_hours(sh(2026, 9, 18, 17), 3) == sh(2026, 9, 20, 11)
    # Starting on the ordinary Saturday before it.
    assert cal.add_working_hours(sh(2026, 9, 19, 10), 2) == sh(2026, 9, 20, 11)
    assert cal.add_working_days(sh(2026, 9, 18, 10), 1) == sh(2026, 9, 20, 10)


def test_spring_festival_2026(cal: WorkCalendar) -> None:
    # Friday 13 Feb 17:00 + 2 h ends on the make-up Saturday 14 Feb.
    assert cal.add_working_hours(sh(2026, 2, 13, 17), 2) == sh(2026, 2, 14, 10)
    # From the make-up Saturday, the next working hour is after the nine days off.
    assert cal.add_working_hours(sh(2026, 2, 14, 17), 2) == sh(2026, 2, 24, 10)
    assert cal.add_working_days(sh(2026, 2, 13, 10), 2) == sh(2026, 2, 24, 10)
    # 14 Feb, then 24-27 Feb; 28 Feb (make-up Saturday) is excluded by the half-open range.
    assert cal.working_days_between(date(2026, 2, 14), date(2026, 2, 28)) == 5
    assert cal.working_days_between(date(2026, 2, 14), date(2026, 3, 1)) == 6


def test_national_day_2026(cal: WorkCalendar) -> None:
    # "Reply within 3 working days" from Thursday 24 Sep skips Mid-Autumn (Fri 25-Sun 27).
    assert cal.add_working_days(sh(2026, 9, 24, 10), 3) == sh(2026, 9, 30, 10)
    # From the eve of the Golden Week: 8 Oct, 9 Oct, then the make-up Saturday 10 Oct.
    assert cal.add_working_days(sh(2026, 9, 30, 10), 3) == sh(2026, 10, 10, 10)
    assert cal.add_working_days(sh(2026, 9, 30, 15), 1) == sh(2026, 10, 8, 15)
    # Handling time across the holiday: 30 Sep and 8 Oct, nine hours each.
    assert cal.working_hours_between(sh(2026, 9, 30, 9), sh(2026, 10, 8, 18)) == 18
    # 12315's ten working days from Monday 28 Sep: 29-30 Sep, 8-10 Oct (make-up Saturday
    # included), 12-16 Oct.
    assert cal.add_working_days(sh(2026, 9, 28, 11), 10) == sh(2026, 10, 16, 11)


def test_deadline_that_uses_up_a_day_falls_at_closing(cal: WorkCalendar) -> None:
    assert cal.add_working_hours(sh(2026, 11, 9, 9), 9) == sh(2026, 11, 9, 18)
    assert cal.add_working_hours(sh(2026, 11, 9, 9), 9.5) == sh(2026, 11, 10, 9, 30)


def test_before_opening_starts_at_opening(cal: WorkCalendar) -> None:
    assert cal.add_working_hours(sh(2026, 11, 9, 7), 1) == sh(2026, 11, 9, 10)
    assert cal.add_working_days(sh(2026, 11, 9, 7), 1) == sh(2026, 11, 10, 9)


def test_add_working_days_zero_returns_the_normalised_start(cal: WorkCalendar) -> None:
    assert cal.add_working_days(sh(2026, 11, 9, 14, 5), 0) == sh(2026, 11, 9, 14, 5)
    assert cal.add_working_days(sh(2026, 11, 7, 14), 0) == sh(2026, 11, 9, 9)  # Saturday
    assert cal.add_working_days(sh(2026, 11, 9, 18), 0) == sh(2026, 11, 10, 9)  # at closing


def test_add_working_days_from_a_day_off_starts_at_next_opening(cal: WorkCalendar) -> None:
    # Saturday afternoon counts as Monday 09:00; one working day later is Tuesday 09:00.
    assert cal.add_working_days(sh(2026, 11, 7, 15), 1) == sh(2026, 11, 10, 9)


def test_working_hours_between_clips_to_business_hours(cal: WorkCalendar) -> None:
    assert cal.working_hours_between(sh(2026, 11, 6, 7), sh(2026, 11, 9, 23)) == 18
    assert cal.working_hours_between(sh(2026, 11, 7, 10), sh(2026, 11, 8, 16)) == 0
    assert cal.working_hours_between(sh(2026, 11, 9, 10), sh(2026, 11, 9, 10)) == 0
    # Reversed range: negative, e.g. "overdue by" in reports.
    assert cal.working_hours_between(sh(2026, 11, 9, 12), sh(2026, 11, 9, 10, 30)) == -1.5


def test_working_days_between_is_half_open_and_signed(cal: WorkCalendar) -> None:
    assert cal.working_days_between(date(2026, 11, 2), date(2026, 11, 9)) == 5
    assert cal.working_days_between(date(2026, 11, 9), date(2026, 11, 2)) == -5
    assert cal.working_days_between(date(2026, 11, 9), date(2026, 11, 9)) == 0
    # 1 Sep-1 Nov: 22 working days in September (Sunday 20 Sep included, 25 Sep off)
    # and 18 in October (1-2 and 5-7 Oct off, Saturday 10 Oct included).
    assert cal.working_days_between(date(2026, 9, 1), date(2026, 11, 1)) == 40


def test_add_hours_is_plain_elapsed_time(cal: WorkCalendar) -> None:
    assert cal.add_hours(sh(2026, 10, 1, 10), 24) == sh(2026, 10, 2, 10)
    assert cal.add_hours(sh(2026, 11, 6, 17), 1.5) == sh(2026, 11, 6, 18, 30)


def test_add_duration_dispatches_on_the_unit(cal: WorkCalendar) -> None:
    start = sh(2026, 9, 30, 15)
    assert add_duration(cal, start, 24, "hours") == sh(2026, 10, 1, 15)
    assert add_duration(cal, start, 4, "working_hours") == sh(2026, 10, 8, 10)
    assert add_duration(cal, start, 1, "working_days") == sh(2026, 10, 8, 15)
    assert add_duration(cal, start, 1.0, "working_days") == sh(2026, 10, 8, 15)
    with pytest.raises(ValueError, match="whole number"):
        add_duration(cal, start, 1.5, "working_days")
    with pytest.raises(ValueError, match="unit"):
        add_duration(cal, start, 1, "weeks")


# --- overrides and unknown years ----------------------------------------------------------------


def test_overrides_turn_a_working_day_off_and_a_weekend_day_on() -> None:
    cal = WorkCalendar(
        overrides={
            date(2026, 11, 9): False,  # a Monday the store closes (stocktaking)
            date(2026, 11, 14): True,  # a Saturday the office works
            date(2026, 10, 10): False,  # even a make-up day can be given off
        }
    )
    assert not cal.is_working_day(date(2026, 11, 9))
    assert cal.is_working_day(date(2026, 11, 14))
    assert not cal.is_working_day(date(2026, 10, 10))
    # Friday 17:00 + 2 h now skips Monday.
    assert cal.add_working_hours(sh(2026, 11, 6, 17), 2) == sh(2026, 11, 10, 10)
    assert cal.next_working_day(date(2026, 11, 13)) == date(2026, 11, 14)
    assert cal.add_working_days(sh(2026, 11, 13, 16), 1) == sh(2026, 11, 14, 16)


def test_overrides_are_a_snapshot() -> None:
    overrides = {date(2026, 11, 9): False}
    cal = WorkCalendar(overrides=overrides)
    overrides[date(2026, 11, 9)] = True
    assert not cal.is_working_day(date(2026, 11, 9))


def test_unknown_year_raises_with_the_year_in_the_message(cal: WorkCalendar) -> None:
    with pytest.raises(UnknownScheduleYear, match="2031") as excinfo:
        cal.is_working_day(date(2031, 3, 3))
    assert excinfo.value.year == 2031
    with pytest.raises(UnknownScheduleYear, match="2031"):
        cal.add_working_hours(datetime(2031, 3, 3, 10, tzinfo=SHANGHAI), 1)
    with pytest.raises(UnknownScheduleYear, match="2031"):
        cal.add_working_days(datetime(2031, 3, 3, 10, tzinfo=SHANGHAI), 0)


def test_a_clock_running_into_an_unknown_year_raises(cal: WorkCalendar) -> None:
    # 2026's last working afternoon, then 2027 has no official schedule in the library.
    assert cal.add_working_hours(sh(2026, 12, 31, 17), 1) == sh(2026, 12, 31, 18)
    with pytest.raises(UnknownScheduleYear, match="2027"):
        cal.add_working_hours(sh(2026, 12, 31, 17), 2)
    # A report range ending before opening on 1 Jan needs nothing from 2027.
    assert cal.working_hours_between(sh(2026, 12, 31, 17), sh(2027, 1, 1, 8)) == 1


def test_override_alone_does_not_make_a_year_known() -> None:
    cal = WorkCalendar(overrides={date(2031, 1, 1): False})
    assert not cal.schedule_known(2031)
    with pytest.raises(UnknownScheduleYear, match="2031"):
        cal.is_working_day(date(2031, 1, 1))


def test_declared_year_uses_overrides_and_weekends_off() -> None:
    cal = WorkCalendar(
        overrides={
            date(2030, 12, 31): False,  # the library does not know 2030 either
            date(2031, 1, 1): False,  # Wednesday, New Year's Day
            date(2031, 1, 11): True,  # Saturday, a make-up working day
        },
        known_years=[2031],
    )
    assert cal.schedule_known(2031)
    assert not cal.is_working_day(date(2031, 1, 1))
    assert cal.is_working_day(date(2031, 1, 2))  # Thursday
    assert not cal.is_working_day(date(2031, 1, 4))  # Saturday
    assert cal.is_working_day(date(2031, 1, 11))
    assert cal.add_working_hours(datetime(2031, 1, 1, 10, tzinfo=SHANGHAI), 1) == datetime(
        2031, 1, 2, 10, tzinfo=SHANGHAI
    )
    with pytest.raises(UnknownScheduleYear, match="2030"):
        cal.is_working_day(date(2030, 12, 31))


# --- input checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c, n: c.add_working_hours(n, 1),
        lambda c, n: c.add_working_days(n, 1),
        lambda c, n: c.add_hours(n, 1),
        lambda c, n: c.working_hours_between(n, sh(2026, 11, 9, 10)),
        lambda c, n: c.working_hours_between(sh(2026, 11, 9, 10), n),
        lambda c, n: add_duration(c, n, 1, "working_hours"),
    ],
)
def test_naive_datetimes_are_refused(cal: WorkCalendar, call) -> None:
    with pytest.raises(ValueError, match="aware"):
        call(cal, datetime(2026, 11, 9, 10))


@pytest.mark.parametrize(
    "call",
    [
        lambda c, s: c.add_working_hours(s, -1),
        lambda c, s: c.add_working_hours(s, float("nan")),
        lambda c, s: c.add_working_days(s, -1),
        lambda c, s: c.add_hours(s, -0.5),
        lambda c, s: add_duration(c, s, -2, "working_days"),
    ],
)
def test_negative_amounts_are_refused(cal: WorkCalendar, call) -> None:
    with pytest.raises(ValueError):
        call(cal, sh(2026, 11, 9, 10))


def test_dates_must_not_be_datetimes(cal: WorkCalendar) -> None:
    with pytest.raises(TypeError):
        cal.is_working_day(sh(2026, 11, 9, 10))


def test_business_hours_must_open_before_closing() -> None:
    with pytest.raises(ValueError):
        BusinessHours(start=time(18), end=time(9))


def test_custom_business_hours() -> None:
    cal = WorkCalendar(hours=BusinessHours(start=time(8, 30), end=time(21, 0)))
    assert cal.add_working_hours(sh(2026, 11, 6, 20), 2) == sh(2026, 11, 9, 9, 30)
    assert cal.working_hours_between(sh(2026, 11, 9, 0), sh(2026, 11, 10, 0)) == 12.5


# --- time zones ---------------------------------------------------------------------------------


def test_utc_input_gives_the_same_instant(cal: WorkCalendar) -> None:
    # 08:00 UTC is 16:00 in Shanghai on Thursday 24 Sep: two hours that day, then Mid-Autumn
    # and the weekend, then one hour on Monday 28 Sep. Read as 08:00 local, it would be 12:00.
    utc_start = datetime(2026, 9, 24, 8, tzinfo=UTC)
    shanghai_start = sh(2026, 9, 24, 16)
    assert utc_start == shanghai_start
    result = cal.add_working_hours(utc_start, 3)
    assert result == cal.add_working_hours(shanghai_start, 3) == sh(2026, 9, 28, 10)
    assert result.tzinfo == SHANGHAI
    assert cal.add_working_days(utc_start, 1) == sh(2026, 9, 28, 16)
    assert cal.add_hours(utc_start, 1).tzinfo == SHANGHAI
    end = datetime(2026, 9, 28, 2, tzinfo=UTC)  # 10:00 in Shanghai
    assert cal.working_hours_between(utc_start, end) == 3


def test_utc_evening_is_next_morning_in_shanghai(cal: WorkCalendar) -> None:
    # 23:30 UTC on Friday 9 Oct is 07:30 on the make-up Saturday 10 Oct in Shanghai.
    assert cal.add_working_hours(datetime(2026, 10, 9, 23, 30, tzinfo=UTC), 1) == sh(
        2026, 10, 10, 10
    )


# --- the inverse property -----------------------------------------------------------------------

# Starts stop at 1 Nov 2026 so that 200 working hours (about 23 working days) never run into
# 2027, whose schedule the library does not have.
_working_starts = st.builds(
    lambda day, offset: datetime.combine(day, time(9), tzinfo=SHANGHAI) + offset,
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 1)).filter(
        WorkCalendar().is_working_day
    ),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=9) - timedelta(microseconds=1)),
)


@settings(max_examples=300, deadline=None)
@given(start=_working_starts, hours=st.floats(min_value=0, max_value=200))
def test_working_hours_between_inverts_add_working_hours(start: datetime, hours: float) -> None:
    cal = WorkCalendar()
    end = cal.add_working_hours(start, hours)
    # Equal to the microsecond, datetime's resolution.
    assert cal.working_hours_between(start, end) == pytest.approx(hours, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(start=_working_starts, minutes=st.integers(min_value=0, max_value=200 * 60))
def test_inverse_is_exact_for_whole_minutes(start: datetime, minutes: int) -> None:
    cal = WorkCalendar()
    hours = minutes / 60
    assert cal.working_hours_between(start, cal.add_working_hours(start, hours)) == hours


@settings(max_examples=200, deadline=None)
@given(start=_working_starts, days=st.integers(min_value=0, max_value=30))
def test_working_days_between_inverts_add_working_days(start: datetime, days: int) -> None:
    cal = WorkCalendar()
    end = cal.add_working_days(start, days)
    assert end.time() == start.time()
    assert cal.working_days_between(start.date(), end.date()) == days
