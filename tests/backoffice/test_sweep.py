"""The SLA sweep on real 2026 dates (chinese_calendar's official schedule).

National Day 2026: 1-7 October off, Saturday 10 October a make-up working day. November 2026 has
no holiday. 2027 has no official schedule in the installed library.
"""

from datetime import timedelta

import pytest

from django.core.management import call_command
from django.utils.translation import gettext

from backoffice.choices import Channel
from backoffice.models import (
    CalendarOverride,
    CalendarYear,
    CaseEvent,
    Notification,
    ReferringBody,
    SlaRule,
)
from backoffice.services.cases import case_transition
from backoffice.services.sweep import sla_sweep
from backoffice.workflow import CUSTOMER, State
from tests.backoffice.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(staff):
    """Take an action at a given moment, as the named staff member (or the customer)."""

    def run(case, action, when, actor="agent", **data):
        who = staff.get(actor, actor)
        return case_transition(case=case, action=action, actor=who, data=data, now=when)

    return run


def sla_events(case, kind):
    return list(case.events.filter(kind=CaseEvent.Kind.SLA, data__sla=kind).order_by("at", "pk"))


def snapshot(case):
    """Everything a sweep could change about a case."""
    case.refresh_from_db()
    return (
        case.version,
        case.escalation_level,
        case.breached_at,
        case.warned_at,
        case.state,
        case.events.count(),
        case.history.count(),
        Notification.objects.filter(case=case).count(),
    )


@pytest.fixture
def national_day_letter(submit, step):
    """A letter received the day before National Day; 3 working days to resolve."""
    case = submit(channel=Channel.LETTER, received_at=at(2026, 9, 30, 10, 0))
    return step(case, "acknowledge", at(2026, 9, 30, 11, 0))


def test_letter_deadline_skips_national_day_and_counts_the_make_up_saturday(national_day_letter):
    # 1-7 Oct off; Thu 8 and Fri 9 are working days 1 and 2; Saturday 10 is a make-up day.
    assert national_day_letter.resolve_due == at(2026, 10, 10, 10, 0)


def test_breach_across_the_holiday_escalates_to_the_supervisor(national_day_letter, staff):
    case = national_day_letter

    report = sla_sweep(now=at(2026, 10, 9, 10, 0))  # the day before: still in time
    case.refresh_from_db()
    assert report.escalated == 0
    assert case.escalation_level == 0 and case.breached_at is None

    report = sla_sweep(now=at(2026, 10, 10, 10, 5))  # the make-up Saturday, 5 minutes late
    case.refresh_from_db()
    assert report.escalated == 1
    assert case.escalation_level == 1
    assert case.escalated_to == staff["supervisor"]
    assert case.breached_at == at(2026, 10, 10, 10, 5)
    [breach] = sla_events(case, "breach")
    assert breach.data["clock"] == "resolve"
    assert breach.data["late_working_hours"] == pytest.approx(0.08)
    late = gettext("%(hours)d h %(minutes)02d min of working time") % {"hours": 0, "minutes": 5}
    assert late in breach.body and "2026-10-10 10:00" in breach.body
    escalation = case.events.get(kind=CaseEvent.Kind.ESCALATION)
    assert "2026-10-10 10:00" in escalation.body
    assert escalation.at == breach.at and escalation.pk > breach.pk  # the cause comes first
    assert Notification.objects.filter(
        case=case, recipient="supervisor@example.com", subject__contains=case.reference
    ).exists()


def test_sweep_twice_at_the_same_moment_escalates_once(national_day_letter):
    case = national_day_letter
    sla_sweep(now=at(2026, 10, 10, 10, 5))
    before = snapshot(case)
    again = sla_sweep(now=at(2026, 10, 10, 10, 5))
    assert snapshot(case) == before
    assert (again.escalated, again.warnings_sent, again.breached_at_top) == (0, 0, 0)
    # Later runs do not escalate the same missed deadline again either (the next update is
    # due at 11:00).
    sla_sweep(now=at(2026, 10, 10, 10, 55))
    case.refresh_from_db()
    assert case.escalation_level == 1


def test_a_new_missed_deadline_escalates_again_up_to_the_general_manager(
    national_day_letter, staff
):
    case = national_day_letter
    sla_sweep(now=at(2026, 10, 10, 10, 5))  # resolution missed → supervisor
    sla_sweep(now=at(2026, 10, 10, 11, 5))  # next update (due 11:00) missed → manager
    case.refresh_from_db()
    assert case.escalation_level == 2 and case.escalated_to == staff["manager"]
    case = case_transition(  # the manager hands it to the general manager
        case=case, action="escalate", actor=staff["manager"], data={"note": "请总经理批示。"}
    )
    assert case.escalation_level == 3
    case = case_transition(
        case=case, action="message_customer", actor=staff["agent"], data={"message": "处理中"}
    )
    report = sla_sweep(now=case.update_due + timedelta(minutes=1))
    case.refresh_from_db()
    assert report.escalated == 0 and report.breached_at_top == 1
    assert case.escalation_level == 3
    assert case.breached_at == report.now
    last = sla_events(case, "breach")[-1]
    assert last.data["escalated"] is False
    assert not case.events.filter(kind=CaseEvent.Kind.ESCALATION, at=report.now).exists()


def test_owner_is_warned_once_before_the_deadline(national_day_letter):
    case = national_day_letter
    # Friday 15:00: 3 working hours + 1 on Saturday before the 10:00 deadline: not yet.
    assert sla_sweep(now=at(2026, 10, 9, 15, 0)).warnings_sent == 0
    # Friday 17:30: half an hour on Friday + 1 hour on Saturday morning, within 2 working hours.
    report = sla_sweep(now=at(2026, 10, 9, 17, 30))
    assert report.warnings_sent == 1
    [warning] = sla_events(case, "warning")
    assert warning.data["clock"] == "resolve"
    assert (
        Notification.objects.filter(
            case=case, recipient="agent@example.com", subject__contains=case.reference
        ).count()
        == 1
    )
    case.refresh_from_db()
    assert case.warned_at == at(2026, 10, 9, 17, 30)

    assert sla_sweep(now=at(2026, 10, 9, 17, 45)).warnings_sent == 0
    assert len(sla_events(case, "warning")) == 1


def test_a_moved_deadline_is_warned_about_again(submit, step, category):
    case = submit(channel=Channel.LETTER, received_at=at(2026, 11, 2, 10, 0))
    case = step(case, "acknowledge", at(2026, 11, 2, 10, 30))
    case = step(case, "start_investigation", at(2026, 11, 2, 11, 0), category=category.pk)
    assert case.resolve_due == at(2026, 11, 5, 10, 0)
    sla_sweep(now=at(2026, 11, 5, 8, 30))
    assert [e.data["clock"] for e in sla_events(case, "warning")] == ["update", "resolve"]

    case = step(case, "request_information", at(2026, 11, 5, 9, 0), message="请提供购物小票照片。")
    case = step(case, "customer_reply", at(2026, 11, 5, 15, 0), actor=CUSTOMER, message="已上传")
    assert case.resolve_due == at(2026, 11, 5, 16, 0)  # six working hours of waiting credited
    sla_sweep(now=at(2026, 11, 5, 15, 30))
    resolve_warnings = [e for e in sla_events(case, "warning") if e.data["clock"] == "resolve"]
    assert len(resolve_warnings) == 2
    assert resolve_warnings[0].data["due"] != resolve_warnings[1].data["due"]


def carry_to_follow_up(step, case, category, when):
    for action, data in [
        ("acknowledge", {}),
        ("start_investigation", {"category": category.pk}),
        ("propose_resolution", {"resolution": "为您更换新机。", "compensation_kind": "exchange"}),
        ("customer_accept", {}),
        ("implement", {"note": "已换新机。"}),
        ("start_follow_up", {}),
    ]:
        case = step(case, action, when, **data)
    return case


def test_unreachable_follow_up_closes_exactly_two_working_days_after_the_sms(
    submit, step, category
):
    case = carry_to_follow_up(
        step, submit(received_at=at(2026, 11, 12, 9)), category, at(2026, 11, 12, 10)
    )
    case = step(case, "record_callback", at(2026, 11, 13, 15, 0), reached=False)  # a Friday
    assert case.sms_sent_at == at(2026, 11, 13, 15, 0)

    # Monday and Tuesday are the two working days: Tuesday 14:00 is one hour too early.
    report = sla_sweep(now=at(2026, 11, 17, 14, 0))
    case.refresh_from_db()
    assert report.closed_unreachable == 0 and case.state == State.FOLLOW_UP

    report = sla_sweep(now=at(2026, 11, 17, 15, 0))
    case.refresh_from_db()
    assert report.closed_unreachable == 1
    assert case.state == State.CLOSED
    assert case.closed_at == at(2026, 11, 17, 15, 0)
    assert case.closed_by is None
    closing = case.events.get(action="close")
    assert closing.actor_label == "system"
    assert case.escalation_level == 0  # a follow-up has no running deadline to miss


def test_a_customer_reached_after_the_sms_is_not_closed(submit, step, category):
    case = carry_to_follow_up(
        step, submit(received_at=at(2026, 11, 12, 9)), category, at(2026, 11, 12, 10)
    )
    case = step(case, "record_callback", at(2026, 11, 13, 15, 0), reached=False)
    case = step(case, "record_callback", at(2026, 11, 16, 10, 0), reached=True, satisfaction=4)
    sla_sweep(now=at(2026, 11, 18, 10, 0))
    case.refresh_from_db()
    assert case.state == State.FOLLOW_UP


def test_a_customer_who_rated_after_the_sms_is_not_closed_as_unreachable(submit, step, category):
    case = carry_to_follow_up(
        step, submit(received_at=at(2026, 11, 12, 9)), category, at(2026, 11, 12, 10)
    )
    case = step(case, "record_callback", at(2026, 11, 13, 15, 0), reached=False)
    step(case, "customer_rate", at(2026, 11, 14, 20, 0), actor=CUSTOMER, satisfaction=5)
    sla_sweep(now=at(2026, 11, 18, 10, 0))
    case.refresh_from_db()
    assert case.state == State.FOLLOW_UP


def test_12315_referral_keeps_both_deadlines_and_breaches_its_own(submit, step, staff):
    body = ReferringBody.objects.get(code="12315")
    case = submit(
        channel=Channel.REFERRAL,
        referring_body=body,
        external_reference="12315-20261102-0042",
        received_at=at(2026, 11, 2, 10, 0),
    )
    # Our own clock (a referral is major: 3 working days) and the body's (10 working days).
    assert case.resolve_due == at(2026, 11, 5, 10, 0)
    assert case.external_due == at(2026, 11, 16, 10, 0)
    case = step(case, "acknowledge", at(2026, 11, 2, 10, 30))

    sla_sweep(now=at(2026, 11, 5, 10, 30))  # our own deadlines missed: first escalation
    case.refresh_from_db()
    assert case.escalation_level == 1
    assert {e.data["clock"] for e in sla_events(case, "breach")} == {"update", "resolve"}

    sla_sweep(now=at(2026, 11, 16, 10, 30))  # the referring body's deadline: a breach of its own
    case.refresh_from_db()
    assert case.escalation_level == 2 and case.escalated_to == staff["manager"]
    external = sla_events(case, "breach")[-1]
    assert external.data["clock"] == "external"
    assert "12315" in external.body
    assert case.resolve_due and case.external_due  # both still stored


def test_paused_case_does_not_breach_and_its_deadline_moves_on(submit, step, category):
    case = submit(channel=Channel.LETTER, received_at=at(2026, 11, 2, 10, 0))
    case = step(case, "acknowledge", at(2026, 11, 2, 10, 30))
    case = step(case, "start_investigation", at(2026, 11, 2, 11, 0), category=category.pk)
    assert case.resolve_due == at(2026, 11, 5, 10, 0)
    case = step(case, "request_information", at(2026, 11, 3, 10, 0), message="请提供发票。")
    assert case.state == State.AWAITING_CUSTOMER

    report = sla_sweep(now=at(2026, 11, 6, 10, 0))  # past the original deadline, but paused
    case.refresh_from_db()
    assert report.escalated == 0 and case.breached_at is None

    case = step(
        case, "customer_reply", at(2026, 11, 9, 10, 0), actor=CUSTOMER, message="发票已上传"
    )
    # Waiting Tue 10:00 → Mon 10:00 is 36 working hours: Thu 10:00 + 36 h = Wed 11 Nov 10:00.
    assert case.resolve_due == at(2026, 11, 11, 10, 0)
    assert sla_sweep(now=at(2026, 11, 11, 9, 55)).escalated == 0
    assert sla_sweep(now=at(2026, 11, 11, 10, 5)).escalated == 1


# --- a year the calendar does not know ------------------------------------------------------------


def test_a_case_whose_deadline_falls_in_2027_degrades_gracefully(submit, step, category):
    # Monday 28 December after closing: the clock starts on Tuesday, 3 working days reach 2027.
    case = submit(channel=Channel.LETTER, received_at=at(2026, 12, 28, 19, 0))
    assert case.resolve_due is None and case.update_due is None
    assert case.acknowledge_due is not None  # 24 elapsed hours need no calendar
    assert case.events.filter(kind=CaseEvent.Kind.SLA, body__contains="2027").exists()

    case = step(case, "acknowledge", at(2026, 12, 29, 10, 0))  # next update falls in 2027
    assert case.update_due is None
    case = step(case, "start_investigation", at(2026, 12, 29, 11, 0), category=category.pk)
    case = step(case, "request_information", at(2026, 12, 30, 10, 0), message="请提供照片。")
    case = step(case, "customer_reply", at(2027, 1, 4, 10, 0), actor=CUSTOMER, message="已发送")
    assert case.resolve_due is None  # the wait spans an unknown year: not guessed

    report = sla_sweep(now=at(2027, 1, 4, 11, 0))
    assert report.unknown_years == {2027: 1}
    assert report.escalated == 0 and report.failed == 0


def test_sweep_command_reports_unknown_years_loudly(submit, capsys, caplog):
    submit(channel=Channel.LETTER, received_at=at(2026, 12, 31, 10, 0))
    call_command("sla_sweep", "--now", "2026-12-31T12:00:00+08:00")
    captured = capsys.readouterr()
    assert "2027" in captured.err
    assert any("2027" in record.getMessage() for record in caplog.records)
    assert any(record.levelname == "WARNING" for record in caplog.records)


def test_deadlines_are_filled_in_once_2027_is_declared(submit, step, category):
    case = submit(channel=Channel.LETTER, received_at=at(2026, 12, 28, 19, 0))
    case = step(case, "acknowledge", at(2026, 12, 29, 10, 0))
    case = step(case, "start_investigation", at(2026, 12, 29, 11, 0), category=category.pk)
    case = step(case, "request_information", at(2026, 12, 30, 10, 0), message="请提供照片。")
    case = step(case, "customer_reply", at(2027, 1, 4, 10, 0), actor=CUSTOMER, message="已发送")

    # An administrator enters 2027's schedule (here only New Year's Day) and declares the year.
    CalendarOverride.objects.create(date=at(2027, 1, 1).date(), is_working_day=False, note="元旦")
    CalendarYear.objects.create(year=2027)
    report = sla_sweep(now=at(2027, 1, 4, 11, 0))
    case.refresh_from_db()
    assert report.unknown_years == {} and report.due_times_filled == 1
    # From Tue 29 Dec 09:00, 3 working days (New Year's Day off) = Mon 4 Jan 09:00, plus the 18
    # working hours spent waiting for the customer (Wed 10:00 → Mon 10:00) = Tue 5 Jan 18:00.
    assert case.resolve_due == at(2027, 1, 5, 18, 0)
    assert case.update_due is not None
    assert report.escalated == 0  # filled in with the wait credited: not yet missed
    assert len(sla_events(case, "filled")) == 1
    assert sla_sweep(now=at(2027, 1, 4, 11, 0)).due_times_filled == 0


def test_sweep_queries_do_not_grow_with_the_number_of_quiet_cases(
    submit, django_assert_max_num_queries
):
    for day in range(2, 7):
        submit(channel=Channel.LETTER, received_at=at(2026, 11, day, 10, 0))
    # Nothing to do on any of them: a fixed number of queries (calendar, rules, candidates).
    with django_assert_max_num_queries(6):
        sla_sweep(now=at(2026, 11, 2, 10, 30))


# --- reclassification changes the rule that applies -----------------------------------------------


def test_reclassifying_as_very_urgent_brings_the_deadline_forward(submit, step, category):
    case = submit(channel=Channel.LETTER, received_at=at(2026, 11, 16, 10, 0))
    assert case.resolve_due == at(2026, 11, 19, 10, 0)  # 3 working days
    case = step(
        case,
        "classify",
        at(2026, 11, 16, 11, 0),
        category=category.pk,
        severity="general",
        urgency="very_urgent",
    )
    assert case.resolve_due.date() == at(2026, 11, 16).date()  # 4 working hours
    assert case.resolve_due > at(2026, 11, 16, 11, 0)


def test_reclassification_credits_the_wait_on_the_customer(submit, step, category):
    case = submit(channel=Channel.LETTER, received_at=at(2026, 11, 16, 10, 0))
    case = step(case, "acknowledge", at(2026, 11, 16, 10, 30))
    case = step(case, "start_investigation", at(2026, 11, 16, 11, 0), category=category.pk)
    case = step(case, "request_information", at(2026, 11, 16, 12, 0), message="请提供照片。")
    # The customer answers a full working day later.
    case = step(case, "customer_reply", at(2026, 11, 17, 12, 0), actor=CUSTOMER, message="已发送")
    case = step(
        case,
        "classify",
        at(2026, 11, 17, 13, 0),
        category=category.pk,
        severity="general",
        urgency="urgent",
    )
    # 1 working day from receipt, plus the working day the customer took to answer.
    assert case.resolve_due == at(2026, 11, 18, 10, 0)


def test_reclassification_into_an_unknown_year_leaves_no_stale_deadline(submit, step, category):
    SlaRule.objects.filter(clock="resolve", channel="", severity="major", urgency="").update(
        amount=10
    )
    case = submit(channel=Channel.LETTER, received_at=at(2026, 12, 21, 10, 0))
    assert case.resolve_due == at(2026, 12, 24, 10, 0)
    case = step(
        case,
        "classify",
        at(2026, 12, 21, 11, 0),
        category=category.pk,
        severity="major",
        urgency="normal",
    )
    # Ten working days reach 2027, which has no official schedule: unset, never the old time.
    assert case.resolve_due is None
    assert sla_sweep(now=at(2026, 12, 21, 12, 0)).unknown_years == {2027: 1}


# --- overlapping sweeps: what a second run with a stale view does ---------------------------------
# The real race (three sweep processes on PostgreSQL) is tests/faults/test_sweep_overlap.py; here
# a second run acts on what it read before the first one committed.


def _run_at(now):
    from backoffice.services.sweep import SweepReport, _Run
    from backoffice.sla import policy

    return _Run(now, policy.work_calendar(), policy.RuleBook(), SweepReport(now))


def test_a_second_sweep_with_a_stale_view_sends_no_second_warning(national_day_letter):
    from backoffice.services.sweep import _act_on_clocks, _lock

    case = national_day_letter
    stale = set()  # both runs read "nothing warned yet" before either acted
    first, second = _run_at(at(2026, 10, 9, 17, 30)), _run_at(at(2026, 10, 9, 17, 31))
    _act_on_clocks(first, _lock(case.pk), stale)
    _act_on_clocks(second, _lock(case.pk), stale)
    assert (first.report.warnings_sent, second.report.warnings_sent) == (1, 0)
    assert len(sla_events(case, "warning")) == 1
    assert Notification.objects.filter(case=case, subject__contains="2026-10-10 10:00").count() == 1


def test_a_second_sweep_with_a_stale_view_escalates_no_second_time(national_day_letter):
    from backoffice.services.sweep import _handle_breach, _lock, _missed_clocks

    case = national_day_letter
    first, second = _run_at(at(2026, 10, 10, 10, 5)), _run_at(at(2026, 10, 10, 10, 6))
    stale = _missed_clocks(case, second.now)  # read before the first run committed
    _handle_breach(first, _lock(case.pk), _missed_clocks(case, first.now))
    _handle_breach(second, _lock(case.pk), stale)
    case.refresh_from_db()
    assert (first.report.escalated, second.report.escalated) == (1, 0)
    assert case.escalation_level == 1
    assert len(sla_events(case, "breach")) == 1
    assert case.events.filter(kind=CaseEvent.Kind.ESCALATION).count() == 1
