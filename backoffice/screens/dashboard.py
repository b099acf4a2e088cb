"""Dashboard panels on the Wagtail admin home: the user's queues at a glance, and a loud
warning when next year's working-day calendar is missing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from backoffice import selectors
from backoffice.access import role_of


class CasePanel(Component):
    name = "case_counts"
    order = 10
    template_name = "backoffice/panels/case_counts.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        if role_of(user) is None:
            return {"counts": None}
        counts = selectors.dashboard_counts(user)
        index = reverse("cases:index")
        tiles = [
            (_("My open cases"), counts.mine, f"{index}?queue=mine"),
            (_("Due today"), counts.due_today, f"{index}?queue=due_today"),
            (_("Overdue"), counts.overdue, f"{index}?queue=overdue"),
            (_("Open major cases"), counts.major, f"{index}?queue=major"),
            (_("Awaiting approval"), counts.approval, f"{index}?queue=approval"),
        ]
        return {"counts": counts, "tiles": tiles, "add_url": reverse("cases:add")}


class CalendarWarningPanel(Component):
    """Deadlines must never be guessed: say loudly when a year the clocks need is unknown."""

    name = "calendar_warning"
    order = 5
    template_name = "backoffice/panels/calendar_warning.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from backoffice.sla.policy import work_calendar

        calendar = work_calendar()
        today = timezone.localdate()
        missing = [
            year for year in (today.year, today.year + 1) if not calendar.schedule_known(year)
        ]
        # Next year only matters from November, when deadlines start to reach into it.
        missing = [y for y in missing if y == today.year or today.month >= 11]
        return {"missing": missing, "overrides_url": reverse("calendar_overrides:index")}


class WorkerPanel(Component):
    """Whether the background worker is alive: without it no notification or report leaves.
    Shown to administrators and head office, who can do something about it."""

    name = "worker_status"
    order = 6
    template_name = "backoffice/panels/worker_status.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from backoffice.choices import Role
        from backoffice.worker import worker_status

        if role_of(self.request.user) not in (Role.ADMINISTRATOR, Role.HEAD_OFFICE):
            return {"worker": None}
        worker = worker_status()
        if worker["status"] == "not_used":
            return {"worker": None}
        minutes = worker.get("seconds_ago", 0) // 60
        return {"worker": worker, "minutes": minutes}
