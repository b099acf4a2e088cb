"""From a closed case to a draft case study: personal data removed in whatever form it
reappears, teaching material kept, and only for those allowed."""

import pytest

from django.urls import reverse

from backoffice.training import CaseNotClosed, CaseNotVisible, case_study_source
from knowledge.drafting import draft_case_study
from knowledge.models import CaseStudyPage
from knowledge.setup import WORKFLOW_NAME

pytestmark = pytest.mark.django_db

CHINESE_CASE = {
    "complainant_name": "李小红",
    "complainant_phone": "13800138000",
    "complainant_email": "Lxh.Home@Example.com",
    "complainant_address": "北京市朝阳区建国路88号",
    "member_card": "8800123456",
    "order_number": "DD20261116001",
    "staff_involved": "营业员张伟、李娜",
    "product_name": "美的电饭煲",
    "product_model": "MB-FB40",
    "description": (
        "顾客李 小红在朝阳门店购买美的电饭煲，价格399元。第二天就不加热了。"
        "营业员张伟说是顾客用法不对。李女士留了电话138-0013-8000，"
        "邮箱LXH.HOME@example.com，会员卡8800 1234 56，订单号DD-2026-1116-001。"
        "她住建国路88号。"
    ),
    "customer_demand": "换一台新的，或退款399元。",
}

REMOVED = [
    "李小红",
    "李 小红",
    "李女士",
    "13800138000",
    "138-0013-8000",
    "LXH.HOME",
    "8800 1234 56",
    "DD-2026-1116-001",
    "建国路88号",
    "张伟",
    "小张",
    "李娜",
    "王丽",  # the agent who owned the case (王 丽)
    "王经理",
]
KEPT = ["朝阳门店", "美的电饭煲", "MB-FB40", "399元", "20元", "营业员", "顾客", "商品质量"]


def all_text(page: CaseStudyPage) -> str:
    return "\n".join(
        [page.title, page.summary, page.category_name]
        + [str(block.value) for block in page.sections]
    )


@pytest.fixture
def closed_chinese_case(submit, close_case):
    case = submit(**CHINESE_CASE)
    return close_case(
        case,
        notes=["已联系张伟核实，小张承认态度不好。王丽跟进，王经理已知悉。"],
        resolution="为您更换同型号新机，并赠送20元购物券。",
        cause="营业员张伟未按规程讲解使用方法。",
    )


def test_draft_removes_the_cases_own_values_in_other_formattings(
    closed_chinese_case, staff, library
):
    source = case_study_source(closed_chinese_case, staff["trainer"])
    page = draft_case_study(source=source, user=staff["trainer"])

    text = all_text(page)
    for value in [*REMOVED, closed_chinese_case.reference]:
        assert value not in text, value
    for value in KEPT:
        assert value in text, value
    # Placeholders say who was there, so the story still reads.
    assert "营业员[员工]" in text and "[顾客]" in text and "[电话]" in text
    assert page.personal_data_findings() == []


def test_draft_is_an_unpublished_page_under_the_library_with_its_source(
    closed_chinese_case, staff, library
):
    source = case_study_source(closed_chinese_case, staff["trainer"])
    page = draft_case_study(source=source, user=staff["trainer"])

    page.refresh_from_db()
    assert not page.live and page.get_parent().pk == library.pk
    assert page.revisions.count() == 1 and page.owner == staff["trainer"]
    assert (page.category_code, page.category_name) == ("product_quality", "商品质量")
    assert (page.severity, page.channel) == ("general", "phone")
    assert page.source_case_id == closed_chinese_case.pk
    assert page.source_case_reference == closed_chinese_case.reference
    kinds = [block.block_type for block in page.sections]
    assert kinds == ["background", "what_happened", "handling", "outcome", "do_differently"]


def test_english_case_is_scrubbed_in_english_and_lands_in_the_english_library(
    submit, close_case, staff, library
):
    case = submit(
        language="en",
        complainant_name="Emily Chen",
        complainant_phone="+86 139 1234 5678",
        complainant_email="emily.chen@example.com",
        staff_involved="cashier Tom Li",
        product_name="Midea rice cooker",
        description=(
            "Ms Chen bought a Midea rice cooker for ¥399 at the Chaoyangmen store. "
            "Cashier Tom Li told her to read the manual. Call her back on 139-1234-5678 "
            "or write to EMILY.CHEN@example.com. CHEN Emily is a member."
        ),
        customer_demand="A new one.",
    )
    case = close_case(case, cause="The cashier did not explain the settings.")
    page = draft_case_study(source=case_study_source(case, staff["trainer"]), user=staff["trainer"])

    text = all_text(page)
    for value in ["Chen", "Emily", "Tom Li", "139-1234-5678", "EMILY.CHEN", "1234"]:
        assert value not in text, value
    for value in ["Midea rice cooker", "¥399", "Chaoyangmen", "Cashier", "[customer]", "[phone]"]:
        assert value in text, value
    assert page.get_parent().specific.locale.language_code == "en"


def test_only_closed_cases_become_case_studies(submit, staff):
    case = submit()
    with pytest.raises(CaseNotClosed):
        case_study_source(case, staff["manager"])


def test_a_case_the_user_may_not_see_is_refused(submit, close_case, demo, staff):
    other_store = close_case(
        submit(actor="agent2", store=demo["s02"], complainant_phone="13900139000"),
        actor="agent2",
    )
    with pytest.raises(CaseNotVisible):
        case_study_source(other_store, staff["manager"])  # the manager of store s01
    assert case_study_source(other_store, staff["manager2"]).case_pk == other_store.pk


def test_the_button_is_offered_on_closed_cases_to_trainers_and_managers(
    closed_chinese_case, submit, signed_in
):
    button = reverse("knowledge_draft_case_study", args=[closed_chinese_case.pk])
    screen = reverse("cases:inspect", args=[closed_chinese_case.pk])
    for username in ("trainer", "manager"):
        assert button in signed_in(username).get(screen).content.decode()
    assert button not in signed_in("agent").get(screen).content.decode()

    open_case = submit(complainant_phone="13700137000")
    html = signed_in("manager").get(reverse("cases:inspect", args=[open_case.pk])).content
    assert b"case-study-from" not in html


def test_get_asks_for_confirmation_and_changes_nothing(closed_chinese_case, signed_in, library):
    url = reverse("knowledge_draft_case_study", args=[closed_chinese_case.pk])
    response = signed_in("trainer").get(url)
    assert response.status_code == 200
    assert 'class="kn-draft-form"' in response.content.decode()
    assert not CaseStudyPage.objects.filter(source_case_id=closed_chinese_case.pk).exists()


def test_post_drafts_and_opens_the_page_editor(closed_chinese_case, signed_in, library):
    url = reverse("knowledge_draft_case_study", args=[closed_chinese_case.pk])
    response = signed_in("trainer").post(url)
    page = CaseStudyPage.objects.get(source_case_id=closed_chinese_case.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    editor = signed_in("trainer").get(response["Location"])
    assert editor.status_code == 200
    # The link back to the case is in the editor, for staff.
    assert reverse("cases:inspect", args=[closed_chinese_case.pk]) in editor.content.decode()


def test_the_flow_creates_a_staff_only_moderated_library_when_there_is_none(
    closed_chinese_case, signed_in, staff, demo_site
):
    from wagtail.models import PageViewRestriction

    from knowledge.models import KnowledgeIndexPage

    for index in KnowledgeIndexPage.objects.all():
        index.delete()
    signed_in("trainer").post(reverse("knowledge_draft_case_study", args=[closed_chinese_case.pk]))
    index = KnowledgeIndexPage.objects.get()
    assert index.live and index.locale.language_code == "zh-hans"
    assert PageViewRestriction.objects.get(page=index).restriction_type == "login"
    assert index.get_workflow().name == WORKFLOW_NAME
    assert CaseStudyPage.objects.child_of(index).count() == 1


def test_refusals(closed_chinese_case, submit, close_case, demo, signed_in):
    url = reverse("knowledge_draft_case_study", args=[closed_chinese_case.pk])
    # An agent may read the case but not draft case studies from it: Wagtail sends them to the
    # dashboard with its "no permission" message.
    for response in (signed_in("agent").get(url), signed_in("agent").post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not CaseStudyPage.objects.filter(source_case_id=closed_chinese_case.pk).exists()
    # A manager of another store does not learn the case exists.
    assert signed_in("manager2").post(url).status_code == 404
    # An open case is sent back with the reason.
    open_case = submit(complainant_phone="13700137000")
    response = signed_in("manager").post(
        reverse("knowledge_draft_case_study", args=[open_case.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("cases:inspect", args=[open_case.pk])
    assert not CaseStudyPage.objects.filter(source_case_id=open_case.pk).exists()


def test_archived_cases_are_teaching_material_too(submit, close_case, staff, signed_in):
    case = close_case(submit(), archive=True)
    assert case.state == "archived"
    assert case_study_source(case, staff["trainer"]).state == "archived"
    screen = signed_in("trainer").get(reverse("cases:inspect", args=[case.pk])).content.decode()
    assert reverse("knowledge_draft_case_study", args=[case.pk]) in screen
