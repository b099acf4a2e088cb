"""Which categories and causes recur, by month and unit, scoped to the cases a user may see,
with the case studies that teach each category."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from backoffice.models import Category
from backoffice.training import recurring_causes
from knowledge.models import CaseStudyPage
from tests.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 30, 12, 0)
QUALITY_CAUSE = "出厂质检漏检。"


@pytest.fixture
def history(submit, close_case, act, demo):
    """Store s01: three closed valid quality cases (one cause typed with stray whitespace), one
    service case in October, one closed as invalid, one still open, one too old to count.
    Store s02: one closed valid service case."""
    service = Category.objects.get(code="service_attitude").pk
    phones = iter(f"1380000{n:04d}" for n in range(100))

    def case(received, **kwargs):
        return submit(received_at=received, complainant_phone=next(phones), **kwargs)

    for day, cause in ((3, QUALITY_CAUSE), (10, QUALITY_CAUSE), (12, f"  {QUALITY_CAUSE}\n")):
        close_case(case(at(2026, 11, day, 10)), cause=cause)
    close_case(case(at(2026, 10, 20, 10)), cause="收银员态度生硬。", category=service)
    invalid = case(at(2026, 11, 5, 10))
    act(invalid, "acknowledge")
    act(invalid, "mark_invalid", validity="invalid_customer", validity_reason="顾客自身原因。")
    case(at(2026, 11, 6, 10))  # still open
    close_case(case(at(2025, 11, 20, 10)), cause="太久以前。")  # outside the 12 months
    close_case(
        case(at(2026, 11, 8, 10), actor="agent2", store=demo["s02"]),
        actor="agent2",
        cause="收银员态度生硬。",
        category=service,
    )


def test_a_store_manager_sees_only_their_store(history, staff):
    report = recurring_causes(staff["manager"], now=NOW)
    assert report.total == 4
    assert len(report.months) == 12
    assert (report.months[0].isoformat(), report.months[-1].isoformat()) == (
        "2025-12-01",
        "2026-11-01",
    )
    quality, service = report.categories
    assert (quality.code, quality.name, quality.total) == ("product_quality", "商品质量", 3)
    assert quality.by_month[-1] == 3 and sum(quality.by_month[:-1]) == 0
    assert (service.code, service.by_month[-2], service.total) == ("service_attitude", 1, 1)
    assert [(u.name, u.by_category, u.total) for u in report.units] == [("朝阳门店", (3, 1), 4)]
    # Causes are counted by their text with surrounding whitespace stripped.
    assert [(c.cause, c.count) for c in report.causes] == [
        (QUALITY_CAUSE, 3),
        ("收银员态度生硬。", 1),
    ]


def test_head_office_sees_every_store_in_english(history, staff):
    report = recurring_causes(staff["headoffice"], now=NOW, language="en")
    assert report.total == 5
    assert [(u.name, u.total) for u in report.units] == [
        ("Chaoyangmen store", 4),
        ("Wangjing store", 1),
    ]
    assert [c.name for c in report.categories] == ["Product quality", "Service attitude"]
    assert report.causes[0] == report.causes[0].__class__(QUALITY_CAUSE, 3)
    assert ("收银员态度生硬。", 2) in [(c.cause, c.count) for c in report.causes]


def test_the_top_list_is_limited(history, staff):
    report = recurring_causes(staff["headoffice"], now=NOW, top=1)
    assert [(c.cause, c.count) for c in report.causes] == [(QUALITY_CAUSE, 3)]


def test_the_report_costs_three_queries_whatever_the_number_of_cases(
    history, staff, django_assert_num_queries
):
    manager = staff["manager"]
    recurring_causes(manager, now=NOW)  # the user's staff record and units are cached now
    with django_assert_num_queries(3):
        recurring_causes(manager, now=NOW)


@pytest.fixture
def recent(submit, close_case, demo):
    """Cases received this week, so the screen's own clock counts them."""
    received = timezone.now() - timedelta(days=2)
    close_case(submit(received_at=received), cause=QUALITY_CAUSE)
    close_case(
        submit(
            received_at=received, actor="agent2", store=demo["s02"], complainant_phone="13911112222"
        ),
        actor="agent2",
        cause="配送延误。",
    )


def test_the_screen_links_each_category_to_its_case_studies(recent, library, signed_in):
    html = signed_in("manager").get(reverse("knowledge_recurring_causes")).content.decode()
    assert "商品质量" in html and QUALITY_CAUSE in html
    assert "配送延误。" not in html  # store s02's cause
    rice_cooker = CaseStudyPage.objects.get(
        slug="rice-cooker-exchange", locale__language_code="zh-hans"
    )
    assert rice_cooker.url in html


def test_who_sees_the_report(recent, library, signed_in):
    url = reverse("knowledge_recurring_causes")
    for username in ("manager", "gm", "headoffice", "oversight", "trainer"):
        client = signed_in(username)
        assert client.get(url).status_code == 200, username
        assert url in client.get(reverse("wagtailadmin_home")).content.decode(), username
    agent = signed_in("agent")
    response = agent.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert url not in agent.get(reverse("wagtailadmin_home")).content.decode()


def test_the_screen_costs_a_fixed_number_of_queries(
    recent, library, signed_in, django_assert_max_num_queries
):
    client = signed_in("headoffice")
    client.get(reverse("knowledge_recurring_causes"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("knowledge_recurring_causes"))
    assert response.status_code == 200
