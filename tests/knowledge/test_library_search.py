"""Finding a case study: filters, and a search that finds Chinese and English words inside the
text on SQLite and on PostgreSQL alike (run this file with DATABASE_URL=postgres://...)."""

import pytest

from django.db import connection

from knowledge.models import CaseStudyPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund_study(library, staff):
    page = CaseStudyPage(
        title="顾客的申请退款单被退回三次",
        slug="refund-form",
        summary="The refund form came back three times; nobody explained why.",
        category_name="业务差错",
        category_code="business_error",
        severity="general",
        channel="online",
        sections=[
            ("what_happened", "顾客在网上提交退款申请，三次被系统退回。"),
            ("do_differently", "Refunds rejected by the system need a call from the service desk."),
        ],
    )
    page.tags.add("退款流程")
    library.add_child(instance=page)
    page.save_revision(user=staff["manager"]).publish(user=staff["manager"])
    return page


def titles(response) -> list[str]:
    return [study.title for study in response.context["studies"]]


def test_chinese_word_inside_a_longer_word(library, refund_study, signed_in):
    client = signed_in("trainer")
    found = titles(client.get(library.url, {"q": "退款"}))
    # 退款 sits inside 申请退款单 in the title: found on SQLite and on PostgreSQL.
    assert refund_study.title in found
    assert "价格/折扣：促销价与结账价不符" in found  # tagged 退款
    assert "商品质量：电饭煲买回第二天不加热" not in found
    assert titles(client.get(library.url, {"q": "款单"})) == [refund_study.title]


def test_english_words_in_any_case_and_full_width(library, refund_study, signed_in):
    client = signed_in("trainer")
    assert titles(client.get(library.url, {"q": "REFUND"})) == [refund_study.title]
    assert titles(client.get(library.url, {"q": "ｒｅｆｕｎｄｓ desk"})) == [refund_study.title]
    assert titles(client.get(library.url, {"q": "refunds nowhere"})) == []


def test_search_runs_on_the_configured_database(library, refund_study, signed_in):
    """The same assertion as above, named for the report: which engine proved it."""
    found = titles(signed_in("trainer").get(library.url, {"q": "退款"}))
    assert refund_study.title in found, connection.vendor


def test_filters_by_category_severity_channel_and_lesson(library, refund_study, signed_in):
    client = signed_in("manager")
    assert titles(client.get(library.url, {"severity": "major"})) == [
        "人身伤害：生鲜区地面湿滑，顾客摔倒"
    ]
    assert set(titles(client.get(library.url, {"channel": "walk_in"}))) == {
        "人身伤害：生鲜区地面湿滑，顾客摔倒",
        "价格/折扣：促销价与结账价不符",
    }
    assert titles(client.get(library.url, {"category": "业务差错"})) == [refund_study.title]
    tag = refund_study.tags.get().slug
    assert titles(client.get(library.url, {"tag": tag})) == [refund_study.title]
    assert titles(client.get(library.url, {"channel": "walk_in", "q": "退款"})) == [
        "价格/折扣：促销价与结账价不符"
    ]


def test_an_unknown_filter_value_shows_everything_with_the_error(library, signed_in):
    response = signed_in("manager").get(library.url, {"severity": "catastrophic"})
    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert response.context["filter_form"].errors


def test_drafts_are_not_listed(library, refund_study, staff, signed_in):
    refund_study.unpublish()
    assert refund_study.title not in titles(signed_in("manager").get(library.url))


def test_the_library_page_costs_the_same_queries_for_more_case_studies(
    library, staff, signed_in, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client = signed_in("manager")
    client.get(library.url)  # warm the site and session caches
    with CaptureQueriesContext(connection) as three:
        client.get(library.url)
    for n in range(5):
        page = CaseStudyPage(title=f"案例{n}", slug=f"more-{n}", category_name="其他")
        page.tags.add(f"教训{n}", "复盘")
        library.add_child(instance=page)
        page.save_revision(user=staff["manager"]).publish(user=staff["manager"])
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(library.url)
    assert len(response.context["studies"]) == 8
