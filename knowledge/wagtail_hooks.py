"""Registers the knowledge section in the Wagtail admin: the "Create case study" button on
closed cases, its admin views, the publishing guard and the menu."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from backoffice.workflow import CLOSED_STATES
from knowledge.models import DRAFT_PERMISSION, REPORT_PERMISSION, PersonalDataChecked
from knowledge.views import DraftCaseStudyView, LibraryRedirectView, RecurringCausesView


@hooks.register("register_admin_urls")
def knowledge_admin_urls():
    return [
        path(
            "knowledge/case-study-from/<int:case_pk>/",
            DraftCaseStudyView.as_view(),
            name="knowledge_draft_case_study",
        ),
        path(
            "knowledge/recurring-causes/",
            RecurringCausesView.as_view(),
            name="knowledge_recurring_causes",
        ),
        path("knowledge/library/", LibraryRedirectView.as_view(), name="knowledge_library"),
    ]


@hooks.register("register_case_screen_buttons")
def case_study_button(request, case):
    """On a closed or archived case, for trainers and managers and above."""
    if case.state in CLOSED_STATES and request.user.has_perm(DRAFT_PERMISSION):
        return [(_("Create case study"), reverse("knowledge_draft_case_study", args=[case.pk]))]
    return []


@hooks.register("before_publish_page")
def refuse_publishing_personal_data(request, page):
    """Second line behind the editor's form check: whatever reached publishing with personal
    data still on it goes back to the editor, with where and what kind (not the text itself:
    messages travel in the session between requests)."""
    if not isinstance(page, PersonalDataChecked):
        return None
    findings = page.personal_data_findings()
    if not findings:
        return None
    messages.error(
        request,
        _("Not published: personal data remains on the page (%(where)s).")
        % {"where": "; ".join(f"{f.where}: {f.kind_label}" for f in findings)},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def knowledge_menu():
    items = [
        _PermissionMenuItem(
            gettext_lazy("Case-study library"),
            reverse_lazy("knowledge_library"),
            name="case-study-library",
            icon_name="doc-full",
            order=100,
            permission=REPORT_PERMISSION,
        ),
        _PermissionMenuItem(
            gettext_lazy("Recurring causes"),
            reverse_lazy("knowledge_recurring_causes"),
            name="recurring-causes",
            icon_name="table",
            order=200,
            permission=REPORT_PERMISSION,
        ),
    ]
    return SubmenuMenuItem(
        gettext_lazy("Knowledge"),
        Menu(items=items),
        name="knowledge",
        icon_name="doc-full",
        order=450,
    )


@hooks.register("insert_global_admin_css")
def knowledge_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("knowledge/admin.css"))
