"""Report periods: what the command and the dashboard accept, in local days."""

from datetime import date

import pytest

from backoffice.reports.periods import (
    PeriodError,
    parse_period,
    trend_months,
    trend_weeks,
)
from tests.conftest import at


def test_a_month_runs_from_local_midnight_to_local_midnight():
    october = parse_period("2026-10")
    assert (october.kind, october.first_day, october.last_day) == (
        "month",
        date(2026, 10, 1),
        date(2026, 10, 31),
    )
    assert october.start == at(2026, 10, 1, 0, 0) and october.end == at(2026, 11, 1, 0, 0)
    assert october.key == "2026-10"
    assert october.label("zh-hans") == "2026年10月" and october.label("en") == "October 2026"
    assert parse_period("2026-2").last_day == date(2026, 2, 28)
    assert parse_period("2026-12").end == at(2027, 1, 1, 0, 0)


def test_an_iso_week():
    week = parse_period("2026-W44")
    assert (week.first_day, week.last_day) == (date(2026, 10, 26), date(2026, 11, 1))
    assert week.key == "2026-W44" and parse_period("2026w44") == week
    assert week.label("zh-hans") == "2026年第44周（10月26日–11月1日）"
    assert week.label("en") == "Week 44 of 2026 (26 Oct – 1 Nov)"
    assert parse_period("2026-W53").last_day == date(2027, 1, 3)


def test_a_range_of_days():
    days = parse_period("2026-10-08..2026-10-09")
    assert (days.kind, days.first_day, days.last_day) == (
        "custom",
        date(2026, 10, 8),
        date(2026, 10, 9),
    )
    assert days.key == "2026-10-08..2026-10-09"
    assert parse_period(days.key) == days


@pytest.mark.parametrize(
    "text",
    ["", "2026", "2026-13", "2026-0", "2026-W00", "2025-W53", "October", "2026-10-09..2026-10-08",
     "2026-02-30..2026-03-01", "2020-01-01..2026-01-01"],
)  # fmt: skip
def test_what_is_not_a_period_is_refused_with_a_reason(text):
    with pytest.raises(PeriodError) as refusal:
        parse_period(text)
    assert str(refusal.value)


def test_trend_windows_end_with_the_period():
    october = parse_period("2026-10")
    weeks = trend_weeks(october, 12)
    assert weeks[-1] == date(2026, 10, 26) and weeks[0] == date(2026, 8, 10)
    assert all(day.weekday() == 0 for day in weeks)
    months = trend_months(october, 12)
    assert months[0] == date(2025, 11, 1) and months[-1] == date(2026, 10, 1)
    assert trend_months(parse_period("2026-01"), 2) == [date(2025, 12, 1), date(2026, 1, 1)]
