"""Spreadsheet exports that open correctly in Excel on Chinese Windows.

Wagtail's export writes CSV without a byte-order mark (Excel then reads it as GBK and shows
mojibake), passes text that starts with = + - @ straight through (a formula-injection hole),
and writes times in UTC. This mixin fixes all three for every back-office export."""

import datetime

from django.utils import timezone

from backoffice.downloads import as_download

# A cell starting with one of these is treated as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def local_text(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def local_naive(value):
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class SafeSpreadsheetExportMixin:
    custom_value_preprocess = {
        datetime.datetime: {"csv": local_text, "xlsx": local_naive},
        (datetime.date, datetime.time): {"xlsx": None},
        list: {"csv": lambda v: ", ".join(map(str, v)), "xlsx": lambda v: ", ".join(map(str, v))},
    }

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise(value)

    def stream_csv(self, queryset):
        yield "\ufeff"  # UTF-8 byte-order mark: Excel on Chinese Windows then reads UTF-8
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return as_download(response, f"{self.get_filename()}.csv")

    def write_xlsx_response(self, queryset):
        return as_download(super().write_xlsx_response(queryset), f"{self.get_filename()}.xlsx")
