"""Repeat complaints and merging a duplicate into the case that handles the matter."""

import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.models import CaseEvent, Notification
from backoffice.services.attachments import attachment_add
from backoffice.services.errors import CaseActionError
from backoffice.services.repeats import case_merge, merge_candidates
from backoffice.workflow import ACTIONS, State
from tests.backoffice.conftest import at

pytestmark = pytest.mark.django_db


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buffer, "PNG")
    return SimpleUploadedFile("内胆划痕.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def pair(submit):
    """The same customer complains twice about the same rice cooker."""
    first = submit(received_at=at(2026, 11, 16, 10, 0))
    second = submit(
        received_at=at(2026, 11, 17, 9, 30),
        description="上次反映的电饭煲问题还没人联系我。",
        preferred_contact="email",
    )
    return first, second


def test_a_second_complaint_from_the_same_phone_is_flagged_as_a_repeat(pair):
    first, second = pair
    assert second.repeat_of == first
    assert second.events.filter(kind=CaseEvent.Kind.REPEAT, body__contains=first.reference).exists()


def test_merging_closes_the_duplicate_and_both_timelines_name_each_other(pair, staff):
    first, second = pair
    attachment_add(case=second, upload=photo(), actor=staff["agent"])
    history_before = second.history.count()
    events_before = second.events.count()

    merged = case_merge(duplicate=second, into=first, actor=staff["agent"])

    assert merged.state == State.INVALID_CLOSED
    assert merged.merged_into == first
    assert merged.closed_at is not None and merged.closed_by == staff["agent"]
    # Nothing is lost: the attachment, the timeline and the field history stay on the duplicate.
    assert merged.attachments.count() == 1
    assert merged.events.count() == events_before + 1
    assert merged.history.count() > history_before
    closing = merged.events.get(action="merge")
    assert first.reference in closing.body
    assert closing.from_state == State.RECEIVED and closing.to_state == State.INVALID_CLOSED
    assert first.events.filter(kind=CaseEvent.Kind.REPEAT, body__contains=second.reference).exists()
    first.refresh_from_db()
    assert first.state == State.RECEIVED  # the surviving case carries on
    # The duplicate's customer hears where their complaint is handled.
    assert closing.customer_visible
    assert Notification.objects.filter(
        case=merged, recipient="lxh@example.com", body__contains=first.reference
    ).exists()


def test_a_case_can_be_named_by_its_reference(pair, staff):
    first, second = pair
    merged = case_merge(duplicate=second, into=first.reference.lower(), actor=staff["agent"])
    assert merged.merged_into == first


def test_merging_into_itself_is_refused(pair, staff):
    _first, second = pair
    with pytest.raises(CaseActionError) as refused:
        case_merge(duplicate=second, into=second, actor=staff["agent"])
    assert "into" in refused.value.field_errors
    second.refresh_from_db()
    assert second.state == State.RECEIVED and second.merged_into is None


def test_merging_into_another_stores_case_is_refused(pair, submit, staff, demo):
    _first, second = pair
    elsewhere = submit(store=demo["s02"], actor="agent2", complainant_phone="13900139000")
    with pytest.raises(CaseActionError) as refused:
        case_merge(duplicate=second, into=elsewhere, actor=staff["agent"])
    assert "into" in refused.value.field_errors
    second.refresh_from_db()
    assert second.state == State.RECEIVED
    assert not elsewhere.events.filter(kind=CaseEvent.Kind.REPEAT).exists()


def test_another_stores_agent_cannot_merge_our_case(pair, staff):
    first, second = pair
    with pytest.raises(CaseActionError):
        case_merge(duplicate=second, into=first, actor=staff["agent2"])
    second.refresh_from_db()
    assert second.merged_into is None


def test_merging_into_a_merged_case_is_refused(pair, submit, staff):
    first, second = pair
    third = submit(received_at=at(2026, 11, 18, 9, 0), description="第三次来电催促。")
    case_merge(duplicate=second, into=first, actor=staff["agent"])
    with pytest.raises(CaseActionError) as refused:
        case_merge(duplicate=third, into=second, actor=staff["agent"])
    assert second.reference in refused.value.field_errors["into"]
    third.refresh_from_db()
    assert third.state == State.RECEIVED


def test_a_merged_case_cannot_be_merged_again(pair, submit, staff):
    first, second = pair
    case_merge(duplicate=second, into=first, actor=staff["agent"])
    with pytest.raises(CaseActionError):
        case_merge(duplicate=second, into=first, actor=staff["agent"])
    assert first.events.filter(kind=CaseEvent.Kind.REPEAT).count() == 1


def test_an_unknown_reference_is_refused(pair, staff):
    _first, second = pair
    with pytest.raises(CaseActionError) as refused:
        case_merge(duplicate=second, into="ZZZZ-ZZZZ", actor=staff["agent"])
    assert "into" in refused.value.field_errors


def test_readers_cannot_merge(pair, staff):
    first, second = pair
    with pytest.raises(CaseActionError):
        case_merge(duplicate=second, into=first, actor=staff["headoffice"])


def test_merge_candidates_are_the_repeats_the_handler_can_see(pair, staff):
    first, second = pair
    assert list(merge_candidates(second, staff["agent"])) == [first]
    assert list(merge_candidates(second, staff["agent2"])) == []


def test_merge_is_in_the_workflow_table():
    merge = ACTIONS["merge"]
    assert merge.target == State.INVALID_CLOSED
    assert merge.requires == ("into",)
    assert State.CLOSED not in merge.sources and State.RECEIVED in merge.sources


def test_a_disputed_merge_stands_alone_again(pair, staff):
    from backoffice.services.cases import case_transition
    from backoffice.workflow import CUSTOMER

    first, second = pair
    merged = case_merge(duplicate=second, into=first, actor=staff["agent"])
    reopened = case_transition(
        case=merged, action="dispute", actor=CUSTOMER, data={"message": "这是另一件事。"}
    )
    assert reopened.state == State.REOPENED
    assert reopened.merged_into is None  # counted in the reports again
    assert first.events.filter(kind=CaseEvent.Kind.REPEAT, data__unmerged=second.reference).exists()
