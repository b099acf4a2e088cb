"""The staff screens as staff use them: queue, case screen, actions, intake, export."""

import csv
import io

import pytest

from django.urls import reverse

from backoffice.choices import Channel
from backoffice.models import Case, CaseEvent, Unit
from backoffice.workflow import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, staff):
    def as_(username):
        client.force_login(staff[username])
        return client

    return as_


def test_queue_shows_only_the_agents_store(login, submit, demo):
    mine = submit()
    other = submit(actor="agent2", store=demo["s02"], complainant_phone="13900139000")
    html = login("agent").get(reverse("cases:index")).content.decode()
    assert mine.reference in html
    assert other.reference not in html


def test_head_office_sees_every_store_with_masked_phones(login, submit, demo):
    mine = submit()
    other = submit(actor="agent2", store=demo["s02"], complainant_phone="13900139000")
    html = login("headoffice").get(reverse("cases:index")).content.decode()
    assert mine.reference in html and other.reference in html
    assert "13800138000" not in html
    assert "138****8000" in html


def test_counter_staff_see_only_cases_routed_to_their_counter(login, submit, act, demo, staff):
    routed = submit()
    act(routed, "route", responsible_unit=demo["s01-elec"].pk)
    not_routed = submit(complainant_phone="13700137000")
    html = login("unitstaff").get(reverse("cases:index")).content.decode()
    assert routed.reference in html
    assert not_routed.reference not in html


def test_search_finds_a_case_by_phone(login, submit):
    case = submit(complainant_phone="13612345678")
    submit(complainant_phone="13700137000")
    html = login("agent").get(reverse("cases:index"), {"q": "13612345678"}).content.decode()
    assert case.reference in html
    assert html.count("13700137000") == 0


def test_overdue_queue(login, submit):
    from datetime import timedelta

    from django.utils import timezone

    late = submit()
    # Time passes: the deadline is now behind us.
    Case.objects.filter(pk=late.pk).update(resolve_due=timezone.now() - timedelta(hours=1))
    on_time = submit(complainant_phone="13700137000", received_at=timezone.now())
    html = login("agent").get(reverse("cases:index"), {"queue": "overdue"}).content.decode()
    assert late.reference in html
    assert on_time.reference not in html


def test_overdue_queue_follows_the_running_clocks(login, submit):
    from datetime import timedelta

    from django.utils import timezone

    past = timezone.now() - timedelta(hours=1)
    unanswered = submit()
    Case.objects.filter(pk=unanswered.pk).update(acknowledge_due=past)
    carried_out = submit(complainant_phone="13700137000")
    # The resolution is carried out: the customer no longer waits on us.
    Case.objects.filter(pk=carried_out.pk).update(
        state="implemented", acknowledged_at=past, resolve_due=past
    )
    html = login("agent").get(reverse("cases:index"), {"queue": "overdue"}).content.decode()
    assert unanswered.reference in html
    assert carried_out.reference not in html


def test_due_today_lists_the_clocks_still_counting(login, submit):
    from django.utils import timezone

    now = timezone.localtime()
    later_today = now + (now.replace(hour=23, minute=59, second=59) - now) / 2
    to_answer = submit()
    Case.objects.filter(pk=to_answer.pk).update(acknowledge_due=later_today)
    waiting = submit(complainant_phone="13700137000")
    # The case waits on the customer: its clock stands still, nothing is due from us today.
    Case.objects.filter(pk=waiting.pk).update(state="awaiting_customer", resolve_due=later_today)
    html = login("agent").get(reverse("cases:index"), {"queue": "due_today"}).content.decode()
    assert to_answer.reference in html
    assert waiting.reference not in html


def test_case_screen_of_another_store_is_not_found(login, submit):
    case = submit()
    assert login("agent2").get(reverse("cases:inspect", args=[case.pk])).status_code == 404


def test_case_screen_shows_clock_actions_timeline(login, submit):
    case = submit()
    response = login("agent").get(reverse("cases:inspect", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html
    assert reverse("cases:action", args=[case.pk, "acknowledge"]) in html
    assert "买的电饭煲第二天就不加热了" in html


def test_oversight_reads_but_gets_no_action_buttons(login, submit):
    case = submit()
    html = login("oversight").get(reverse("cases:inspect", args=[case.pk])).content.decode()
    assert reverse("cases:action", args=[case.pk, "acknowledge"]) not in html
    assert "13800138000" not in html


def test_action_form_takes_the_action(login, submit, category):
    case = submit()
    client = login("agent")
    url = reverse("cases:action", args=[case.pk, "acknowledge"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED


def test_refused_action_keeps_what_was_typed(login, submit, act, category):
    case = submit()
    act(case, "acknowledge")
    act(case, "start_investigation", category=category.pk)
    case.refresh_from_db()
    client = login("agent")
    url = reverse("cases:action", args=[case.pk, "propose_resolution"])
    response = client.post(
        url,
        {"version": case.version, "resolution": "退款 300 元", "compensation_amount": "-5"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "退款 300 元" in html  # nothing typed is lost
    case.refresh_from_db()
    assert case.state == State.INVESTIGATING


def test_stale_form_is_refused_with_a_clear_message(login, submit, act):
    case = submit()
    stale = case.version
    act(case, "add_note", note="先到的备注")
    response = login("agent").post(
        reverse("cases:action", args=[case.pk, "add_note"]),
        {"version": stale, "note": "后到的备注"},
    )
    assert response.status_code == 400
    assert "后到的备注" in response.content.decode()
    assert case.events.filter(kind=CaseEvent.Kind.NOTE).count() == 1


def test_action_not_allowed_now_is_refused(login, submit):
    case = submit()
    response = login("agent").post(
        reverse("cases:action", args=[case.pk, "archive"]), {"version": case.version}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_canned_reply_fills_the_message(login, submit, act, category):
    from backoffice.models import CannedReply

    reply = CannedReply.objects.create(
        title="致歉",
        language="zh-hans",
        body="{name}您好，您的投诉{reference}由{handler}处理，预计{due_date}前答复。",
    )
    case = submit()
    response = login("agent").post(
        reverse("cases:action", args=[case.pk, "message_customer"]),
        {"version": case.version, "canned_reply": reply.pk, "use_canned": "1", "message": ""},
    )
    html = response.content.decode()
    assert f"李小红您好，您的投诉{case.reference}由王丽处理" in html


def test_intake_records_a_phone_complaint_owned_by_the_agent(login, staff, demo, category):
    client = login("agent")
    response = client.post(
        reverse("cases:add"),
        {
            "channel": Channel.PHONE,
            "complainant_name": "赵先生",
            "complainant_phone": "139 1234 5678",
            "preferred_contact": "phone",
            "store": demo["s01"].pk,
            "category": category.pk,
            "severity": "general",
            "urgency": "normal",
            "description": "冰箱送货晚了两天。",
            "acknowledge_now": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(complainant_name="赵先生")
    assert case.owner == staff["agent"]
    assert case.complainant_phone == "13912345678"
    assert case.state == State.ACKNOWLEDGED


def test_intake_warns_about_the_same_customers_open_case(login, submit, demo, category):
    existing = submit(complainant_phone="13912345678")
    client = login("agent")
    data = {
        "channel": Channel.WALK_IN,
        "complainant_name": "李小红",
        "complainant_phone": "13912345678",
        "preferred_contact": "phone",
        "store": demo["s01"].pk,
        "severity": "general",
        "urgency": "normal",
        "description": "又来投诉同一件事。",
    }
    first = client.post(reverse("cases:add"), data)
    assert first.status_code == 200
    assert existing.reference in first.content.decode()
    assert Case.objects.count() == 1
    second = client.post(reverse("cases:add"), {**data, "confirm_new": "on"})
    assert second.status_code == 302
    assert Case.objects.count() == 2


def test_intake_refuses_a_bad_phone_and_keeps_the_form(login, demo):
    response = login("agent").post(
        reverse("cases:add"),
        {
            "channel": Channel.PHONE,
            "complainant_name": "钱女士",
            "complainant_phone": "12345",
            "preferred_contact": "phone",
            "store": demo["s01"].pk,
            "severity": "general",
            "urgency": "normal",
            "description": "描述保留",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "描述保留" in html and "钱女士" in html
    assert not Case.objects.exists()


def test_intake_cannot_pick_another_store(login, demo):
    response = login("agent").post(
        reverse("cases:add"),
        {
            "channel": Channel.PHONE,
            "complainant_name": "孙先生",
            "complainant_phone": "13800138000",
            "preferred_contact": "phone",
            "store": demo["s02"].pk,
            "severity": "general",
            "urgency": "normal",
            "description": "x",
        },
    )
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_readers_cannot_open_intake(login):
    assert login("oversight").get(reverse("cases:add")).status_code in (302, 403)


def test_delete_is_never_possible(login, submit):
    from django.urls import NoReverseMatch

    case = submit()
    # Not routed at all: no URL to post to, not even for an administrator.
    with pytest.raises(NoReverseMatch):
        reverse("cases:delete", args=[case.pk])
    response = login("admin").post(f"{reverse('cases:index')}delete/{case.pk}/")
    assert response.status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()


def heading(field: str) -> str:
    """A column's heading as the export writes it, in the active language."""
    from backoffice.screens.cases import CaseIndexView

    return str(CaseIndexView.export_headings[field])


def test_csv_export_opens_in_excel_and_neutralises_formulas(login, submit):
    submit(complainant_name='=HYPERLINK("http://evil")', description="+1 cmd")
    response = login("agent").get(reverse("cases:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, row = rows[0], rows[1]
    assert row[header.index(heading("complainant_name"))].startswith("'=")
    assert row[header.index(heading("description"))] == "'+1 cmd"
    # Local time (Asia/Shanghai), not UTC: received 2026-11-16 10:00 local.
    assert row[header.index(heading("received_at"))] == "2026-11-16 10:00"


def test_export_masks_personal_data_for_oversight(login, submit):
    submit()
    response = login("oversight").get(reverse("cases:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert "13800138000" not in body and "138****8000" in body
    assert "lxh@example.com" not in body


def test_xlsx_export_has_local_times(login, submit):
    from openpyxl import load_workbook

    submit()
    response = login("agent").get(reverse("cases:index"), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    received = sheet.cell(row=2, column=header.index(heading("received_at")) + 1).value
    assert (received.hour, received.minute) == (10, 0)


def test_queue_and_case_screen_queries_do_not_grow_with_data(
    login, submit, act, django_assert_max_num_queries
):
    for n in range(3):
        submit(complainant_phone=f"1380013{n:04d}")
    client = login("agent")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("cases:index")).status_code == 200
    case = submit(complainant_phone="13800139999")
    with django_assert_max_num_queries(40):
        assert client.get(reverse("cases:inspect", args=[case.pk])).status_code == 200
    for n in range(25):
        c = submit(complainant_phone=f"1370013{n:04d}")
        act(c, "add_note", note=f"备注{n}")
        act(case, "add_note", note=f"案件备注{n}")
    with django_assert_max_num_queries(25):
        assert client.get(reverse("cases:index")).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("cases:inspect", args=[case.pk])).status_code == 200


def test_units_are_listed_for_administrators_only(login):
    assert login("admin").get(reverse("units:index")).status_code == 200
    assert login("agent").get(reverse("units:index")).status_code in (302, 403)


def test_staff_role_change_through_the_admin_moves_the_group(login, staff, demo):
    member = staff["agent"].staff
    response = login("admin").post(
        reverse("staff:edit", args=[member.pk]),
        {"user": staff["agent"].pk, "unit": demo["s01"].pk, "role": "supervisor", "phone": ""},
    )
    assert response.status_code == 302
    groups = list(staff["agent"].groups.values_list("name", flat=True))
    assert groups == ["role:supervisor"]
    assert Unit.objects.count() >= 10


def test_queue_shows_open_cases_unless_asked_for_closed_ones(login, submit, act):
    open_case = submit()
    closed = submit(complainant_phone="13700137000")
    act(closed, "mark_invalid", validity="invalid_customer", validity_reason="顾客自身原因")
    client = login("agent")
    html = client.get(reverse("cases:index")).content.decode()
    assert open_case.reference in html and closed.reference not in html
    html = client.get(reverse("cases:index"), {"scope": "closed"}).content.decode()
    assert closed.reference in html and open_case.reference not in html
    # Looking a case up by reference finds it whatever its state.
    html = client.get(reverse("cases:index"), {"q": closed.reference}).content.decode()
    assert closed.reference in html


def test_trainer_finds_closed_cases_only(login, submit, act):
    open_case = submit()
    closed = submit(complainant_phone="13700137000")
    act(closed, "mark_invalid", validity="invalid_customer", validity_reason="顾客自身原因")
    html = login("trainer").get(reverse("cases:index"), {"scope": "all"}).content.decode()
    assert closed.reference in html and open_case.reference not in html


def test_can_view_case_agrees_with_cases_visible_to(submit, act, demo, staff):
    from backoffice.access import can_view_case, cases_visible_to

    cases = [
        submit(),
        submit(actor="agent2", store=demo["s02"], complainant_phone="13900139000"),
    ]
    routed = submit(complainant_phone="13700137000")
    act(routed, "route", responsible_unit=demo["s01-elec"].pk)
    closed = submit(complainant_phone="13600136000")
    act(closed, "mark_invalid", validity="invalid_customer", validity_reason="x")
    cases += [routed, closed]
    for user in staff.values():
        visible = set(cases_visible_to(user).values_list("pk", flat=True))
        for case in cases:
            case.refresh_from_db()
            assert can_view_case(user, case) == (case.pk in visible), (user.username, case)


def test_queue_count_is_capped_for_huge_units(login, submit, monkeypatch):
    from django.utils.translation import gettext

    from backoffice.screens.cases import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 2)
    for n in range(4):
        submit(complainant_phone=f"1380013{n:04d}")
    paginator = CappedPaginator(Case.objects.order_by("pk"), 30)
    assert paginator.count == 3 and paginator.is_capped
    assert paginator.items_count_label == gettext("more than %(cap)s cases") % {"cap": "2"}
    html = login("agent").get(reverse("cases:index")).content.decode()
    assert html.count("/admin/cases/inspect/") >= 3  # the page still lists what it holds


def test_staff_working_in_english_see_units_and_categories_in_english(login, submit, staff):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff["manager"])
    profile.preferred_language = "en"
    profile.save()
    case = submit()
    html = login("manager").get(reverse("cases:inspect", args=[case.pk])).content.decode()
    assert "Chaoyangmen store" in html and "朝阳门店" not in html


def test_the_queues_are_one_click_tabs_above_the_list(login, submit):
    submit()
    html = login("agent").get(reverse("cases:index"), {"queue": "overdue"}).content.decode()
    index = reverse("cases:index")
    assert f'<a href="{index}?queue=overdue" aria-current="page">已超时</a>' in html
    assert f'<a href="{index}?queue=mine">我的投诉</a>' in html
    assert f'<a href="{index}">全部未结投诉</a>' in html
