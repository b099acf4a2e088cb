"""The knowledge section's admin views: draft a case study from a closed case, the
recurring-causes report, and the way from the admin menu to the library."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from backoffice.training import (
    CaseNotClosed,
    CaseNotVisible,
    case_study_source,
    recurring_causes,
)
from knowledge.drafting import draft_case_study
from knowledge.models import DRAFT_PERMISSION, REPORT_PERMISSION, CaseStudyPage


def _case_url(case_pk: int) -> str:
    return reverse("cases:inspect", args=[case_pk])


class DraftCaseStudyView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what will happen, and a button. POST: draft the case study and open it in the page
    editor. Nothing changes on GET."""

    template_name = "knowledge/admin/draft_case_study.html"
    page_title = gettext_lazy("Create case study")
    header_icon = "doc-full"

    def dispatch(self, request, case_pk: int, *args, **kwargs):
        if not request.user.has_perm(DRAFT_PERMISSION):
            raise PermissionDenied
        try:
            self.source = case_study_source(case_pk, request.user)
        except CaseNotVisible as refused:
            raise Http404(refused.message) from refused
        except CaseNotClosed as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(_case_url(case_pk))
        return super().dispatch(request, case_pk, *args, **kwargs)

    def get_page_subtitle(self):
        return self.source.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cases:index"), "label": _("Cases")},
            {"url": _case_url(self.source.case_pk), "label": self.source.reference},
            {"url": "", "label": _("Create case study")},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            source=self.source,
            case_url=_case_url(self.source.case_pk),
            earlier=CaseStudyPage.objects.filter(source_case_id=self.source.case_pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            page = draft_case_study(source=self.source, user=request.user)
        except LookupError as missing:  # no site to put the library in
            messages.error(request, str(missing))
            return HttpResponseRedirect(_case_url(self.source.case_pk))
        messages.success(
            request,
            _(
                "Draft case study created with personal data removed. Read it, complete the "
                "lessons, then submit it for approval."
            ),
        )
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


class RecurringCausesView(WagtailAdminTemplateMixin, TemplateView):
    """Which categories and causes recur, by month and unit, for the cases the user may see,
    with the published case studies that teach each category."""

    template_name = "knowledge/admin/recurring_causes.html"
    page_title = gettext_lazy("Recurring causes")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        report = recurring_causes(self.request.user, language=get_language() or "")
        codes = [row.code for row in report.categories if row.code]
        studies: dict[str, list[CaseStudyPage]] = {}
        for study in (
            CaseStudyPage.objects.live()
            .filter(category_code__in=codes)
            .order_by("-first_published_at")
            .select_related("locale")
        ):
            studies.setdefault(study.category_code, []).append(study)
        rows = [(row, studies.get(row.code, [])) for row in report.categories]
        return super().get_context_data(report=report, rows=rows, **kwargs)


class LibraryRedirectView(View):
    """The admin menu's way to the library: the live page in the user's language."""

    def get(self, request):
        from knowledge.models import KnowledgeIndexPage

        indexes = KnowledgeIndexPage.objects.live().order_by("path")
        language = get_language() or ""
        index = indexes.filter(locale__language_code=language).first() or indexes.first()
        if index is None or index.get_url(request) is None:
            messages.info(request, _("There is no case-study library yet."))
            return HttpResponseRedirect(reverse("wagtailadmin_home"))
        return HttpResponseRedirect(index.get_url(request))
