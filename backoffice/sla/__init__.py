"""SLA clocks: the Chinese working-day calendar and due-time arithmetic."""

from .calendar import (
    DURATION_UNITS,
    SHANGHAI,
    BusinessHours,
    UnknownScheduleYear,
    WorkCalendar,
    add_duration,
)

__all__ = [
    "DURATION_UNITS",
    "SHANGHAI",
    "BusinessHours",
    "UnknownScheduleYear",
    "WorkCalendar",
    "add_duration",
]
