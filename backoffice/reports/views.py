"""The reports dashboard in the Wagtail admin: pick a period (week, month or a range of days)
and a unit among those the reader may see, read every figure with its chart, and download the
same selection as PDF or XLSX.

Only managers, general managers, head office, oversight and administrators may open it
(scope.REPORT_ROLES), checked in every view and not only in the menu; everyone else gets 403,
and Wagtail sends visitors who are not signed in to the login page.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import View

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from backoffice.access import units_visible_to
from backoffice.downloads import download
from backoffice.reports import Period, PeriodError, report_for, report_pdf, report_xlsx
from backoffice.reports.periods import (
    CUSTOM,
    MONTH,
    WEEK,
    current_month,
    custom_period,
    parse_period,
)
from backoffice.reports.rendering import XLSX_CONTENT_TYPE
from backoffice.reports.scope import may_read_reports
from backoffice.reports.sections import Report

PERIOD_CHOICES = [
    (WEEK, gettext_lazy("Week")),
    (MONTH, gettext_lazy("Month")),
    (CUSTOM, gettext_lazy("Range of days")),
]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        # Indented by depth, so the tree reads in a plain <select>.
        depth = unit.path.count("/") - 1
        name = unit.name_en if not get_language().startswith("zh") and unit.name_en else unit.name
        return "\u3000" * depth + name


class ReportSelectionForm(forms.Form):
    """Which period and unit. Read from the query string; works without JavaScript (every
    field is shown, the radio button says which period field counts)."""

    period = forms.ChoiceField(
        label=gettext_lazy("Period"), choices=PERIOD_CHOICES, widget=forms.RadioSelect
    )
    week = forms.CharField(
        label=gettext_lazy("Week"),
        required=False,
        help_text=gettext_lazy("For example 2026-W44"),
        widget=forms.TextInput(attrs={"type": "week", "placeholder": "2026-W44"}),
    )
    month = forms.CharField(
        label=gettext_lazy("Month"),
        required=False,
        help_text=gettext_lazy("For example 2026-10"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-10"}),
    )
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = UnitChoiceField(
        label=gettext_lazy("Unit"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All my units"),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["unit"].queryset = units_visible_to(user).order_by("path")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("period")
        try:
            if kind == WEEK:
                cleaned["report_period"] = self._parsed("week", WEEK)
            elif kind == MONTH:
                cleaned["report_period"] = self._parsed("month", MONTH)
            elif kind == CUSTOM:
                start, end = cleaned.get("start"), cleaned.get("end")
                if not (start and end):
                    raise forms.ValidationError(_("Give the first and the last day."))
                cleaned["report_period"] = custom_period(start, end)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned

    def _parsed(self, field: str, kind: str) -> Period:
        value = (self.cleaned_data.get(field) or "").strip()
        if not value:
            self.add_error(field, _("This field is required."))
            raise forms.ValidationError(_("Please correct the fields marked below."))
        period = parse_period(value)
        if period.kind != kind:
            self.add_error(field, _("Please choose one of the options."))
            raise forms.ValidationError(_("Please correct the fields marked below."))
        return period

    @property
    def report_period(self) -> Period:
        return self.cleaned_data["report_period"]

    @property
    def unit_code(self) -> str | None:
        unit = self.cleaned_data.get("unit")
        return unit.code if unit is not None else None


def selection_form(request) -> ReportSelectionForm:
    """The reader's choice from the query string; before any choice, this month so far for
    all the reader's units."""
    if "period" in request.GET:
        data = request.GET
    else:
        data = {"period": MONTH, "month": current_month(timezone.localdate()).key}
    return ReportSelectionForm(data, user=request.user)


def _report(request, form: ReportSelectionForm) -> Report:
    return report_for(
        request.user, form.report_period, unit_code=form.unit_code, language=get_language()
    )


def _require_reader(request) -> None:
    if not may_read_reports(request.user):
        raise PermissionDenied


class ReportDashboardView(WagtailAdminTemplateMixin, View):
    template_name = "backoffice/reports/dashboard.html"
    page_title = gettext_lazy("Complaint reports")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        _require_reader(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request):
        form = selection_form(request)
        report = _report(request, form) if form.is_valid() else None
        query = urlencode({k: v for k, v in form.data.items() if v}) if form.is_bound else ""
        context = self.get_context_data(
            form=form,
            report=report,
            pdf_url=f"{reverse('complaint_reports:pdf')}?{query}",
            xlsx_url=f"{reverse('complaint_reports:xlsx')}?{query}",
        )
        return TemplateResponse(request, self.template_name, context, status=200 if report else 400)


def report_download(request, output_format: str) -> HttpResponse:
    """The current selection as PDF or XLSX, as an attachment. A selection that does not
    validate (a unit the reader may not see, a bad period) answers 400."""
    _require_reader(request)
    form = selection_form(request)
    if not form.is_valid():
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    report = _report(request, form)
    if output_format == "pdf":
        content, content_type = report_pdf(report), "application/pdf"
    else:
        content, content_type = report_xlsx(report), XLSX_CONTENT_TYPE
    response = download(content, filename=report.filename(output_format), content_type=content_type)
    # The major-complaints table describes cases: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_view(request):
    return report_download(request, "pdf")


def xlsx_view(request):
    return report_download(request, "xlsx")


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_reports(request.user)


class ReportViewSet(ViewSet):
    """The dashboard and its downloads under /admin/complaint-reports/, with a "Reports" item
    in the main menu for the roles that may read reports."""

    name = "complaint_reports"
    icon = "table"
    menu_label = gettext_lazy("Complaint reports")
    menu_name = "complaint-reports"
    menu_order = 20  # right after Cases
    add_to_admin_menu = True

    @cached_property
    def url_prefix(self):
        return "complaint-reports"

    @cached_property
    def menu_item_class(self):
        return ReportMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReportDashboardView.as_view(), name="index"),
            path("report.pdf", pdf_view, name="pdf"),
            path("report.xlsx", xlsx_view, name="xlsx"),
        ]
