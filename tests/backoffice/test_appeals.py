"""Staff appeals (歧义申诉): 7 calendar days to appeal, a reviewer above, 1 working day to decide."""

import pytest

from django.utils.translation import gettext

from backoffice.models import CaseEvent, Notification, StaffAppeal
from backoffice.services.appeals import appeal_decide, appeal_file
from backoffice.services.cases import case_transition
from backoffice.services.errors import CaseActionError
from tests.backoffice.conftest import at

pytestmark = pytest.mark.django_db

GROUNDS = "顾客自行摔坏电饭煲内胆，监控可证，不应判为服务责任。"


@pytest.fixture
def judged(submit, staff, category, demo):
    """A case routed to the appliances counter and closed as a valid service complaint: a
    judgment against the counter's staff."""

    def make(published):
        case = submit(received_at=at(2026, 10, 26, 10, 0))
        for action, data in [
            ("acknowledge", {}),
            (
                "start_investigation",
                {"category": category.pk, "responsible_unit": demo["s01-elec"].pk},
            ),
            (
                "propose_resolution",
                {"resolution": "致歉并更换内胆。", "compensation_kind": "exchange"},
            ),
            ("customer_accept", {}),
            ("implement", {"note": "已更换。"}),
            ("start_follow_up", {}),
        ]:
            case = case_transition(
                case=case, action=action, actor=staff["agent"], data=data, now=at(2026, 10, 27, 10)
            )
        return case_transition(
            case=case,
            action="close",
            actor=staff["supervisor"],
            data={
                "validity": "valid_service",
                "cause": "柜员未提示使用注意事项。",
                "corrective_action": "更换内胆并致歉。",
                "prevention": "交货时讲解使用方法。",
            },
            now=published,
        )

    return make


def test_an_appeal_on_the_seventh_day_is_filed_and_the_reviewer_told(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))  # published on Monday 2 November
    appeal = appeal_file(
        case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 9, 23, 30)
    )
    assert appeal.status == StaffAppeal.Status.PENDING
    assert appeal.judgment_published_at == at(2026, 11, 2, 10, 0)
    # Filed after closing time: the working day runs from Tuesday's opening.
    assert appeal.decide_by == at(2026, 11, 11, 9, 0)
    entry = case.events.get(kind=CaseEvent.Kind.APPEAL)
    assert entry.actor == staff["agent"] and GROUNDS in entry.body
    assert Notification.objects.filter(
        case=case, recipient="supervisor@example.com", subject__contains=case.reference
    ).exists()


def test_an_appeal_on_the_eighth_day_is_refused(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    with pytest.raises(CaseActionError) as refused:
        appeal_file(
            case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 10, 0, 5)
        )
    assert "2026-11-09" in str(refused.value.message)
    assert not StaffAppeal.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.APPEAL).exists()


def test_a_colleague_of_another_store_cannot_appeal(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    with pytest.raises(CaseActionError):
        appeal_file(case=case, appellant=staff["agent2"], grounds=GROUNDS, now=at(2026, 11, 3))
    assert not StaffAppeal.objects.exists()


@pytest.mark.parametrize("reader", ["headoffice", "oversight", "trainer"])
def test_readers_cannot_appeal(judged, staff, reader):
    case = judged(at(2026, 11, 2, 10, 0))
    with pytest.raises(CaseActionError):
        appeal_file(case=case, appellant=staff[reader], grounds=GROUNDS, now=at(2026, 11, 3))


def test_a_case_without_a_judgment_cannot_be_appealed(submit, staff):
    case = submit()
    with pytest.raises(CaseActionError) as refused:
        appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 17))
    assert str(refused.value.message) == gettext("There is no judgment on this case to appeal.")


def test_empty_grounds_are_refused(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    with pytest.raises(CaseActionError) as refused:
        appeal_file(case=case, appellant=staff["agent"], grounds="  ", now=at(2026, 11, 3))
    assert "grounds" in refused.value.field_errors


def test_one_appeal_per_person_per_judgment(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 3))
    with pytest.raises(CaseActionError) as refused:
        appeal_file(case=case, appellant=staff["agent"], grounds="再次申诉", now=at(2026, 11, 4))
    assert str(refused.value.message) == gettext("You have already appealed this judgment.")
    # A colleague judged by the same decision may still appeal it.
    appeal_file(case=case, appellant=staff["unitstaff"], grounds=GROUNDS, now=at(2026, 11, 4))
    assert StaffAppeal.objects.count() == 2


def test_the_reviewers_working_day_skips_the_weekend(judged, staff):
    case = judged(at(2026, 11, 19, 10, 0))
    appeal = appeal_file(
        case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 20, 16, 0)
    )
    assert appeal.decide_by == at(2026, 11, 23, 16, 0)  # Friday 16:00 → Monday 16:00


def test_a_supervisors_appeal_goes_to_the_manager(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(
        case=case, appellant=staff["supervisor"], grounds=GROUNDS, now=at(2026, 11, 3)
    )
    assert Notification.objects.filter(case=case, recipient="manager@example.com").exists()
    with pytest.raises(CaseActionError):  # a peer does not review a peer
        appeal_decide(appeal=appeal, reviewer=staff["supervisor"], upheld=False, decision="维持")
    appeal_decide(appeal=appeal, reviewer=staff["manager"], upheld=False, decision="维持原判")


def test_upheld_appeal_changes_the_validity_with_history(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 3))
    decided = appeal_decide(
        appeal=appeal,
        reviewer=staff["supervisor"],
        upheld=True,
        decision="经查监控，确为顾客自身原因。",
        new_validity="invalid_customer",
        now=at(2026, 11, 4, 10, 0),
    )
    assert decided.status == StaffAppeal.Status.UPHELD
    assert decided.reviewer == staff["supervisor"] and decided.decided_at == at(2026, 11, 4, 10)
    case.refresh_from_db()
    assert case.validity == "invalid_customer"
    assert case.validity_reason == "经查监控，确为顾客自身原因。"
    latest = case.history.first()
    assert latest.validity == "invalid_customer"
    assert latest.history_user == staff["supervisor"]
    assert case.history.filter(validity="valid_service").exists()  # the old judgment is kept
    entry = case.events.filter(kind=CaseEvent.Kind.APPEAL).last()
    assert entry.data["previous_validity"] == "valid_service"
    assert entry.data["validity"] == "invalid_customer"
    assert Notification.objects.filter(case=case, recipient="agent@example.com").exists()


def test_dismissed_appeal_keeps_the_judgment(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 3))
    decided = appeal_decide(
        appeal=appeal, reviewer=staff["manager"], upheld=False, decision="证据不足，维持原判。"
    )
    assert decided.status == StaffAppeal.Status.DISMISSED
    case.refresh_from_db()
    assert case.validity == "valid_service"
    with pytest.raises(CaseActionError) as refused:
        appeal_decide(
            appeal=appeal,
            reviewer=staff["manager"],
            upheld=False,
            decision="dismissed",
            new_validity="invalid_customer",
        )
    assert "new_validity" in refused.value.field_errors


def test_self_review_is_refused(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(
        case=case, appellant=staff["manager"], grounds=GROUNDS, now=at(2026, 11, 3)
    )
    with pytest.raises(CaseActionError) as refused:
        appeal_decide(appeal=appeal, reviewer=staff["manager"], upheld=True, decision="自己批准")
    assert str(refused.value.message) == gettext("You cannot decide your own appeal.")
    appeal.refresh_from_db()
    assert appeal.status == StaffAppeal.Status.PENDING


@pytest.mark.parametrize("reviewer", ["agent", "unitstaff", "manager2", "oversight"])
def test_reviewers_below_the_appellant_or_elsewhere_are_refused(judged, staff, reviewer):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 3))
    with pytest.raises(CaseActionError):
        appeal_decide(appeal=appeal, reviewer=staff[reviewer], upheld=True, decision="同意")
    appeal.refresh_from_db()
    assert appeal.status == StaffAppeal.Status.PENDING


def test_head_office_may_decide_and_a_decision_is_final(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 3))
    appeal_decide(appeal=appeal, reviewer=staff["headoffice"], upheld=False, decision="维持")
    with pytest.raises(CaseActionError) as refused:
        appeal_decide(appeal=appeal, reviewer=staff["supervisor"], upheld=True, decision="改判")
    assert str(refused.value.message) == gettext("This appeal has already been decided.")


def test_an_upheld_decision_is_the_new_judgment_to_appeal(judged, staff):
    case = judged(at(2026, 11, 2, 10, 0))
    appeal = appeal_file(case=case, appellant=staff["agent"], grounds=GROUNDS, now=at(2026, 11, 3))
    appeal_decide(
        appeal=appeal,
        reviewer=staff["supervisor"],
        upheld=True,
        decision="改判为顾客自身原因。",
        new_validity="invalid_customer",
        now=at(2026, 11, 4, 10, 0),
    )
    # The 7 days run again from the new judgment: 11 November is day 9 after the first one
    # but day 7 after the new one.
    second = appeal_file(
        case=case, appellant=staff["unitstaff"], grounds="应为业务差错", now=at(2026, 11, 11, 9)
    )
    assert second.judgment_published_at == at(2026, 11, 4, 10, 0)
