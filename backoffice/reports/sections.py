"""The figures laid out as report sections: titled tables with a totals row and a chart, in
the reader's language. The PDF, the spreadsheet and the dashboard all draw these same
sections, so a figure reads the same wherever it is printed.

Cells keep their raw value (numbers, Decimal, datetimes) and a kind that says how to show it;
the spreadsheet writes the raw value, the PDF and the dashboard its `text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice.choices import Channel, CompensationKind, Severity, Validity
from backoffice.models import Category
from backoffice.naming import localized_name
from backoffice.reports import charts
from backoffice.reports.figures import (
    MAJOR_CASE_ROWS,
    UNIT_ROWS,
    Measures,
    Rate,
    ReportFigures,
)
from backoffice.reports.periods import CUSTOM, MONTH, MONTHS_SHORT_EN, WEEK, Period, business_tz
from backoffice.sla.calendar import BusinessHours
from backoffice.workflow import State

TEXT = "text"
COUNT = "count"
RATE = "rate"
HOURS = "hours"
MONEY = "money"
SCORE = "score"
DATETIME = "datetime"
DATE = "date"
MONTH_START = "month"

WEEKLY = "weekly"
MONTHLY = "monthly"

# The forms' own names: the Chinese name is printed in every language, because that is the
# name the report is filed and asked for under (as for backoffice.documents).
REPORT_TITLES = {
    WEEKLY: {"zh": "顾客投诉周报表", "en": "Weekly complaint report"},
    MONTHLY: {"zh": "用户异议处理月报表", "en": "Monthly complaint report"},
    CUSTOM: {"zh": "顾客投诉统计报表", "en": "Complaint report"},
}

# Section headings are the fixed headings of the filed forms, and the spreadsheet's sheet
# names: written out in both languages (at most 31 characters, Excel's limit for a sheet).
SECTION_TITLES = {
    "summary": {"zh": "概况", "en": "Summary"},
    "by_report_group": {"zh": "按类别汇总", "en": "By report group"},
    "by_category": {"zh": "投诉类型", "en": "Complaint types"},
    "by_store": {"zh": "各单位对比", "en": "Units side by side"},
    "by_unit": {"zh": "被投诉单位", "en": "Units complained about"},
    "by_channel": {"zh": "投诉渠道", "en": "Channels"},
    "by_severity": {"zh": "严重程度", "en": "Severity"},
    "by_validity": {"zh": "有效性", "en": "Validity"},
    "on_time": {"zh": "处理及时率", "en": "On-time rates"},
    "satisfaction": {"zh": "顾客满意度", "en": "Satisfaction"},
    "compensation": {"zh": "赔偿情况", "en": "Compensation"},
    "top_products": {"zh": "投诉较多的商品", "en": "Top products"},
    "top_causes": {"zh": "主要原因", "en": "Recurring causes"},
    "trend_weeks": {"zh": "每周趋势", "en": "Weekly trend"},
    "trend_months": {"zh": "每月趋势", "en": "Monthly trend"},
    "major_cases": {"zh": "本期重大投诉", "en": "Major complaints"},
}

REPORT_SECTIONS = {
    WEEKLY: (
        "summary",
        "by_report_group",
        "by_category",
        "by_store",
        "by_channel",
        "by_severity",
        "on_time",
        "satisfaction",
        "compensation",
        "top_causes",
        "trend_weeks",
        "major_cases",
    ),
    MONTHLY: (
        "summary",
        "by_category",
        "by_report_group",
        "by_store",
        "by_unit",
        "by_channel",
        "by_severity",
        "by_validity",
        "on_time",
        "satisfaction",
        "compensation",
        "top_products",
        "top_causes",
        "trend_weeks",
        "trend_months",
        "major_cases",
    ),
}
REPORT_SECTIONS[CUSTOM] = REPORT_SECTIONS[MONTHLY]


def is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def report_kind(period_kind: str) -> str:
    """A week gets the weekly report, a month the monthly one, a custom range the full
    report under its own title."""
    return {WEEK: WEEKLY, MONTH: MONTHLY}.get(period_kind, CUSTOM)


def report_title(kind: str, language: str) -> str:
    title = REPORT_TITLES[kind]
    return title["zh"] if is_chinese(language) else f"{title['zh']} / {title['en']}"


def section_title(key: str, language: str) -> str:
    return SECTION_TITLES[key]["zh" if is_chinese(language) else "en"]


# --- cells ------------------------------------------------------------------------------------


def _half_up(value: float | Decimal, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def local(value: datetime) -> datetime:
    return timezone.localtime(value, business_tz())


@dataclass(frozen=True)
class Cell:
    value: object
    kind: str = TEXT
    bold: bool = False

    @property
    def text(self) -> str:
        value = self.value
        if value is None or value == "":
            return "—" if self.kind != TEXT else ""
        if self.kind == COUNT:
            return f"{value:,}"
        if self.kind == RATE:
            return f"{_half_up(value * 100, 1)}%"
        if self.kind == HOURS:
            return f"{_half_up(value, 1)}"
        if self.kind == SCORE:
            return f"{_half_up(value, 2)}"
        if self.kind == MONEY:
            return f"¥{_half_up(value, 2):,}"
        if self.kind == DATETIME:
            return f"{local(value):%Y-%m-%d %H:%M}"
        if self.kind == DATE:
            return f"{value:%Y-%m-%d}"
        if self.kind == MONTH_START:
            return f"{value:%Y-%m}"
        return str(value)

    @property
    def numeric(self) -> bool:
        return self.kind not in (TEXT, DATETIME, DATE, MONTH_START)


def text(value) -> Cell:
    return Cell("" if value is None else str(value), TEXT)


def count(value: int) -> Cell:
    return Cell(value, COUNT)


def rate(value: float | None) -> Cell:
    return Cell(value, RATE)


def share(part: int, whole: int) -> Cell:
    return Cell(part / whole if whole else None, RATE)


def money(value: Decimal | None) -> Cell:
    return Cell(value if value is not None else Decimal("0"), MONEY)


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    totals: list[Cell] | None = None
    charts: list[SafeString] = field(default_factory=list)
    note: str = ""
    # Too many columns to sit beside its chart.
    wide: bool = False
    # Column widths in per cent for a long table: a fixed layout prints much faster than
    # measuring every cell.
    widths: tuple[int, ...] = ()
    # The chart prints every number of the table (a trend's value rows): the PDF shows the
    # chart alone and the dashboard folds the table away; the spreadsheet has the table.
    chart_has_numbers: bool = False


@dataclass(frozen=True)
class Tile:
    """A headline figure for the top of the dashboard."""

    label: str
    value: Cell
    detail: str = ""


@dataclass
class Report:
    kind: str
    language: str
    title: str
    period_label: str
    scope_label: str
    generated_at: datetime
    figures: ReportFigures
    sections: list[Section]
    tiles: list[Tile] = field(default_factory=list)

    @property
    def period_key(self) -> str:
        return self.figures.period.key

    def filename(self, extension: str) -> str:
        return report_filename(self.kind, self.figures.period, self.figures.scope.key, extension)


def report_filename(kind: str, period: Period, scope_key: str, extension: str) -> str:
    """weekly-report-2026-W44-s01.pdf, monthly-report-2026-10-all.xlsx..."""
    return f"{kind}-report-{period.key.replace('..', '_')}-{scope_key}.{extension}"


# --- names ------------------------------------------------------------------------------------


def _choice_label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _group_label(group: str | None) -> str:
    if group is None:
        return _("Not classified yet")
    return _choice_label(Category.ReportGroup, group)


# --- the sections -----------------------------------------------------------------------------


def _summary(figures: ReportFigures, language: str) -> Section:
    m = figures.overall
    handling = m.handling
    measured = count(handling.measured)

    def rate_row(label, value: Rate):
        return [text(label), rate(value.value), count(value.hits), count(value.out_of)]

    rows = [
        [text(_("Cases received")), count(m.received), text(""), text("")],
        [text(_("Major complaints")), share(m.major, m.received), count(m.major), count(m.received)],
        [text(_("Closed")), share(m.closed, m.received), count(m.closed), count(m.received)],
        [text(_("Still open")), share(m.open, m.received), count(m.open), count(m.received)],
        rate_row(_("Acknowledged on time"), m.acknowledged_on_time),
        rate_row(_("Resolved on time"), m.resolved_on_time),
        [text(_("Median handling time (working hours)")), Cell(handling.median, HOURS), measured, count(m.closed)],
        [text(_("90th percentile handling time (working hours)")), Cell(handling.p90, HOURS), measured, count(m.closed)],
        [text(_("Mean satisfaction (1–5)")), Cell(m.satisfaction.mean, SCORE), count(m.satisfaction.rated), count(m.received)],
        rate_row(_("Satisfied (4 or 5)"), m.satisfaction.satisfied),
        rate_row(_("Reopened on dispute"), m.reopened),
        [text(_("Disputes")), count(m.disputes), count(m.reopened.hits), text("")],
        [text(_("Compensation paid")), money(m.compensation), count(sum(t.count for t in figures.compensation_by_kind)), text("")],
    ]  # fmt: skip
    return Section(
        "summary",
        section_title("summary", language),
        [_("Figure"), _("Value"), _("Cases"), _("Out of")],
        rows,
        note=_handling_note(m),
    )


def _handling_note(m: Measures) -> str:
    hours = BusinessHours()  # the hours backoffice.sla.policy.work_calendar() counts
    notes = [
        _(
            "Figures count the cases received in the period. Handling time runs from receipt "
            "to closing, in working hours (working days of the official calendar, "
            "%(opens)s–%(closes)s)."
        )
        % {"opens": f"{hours.start:%H:%M}", "closes": f"{hours.end:%H:%M}"}
    ]
    if m.handling.sampled:
        notes.append(
            _("Handling time measured on a sample of %(n)s of the %(closed)s closed cases.")
            % {"n": f"{m.handling.measured:,}", "closed": f"{m.closed:,}"}
        )
    if m.handling.unmeasured:
        notes.append(
            _(
                "%(n)s closed cases fall in a year without a working-day calendar and are not "
                "measured."
            )
            % {"n": f"{m.handling.unmeasured:,}"}
        )
    return " ".join(notes)


def _tally_section(
    key: str,
    language: str,
    first_column: str,
    tallies,
    label: Callable,
    total: int,
    *,
    with_major: bool = True,
) -> Section:
    columns = [first_column, _("Cases"), _("Share")] + ([_("Major")] if with_major else [])
    rows = []
    for tally in tallies:
        row = [text(label(tally)), count(tally.count), share(tally.count, total)]
        if with_major:
            row.append(count(tally.major))
        rows.append(row)
    totals = [
        text(_("Total")),
        count(sum(t.count for t in tallies)),
        share(sum(t.count for t in tallies), total),
    ]
    if with_major:
        totals.append(count(sum(t.major for t in tallies)))
    title = section_title(key, language)
    chart = charts.bar_chart([(label(t), t.count) for t in tallies], title=title)
    return Section(key, title, columns, rows, totals, [chart])


def _by_report_group(figures: ReportFigures, language: str) -> Section:
    return _tally_section(
        "by_report_group",
        language,
        _("Report group"),
        figures.by_report_group,
        lambda t: _group_label(t.key),
        figures.overall.received,
    )


def _by_category(figures: ReportFigures, language: str) -> Section:
    section = _tally_section(
        "by_category",
        language,
        _("Category"),
        figures.by_category,
        lambda t: (
            localized_name(t.name, t.name_en, language)
            if t.key is not None
            else _("Not classified yet")
        ),
        figures.overall.received,
    )
    section.columns.insert(1, _("Report group"))
    for row, tally in zip(section.rows, figures.by_category, strict=True):
        row.insert(1, text(_group_label(tally.group if tally.key is not None else None)))
    section.totals.insert(1, text(""))
    return section


def _by_channel(figures: ReportFigures, language: str) -> Section:
    return _tally_section(
        "by_channel",
        language,
        _("Channel"),
        figures.by_channel,
        lambda t: _choice_label(Channel, t.key),
        figures.overall.received,
    )


def _by_severity(figures: ReportFigures, language: str) -> Section:
    m = figures.overall
    rows = [(Severity.GENERAL.label, m.general), (Severity.MAJOR.label, m.major)]
    title = section_title("by_severity", language)
    return Section(
        "by_severity",
        title,
        [_("Severity"), _("Cases"), _("Share")],
        [[text(label), count(n), share(n, m.received)] for label, n in rows],
        [text(_("Total")), count(m.received), share(m.received, m.received)],
        [charts.bar_chart([(str(label), n) for label, n in rows], title=title)],
    )


def _validity_group(value: str) -> str:
    if value.startswith("invalid"):
        return _("Invalid")
    if value.startswith("valid"):
        return _("Valid")
    return _("Not assessed yet")


def _by_validity(figures: ReportFigures, language: str) -> Section:
    total = figures.overall.received
    section = _tally_section(
        "by_validity",
        language,
        _("Validity"),
        figures.by_validity,
        lambda t: _choice_label(Validity, t.key),
        total,
        with_major=False,
    )
    section.columns.insert(1, _("Judgement"))
    for row, tally in zip(section.rows, figures.by_validity, strict=True):
        row.insert(1, text(_validity_group(tally.key)))
    section.totals.insert(1, text(""))
    groups: dict[str, int] = {}
    for tally in figures.by_validity:
        groups[_validity_group(tally.key)] = groups.get(_validity_group(tally.key), 0) + tally.count
    section.note = "; ".join(
        f"{label}: {n:,} ({Cell(n / total if total else None, RATE).text})"
        for label, n in groups.items()
    )
    return section


def _by_unit(figures: ReportFigures, language: str) -> Section:
    section = _tally_section(
        "by_unit",
        language,
        _("Unit complained about"),
        figures.by_unit,
        lambda t: (
            localized_name(t.name, t.name_en, language) if t.key is not None else _("Not recorded")
        ),
        figures.overall.received,
    )
    section.totals = None  # a top list: its sum is not the period's total
    section.note = _("The %(n)d units with the most cases.") % {"n": UNIT_ROWS}
    return section


def _store_row(label: str, m: Measures, bold: bool = False) -> list[Cell]:
    return [
        Cell(label, TEXT, bold),
        count(m.received),
        count(m.major),
        rate(m.acknowledged_on_time.value),
        rate(m.resolved_on_time.value),
        Cell(m.handling.median, HOURS),
        Cell(m.handling.p90, HOURS),
        Cell(m.satisfaction.mean, SCORE),
        rate(m.satisfaction.satisfied.value),
        rate(m.reopened.value),
        money(m.compensation),
    ]


def _by_store(figures: ReportFigures, language: str) -> Section:
    title = section_title("by_store", language)
    names = [(localized_name(u.name, u.name_en, language), u) for u in figures.by_store]
    return Section(
        "by_store",
        title,
        [
            _("Store"),
            _("Cases"),
            _("Major"),
            _("Acknowledged on time"),
            _("Resolved on time"),
            _("Median hours"),
            _("90th percentile hours"),
            _("Mean satisfaction"),
            _("Satisfied (4–5)"),
            _("Reopened"),
            _("Compensation"),
        ],
        [_store_row(name, unit.measures) for name, unit in names],
        _store_row(_("Total"), figures.overall, bold=True),
        [charts.bar_chart([(name, u.measures.received) for name, u in names], title=title)],
        note=_("Handling times in working hours."),
        wide=True,
        widths=(15, 7, 6, 9, 9, 8, 8, 8, 8, 9, 13),
    )


def _on_time(figures: ReportFigures, language: str) -> Section:
    m = figures.overall
    title = section_title("on_time", language)
    clocks = [
        (_("Acknowledgement"), m.acknowledged_on_time),
        (_("Resolution"), m.resolved_on_time),
    ]
    per_store = [
        (localized_name(u.name, u.name_en, language), u.measures.resolved_on_time.value or 0)
        for u in figures.by_store
    ]
    return Section(
        "on_time",
        title,
        [_("Deadline"), _("On time"), _("Due"), _("Rate")],
        [[text(label), count(r.hits), count(r.out_of), rate(r.value)] for label, r in clocks],
        charts=[
            charts.bar_chart(
                per_store,
                title=_("Resolved on time, by store"),
                value_text=lambda v: Cell(v, RATE).text,
                max_value=1.0,
            )
        ],
        note=_(
            "On time: acknowledged or closed by the stored due time. Due: acknowledged or "
            "closed, or still open past the due time."
        ),
    )


def _satisfaction(figures: ReportFigures, language: str) -> Section:
    s = figures.overall.satisfaction
    title = section_title("satisfaction", language)
    scores = [5, 4, 3, 2, 1]
    return Section(
        "satisfaction",
        title,
        [_("Score"), _("Cases"), _("Share")],
        [[count(n), count(s.distribution[n]), share(s.distribution[n], s.rated)] for n in scores],
        [text(_("Rated")), count(s.rated), share(s.rated, s.rated)],
        [charts.bar_chart([(f"{n}", s.distribution[n]) for n in scores], title=title)],
        note=_("Mean %(mean)s; satisfied (4 or 5): %(satisfied)s.")
        % {"mean": Cell(s.mean, SCORE).text, "satisfied": Cell(s.satisfied.value, RATE).text},
    )


def _compensation(figures: ReportFigures, language: str) -> Section:
    kinds = figures.compensation_by_kind
    title = section_title("compensation", language)
    label = lambda t: _choice_label(CompensationKind, t.key)  # noqa: E731
    return Section(
        "compensation",
        title,
        [_("Kind"), _("Cases"), _("Amount")],
        [[text(label(t)), count(t.count), money(t.amount)] for t in kinds],
        [
            text(_("Total")),
            count(sum(t.count for t in kinds)),
            money(sum((t.amount or Decimal(0) for t in kinds), Decimal(0))),
        ],
        [
            charts.bar_chart(
                [(label(t), float(t.amount or 0)) for t in kinds],
                title=title,
                value_text=lambda v: Cell(v, MONEY).text,
            )
        ],
        note=_("Compensation of cases whose resolution was carried out."),
    )


def _top_products(figures: ReportFigures, language: str) -> Section:
    products = figures.top_products
    title = section_title("top_products", language)
    return Section(
        "top_products",
        title,
        [_("Product"), _("Model"), _("Cases"), _("Major")],
        [[text(p.product), text(p.model), count(p.count), count(p.major)] for p in products],
        charts=[
            charts.bar_chart(
                [(" ".join(filter(None, (p.product, p.model))), p.count) for p in products],
                title=title,
            )
        ],
    )


def _top_causes(figures: ReportFigures, language: str) -> Section:
    return Section(
        "top_causes",
        section_title("top_causes", language),
        [_("Cause"), _("Cases"), _("Recurring")],
        [
            [text(t.key), count(t.count), text(_("Yes") if t.count > 1 else "")]
            for t in figures.top_causes
        ],
        note=_("Causes recorded when closing, identical text counted together."),
    )


def _week_labels(start: date) -> tuple[str, str]:
    return f"W{start.isocalendar()[1]:02d}", f"{start.month}/{start.day}"


def _month_labels(start: date, first: bool, language: str) -> tuple[str, str]:
    name = f"{start.month}月" if is_chinese(language) else MONTHS_SHORT_EN[start.month - 1]
    return name, str(start.year) if first or start.month == 1 else ""


def _trend(key: str, points, labels, language: str, first_column: str, kind: str) -> Section:
    title = section_title(key, language)
    return Section(
        key,
        title,
        [first_column, _("Received"), _("Major")],
        [[Cell(p.starts, kind), count(p.received), count(p.major)] for p in points],
        [
            text(_("Total")),
            count(sum(p.received for p in points)),
            count(sum(p.major for p in points)),
        ],
        [
            charts.line_chart(
                labels,
                [
                    (_("Received"), [p.received for p in points]),
                    (_("Major"), [p.major for p in points]),
                ],
                title=title,
            )
        ],
        wide=True,
        chart_has_numbers=True,
    )


def _trend_weeks(figures: ReportFigures, language: str) -> Section:
    points = figures.trend_weeks
    return _trend(
        "trend_weeks",
        points,
        [_week_labels(p.starts) for p in points],
        language,
        _("Week starting"),
        DATE,
    )


def _trend_months(figures: ReportFigures, language: str) -> Section:
    points = figures.trend_months
    return _trend(
        "trend_months",
        points,
        [_month_labels(p.starts, i == 0, language) for i, p in enumerate(points)],
        language,
        _("Month"),
        MONTH_START,
    )


def _major_cases(figures: ReportFigures, language: str) -> Section:
    rows = [
        [
            text(c.reference),
            Cell(c.received_at, DATETIME),
            text(localized_name(c.store, c.store_en, language)),
            text(localized_name(c.category, c.category_en, language)),
            text(_choice_label(Channel, c.channel)),
            text(_choice_label(State, c.state)),
            Cell(c.closed_at, DATETIME),
            money(c.compensation_amount) if c.compensation_amount is not None else text(""),
            text(c.summary[:80] + ("…" if len(c.summary) > 80 else "")),
        ]
        for c in figures.major_cases
    ]
    note = ""
    if figures.overall.major > len(figures.major_cases):
        note = _("The first %(n)d of %(total)s major complaints.") % {
            "n": MAJOR_CASE_ROWS,
            "total": f"{figures.overall.major:,}",
        }
    return Section(
        "major_cases",
        section_title("major_cases", language),
        [
            _("Reference"),
            _("Received"),
            _("Store"),
            _("Category"),
            _("Channel"),
            _("State"),
            _("Closed"),
            _("Compensation"),
            _("What happened"),
        ],
        rows,
        note=note,
        wide=True,
        widths=(11, 11, 9, 9, 8, 8, 11, 9, 24),
    )


def _of(r: Rate) -> str:
    return _("%(hits)s of %(out_of)s") % {"hits": f"{r.hits:,}", "out_of": f"{r.out_of:,}"}


def headline_tiles(figures: ReportFigures) -> list[Tile]:
    m = figures.overall
    return [
        Tile(_("Cases received"), count(m.received), _("%(n)s major") % {"n": f"{m.major:,}"}),
        Tile(_("Acknowledged on time"), rate(m.acknowledged_on_time.value), _of(m.acknowledged_on_time)),
        Tile(_("Resolved on time"), rate(m.resolved_on_time.value), _of(m.resolved_on_time)),
        Tile(
            _("Median handling time (working hours)"),
            Cell(m.handling.median, HOURS),
            _("90th percentile: %(hours)s") % {"hours": Cell(m.handling.p90, HOURS).text},
        ),
        Tile(
            _("Mean satisfaction (1–5)"),
            Cell(m.satisfaction.mean, SCORE),
            _("Satisfied (4 or 5): %(share)s") % {"share": Cell(m.satisfaction.satisfied.value, RATE).text},
        ),
        Tile(_("Reopened on dispute"), rate(m.reopened.value), _of(m.reopened)),
        Tile(_("Compensation paid"), money(m.compensation)),
    ]  # fmt: skip


BUILDERS: dict[str, Callable[[ReportFigures, str], Section]] = {
    "summary": _summary,
    "by_report_group": _by_report_group,
    "by_category": _by_category,
    "by_store": _by_store,
    "by_unit": _by_unit,
    "by_channel": _by_channel,
    "by_severity": _by_severity,
    "by_validity": _by_validity,
    "on_time": _on_time,
    "satisfaction": _satisfaction,
    "compensation": _compensation,
    "top_products": _top_products,
    "top_causes": _top_causes,
    "trend_weeks": _trend_weeks,
    "trend_months": _trend_months,
    "major_cases": _major_cases,
}


def build_report(figures: ReportFigures, *, language: str, kind: str | None = None) -> Report:
    """The report of `figures` in `language`: the weekly report for a week, the monthly
    report for a month, the full report under its own title for a custom range."""
    kind = kind or report_kind(figures.period.kind)
    language = language or settings.LANGUAGE_CODE
    with override(language):
        return Report(
            kind=kind,
            language=language,
            title=report_title(kind, language),
            period_label=figures.period.label(language),
            scope_label=figures.scope.label(language),
            generated_at=figures.generated_at,
            figures=figures,
            sections=[BUILDERS[key](figures, language) for key in REPORT_SECTIONS[kind]],
            tiles=headline_tiles(figures),
        )
