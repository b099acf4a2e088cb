"""An agent handles a phone complaint from intake to closure in the Wagtail admin, in a real
browser: the forms, buttons and redirects as staff meet them."""

import pytest

from backoffice.models import Case, Category
from backoffice.workflow import State
from tests.e2e.signing_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def take_action(page, action, fields=None, choices=None, radios=None):
    page.click(f"a[href$='/do/{action}/']")
    page.wait_for_url(f"**/do/{action}/")
    for selector, value in (fields or {}).items():
        page.fill(selector, value)
    for selector, value in (choices or {}).items():
        page.select_option(selector, value)
    for selector in radios or []:
        page.check(selector)
    page.click("form.bo-form button[type=submit]:not([name])")
    page.wait_for_url("**/cases/inspect/*/")


def test_agent_handles_a_phone_complaint_from_intake_to_closure(new_page, demo):
    category = Category.objects.get(code="product_quality")
    page = new_page(1300, 1000)
    sign_in(page, "agent", "agent-demo-2026")

    page.goto("/admin/cases/new/")
    page.select_option("#id_channel", "phone")
    page.fill("#id_complainant_name", "周女士")
    page.fill("#id_complainant_phone", "139 8765 4321")
    page.select_option("#id_store", str(demo["s01"].pk))
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_description", "新买的电水壶漏水，底座有裂纹。")
    page.fill("#id_customer_demand", "换一个新的。")
    page.fill("#id_product_name", "苏泊尔电水壶")
    page.fill("#id_product_batch", "LOT20261101")
    page.click("form.bo-intake button[type=submit]")
    page.wait_for_url("**/cases/inspect/*/")

    case = Case.objects.get(complainant_name="周女士")
    assert case.state == State.ACKNOWLEDGED
    assert case.owner.username == "agent"

    take_action(page, "start_investigation", choices={"#id_category": str(category.pk)})
    take_action(
        page,
        "propose_resolution",
        fields={"#id_resolution": "为您更换同型号新品，并致歉。", "#id_compensation_amount": "15"},
        choices={"#id_compensation_kind": "exchange"},
        radios=["#id_quality_problem_0"],
    )
    take_action(page, "customer_accept")
    take_action(page, "implement", fields={"#id_note": "已在服务台换新。"})
    take_action(page, "start_follow_up")
    take_action(
        page,
        "record_callback",
        choices={"#id_satisfaction": "5"},
        fields={"#id_comment": "顾客表示满意。"},
        radios=["#id_reached_0"],
    )
    take_action(
        page,
        "close",
        fields={
            "#id_cause": "该批次底座注塑不良。",
            "#id_corrective_action": "换新并下架同批次商品。",
            "#id_prevention": "到货抽检增加底座检查。",
        },
        choices={"#id_validity": "valid_minor"},
    )
    page.screenshot(path="/tmp/backoffice-closed-case.png", full_page=True)

    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert case.satisfaction == 5
    assert case.quality_problem is True
    assert case.closed_by.username == "agent"
    assert page.locator(".bo-badge--state").inner_text() == case.get_state_display()


def test_a_refused_action_shows_the_message_and_keeps_the_text(new_page, demo, staff):
    from backoffice.services.cases import case_submit, case_transition

    case = case_submit(
        channel="phone",
        data={
            "complainant_name": "吴先生",
            "complainant_phone": "13700001111",
            "store": demo["s01"],
            "description": "收银多收了钱。",
        },
        actor=staff["agent"],
    ).case
    case_transition(case=case, action="acknowledge", actor=staff["agent"])
    case_transition(
        case=case,
        action="start_investigation",
        actor=staff["agent"],
        data={"category": Category.objects.get(code="price_billing").pk},
    )
    page = new_page()
    sign_in(page, "agent", "agent-demo-2026")
    page.goto(f"/admin/cases/inspect/{case.pk}/do/propose_resolution/")
    page.fill("#id_resolution", "退还多收的 12 元。")
    page.fill("#id_compensation_amount", "-5")
    page.click("form.bo-form button[type=submit]:not([name])")
    page.locator(".error-message").first.wait_for()
    assert page.input_value("#id_resolution") == "退还多收的 12 元。"
    case.refresh_from_db()
    assert case.state == State.INVESTIGATING
