"""Registers the back office in the Wagtail admin: the case viewset, settings, dashboard panels."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from backoffice.screens.appeals import AppealViewSet
from backoffice.screens.cases import CaseViewSet
from backoffice.screens.dashboard import CalendarWarningPanel, CasePanel, WorkerPanel
from backoffice.screens.settings import CannedReplyViewSet, ComplaintSettingsGroup


@hooks.register("register_admin_viewset")
def register_case_viewset():
    return CaseViewSet("cases")


@hooks.register("register_admin_viewset")
def register_appeals():
    return AppealViewSet("appeals")


@hooks.register("register_admin_viewset")
def register_canned_replies():
    return CannedReplyViewSet("canned_replies")


@hooks.register("register_admin_viewset")
def register_settings():
    return ComplaintSettingsGroup()


@hooks.register("construct_homepage_panels")
def add_case_panels(request, panels):
    panels[:] = [CalendarWarningPanel(request), WorkerPanel(request), CasePanel(request)] + [
        panel for panel in panels if getattr(panel, "name", "") not in ("site_summary",)
    ]


@hooks.register("insert_global_admin_css")
def backoffice_css():
    return format_html('<link rel="stylesheet" href="{}">', static("backoffice/backoffice.css"))


@hooks.register("register_admin_viewset")
def register_reports():
    from backoffice.reports.views import ReportViewSet

    return ReportViewSet()


@hooks.register("register_account_settings_panel")
def register_email_panel(request, user, profile):
    # Changing the e-mail address takes the current password (backoffice/signin/account.py).
    from backoffice.signin.account import EmailSettingsPanel

    return EmailSettingsPanel(request, user, profile)


# The second factor registers its own URLs, log actions and buttons.
import backoffice.mfa.hooks  # noqa: E402, F401
