"""Which SLA rule applies and when each clock falls due, with the administrator's calendar.

Dates are real: Monday 16 November 2026 starts an ordinary week (no holiday, no make-up day).
"""

from decimal import Decimal

import pytest

from backoffice.choices import Channel, Severity, SlaClock, Urgency
from backoffice.models import CalendarOverride, Case, CaseEvent, SlaRule
from backoffice.sla import policy
from backoffice.workflow import CUSTOMER, State
from tests.backoffice.conftest import at

pytestmark = pytest.mark.django_db

MONDAY_10 = at(2026, 11, 16, 10, 0)


def resolve_due(
    channel=Channel.EMAIL, severity=Severity.GENERAL, urgency=Urgency.NORMAL, when=MONDAY_10
):
    return policy.compute_due_times(
        channel=channel, severity=severity, urgency=urgency, received_at=when
    ).resolve


def test_the_most_specific_rule_wins():
    SlaRule.objects.create(
        clock=SlaClock.RESOLVE,
        channel=Channel.PHONE,
        severity=Severity.MAJOR,
        amount=Decimal("2"),
        unit="working_hours",
        warn_before_hours=Decimal("0.5"),
    )
    rules = policy.RuleBook()
    phone_major = rules.rule_for(SlaClock.RESOLVE, Channel.PHONE, Severity.MAJOR, Urgency.NORMAL)
    assert (phone_major.amount, phone_major.unit) == (Decimal("2"), "working_hours")
    assert phone_major.warn_before_hours == Decimal("0.5")
    phone = rules.rule_for(SlaClock.RESOLVE, Channel.PHONE, Severity.GENERAL, Urgency.NORMAL)
    assert (phone.amount, phone.unit) == (Decimal("1"), "working_days")
    anything = rules.rule_for(SlaClock.RESOLVE, Channel.EMAIL, Severity.GENERAL, Urgency.NORMAL)
    assert (anything.amount, anything.unit) == (Decimal("3"), "working_days")


@pytest.mark.parametrize(
    ("channel", "urgency", "when", "expected"),
    [
        (Channel.PHONE, Urgency.NORMAL, MONDAY_10, at(2026, 11, 17, 10, 0)),  # 1 working day
        (Channel.WALK_IN, Urgency.NORMAL, MONDAY_10, at(2026, 11, 17, 10, 0)),
        (Channel.LETTER, Urgency.NORMAL, MONDAY_10, at(2026, 11, 19, 10, 0)),  # 3 working days
        (Channel.EMAIL, Urgency.URGENT, MONDAY_10, at(2026, 11, 17, 10, 0)),
        (Channel.EMAIL, Urgency.VERY_URGENT, MONDAY_10, at(2026, 11, 16, 14, 0)),  # 4 working h
        # Very urgent at 16:00: two hours today, two tomorrow from opening.
        (Channel.EMAIL, Urgency.VERY_URGENT, at(2026, 11, 16, 16, 0), at(2026, 11, 17, 11, 0)),
        # A letter received on Friday evening counts from Monday's opening.
        (Channel.LETTER, Urgency.NORMAL, at(2026, 11, 13, 19, 0), at(2026, 11, 19, 9, 0)),
    ],
)
def test_default_deadlines_per_channel_and_urgency(channel, urgency, when, expected):
    assert resolve_due(channel=channel, urgency=urgency, when=when) == expected


def test_acknowledgement_is_24_elapsed_hours_even_over_a_weekend():
    due = policy.compute_due_times(
        channel=Channel.EMAIL,
        severity=Severity.GENERAL,
        urgency=Urgency.NORMAL,
        received_at=at(2026, 11, 14, 20, 0),  # a Saturday evening
    )
    assert due.acknowledge == at(2026, 11, 15, 20, 0)


def test_a_year_without_schedule_leaves_the_deadline_empty_and_says_so(submit):
    due = policy.compute_due_times(
        channel=Channel.LETTER,
        severity=Severity.GENERAL,
        urgency=Urgency.NORMAL,
        received_at=at(2026, 12, 31, 10, 0),
    )
    assert due.resolve is None and due.unknown_years == {2027}

    case = submit(channel=Channel.LETTER, received_at=at(2026, 12, 31, 10, 0))
    assert case.resolve_due is None
    entry = case.events.get(kind=CaseEvent.Kind.SLA)
    assert "2027" in entry.body
    assert entry.actor_label == "system"


def test_an_administrators_day_off_moves_the_deadline(submit):
    before = submit(channel=Channel.LETTER, received_at=MONDAY_10)
    assert before.resolve_due == at(2026, 11, 19, 10, 0)
    CalendarOverride.objects.create(
        date=at(2026, 11, 18).date(), is_working_day=False, note="门店盘点停业"
    )
    after = submit(channel=Channel.LETTER, received_at=MONDAY_10)
    assert after.resolve_due == at(2026, 11, 20, 10, 0)


def test_an_administrators_working_saturday_moves_the_deadline_earlier(submit):
    before = submit(channel=Channel.LETTER, received_at=at(2026, 11, 19, 10, 0))
    assert before.resolve_due == at(2026, 11, 24, 10, 0)  # Fri, Mon, Tue
    CalendarOverride.objects.create(
        date=at(2026, 11, 21).date(), is_working_day=True, note="调休上班"
    )
    after = submit(channel=Channel.LETTER, received_at=at(2026, 11, 19, 10, 0))
    assert after.resolve_due == at(2026, 11, 23, 10, 0)  # Fri, Sat, Mon


def test_a_pause_into_an_unknown_year_leaves_the_deadline_unset_not_stale():
    calendar = policy.work_calendar()
    unknown: set[int] = set()
    due = at(2026, 12, 31, 10, 0)
    shifted = policy.shift_for_pause(
        due, at(2026, 12, 30, 10, 0), at(2027, 1, 4, 10, 0), calendar, unknown
    )
    assert shifted is None and unknown == {2027}
    within_2026 = policy.shift_for_pause(
        due, at(2026, 12, 29, 10, 0), at(2026, 12, 29, 12, 0), calendar
    )
    assert within_2026 == at(2026, 12, 31, 12, 0)


def test_clocks_stop_while_waiting_for_the_customer_and_after_the_resolution(submit, act, category):
    case = submit(channel=Channel.LETTER, received_at=MONDAY_10)
    assert set(policy.running_clocks(case)) == {"acknowledge", "update", "resolve"}
    case = act(case, "acknowledge")
    assert set(policy.running_clocks(case)) == {"update", "resolve"}
    case = act(case, "start_investigation", category=category.pk)
    case = act(case, "request_information", message="请补充照片。")
    assert policy.running_clocks(case) == {}
    case = act(case, "customer_reply", actor=CUSTOMER, message="照片已补充")
    assert set(policy.running_clocks(case)) == {"update", "resolve"}
    case = act(case, "propose_resolution", resolution="换新。", compensation_kind="exchange")
    case = act(case, "customer_accept")
    case = act(case, "implement", note="已换新。")
    assert case.state == State.IMPLEMENTED
    assert policy.running_clocks(case) == {}


def test_the_query_finds_exactly_the_cases_whose_running_clock_is_due(submit, act, category):
    waiting = submit(channel=Channel.LETTER, received_at=MONDAY_10)
    waiting = act(waiting, "acknowledge")
    waiting = act(waiting, "start_investigation", category=category.pk)
    waiting = act(waiting, "request_information", message="请补充照片。")
    running = submit(channel=Channel.LETTER, received_at=MONDAY_10)
    later = submit(channel=Channel.LETTER, received_at=at(2026, 11, 30, 10, 0))
    by = at(2026, 11, 25, 10, 0)
    found = set(Case.objects.filter(policy.running_clock_due_q(by)).values_list("pk", flat=True))
    assert found == {running.pk}
    for case in (waiting, running, later):
        case.refresh_from_db()
        due_now = any(due <= by for due in policy.running_clocks(case).values())
        assert due_now == (case.pk in found)


def test_warning_time_follows_the_rule_and_its_unit(submit):
    rules = policy.RuleBook()
    phone = submit(channel=Channel.PHONE)
    hours, working = policy.warning_hours(rules, SlaClock.ACKNOWLEDGE, phone)
    assert (hours, working) == (Decimal("2"), True)  # 2 working hours for phone calls
    email = submit(channel=Channel.EMAIL)
    assert policy.warning_hours(rules, SlaClock.ACKNOWLEDGE, email) == (Decimal("2"), False)
