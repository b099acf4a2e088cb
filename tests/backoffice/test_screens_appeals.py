"""Appeals and merging as staff meet them in the admin."""

import pytest

from django.urls import reverse

from backoffice.models import StaffAppeal
from backoffice.workflow import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(submit, act):
    from django.utils import timezone

    case = submit(received_at=timezone.now())
    act(case, "mark_invalid", validity="invalid_customer", validity_reason="顾客自行损坏")
    case.refresh_from_db()
    return case


def test_agent_appeals_from_the_case_screen_and_supervisor_decides(client, staff, judged):
    client.force_login(staff["agent"])
    screen = client.get(reverse("cases:inspect", args=[judged.pk])).content.decode()
    file_url = reverse("appeals:file", args=[judged.pk])
    assert file_url in screen
    response = client.post(file_url, {"grounds": "监控显示商品到货即有裂纹。"})
    assert response.status_code == 302
    appeal = StaffAppeal.objects.get(case=judged)

    client.force_login(staff["supervisor"])
    listing = client.get(reverse("appeals:index")).content.decode()
    assert judged.reference in listing
    response = client.post(
        reverse("appeals:decide", args=[appeal.pk]),
        {"upheld": "true", "new_validity": "valid_service", "decision": "监控证实到货即损。"},
    )
    assert response.status_code == 302
    judged.refresh_from_db()
    assert judged.validity == "valid_service"


def test_appellant_cannot_decide_their_own_appeal(client, staff, judged):
    from backoffice.services.appeals import appeal_file

    appeal = appeal_file(case=judged, appellant=staff["agent"], grounds="理由")
    client.force_login(staff["agent"])
    response = client.post(
        reverse("appeals:decide", args=[appeal.pk]), {"upheld": "false", "decision": "驳回"}
    )
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.status == StaffAppeal.Status.PENDING


def test_another_stores_staff_cannot_see_the_appeal(client, staff, judged):
    from backoffice.services.appeals import appeal_file

    appeal = appeal_file(case=judged, appellant=staff["agent"], grounds="理由")
    client.force_login(staff["manager2"])
    assert judged.reference not in client.get(reverse("appeals:index")).content.decode()
    assert client.get(reverse("appeals:decide", args=[appeal.pk])).status_code == 404


def test_merge_a_duplicate_by_reference(client, staff, submit):
    original = submit()
    duplicate = submit(complainant_phone="13800138000", description="同一件事又打电话来。")
    client.force_login(staff["agent"])
    url = reverse("cases:action", args=[duplicate.pk, "merge"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": duplicate.version, "into": original.reference.lower()})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert duplicate.state == State.INVALID_CLOSED


def test_merge_into_an_unknown_reference_is_refused(client, staff, submit):
    duplicate = submit()
    client.force_login(staff["agent"])
    response = client.post(
        reverse("cases:action", args=[duplicate.pk, "merge"]),
        {"version": duplicate.version, "into": "ZZZZ-ZZZZ"},
    )
    assert response.status_code == 400
    assert "ZZZZ-ZZZZ" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
