"""Each figure of the reports against October 2026 worked out by hand (see
test_reports_fixtures.py for the table of cases and how each number comes about)."""

from datetime import date
from decimal import Decimal

import pytest

from backoffice.reports import figures as figures_module
from backoffice.reports.figures import compute_figures, percentile
from backoffice.reports.periods import month_period, week_period
from backoffice.reports.scope import ReportScope, ScopeError, scope_for
from backoffice.workflow import SYSTEM
from tests.backoffice import test_reports_fixtures as fixtures
from tests.backoffice.test_reports_fixtures import NOW
from tests.conftest import at

pytestmark = pytest.mark.django_db

# The month of test_reports_fixtures, built once for this module.
october = fixtures.october

OCTOBER = month_period(2026, 10)


@pytest.fixture
def all_units(october):
    return compute_figures(ReportScope(SYSTEM), OCTOBER, now=NOW)


def by_key(tallies):
    return {tally.key: tally.count for tally in tallies}


def test_the_fixture_has_the_due_times_worked_out_by_hand(october):
    # The on-time figures below rest on these: checked once, against the calendar by hand.
    assert october["C1"].acknowledge_due == at(2026, 10, 8, 12, 0)
    assert october["C1"].resolve_due == at(2026, 10, 9, 10, 0)
    # Received on a holiday: the clock starts on 8 October, runs through the make-up Saturday.
    assert october["C2"].resolve_due == at(2026, 10, 12, 9, 0)
    # Walk-in on Friday 17:00: one working day later is the make-up working Saturday.
    assert october["C3"].resolve_due == at(2026, 10, 10, 17, 0)
    assert october["C4"].acknowledge_due == at(2026, 10, 12, 11, 30)
    assert october["C6"].resolve_due == at(2026, 10, 21, 15, 0)  # major: 3 working days
    assert october["C11"].resolve_due == at(2026, 10, 29, 9, 0)
    # Received on Saturday: two working hours from Monday's opening.
    assert october["C12"].acknowledge_due == at(2026, 11, 2, 11, 0)
    assert october["C10"].state == "reopened" and october["C10"].closed_at is None


def test_counts_by_store_category_group_channel_severity_and_validity(all_units):
    m = all_units.overall
    assert (m.received, m.major, m.general, m.closed, m.open) == (12, 2, 10, 9, 3)
    assert [(u.code, u.measures.received) for u in all_units.by_store] == [("s01", 8), ("s02", 4)]
    assert by_key(all_units.by_channel) == {
        "phone": 6,
        "online": 2,
        "walk_in": 2,
        "letter": 1,
        "email": 1,
    }
    categories = {t.name: (t.count, t.major) for t in all_units.by_category}
    assert categories == {
        "商品质量": (4, 1),
        "服务态度": (3, 0),
        "服务设施": (1, 0),
        "人身伤害": (1, 1),
        "交期/配送": (1, 0),
        "价格/折扣": (1, 0),
        "其他": (1, 0),
    }
    assert all_units.by_category[0].name == "商品质量"  # most cases first
    groups = [(t.key, t.count, t.major) for t in all_units.by_report_group]
    assert groups == [
        ("product", 4, 1),
        ("service", 3, 0),
        ("facilities", 2, 1),
        ("other", 3, 0),
    ]
    assert by_key(all_units.by_validity) == {
        "valid_minor": 3,
        "valid_service": 3,
        "valid_major": 2,
        "valid_error": 1,
        "invalid_customer": 1,
        "": 2,
    }
    units = {t.name or None: t.count for t in all_units.by_unit}
    assert units == {None: 9, "朝阳门店家电柜组": 2, "望京门店女装柜组": 1}


def test_on_time_rates_use_the_stored_due_times(all_units):
    m = all_units.overall
    # Late acknowledgements: C4 (12:00 for 11:30), C7 (next day 10:00 for 09:00), C8 (never).
    assert (m.acknowledged_on_time.hits, m.acknowledged_on_time.out_of) == (9, 12)
    assert m.acknowledged_on_time.value == 0.75
    # On time: C2, C4, C5, C6, C9, C12. Late: C1, C3, C11 closed late; C7, C8, C10 open.
    assert (m.resolved_on_time.hits, m.resolved_on_time.out_of) == (6, 12)
    s01, s02 = all_units.by_store
    assert (s01.measures.acknowledged_on_time.hits, s01.measures.acknowledged_on_time.out_of) == (
        5,
        8,
    )
    assert (s01.measures.resolved_on_time.hits, s01.measures.resolved_on_time.out_of) == (4, 8)
    assert s02.measures.acknowledged_on_time.value == 1.0
    assert s02.measures.resolved_on_time.value == 0.5


def test_an_open_case_not_yet_due_is_left_out_of_the_on_time_rates(october):
    # On 20 October at 11:00, C8's acknowledgement (due 12:00) and resolution are not due yet.
    early = compute_figures(ReportScope(SYSTEM), OCTOBER, now=at(2026, 10, 20, 11, 0))
    cohort_ack = early.overall.acknowledged_on_time
    assert cohort_ack.out_of == 11  # C8 not counted; everything else was due or answered


def test_handling_time_counts_working_hours_across_the_holiday_and_the_weekend(all_units):
    m = all_units.overall
    # 3, 6, 6, 8, 11, 11, 15, 24, 44: C2 spans National Day (9 + 2), C3 the make-up Saturday
    # (1 + 9 + 1), C12 a weekend (6), C11 a full week (44).
    assert m.handling.measured == 9
    assert m.handling.median == 11
    assert m.handling.p90 == pytest.approx(24 + 0.2 * (44 - 24))  # 28.0
    assert not m.handling.sampled and m.handling.unmeasured == 0
    s01, s02 = all_units.by_store
    # s01: 6, 8, 11, 11, 15, 24 -> median 11, p90 at rank 4.5: 15 + 0.5 * 9
    assert (s01.measures.handling.median, s01.measures.handling.p90) == (11, 19.5)
    # s02: 3, 6, 44 -> median 6, p90 at rank 1.8: 6 + 0.8 * 38
    assert s02.measures.handling.median == 6
    assert s02.measures.handling.p90 == pytest.approx(36.4)


def test_percentile_interpolates_like_numpy():
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([3, 6, 44], 0.9) == pytest.approx(36.4)


def test_satisfaction_reopen_and_compensation(all_units):
    m = all_units.overall
    s = m.satisfaction
    # 4, 5, 3, 5, 2, 5, 4, 5 (C10's 4 was cleared by the dispute; C5 invalid, unrated).
    assert s.rated == 8
    assert s.distribution == {1: 0, 2: 1, 3: 1, 4: 2, 5: 4}
    assert s.mean == 33 / 8
    assert (s.satisfied.hits, s.satisfied.out_of) == (6, 8)
    assert (m.reopened.hits, m.reopened.out_of, m.disputes) == (1, 12, 1)
    assert m.compensation == Decimal("885.00")  # 20 + 50 + 500 + 15 + 300
    kinds = {t.key: (t.count, t.amount) for t in all_units.compensation_by_kind}
    assert kinds == {
        "cash": (2, Decimal("800.00")),
        "voucher": (1, Decimal("50.00")),
        "refund": (2, Decimal("35.00")),
        "exchange": (1, None),
        "apology": (1, None),
    }
    s01, s02 = all_units.by_store
    assert s01.measures.compensation == Decimal("570.00")
    assert s01.measures.satisfaction.mean == 19 / 5
    assert s02.measures.reopened.value == 0.25


def test_compensation_not_yet_carried_out_is_not_counted(october, staff, submit, act):
    case = submit(received_at=at(2026, 10, 27, 10, 0), channel="walk_in")
    act(case, "acknowledge")
    act(case, "start_investigation", category=october["C1"].category_id)
    act(
        case,
        "propose_resolution",
        resolution="退款。",
        compensation_kind="refund",
        compensation_amount="10",
    )
    before = compute_figures(ReportScope(SYSTEM), OCTOBER, now=NOW)
    assert before.overall.compensation == Decimal("885.00")
    act(case, "customer_accept")
    act(case, "implement", note="已退款。")
    after = compute_figures(ReportScope(SYSTEM), OCTOBER, now=NOW)
    assert after.overall.compensation == Decimal("895.00")


def test_top_products_and_recurring_causes(all_units):
    products = [(p.product, p.model, p.count, p.major) for p in all_units.top_products]
    assert products == [
        ("电饭煲", "MB-FB40", 3, 0),
        ("儿童安全座椅", "KS-360", 1, 1),
        ("海尔冰箱", "BCD-216", 1, 0),
    ]
    causes = [(t.key, t.count) for t in all_units.top_causes]
    assert causes[:2] == [("出厂质检漏检", 3), ("店员态度生硬", 2)]  # spaces trimmed
    assert sorted(causes[2:]) == sorted(
        [
            ("产品设计缺陷", 1),
            ("地面湿滑未设警示牌", 1),
            ("会员积分未到账", 1),
            ("收银排队时间过长", 1),
        ]
    )


def test_trends_by_week_and_month(all_units):
    months = {point.starts: point.received for point in all_units.trend_months}
    assert len(months) == 12 and min(months) == date(2025, 11, 1)
    assert months[date(2026, 9, 1)] == 1  # X1
    assert months[date(2026, 10, 1)] == 12
    assert sum(months.values()) == 13  # X2 (November) is after the period
    weeks = {point.starts: (point.received, point.major) for point in all_units.trend_weeks}
    assert len(weeks) == 12 and max(weeks) == date(2026, 10, 26)
    assert weeks[date(2026, 9, 28)] == (2, 0)  # X1, C2
    assert weeks[date(2026, 10, 5)] == (3, 0)  # C1, C3, C9
    assert weeks[date(2026, 10, 12)] == (3, 1)  # C4, C5, C6
    assert weeks[date(2026, 10, 19)] == (3, 0)  # C7, C8, C10
    assert weeks[date(2026, 10, 26)] == (2, 1)  # C11, C12; X2 is in November


def test_a_period_runs_from_local_midnight_to_local_midnight(october):
    # X2 came in at 00:30 on 1 November in Shanghai, still 31 October in UTC.
    week = compute_figures(ReportScope(SYSTEM), week_period(2026, 44), now=NOW)
    assert week.overall.received == 3  # C11, C12, X2
    groups = {t.key: t.count for t in week.by_report_group}
    assert groups == {"product": 1, "service": 0, "facilities": 1, "other": 1}
    references = {c.reference for c in week.major_cases}
    assert references == {october["C11"].reference}


def test_the_major_complaints_of_the_period(all_units, october):
    rows = all_units.major_cases
    assert [row.reference for row in rows] == [october["C6"].reference, october["C11"].reference]
    first = rows[0]
    assert first.store == "朝阳门店" and first.category == "商品质量"
    assert first.compensation_amount == Decimal("500.00")
    assert first.closed_at == at(2026, 10, 21, 12, 0)
    assert "卡扣断裂" in first.summary


def test_a_store_managers_figures_hold_only_their_store(october):
    scope = scope_for(october.staff["manager2"])
    assert scope.unit == october.units["s02"]
    figures = compute_figures(scope, OCTOBER, now=NOW)
    assert figures.overall.received == 4
    assert [u.code for u in figures.by_store] == ["s02"]
    assert {c.reference for c in figures.major_cases} == {october["C11"].reference}
    assert figures.overall.compensation == Decimal("315.00")
    assert sum(point.received for point in figures.trend_months) == 4


def test_a_unit_narrows_head_offices_figures(october):
    figures = compute_figures(scope_for(october.staff["headoffice"], "s01-elec"), OCTOBER, now=NOW)
    assert figures.overall.received == 2  # C1 and C2 were about the appliances counter
    assert figures.overall.handling.median == 13  # 11 and 15


def test_readers_may_only_narrow_to_their_own_units(october):
    with pytest.raises(ScopeError):
        scope_for(october.staff["manager"], "s02")
    with pytest.raises(ScopeError):
        scope_for(october.staff["headoffice"], "no-such-unit")
    for role_without_reports in ("agent", "supervisor", "trainer", "unitstaff"):
        with pytest.raises(ScopeError):
            scope_for(october.staff[role_without_reports])


def test_the_handling_time_is_measured_on_a_bounded_sample(october, monkeypatch):
    monkeypatch.setattr(figures_module, "HANDLING_SAMPLE_LIMIT", 4)
    sampled = compute_figures(ReportScope(SYSTEM), OCTOBER, now=NOW)
    handling = sampled.overall.handling
    assert handling.sampled
    assert 1 <= handling.measured < 9
    # The rest of the figures are counted in full.
    assert sampled.overall.closed == 9 and sampled.overall.received == 12


def test_a_case_closed_in_a_year_without_a_calendar_is_counted_but_not_measured(
    submit, act, category
):
    case = submit(received_at=at(2026, 12, 30, 10, 0), channel="walk_in", category=category)
    act(case, "acknowledge")
    act(case, "mark_invalid", validity="invalid_customer", validity_reason="顾客自身原因。")
    from backoffice.models import Case

    Case.objects.filter(pk=case.pk).update(closed_at=at(2027, 1, 5, 10, 0))
    figures = compute_figures(ReportScope(SYSTEM), month_period(2026, 12), now=at(2027, 1, 6, 9, 0))
    assert figures.overall.closed == 1
    assert figures.overall.handling.measured == 0
    assert figures.overall.handling.unmeasured == 1
    assert figures.overall.handling.median is None


def test_the_number_of_queries_does_not_depend_on_the_cases(
    october,
    django_assert_num_queries,
):
    # Fifteen: the headline, the stores, seven breakdowns, two trends, the calendar (two),
    # the handling-time stream and the major complaints.
    with django_assert_num_queries(15):
        compute_figures(ReportScope(SYSTEM), OCTOBER, now=NOW)
    with django_assert_num_queries(15):
        compute_figures(ReportScope(SYSTEM), month_period(2025, 1), now=NOW)
