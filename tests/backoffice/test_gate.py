"""The one gate (backoffice.gate over backoffice.access): another unit's object answers exactly
like a missing one, in URLs and in every field that names a case or a colleague; one masking
rule for screens and the API; the managers' staff list; authority that fails closed; records
that cannot be rewritten."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from django.test import Client
from django.urls import NoReverseMatch, reverse

from backoffice import access, authority, selectors
from backoffice.models import AuthorityLimit, Case, CaseEvent, Notification
from backoffice.services.cases import case_transition
from backoffice.services.errors import CaseActionError
from backoffice.services.repeats import case_merge
from backoffice.workflow import State
from portal.tokens import api_token_create
from tests.backoffice.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, staff):
    def as_(username):
        client.force_login(staff[username])
        return client

    return as_


@pytest.fixture
def ours_and_theirs(submit, demo):
    ours = submit()
    theirs = submit(actor="agent2", store=demo["s02"], complainant_phone="13900139000")
    return ours, theirs


def missing_pk() -> int:
    return (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# --- 404 like a missing one -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["cases:inspect", "cases:history", "cases:history_results", "appeals:file"]
)
def test_another_units_case_answers_exactly_like_a_missing_one(login, ours_and_theirs, name):
    _ours, theirs = ours_and_theirs
    client = login("agent")
    hidden = client.get(reverse(name, args=[theirs.pk]))
    missing = client.get(reverse(name, args=[missing_pk()]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_another_units_action_file_and_document_answer_like_missing_ones(login, ours_and_theirs):
    _ours, theirs = ours_and_theirs
    client = login("agent")
    urls = [
        (
            reverse("cases:action", args=[theirs.pk, "add_note"]),
            reverse("cases:action", args=[missing_pk(), "add_note"]),
        ),
        (
            reverse("cases:document", args=[theirs.pk, "record_sheet"]),
            reverse("cases:document", args=[missing_pk(), "record_sheet"]),
        ),
    ]
    for hidden_url, missing_url in urls:
        hidden, missing = client.get(hidden_url), client.get(missing_url)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.content == missing.content


def test_usage_edit_delete_and_copy_of_a_case_are_not_routed(login, ours_and_theirs):
    _ours, theirs = ours_and_theirs
    for view in ("usage", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"cases:{view}", args=[theirs.pk])
    # The usage page once listed any store's reference and notification count by sequential id.
    client = login("agent")
    response = client.get(f"{reverse('cases:index')}usage/{theirs.pk}/")
    assert response.status_code == 404
    assert theirs.reference not in response.content.decode()


def test_appeal_and_outbox_views_that_would_change_records_are_not_routed():
    for name in (
        "appeals:add",
        "appeals:edit",
        "appeals:delete",
        "appeals:usage",
        "outbox:add",
        "outbox:edit",
        "outbox:delete",
        "outbox:usage",
        "outbox:copy",
        "authority_limits:delete",
        "authority_limits:copy",
    ):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1]) if name.split(":")[1] != "add" else reverse(name)


def test_history_of_another_units_case_is_refused_to_its_readers_too(login, ours_and_theirs):
    ours, theirs = ours_and_theirs
    client = login("manager2")
    assert client.get(reverse("cases:history", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("cases:history", args=[ours.pk])).status_code == 404


# --- fields naming a case or a colleague --------------------------------------------------------


def refusal(call) -> dict:
    with pytest.raises(CaseActionError) as refused:
        call()
    return refused.value.field_errors


def test_merge_into_another_units_case_reads_like_an_unknown_reference(ours_and_theirs, staff):
    ours, theirs = ours_and_theirs
    by_reference = refusal(
        lambda: case_merge(duplicate=ours, into=theirs.reference, actor=staff["agent"])
    )
    by_id = refusal(lambda: case_merge(duplicate=ours, into=theirs.pk, actor=staff["agent"]))
    unknown = refusal(lambda: case_merge(duplicate=ours, into="ZZZZ-ZZZZ", actor=staff["agent"]))
    unknown_id = refusal(
        lambda: case_merge(duplicate=ours, into=missing_pk(), actor=staff["agent"])
    )
    assert by_reference == by_id == unknown == unknown_id == {"into": "没有该编号的投诉。"}
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.state == State.RECEIVED and ours.merged_into is None
    assert not theirs.events.filter(kind=CaseEvent.Kind.REPEAT).exists()


def test_handing_over_to_another_units_colleague_reads_like_an_unknown_one(submit, staff):
    case = submit()
    other_unit = refusal(
        lambda: case_transition(
            case=case, action="assign", actor=staff["agent"], data={"owner": staff["agent2"].pk}
        )
    )
    unknown = refusal(
        lambda: case_transition(
            case=case, action="assign", actor=staff["agent"], data={"owner": 987654}
        )
    )
    assert other_unit == unknown and set(other_unit) == {"owner"}
    case.refresh_from_db()
    assert case.owner == staff["agent"]


def test_the_assign_form_offers_only_colleagues_who_may_work_the_case(login, submit, staff):
    case = submit()
    html = login("agent").get(reverse("cases:action", args=[case.pk, "assign"])).content.decode()
    assert f'value="{staff["supervisor"].pk}"' in html
    assert f'value="{staff["agent2"].pk}"' not in html


# --- repeats and the intake check ---------------------------------------------------------------


def test_a_repeat_is_linked_within_the_store_only(submit, demo):
    first = submit(received_at=at(2026, 11, 16, 10, 0))
    elsewhere = submit(actor="agent2", store=demo["s02"], received_at=at(2026, 11, 17, 10, 0))
    again = submit(received_at=at(2026, 11, 18, 10, 0))
    assert elsewhere.repeat_of is None  # same phone, another store: not named to its staff
    assert not elsewhere.events.filter(kind=CaseEvent.Kind.REPEAT).exists()
    assert again.repeat_of == first


def test_the_repeat_badge_names_only_a_case_the_reader_may_see(
    login, submit, act, category, demo, staff
):
    first = submit(received_at=at(2026, 11, 16, 10, 0))
    second = submit(received_at=at(2026, 11, 17, 10, 0))
    act(second, "acknowledge")
    act(
        second,
        "start_investigation",
        category=category.pk,
        responsible_unit=demo["s01-elec"].pk,
    )
    assert second.repeat_of == first
    # The appliances counter works the second case but may not see the first.
    counter_view = login("unitstaff").get(reverse("cases:inspect", args=[second.pk]))
    assert counter_view.status_code == 200
    assert counter_view.context["repeat_of"] is None
    # Not in the badge, the timeline ("possible repeat of …") or the field history either.
    assert first.reference not in counter_view.content.decode()
    assert "另一件投诉" in counter_view.content.decode()
    _token, plaintext = api_token_create(user=staff["unitstaff"])
    api = Client().get(
        f"/api/v1/staff/cases/{second.reference}", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )
    assert api.status_code == 200 and first.reference not in api.content.decode()
    store_view = login("agent").get(reverse("cases:inspect", args=[second.pk]))
    assert store_view.context["repeat_of"] == first
    assert first.reference in store_view.content.decode()


def test_the_intake_check_looks_only_at_cases_the_agent_may_see(login, submit, staff, demo):
    ours = submit()
    assert list(selectors.open_cases_for_customer(staff["agent"], phone="13800138000")) == [ours]
    assert list(selectors.open_cases_for_customer(staff["agent2"], phone="13800138000")) == []
    response = login("agent2").post(
        reverse("cases:add"),
        {
            "channel": "phone",
            "complainant_name": "李小红",
            "complainant_phone": "13800138000",
            "preferred_contact": "phone",
            "store": demo["s02"].pk,
            "description": "衣服开线了。",
            "severity": "general",
            "urgency": "normal",
        },
    )
    assert response.status_code == 302  # recorded at once: no "already has open complaints"
    assert ours.reference not in response.content.decode()
    assert Case.objects.filter(store=demo["s02"], complainant_phone="13800138000").exists()


# --- one masking rule ---------------------------------------------------------------------------

READERS = ["agent", "manager", "headoffice", "oversight", "admin"]


@pytest.mark.parametrize("username", READERS)
def test_the_api_masks_exactly_what_the_screens_mask(login, submit, staff, username):
    case = submit(complainant_email="lxh@example.com")
    expected = access.contact_for(staff[username], case)
    screen = login(username).get(reverse("cases:inspect", args=[case.pk])).context
    assert (screen["complainant"], screen["phone"], screen["email"]) == expected[:3]

    _token, plaintext = api_token_create(user=staff[username])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    detail = Client().get(f"/api/v1/staff/cases/{case.reference}", **auth).json()
    listed = Client().get("/api/v1/staff/cases", **auth).json()["items"][0]
    for body in (detail, listed):
        assert (body["complainant_name"], body["complainant_phone"], body["complainant_email"]) == (
            expected.name,
            expected.phone,
            expected.email,
        )

    export = login(username).get(reverse("cases:index"), {"export": "csv", "scope": "all"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    row = next(r for r in rows if case.reference in r)
    assert expected.name in row and expected.phone in row and expected.email in row

    masked = username in ("headoffice", "oversight")
    assert expected.masked == masked
    assert (expected.name == "李小红") != masked
    if masked:  # read-only roles never get the full name, not even from the API
        assert "李小红" not in str(detail) and "13800138000" not in str(detail)


# --- the managers' staff list -------------------------------------------------------------------


def test_a_manager_sees_only_their_units_staff(login, staff):
    client = login("manager")
    response = client.get(reverse("staff:index"))
    assert response.status_code == 200
    listed = {member.user.username for member in response.context["object_list"]}
    assert {"agent", "supervisor", "manager", "gm", "unitstaff"} <= listed
    assert not listed & {"agent2", "manager2", "headoffice", "admin"}
    other = staff["agent2"].staff
    assert client.get(reverse("staff:history", args=[other.pk])).status_code == 404


def test_administrators_see_every_units_staff(login):
    response = login("admin").get(reverse("staff:index"))
    listed = {member.user.username for member in response.context["object_list"]}
    assert {"agent", "agent2", "manager2", "headoffice", "admin"} <= listed


@pytest.mark.parametrize("username", ["agent", "supervisor", "headoffice", "oversight", "trainer"])
def test_the_staff_list_is_closed_to_those_who_manage_nobody(login, username):
    response = login(username).get(reverse("staff:index"))
    assert response.status_code == 302  # Wagtail's "no permission": back to the dashboard
    assert "agent2" not in response.content.decode()


# --- authority limits ---------------------------------------------------------------------------


def test_a_role_without_a_limit_row_has_no_authority(demo):
    assert authority.within_authority("supervisor", Decimal("50"))
    AuthorityLimit.objects.filter(role="supervisor").delete()
    assert authority.limit_for("supervisor") == Decimal("0")
    assert not authority.within_authority("supervisor", Decimal("1"))
    AuthorityLimit.objects.filter(role="manager").delete()
    assert not authority.within_authority("manager", Decimal("5000"))


def test_managers_have_an_explicit_unlimited_row(demo):
    assert AuthorityLimit.objects.get(role="manager").max_amount is None
    assert authority.within_authority("manager", Decimal("50000"))
    assert authority.within_authority("general_manager", Decimal("50000"))


def test_approving_above_a_missing_row_is_refused(submit, staff, act, category):
    case = submit()
    act(case, "acknowledge")
    act(case, "start_investigation", category=category.pk)
    act(
        case,
        "propose_resolution",
        resolution="赔偿。",
        compensation_kind="cash",
        compensation_amount="500",
    )
    AuthorityLimit.objects.filter(role="manager").delete()
    with pytest.raises(CaseActionError):
        act(case, "approve_compensation", actor="manager")
    case.refresh_from_db()
    assert case.compensation_approved_by is None


def test_authority_rows_cannot_be_deleted_but_administrators_edit_them(login, staff):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(AuthorityLimit)
    assert not policy.user_has_permission(staff["admin"], "delete")  # a superuser
    row = AuthorityLimit.objects.get(role="supervisor")
    client = login("admin")
    index = client.get(reverse("authority_limits:index")).content.decode()
    assert "/delete/" not in index
    edit = client.get(reverse("authority_limits:edit", args=[row.pk])).content.decode()
    assert "/delete/" not in edit
    assert client.post(f"/admin/authority_limits/delete/{row.pk}/").status_code == 404
    response = client.post(
        reverse("authority_limits:edit", args=[row.pk]), {"role": "supervisor", "max_amount": "150"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.max_amount == Decimal("150")


# --- records that cannot be rewritten -----------------------------------------------------------


@pytest.fixture
def notified(submit, act):
    """A case whose customer was told of the acknowledgement: one row in the outbox."""
    case = submit()
    act(case, "acknowledge")
    assert case.notifications.exists()
    return case


def test_nobody_may_change_or_delete_the_timeline_or_the_outbox(staff):
    from wagtail.permissions import policy_registry

    for model in (CaseEvent, Notification):
        policy = policy_registry.get_by_type(model)
        for action in ("change", "delete"):
            assert not policy.user_has_permission(staff["admin"], action), (model, action)


def test_the_outbox_screen_offers_resend_and_no_edit_or_delete(login, notified):
    case = notified
    notification = case.notifications.order_by("pk").first()
    client = login("admin")
    index = client.get(reverse("outbox:index")).content.decode()
    assert "/admin/outbox/edit/" not in index and "/admin/outbox/delete/" not in index
    html = client.get(reverse("outbox:inspect", args=[notification.pk])).content.decode()
    assert reverse("outbox:resend", args=[notification.pk]) in html
    assert "/admin/outbox/edit/" not in html and "/admin/outbox/delete/" not in html
    assert (
        client.post(f"/admin/outbox/edit/{notification.pk}/", {"status": "sent"}).status_code == 404
    )
    assert client.post(f"/admin/outbox/delete/{notification.pk}/").status_code == 404
    assert Notification.objects.filter(pk=notification.pk).exists()


def test_resending_writes_a_new_row_and_leaves_the_old_one(login, notified, staff):
    case = notified
    original = case.notifications.order_by("pk").first()
    Notification.objects.filter(pk=original.pk).update(
        status=Notification.Status.FAILED, attempts=6, last_error="SMTP down"
    )
    before = Notification.objects.count()
    client = login("admin")
    assert client.get(reverse("outbox:resend", args=[original.pk])).status_code == 405
    assert Notification.objects.count() == before  # a GET changes nothing
    response = client.post(reverse("outbox:resend", args=[original.pk]))
    assert response.status_code == 302
    assert Notification.objects.count() == before + 1
    copy = Notification.objects.get(resend_of=original)
    assert response["Location"] == reverse("outbox:inspect", args=[copy.pk])
    assert (copy.recipient, copy.subject, copy.body, copy.case) == (
        original.recipient,
        original.subject,
        original.body,
        case,
    )
    assert copy.resent_by == staff["admin"]
    assert copy.status in (Notification.Status.PENDING, Notification.Status.SENT)
    original.refresh_from_db()
    assert (original.status, original.attempts, original.last_error) == (
        Notification.Status.FAILED,
        6,
        "SMTP down",
    )


@pytest.mark.parametrize("username", ["agent", "manager", "headoffice"])
def test_only_administrators_resend(login, notified, username):
    case = notified
    original = case.notifications.order_by("pk").first()
    before = Notification.objects.count()
    response = login(username).post(reverse("outbox:resend", args=[original.pk]))
    assert response.status_code == 404
    assert Notification.objects.count() == before


def test_a_stored_report_can_be_resent_to_the_same_address(staff):
    from backoffice.notifications.outbox import notification_resend, queue_email

    original = queue_email(
        "hq@example.com", "月报", "见附件。", attachment_path="reports/2026-11.pdf"
    )
    copy = notification_resend(original, actor=staff["admin"])
    assert copy.pk != original.pk and copy.attachment_path == original.attachment_path
