"""A trainer turns a closed case into a case study, the personal-data check stops a phone
number, a manager approves, and the case study is live for staff only, in a real browser."""

import re

import pytest

from django.contrib.auth import get_user_model

from backoffice.choices import Channel
from backoffice.models import Category
from backoffice.services.cases import case_submit, case_transition
from knowledge.models import CaseStudyPage
from tests.e2e.signing_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/knowledge-{}.png"


def closed_case(store):
    """A phone complaint carried to closure through the real services."""
    users = {u.username: u for u in get_user_model().objects.all()}
    agent = users["agent"]
    category = Category.objects.get(code="product_quality")
    case = case_submit(
        channel=Channel.PHONE,
        data={
            "complainant_name": "周海燕",
            "complainant_phone": "13833445566",
            "store": store,
            "product_name": "九阳豆浆机",
            "staff_involved": "营业员孙强",
            "description": "周女士买的豆浆机不到一个月就有焦糊味，营业员孙强让她自己找厂家。电话138 3344 5566。",
            "customer_demand": "换新机。",
        },
        actor=agent,
    ).case
    steps = [
        ("acknowledge", {}),
        ("start_investigation", {"category": category.pk}),
        (
            "propose_resolution",
            {"resolution": "为您更换新机并致歉。", "compensation_kind": "exchange"},
        ),
        ("customer_accept", {}),
        ("implement", {"note": "已换新机。"}),
        ("start_follow_up", {}),
        ("record_callback", {"reached": True, "satisfaction": 5, "comment": "满意"}),
        (
            "close",
            {
                "validity": "valid_service",
                "cause": "营业员推卸责任，未执行首问负责制。",
                "corrective_action": "当面致歉并换新。",
                "prevention": "新员工培训加入首问负责制案例。",
            },
        ),
    ]
    for action, data in steps:
        case = case_transition(case=case, action=action, actor=agent, data=data)
    return case


def open_more_actions(page):
    """The editor's footer keeps submit/publish/approve behind the "more actions" toggle."""
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()


def test_trainer_drafts_manager_approves_staff_read(new_page, demo_site):
    case = closed_case(demo_site["s01"])

    trainer = new_page(1300, 1100)
    sign_in(trainer, "trainer", "trainer-demo-2026")
    trainer.goto(f"/admin/cases/inspect/{case.pk}/")
    trainer.click(f"a[href$='/knowledge/case-study-from/{case.pk}/']")
    trainer.wait_for_url(f"**/knowledge/case-study-from/{case.pk}/")
    trainer.screenshot(path=SHOTS.format("confirm"), full_page=True)
    trainer.click("form.kn-draft-form button[type=submit]")
    trainer.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))

    study = CaseStudyPage.objects.get(source_case_id=case.pk)
    draft_text = " ".join(str(block.value) for block in study.sections)
    for personal in ("周海燕", "周女士", "孙强", "13833445566", "138 3344 5566"):
        assert personal not in draft_text
    assert "九阳豆浆机" in draft_text and "营业员[员工]" in draft_text
    assert trainer.locator("[data-personal-data-check]").is_visible()

    # The trainer adds a phone number by hand and tries to submit: refused, and told where.
    what_happened = trainer.locator("#sections-1-value")
    what_happened.fill(what_happened.input_value() + "\n顾客后来又留了手机 139-8765-4321。")
    open_more_actions(trainer)
    trainer.click("button[name=action-submit]")
    trainer.wait_for_load_state()
    assert trainer.locator(".messages").get_by_text("“139-8765-4321”").first.is_visible()
    trainer.locator(".messages").first.scroll_into_view_if_needed()
    trainer.screenshot(path=SHOTS.format("draft-editor-findings-top"))
    trainer.locator("#sections-1-value").scroll_into_view_if_needed()
    trainer.screenshot(path=SHOTS.format("draft-editor-findings"))
    study.refresh_from_db()
    assert study.current_workflow_state is None and not study.live

    # Fixed: the phone number goes, the submission goes through.
    what_happened = trainer.locator("#sections-1-value")
    what_happened.fill(
        what_happened.input_value().replace("顾客后来又留了手机 139-8765-4321。", "")
    )
    open_more_actions(trainer)
    trainer.click("button[name=action-submit]")
    trainer.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    study.refresh_from_db()
    assert study.current_workflow_state.status == "in_progress"

    manager = new_page(1300, 1100)
    sign_in(manager, "manager", "manager-demo-2026")
    manager.goto(f"/admin/pages/{study.pk}/edit/")
    open_more_actions(manager)
    manager.click("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    manager.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    study.refresh_from_db()
    assert study.live

    manager.goto(study.url)
    assert manager.locator("h1").inner_text() == study.title
    assert case.reference not in manager.content()
    manager.screenshot(path=SHOTS.format("case-study"), full_page=True)
    manager.goto(study.get_parent().url)
    assert manager.get_by_role("link", name=study.title).is_visible()
    manager.screenshot(path=SHOTS.format("library"), full_page=True)
    for slug in ("service-phrases", "handling-guide"):
        manager.goto(f"{study.get_parent().url}{slug}/")
        assert manager.locator("h1").is_visible()
        manager.screenshot(path=SHOTS.format(slug), full_page=True)
    manager.goto("/admin/knowledge/recurring-causes/")
    manager.screenshot(path=SHOTS.format("recurring-causes"), full_page=True)

    visitor = new_page()
    visitor.goto(study.url)
    assert "login" in visitor.url
    assert study.title not in visitor.content()
    visitor.screenshot(path=SHOTS.format("anonymous-login"), full_page=True)
    # Staff sign in right there and land on the case study.
    visitor.fill("input[name=username]", "agent")
    visitor.fill("input[name=password]", "agent-demo-2026")
    visitor.click("form.stacked button[type=submit]")
    visitor.wait_for_url(f"**{study.url}")
    assert visitor.locator("h1").inner_text() == study.title
