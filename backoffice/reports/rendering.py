"""A report as PDF (WeasyPrint, through backoffice.pdf with the shipped CJK font) and as an
Excel workbook (openpyxl): one sheet per section, named in the report's language, numbers as
numbers, dates as dates in local time, totals rows in bold, and every text cell passed through
the export's formula-injection guard."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice.pdf import css_string, page_counter_css, render_pdf
from backoffice.reports import sections as s
from backoffice.reports.sections import Cell, Report
from backoffice.screens.exports import neutralise

PDF_TEMPLATE = "backoffice/reports/report.html"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def printed_at(moment: datetime, language: str) -> str:
    local = s.local(moment)
    if s.is_chinese(language):
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def report_pdf(report: Report) -> bytes:
    """The report as a PDF in its own language."""
    with override(report.language):
        page_label = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
        context = {
            "report": report,
            "figures_as_of": printed_at(report.generated_at, report.language),
            "footer_reference_css": css_string(
                f"{report.title} · {report.period_label} · {report.scope_label}"
            ),
            "page_counter_css": page_counter_css(page_label),
        }
        return render_pdf(PDF_TEMPLATE, context, language=report.language)


# --- spreadsheet ------------------------------------------------------------------------------

NUMBER_FORMATS = {
    s.COUNT: "#,##0",
    s.RATE: "0.0%",
    s.HOURS: "0.0",
    s.SCORE: "0.00",
    s.MONEY: "#,##0.00",
    s.DATETIME: "yyyy-mm-dd hh:mm",
    s.DATE: "yyyy-mm-dd",
    s.MONTH_START: "yyyy-mm",
}
FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def cell_value(cell: Cell):
    """What the spreadsheet stores: numbers as numbers, times as local naive datetimes (Excel
    has no time zones), text neutralised against formula injection."""
    value = cell.value
    if value is None or value == "":
        return None
    if cell.kind == s.DATETIME and isinstance(value, datetime):
        return s.local(value).replace(tzinfo=None)
    if cell.kind in (s.DATE, s.MONTH_START) and isinstance(value, date):
        return value
    if cell.kind == s.MONEY:
        return Decimal(value)
    if cell.numeric:
        return value
    return neutralise(str(value))


def sheet_name(title: str, taken: set[str]) -> str:
    name = title.translate(FORBIDDEN_IN_SHEET_NAMES).strip()[:31] or "Sheet"
    candidate, number = name, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = name[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def display_width(text: str) -> int:
    """Columns of a fixed-width font a text takes: two for a CJK character, one otherwise."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _write_cells(sheet, row_number: int, cells: list[Cell], bold: bool = False) -> None:
    for column, cell in enumerate(cells, start=1):
        target = sheet.cell(row=row_number, column=column, value=cell_value(cell))
        if cell.kind in NUMBER_FORMATS:
            target.number_format = NUMBER_FORMATS[cell.kind]
        if bold or cell.bold:
            target.font = Font(bold=True)


def report_xlsx(report: Report) -> bytes:
    """The report as an .xlsx workbook: one sheet per section, in the report's order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    with override(report.language):
        heading = [
            report.title,
            f"{_('Period')}: {report.period_label}",
            f"{_('Units')}: {report.scope_label}",
        ]
        for section in report.sections:
            sheet = workbook.create_sheet(sheet_name(section.title, taken))
            for row_number, line in enumerate([section.title, *heading[1:]], start=1):
                sheet.cell(row=row_number, column=1, value=neutralise(line))
            sheet["A1"].font = Font(bold=True, size=13)
            header_row = len(heading) + 2
            for column, label in enumerate(section.columns, start=1):
                target = sheet.cell(row=header_row, column=column, value=neutralise(str(label)))
                target.font = Font(bold=True)
                target.alignment = Alignment(wrap_text=True, vertical="bottom")
            row_number = header_row
            for row in section.rows:
                row_number += 1
                _write_cells(sheet, row_number, row)
            if section.totals:
                row_number += 1
                _write_cells(sheet, row_number, section.totals, bold=True)
            if section.note:
                sheet.cell(row=row_number + 2, column=1, value=neutralise(section.note))
            sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
            for column, label in enumerate(section.columns, start=1):
                texts = [str(label)] + [row[column - 1].text for row in section.rows]
                width = min(max(max(map(display_width, texts)) + 2, 8), 60)
                sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
