"""The workflow table, enforced: every path a case can take, and the refusals."""

from decimal import Decimal

import pytest

from backoffice.choices import Channel, Severity
from backoffice.models import Case, CaseEvent, Notification
from backoffice.services.cases import case_transition
from backoffice.services.errors import CaseActionError, CaseConflict
from backoffice.workflow import ACTIONS, CUSTOMER, SYSTEM, State, mermaid_diagram

pytestmark = pytest.mark.django_db


def carry_to_proposal(act, case, category, amount=None, actor="agent"):
    act(case, "acknowledge")
    act(case, "start_investigation", category=category.pk)
    return act(
        case,
        "propose_resolution",
        actor=actor,
        resolution="为您更换一台同型号电饭煲。",
        compensation_kind="exchange" if amount is None else "cash",
        compensation_amount=amount,
    )


def test_a_phone_complaint_goes_from_receipt_to_archive(submit, act, category, staff):
    case = submit()
    assert case.state == State.RECEIVED
    assert case.owner == staff["agent"]  # first-responder ownership
    case = carry_to_proposal(act, case, category)
    assert case.state == State.RESOLUTION_PROPOSED
    case = act(case, "customer_accept")
    case = act(case, "implement", note="已换新机。")
    case = act(case, "start_follow_up")
    case = act(case, "record_callback", reached=True, satisfaction=5, comment="很满意")
    case = act(
        case,
        "close",
        validity="valid_minor",
        cause="出厂质检漏检。",
        corrective_action="换新。",
        prevention="到货抽检加严。",
    )
    assert case.state == State.CLOSED and case.closed_at is not None
    assert case.satisfaction == 5
    case = act(case, "archive", actor="manager")
    assert case.state == State.ARCHIVED and case.signed_off_by == staff["manager"]
    actions = list(case.events.values_list("action", flat=True))
    assert actions[0] == ""  # the receipt
    assert "close" in actions and "archive" in actions


def test_illegal_move_is_refused_and_changes_nothing(submit, act):
    case = submit()
    events = case.events.count()
    with pytest.raises(CaseActionError) as refused:
        act(case, "close", cause="x", corrective_action="y", prevention="z", validity="valid_minor")
    # The refusal names the action and the state, in the user's language.
    message = str(refused.value.message)
    assert str(ACTIONS["close"].label) in message and str(State.RECEIVED.label) in message
    case.refresh_from_db()
    assert case.state == State.RECEIVED
    assert case.events.count() == events


def test_missing_required_values_are_reported_per_field(submit, act, category):
    case = submit()
    act(case, "acknowledge")
    act(case, "start_investigation", category=category.pk)
    with pytest.raises(CaseActionError) as refused:
        act(case, "propose_resolution", resolution="  ", compensation_kind="")
    assert "resolution" in refused.value.field_errors
    case.refresh_from_db()
    assert case.state == State.INVESTIGATING


def test_compensation_above_the_agents_limit_waits_for_a_supervisor(submit, act, category, staff):
    case = carry_to_proposal(act, submit(), category, amount="50")
    assert case.state == State.APPROVAL_PENDING
    assert case.compensation_approved_by is None
    # The agent cannot approve their own request.
    with pytest.raises(CaseActionError):
        act(case, "approve_compensation", actor="agent")
    case = act(case, "approve_compensation", actor="supervisor")
    assert case.state == State.RESOLUTION_PROPOSED
    assert case.compensation_approved_by == staff["supervisor"]
    assert case.compensation_amount == Decimal("50.00")


def test_within_the_limit_goes_straight_to_the_customer(submit, act, category):
    case = carry_to_proposal(act, submit(), category, amount="20")
    assert case.state == State.RESOLUTION_PROPOSED


def test_supervisor_cannot_approve_above_their_limit_but_manager_can(submit, act, category):
    case = carry_to_proposal(act, submit(), category, amount="300")
    with pytest.raises(CaseActionError) as refused:
        act(case, "approve_compensation", actor="supervisor")
    assert "300" in str(refused.value.message)
    case = act(case, "approve_compensation", actor="manager")
    assert case.state == State.RESOLUTION_PROPOSED


def test_customer_rejection_sends_the_case_back_to_investigation(submit, act, category):
    case = carry_to_proposal(act, submit(), category)
    case = case_transition(
        case=case, action="customer_reject", actor=CUSTOMER, data={"message": "我要退款"}
    )
    assert case.state == State.INVESTIGATING
    assert case.customer_answer == "我要退款"


def test_dispute_reopens_and_escalates(submit, act, category, staff):
    case = carry_to_proposal(act, submit(), category)
    act(case, "customer_accept")
    act(case, "implement", note="已处理")
    case = case_transition(
        case=case, action="dispute", actor=CUSTOMER, data={"message": "问题没有解决"}
    )
    assert case.state == State.REOPENED
    assert case.reopen_count == 1
    assert case.escalation_level == 1
    assert case.escalated_to == staff["supervisor"]
    assert case.closed_at is None
    case = act(case, "start_investigation", category=category.pk)
    assert case.state == State.INVESTIGATING


def test_dispute_after_closure_clears_the_closure(submit, act, category):
    case = carry_to_proposal(act, submit(), category)
    for action, data in [
        ("customer_accept", {}),
        ("implement", {"note": "ok"}),
        ("start_follow_up", {}),
    ]:
        case = act(case, action, **data)
    case = act(
        case, "close", validity="valid_minor", cause="a", corrective_action="b", prevention="c"
    )
    case = case_transition(case=case, action="dispute", actor=CUSTOMER, data={"message": "不满意"})
    assert case.state == State.REOPENED and case.closed_at is None


def test_invalid_complaint_is_closed_with_its_reason(submit, act):
    case = submit()
    case = act(
        case,
        "mark_invalid",
        validity="invalid_customer",
        validity_reason="顾客自行摔坏，非质量问题。",
    )
    assert case.state == State.INVALID_CLOSED
    assert case.validity == "invalid_customer"
    assert case.closed_at is not None


def test_a_valid_kind_cannot_be_used_to_close_as_invalid(submit, act):
    case = submit()
    with pytest.raises(CaseActionError) as refused:
        act(case, "mark_invalid", validity="valid_minor", validity_reason="x")
    assert "validity" in refused.value.field_errors


def test_another_stores_agent_cannot_touch_the_case(submit, act):
    case = submit()
    with pytest.raises(CaseActionError) as refused:
        act(case, "acknowledge", actor="agent2")
    assert refused.value.message
    case.refresh_from_db()
    assert case.state == State.RECEIVED


@pytest.mark.parametrize("reader", ["oversight", "headoffice", "trainer"])
def test_readers_cannot_act(submit, act, reader):
    case = submit()
    with pytest.raises(CaseActionError):
        act(case, "acknowledge", actor=reader)


def test_customer_cannot_take_staff_actions(submit):
    case = submit()
    with pytest.raises(CaseActionError):
        case_transition(case=case, action="acknowledge", actor=CUSTOMER)


def test_stale_form_is_refused_as_a_conflict(submit, act, staff):
    case = submit()
    stale_version = case.version
    act(case, "add_note", note="第一位同事的备注")
    with pytest.raises(CaseConflict):
        case_transition(
            case=case,
            action="add_note",
            actor=staff["agent"],
            data={"note": "第二位同事的备注"},
            expected_version=stale_version,
        )
    assert case.events.filter(kind=CaseEvent.Kind.NOTE).count() == 1


def test_timeline_entries_are_append_only(submit):
    case = submit()
    entry = case.events.first()
    entry.body = "rewritten"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_hand_over_moves_ownership_explicitly(submit, act, staff):
    case = submit()
    case = act(case, "assign", owner=staff["supervisor"].pk)
    assert case.owner == staff["supervisor"]
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNMENT).exists()


def test_hand_over_to_another_stores_colleague_is_refused(submit, act, staff):
    case = submit()
    with pytest.raises(CaseActionError) as refused:
        act(case, "assign", owner=staff["agent2"].pk)
    assert "owner" in refused.value.field_errors
    case.refresh_from_db()
    assert case.owner == staff["agent"]


def test_major_case_is_closed_only_by_a_manager(submit, act, category):
    case = submit(severity=Severity.MAJOR)
    assert case.is_major
    case = carry_to_proposal(act, case, category)
    for action, data in [
        ("customer_accept", {}),
        ("implement", {"note": "ok"}),
        ("start_follow_up", {}),
    ]:
        case = act(case, action, **data)
    close = {"validity": "valid_major", "cause": "a", "corrective_action": "b", "prevention": "c"}
    with pytest.raises(CaseActionError):
        act(case, "close", **close)
    case = act(case, "close", actor="manager", **close)
    assert case.state == State.CLOSED


def test_major_complaint_notifies_manager_gm_and_head_office(submit, staff):
    case = submit(channel=Channel.MEDIA)
    assert case.severity == Severity.MAJOR
    recipients = set(Notification.objects.filter(case=case).values_list("recipient", flat=True))
    assert {"manager@example.com", "gm@example.com", "hq@example.com"} <= recipients
    assert "manager2@example.com" not in recipients  # the other store's manager


def test_unreached_callback_sends_one_sms(submit, act, category):
    case = carry_to_proposal(act, submit(), category)
    for action, data in [
        ("customer_accept", {}),
        ("implement", {"note": "ok"}),
        ("start_follow_up", {}),
    ]:
        case = act(case, action, **data)
    case = act(case, "record_callback", reached=False)
    case = act(case, "record_callback", reached="false")
    assert case.sms_sent_at is not None
    assert case.follow_ups.filter(sms_sent=True).count() == 1
    assert Notification.objects.filter(
        case=case, channel="sms", body__contains=case.reference
    ).exists()


def test_system_can_close_a_follow_up_without_lessons(submit, act, category):
    case = carry_to_proposal(act, submit(), category)
    for action, data in [
        ("customer_accept", {}),
        ("implement", {"note": "ok"}),
        ("start_follow_up", {}),
    ]:
        case = act(case, action, **data)
    case = case_transition(case=case, action="close", actor=SYSTEM)
    assert case.state == State.CLOSED


def test_every_action_in_the_table_has_an_effect_or_is_a_note():
    from backoffice.services.cases import EFFECTS

    for name in ACTIONS:
        assert name in EFFECTS or name in {"add_note", "start_follow_up"}, name


def test_diagram_is_drawn_from_the_table():
    diagram = mermaid_diagram()
    assert "received --> acknowledged: acknowledge" in diagram
    assert "approval_pending --> resolution_proposed: approve_compensation" in diagram


def test_closed_at_constraint_holds_in_the_database(submit):
    from django.db import IntegrityError, transaction

    case = submit()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(state=State.CLOSED)
