"""The weekly and monthly reports as PDF and XLSX, and the `report` command: the Chinese
headings and the hand-computed figures are printed, with the shipped font; the workbook has a
sheet per section with numbers, dates and totals; a store's report holds only that store."""

import os
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from django.core.management import CommandError, call_command
from django.utils.translation import gettext, override

from backoffice.reports import report_for, report_pdf, report_xlsx
from backoffice.reports.periods import month_period, week_period
from backoffice.workflow import SYSTEM
from tests.backoffice import test_reports_fixtures as fixtures
from tests.backoffice.test_documents import assert_printed_with_our_font, pdf_text
from tests.backoffice.test_reports_fixtures import NOW
from tests.conftest import at

pytestmark = pytest.mark.django_db

# The month of test_reports_fixtures, built once for this module.
october = fixtures.october

OCTOBER = month_period(2026, 10)
WEEK_44 = week_period(2026, 44)


def preview(name: str, content: bytes) -> None:
    # REPORTS_PREVIEW_DIR=/tmp pytest ... keeps the files for a person to look at.
    folder = os.environ.get("REPORTS_PREVIEW_DIR")
    if folder:
        Path(folder, name).write_bytes(content)


@pytest.fixture
def monthly_zh(october):
    return report_for(SYSTEM, OCTOBER, language="zh-hans", now=NOW)


def test_the_monthly_pdf_prints_the_chinese_headings_and_the_figures(monthly_zh, october):
    content = report_pdf(monthly_zh)
    preview("report-monthly-zh-hans.pdf", content)
    text = pdf_text(content)
    assert "用户异议处理月报表" in text and "2026年10月" in text
    for heading in (
        "概况",
        "投诉类型",
        "按类别汇总",
        "各单位对比",
        "被投诉单位",
        "投诉渠道",
        "有效性",
        "处理及时率",
        "顾客满意度",
        "赔偿情况",
        "主要原因",
        "每月趋势",
        "本期重大投诉",
    ):
        assert heading in text, heading
    for figure in ("75.0%", "50.0%", "28.0", "4.13", "¥885.00", "¥570.00", "¥315.00", "36.4"):
        assert figure in text, figure
    for name in ("商品质量", "朝阳门店", "望京门店", "出厂质检漏检", "电饭煲", "MB-FB40"):
        assert name in text, name
    assert october["C6"].reference in text and october["C11"].reference in text
    assert october["C1"].reference not in text  # only major complaints are listed
    assert_printed_with_our_font(content)


def test_the_weekly_pdf_groups_by_report_group(october):
    report = report_for(SYSTEM, WEEK_44, language="zh-hans", now=NOW)
    content = report_pdf(report)
    preview("report-weekly-zh-hans.pdf", content)
    text = pdf_text(content)
    assert "顾客投诉周报表" in text
    assert "2026年第44周（10月26日–11月1日）" in text
    assert "按类别汇总" in text and "每周趋势" in text
    assert "每月趋势" not in text  # the monthly report's section
    assert [section.key for section in report.sections][:2] == ["summary", "by_report_group"]
    groups = [row[1].value for row in report.sections[1].rows]
    assert groups == [1, 0, 1, 1]  # product quality, service attitude, facilities, other
    assert report.sections[1].totals[1].value == 3
    assert_printed_with_our_font(content)


def test_the_english_report_names_the_form_in_both_languages(october):
    report = report_for(SYSTEM, OCTOBER, language="en", now=NOW)
    content = report_pdf(report)
    preview("report-monthly-en.pdf", content)
    text = pdf_text(content)
    assert "用户异议处理月报表/Monthlycomplaintreport" in text
    assert "October2026" in text and "Unitssidebyside" in text
    assert "Chaoyangmenstore" in text


def test_the_xlsx_has_a_sheet_per_section_with_numbers_dates_and_totals(monthly_zh):
    content = report_xlsx(monthly_zh)
    preview("report-monthly-zh-hans.xlsx", content)
    workbook = load_workbook(BytesIO(content))
    assert workbook.sheetnames[:4] == ["概况", "投诉类型", "按类别汇总", "各单位对比"]
    assert len(workbook.sheetnames) == len(monthly_zh.sections)

    def table(name):
        """The rows under the header row (row 5), up to the first empty row."""
        rows = []
        for row in workbook[name].iter_rows(min_row=6, values_only=True):
            if all(value is None for value in row):
                break
            rows.append(row)
        return rows

    with override("zh-hans"):
        total, product_quality = gettext("Total"), gettext("Product quality")
        categories_heading = gettext("Category")
    categories = table("投诉类型")
    assert categories[0][:3] == ("商品质量", product_quality, 4)
    totals = categories[-1]
    assert totals[0] == total and totals[2] == 12 and totals[4] == 2
    assert workbook["投诉类型"]["A1"].value == "投诉类型"
    assert workbook["投诉类型"].cell(row=5 + len(categories), column=1).font.bold
    header = workbook["投诉类型"].cell(row=5, column=1)
    assert header.font.bold and header.value == categories_heading

    stores = table("各单位对比")
    s01 = stores[0]
    assert s01[0] == "朝阳门店" and s01[1] == 8
    assert s01[3] == 0.625 and s01[5] == 11 and s01[6] == 19.5
    assert s01[10] == Decimal("570") or s01[10] == 570
    assert stores[-1][0] == total and stores[-1][1] == 12

    major = table("本期重大投诉")
    received = major[0][1]
    assert isinstance(received, datetime) and received == datetime(2026, 10, 16, 15, 0)
    assert workbook["本期重大投诉"].cell(row=6, column=2).number_format == "yyyy-mm-dd hh:mm"

    weeks = table("每周趋势")
    assert isinstance(weeks[0][0], datetime | date)
    rate_cell = workbook["处理及时率"].cell(row=6, column=4)
    assert rate_cell.value == 0.75 and rate_cell.number_format == "0.0%"


def test_xlsx_text_cannot_start_a_formula(october, submit, act, category):
    case = submit(received_at=at(2026, 10, 27, 10, 0), channel="walk_in")
    act(case, "acknowledge")
    act(case, "start_investigation", category=category.pk)
    act(case, "propose_resolution", resolution="退款。")
    act(case, "customer_accept")
    act(case, "implement", note="ok")
    act(case, "start_follow_up")
    act(case, "record_callback", reached=True, satisfaction=5)
    act(
        case,
        "close",
        validity="valid_minor",
        cause='=HYPERLINK("http://evil.example","click")',
        corrective_action="x",
        prevention="y",
    )
    report = report_for(SYSTEM, OCTOBER, language="en", now=NOW)
    workbook = load_workbook(BytesIO(report_xlsx(report)))
    causes = [row[0] for row in workbook["Recurring causes"].iter_rows(min_row=6, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","click")' in causes
    assert not any(isinstance(c, str) and c.startswith("=") for c in causes)


def test_a_store_managers_report_holds_only_their_store(october):
    report = report_for(october.staff["manager"], OCTOBER, language="zh-hans", now=NOW)
    assert report.scope_label == "朝阳门店"
    text = pdf_text(report_pdf(report))
    assert october["C6"].reference in text
    assert october["C11"].reference not in text
    assert "望京门店" not in text
    assert "¥570.00" in text and "¥885.00" not in text
    workbook = load_workbook(BytesIO(report_xlsx(report)))
    stores = [row[0] for row in workbook["各单位对比"].iter_rows(min_row=6, values_only=True)]
    assert "朝阳门店" in stores and "望京门店" not in stores


# --- the command ------------------------------------------------------------------------------


def test_the_command_writes_the_monthly_pdf_and_the_weekly_xlsx(october, tmp_path):
    out = tmp_path / "monthly.pdf"
    call_command("report", "--period", "2026-10", "--format", "pdf", "--out", str(out))
    text = pdf_text(out.read_bytes())
    assert "用户异议处理月报表" in text and "¥885.00" in text
    out = tmp_path / "weekly.xlsx"
    call_command(
        "report",
        "--period",
        "2026-W44",
        "--unit",
        "s02",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--language",
        "en",
    )
    workbook = load_workbook(out)
    assert workbook.sheetnames[:2] == ["Summary", "By report group"]
    summary = list(workbook["Summary"].iter_rows(min_row=6, values_only=True))
    assert summary[0][:2] == ("Cases received", 3)  # C11, C12, X2: all three in s02


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2026-13"], lambda: gettext("There is no month %(month)d.") % {"month": 13}),
        (
            ["--period", "2026-W54"],
            lambda: gettext("%(year)d has no ISO week %(week)d.") % {"year": 2026, "week": 54},
        ),
        (["--period", "October"], lambda: "October"),
        (["--period", "2026-10", "--unit", "nowhere"], lambda: "nowhere"),
        (["--period", "2026-10", "--format", "docx"], lambda: "docx"),
        (["--period", "2026-10", "--language", "fr"], lambda: "fr"),
    ],
)
def test_the_command_refuses_bad_arguments_clearly(october, tmp_path, arguments, message):
    options = {"--format": "pdf", "--out": str(tmp_path / "r.pdf")}
    for flag, value in zip(arguments[::2], arguments[1::2], strict=True):
        options[flag] = value
    with pytest.raises(CommandError, match=re.escape(message())):
        call_command("report", *[item for pair in options.items() for item in pair])
    assert not (tmp_path / "r.pdf").exists()
