"""Every figure of the weekly and monthly reports and of the managers' dashboard, computed here
and nowhere else.

What is counted: the cases *received* in the period (the period's cohort), within the
reader's scope (backoffice.reports.scope: access.cases_visible_to, optionally one unit), merged
duplicates left out. Each figure is an aggregate query on the database (GROUP BY with
conditional aggregation), so the number of queries does not depend on the number of cases.
The only per-case Python is the handling time in working hours, which needs the working-day
calendar: it streams the closed cases (`values_list().iterator()`), and above
`HANDLING_SAMPLE_LIMIT` closed cases it measures a fixed pseudo-random sample of that size.

Definitions (the same for the whole scope and for each store):

- acknowledged on time: `acknowledged_at <= acknowledge_due`, out of the cases whose
  acknowledgement is due (acknowledged, or not acknowledged and past the due time at `now`);
- resolved on time: `closed_at <= resolve_due` (the stored due time), out of the cases closed
  or past their resolution due time at `now`; an open overdue case counts as late;
- handling time: received_at → closed_at in working hours (WorkCalendar.working_hours_between
  with the administrator's calendar); median and 90th percentile by linear interpolation
  between closest ranks (numpy's default; `statistics.quantiles(method="inclusive")`), the median being the
  usual one;
- satisfaction: the cases' current 1–5 rating (a dispute clears it); satisfied means 4 or 5;
- reopened: cases with `reopen_count > 0`; disputes: the sum of `reopen_count`;
- compensation: `compensation_amount` of cases whose resolution was carried out (implemented,
  in follow-up, closed or archived, and not judged invalid); a proposal the customer has not
  accepted yet is not money paid.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Mod, Trim, TruncMonth, TruncWeek
from django.utils import timezone

from backoffice.choices import Severity
from backoffice.models import Case, Category
from backoffice.reports.periods import Period, business_tz, trend_months, trend_weeks
from backoffice.reports.scope import ReportScope
from backoffice.sla.calendar import UnknownScheduleYear
from backoffice.sla.policy import work_calendar
from backoffice.workflow import State

HANDLING_SAMPLE_LIMIT = 20_000
# The sample is "pk × multiplier mod a prime < threshold": spread over the whole period and
# every store even when the ids follow a pattern (bulk loads often cycle through stores).
_SAMPLE_MULTIPLIER = 2_654_435_761
_SAMPLE_MODULUS = 1_000_003
TOP_ROWS = 10
UNIT_ROWS = 15
MAJOR_CASE_ROWS = 100
TREND_WEEKS = 12
TREND_MONTHS = 12
PAID_STATES = (State.IMPLEMENTED, State.FOLLOW_UP, State.CLOSED, State.ARCHIVED)
SCORES = (1, 2, 3, 4, 5)


# --- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """`hits` out of `out_of`; `value` is None when nothing was due."""

    hits: int
    out_of: int

    @property
    def value(self) -> float | None:
        return self.hits / self.out_of if self.out_of else None


@dataclass(frozen=True)
class HandlingTime:
    """Working hours from receipt to closing of the closed cases."""

    median: float | None = None
    p90: float | None = None
    measured: int = 0
    # Closed cases that could not be measured: a day in a year with no working-day schedule.
    unmeasured: int = 0
    sampled: bool = False


@dataclass(frozen=True)
class Satisfaction:
    rated: int
    score_total: int
    distribution: dict[int, int]

    @property
    def mean(self) -> float | None:
        return self.score_total / self.rated if self.rated else None

    @property
    def satisfied(self) -> Rate:
        return Rate(self.distribution.get(4, 0) + self.distribution.get(5, 0), self.rated)


@dataclass(frozen=True)
class Measures:
    """The headline measures of a set of cases: the whole scope, or one store."""

    received: int
    major: int
    closed: int
    acknowledged_on_time: Rate
    resolved_on_time: Rate
    satisfaction: Satisfaction
    reopened: Rate
    disputes: int
    compensation: Decimal
    handling: HandlingTime = field(default_factory=HandlingTime)

    @property
    def general(self) -> int:
        return self.received - self.major

    @property
    def open(self) -> int:
        return self.received - self.closed


@dataclass(frozen=True)
class UnitMeasures:
    unit_id: int
    code: str
    name: str
    name_en: str
    measures: Measures


@dataclass(frozen=True)
class Tally:
    """One row of a breakdown: `key` is a code (channel, validity, kind...) or an id."""

    key: object
    count: int
    major: int = 0
    name: str = ""
    name_en: str = ""
    amount: Decimal | None = None
    group: str = ""


@dataclass(frozen=True)
class ProductTally:
    product: str
    model: str
    count: int
    major: int


@dataclass(frozen=True)
class TrendPoint:
    starts: date
    received: int
    major: int


@dataclass(frozen=True)
class MajorCase:
    reference: str
    received_at: datetime
    store: str
    store_en: str
    category: str
    category_en: str
    channel: str
    state: str
    validity: str
    closed_at: datetime | None
    compensation_kind: str
    compensation_amount: Decimal | None
    summary: str


@dataclass(frozen=True)
class ReportFigures:
    period: Period
    scope: ReportScope
    generated_at: datetime
    overall: Measures
    by_store: list[UnitMeasures]
    by_category: list[Tally]
    by_report_group: list[Tally]
    by_channel: list[Tally]
    by_validity: list[Tally]
    by_unit: list[Tally]
    compensation_by_kind: list[Tally]
    top_products: list[ProductTally]
    top_causes: list[Tally]
    trend_weeks: list[TrendPoint]
    trend_months: list[TrendPoint]
    major_cases: list[MajorCase]


# --- queries ------------------------------------------------------------------------------------


def _paid_q() -> Q:
    return Q(state__in=PAID_STATES) & ~Q(validity__startswith="invalid")


def _major_q() -> Q:
    return Q(severity=Severity.MAJOR)


def _measure_aggregates(now: datetime) -> dict:
    """Conditional aggregates of every headline measure, for .aggregate() or .annotate()."""
    return {
        "received": Count("pk"),
        "major": Count("pk", filter=_major_q()),
        "closed": Count("pk", filter=Q(closed_at__isnull=False)),
        "ack_counted": Count(
            "pk",
            filter=Q(acknowledge_due__isnull=False)
            & (Q(acknowledged_at__isnull=False) | Q(acknowledge_due__lt=now)),
        ),
        "ack_on_time": Count("pk", filter=Q(acknowledged_at__lte=F("acknowledge_due"))),
        "resolve_counted": Count(
            "pk",
            filter=Q(resolve_due__isnull=False)
            & (Q(closed_at__isnull=False) | Q(resolve_due__lt=now)),
        ),
        "resolve_on_time": Count("pk", filter=Q(closed_at__lte=F("resolve_due"))),
        "rated": Count("pk", filter=Q(satisfaction__isnull=False)),
        "score_total": Sum("satisfaction"),
        **{f"score_{n}": Count("pk", filter=Q(satisfaction=n)) for n in SCORES},
        "reopened": Count("pk", filter=Q(reopen_count__gt=0)),
        "disputes": Sum("reopen_count"),
        "compensation": Sum("compensation_amount", filter=_paid_q()),
    }


def _measures(row: dict, handling: HandlingTime | None = None) -> Measures:
    received = row["received"] or 0
    return Measures(
        received=received,
        major=row["major"] or 0,
        closed=row["closed"] or 0,
        acknowledged_on_time=Rate(row["ack_on_time"] or 0, row["ack_counted"] or 0),
        resolved_on_time=Rate(row["resolve_on_time"] or 0, row["resolve_counted"] or 0),
        satisfaction=Satisfaction(
            rated=row["rated"] or 0,
            score_total=row["score_total"] or 0,
            distribution={n: row[f"score_{n}"] or 0 for n in SCORES},
        ),
        reopened=Rate(row["reopened"] or 0, received),
        disputes=row["disputes"] or 0,
        compensation=row["compensation"] or Decimal("0"),
        handling=handling or HandlingTime(),
    )


def _cohort(scope: ReportScope, period: Period) -> QuerySet[Case]:
    return scope.cases().filter(received_at__gte=period.start, received_at__lt=period.end)


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default): the median of
    3, 6, 44 is 6 and their 90th percentile 36.4."""
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = (len(sorted_values) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def _handling_time(hours: list[float], unmeasured: int, sampled: bool) -> HandlingTime:
    hours = sorted(hours)
    return HandlingTime(
        median=percentile(hours, 0.5),
        p90=percentile(hours, 0.9),
        measured=len(hours),
        unmeasured=unmeasured,
        sampled=sampled,
    )


def handling_times(
    cohort: QuerySet[Case], closed: int
) -> tuple[HandlingTime, dict[int, HandlingTime]]:
    """Handling time of the cohort's closed cases, overall and by store id. Streams at most
    about HANDLING_SAMPLE_LIMIT rows whatever the size of the cohort."""
    calendar = work_calendar()
    closed_cases = cohort.filter(closed_at__isnull=False)
    sampled = closed > HANDLING_SAMPLE_LIMIT
    if sampled:
        threshold = math.ceil(_SAMPLE_MODULUS * HANDLING_SAMPLE_LIMIT / closed)
        closed_cases = closed_cases.alias(
            sample_bucket=Mod(F("pk") * _SAMPLE_MULTIPLIER, _SAMPLE_MODULUS)
        ).filter(sample_bucket__lt=threshold)
    by_store: dict[int, list[float]] = defaultdict(list)
    unmeasured: dict[int, int] = defaultdict(int)
    rows = closed_cases.values_list("store_id", "received_at", "closed_at").order_by()
    for store_id, received_at, closed_at in rows.iterator(chunk_size=5000):
        try:
            by_store[store_id].append(calendar.working_hours_between(received_at, closed_at))
        except UnknownScheduleYear:
            unmeasured[store_id] += 1
    overall = _handling_time(
        [hours for values in by_store.values() for hours in values],
        sum(unmeasured.values()),
        sampled,
    )
    stores = {
        store_id: _handling_time(by_store.get(store_id, []), unmeasured.get(store_id, 0), sampled)
        for store_id in set(by_store) | set(unmeasured)
    }
    return overall, stores


def _local_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value, business_tz()).date()
    return value


def _trend(cases: QuerySet[Case], starts: list[date], end: datetime, truncate) -> list[TrendPoint]:
    tz = business_tz()
    since = datetime.combine(starts[0], time(0), tzinfo=tz)
    rows = (
        cases.filter(received_at__gte=since, received_at__lt=end)
        .annotate(bucket=truncate("received_at", tzinfo=tz))
        .values("bucket")
        .annotate(received=Count("pk"), major=Count("pk", filter=_major_q()))
        .order_by("bucket")
    )
    found = {_local_date(row["bucket"]): row for row in rows}
    return [
        TrendPoint(
            start, found.get(start, {}).get("received", 0), found.get(start, {}).get("major", 0)
        )
        for start in starts
    ]


def _tallies(rows: Iterable[dict], key: str, **names: str) -> list[Tally]:
    return [
        Tally(
            key=row[key],
            count=row["count"],
            major=row.get("major", 0),
            amount=row.get("amount"),
            **{attribute: row[column] or "" for attribute, column in names.items()},
        )
        for row in rows
    ]


def _report_groups(by_category: list[Tally]) -> list[Tally]:
    """The weekly report's four buckets (Category.report_group), in their fixed order, zeros
    included; cases not classified yet in a fifth row, only when there are any."""
    counts: dict[str, list[int]] = {group: [0, 0] for group in Category.ReportGroup.values}
    unclassified = [0, 0]
    for tally in by_category:
        bucket = counts.get(tally.group, unclassified) if tally.key is not None else unclassified
        bucket[0] += tally.count
        bucket[1] += tally.major
    groups = [Tally(key=group, count=c, major=m) for group, (c, m) in counts.items()]
    if unclassified[0]:
        groups.append(Tally(key=None, count=unclassified[0], major=unclassified[1]))
    return groups


def _major_cases(cohort: QuerySet[Case]) -> list[MajorCase]:
    cases = (
        cohort.filter(_major_q())
        .select_related("store", "category")
        .only(
            "reference",
            "received_at",
            "store__name",
            "store__name_en",
            "category__name",
            "category__name_en",
            "channel",
            "state",
            "validity",
            "closed_at",
            "compensation_kind",
            "compensation_amount",
            "description",
        )
        .order_by("received_at", "pk")[:MAJOR_CASE_ROWS]
    )
    return [
        MajorCase(
            reference=case.reference,
            received_at=case.received_at,
            store=case.store.name,
            store_en=case.store.name_en,
            category=case.category.name if case.category else "",
            category_en=case.category.name_en if case.category else "",
            channel=case.channel,
            state=case.state,
            validity=case.validity,
            closed_at=case.closed_at,
            compensation_kind=case.compensation_kind,
            compensation_amount=case.compensation_amount,
            summary=case.description,
        )
        for case in cases
    ]


def compute_figures(
    scope: ReportScope, period: Period, *, now: datetime | None = None
) -> ReportFigures:
    """Every figure of a report on `scope` over `period`. `now` decides which open cases are
    already late (default: the current time). Fifteen queries, whatever the data."""
    now = now or timezone.now()
    cohort = _cohort(scope, period)
    aggregates = _measure_aggregates(now)

    overall_row = cohort.aggregate(**aggregates)
    handling, store_handling = handling_times(cohort, overall_row["closed"] or 0)
    overall = _measures(overall_row, handling)

    store_rows = (
        cohort.values("store_id", "store__code", "store__name", "store__name_en", "store__path")
        .annotate(**aggregates)
        .order_by("store__path")
    )
    by_store = [
        UnitMeasures(
            unit_id=row["store_id"],
            code=row["store__code"],
            name=row["store__name"],
            name_en=row["store__name_en"],
            measures=_measures(row, store_handling.get(row["store_id"])),
        )
        for row in store_rows
    ]

    counted = {"count": Count("pk"), "major": Count("pk", filter=_major_q())}
    by_category = _tallies(
        cohort.values(
            "category_id",
            "category__name",
            "category__name_en",
            "category__report_group",
            "category__position",
        )
        .annotate(**counted)
        .order_by("-count", "category__position", "category_id"),
        "category_id",
        name="category__name",
        name_en="category__name_en",
        group="category__report_group",
    )
    by_channel = _tallies(
        cohort.values("channel").annotate(**counted).order_by("-count", "channel"), "channel"
    )
    by_validity = _tallies(
        cohort.values("validity").annotate(**counted).order_by("-count", "validity"), "validity"
    )
    by_unit = _tallies(
        cohort.values(
            "unit_complained_about_id",
            "unit_complained_about__name",
            "unit_complained_about__name_en",
        )
        .annotate(**counted)
        .order_by("-count", "unit_complained_about_id")[:UNIT_ROWS],
        "unit_complained_about_id",
        name="unit_complained_about__name",
        name_en="unit_complained_about__name_en",
    )
    compensation_by_kind = _tallies(
        cohort.filter(_paid_q())
        .exclude(compensation_kind="")
        .values("compensation_kind")
        .annotate(count=Count("pk"), amount=Sum("compensation_amount"))
        .order_by("-amount", "-count", "compensation_kind"),
        "compensation_kind",
    )
    top_products = [
        ProductTally(row["product_name"], row["product_model"], row["count"], row["major"])
        for row in cohort.exclude(product_name="")
        .values("product_name", "product_model")
        .annotate(**counted)
        .order_by("-count", "product_name", "product_model")[:TOP_ROWS]
    ]
    top_causes = _tallies(
        cohort.annotate(cause_text=Trim("cause"))
        .exclude(cause_text="")
        .values("cause_text")
        .annotate(**counted)
        .order_by("-count", "cause_text")[:TOP_ROWS],
        "cause_text",
    )
    cases = scope.cases()
    return ReportFigures(
        period=period,
        scope=scope,
        generated_at=now,
        overall=overall,
        by_store=by_store,
        by_category=by_category,
        by_report_group=_report_groups(by_category),
        by_channel=by_channel,
        by_validity=by_validity,
        by_unit=by_unit,
        compensation_by_kind=compensation_by_kind,
        top_products=top_products,
        top_causes=top_causes,
        trend_weeks=_trend(cases, trend_weeks(period, TREND_WEEKS), period.end, TruncWeek),
        trend_months=_trend(cases, trend_months(period, TREND_MONTHS), period.end, TruncMonth),
        major_cases=_major_cases(cohort),
    )


__all__ = [
    "HANDLING_SAMPLE_LIMIT",
    "HandlingTime",
    "MajorCase",
    "Measures",
    "ProductTally",
    "Rate",
    "ReportFigures",
    "Satisfaction",
    "Tally",
    "TrendPoint",
    "UnitMeasures",
    "compute_figures",
    "handling_times",
    "percentile",
]
