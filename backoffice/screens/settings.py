"""What administrators configure, each a Wagtail ModelViewSet behind the gate
(backoffice.gate): the staff list shows a manager their own units' people, authority limits are
never deleted, the outbox is append-only (resending writes a new row)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import CreateView, EditView, InspectView
from wagtail.admin.viewsets.model import ModelViewSetGroup

from backoffice.gate import GatedModelViewSet, object_or_404
from backoffice.models import (
    AuthorityLimit,
    CalendarOverride,
    CalendarYear,
    CannedReply,
    Category,
    Notification,
    NotificationRecipient,
    ReferringBody,
    SlaRule,
    StaffMember,
    Unit,
)
from backoffice.notifications.outbox import notification_resend
from backoffice.roles import staff_member_set


def yes_no(model, field: str) -> BooleanColumn:
    """A yes/no field as a tick or a cross, not the words True and False."""
    return BooleanColumn(field, label=model._meta.get_field(field).verbose_name, sort_key=field)


class UnitViewSet(GatedModelViewSet):
    model = Unit
    icon = "site"
    form_fields = ["code", "name", "name_en", "kind", "parent", "active"]
    list_display = ["name", "code", "kind", "parent", yes_no(Unit, "active")]
    list_filter = ["kind", "active"]
    search_fields = ["name", "name_en", "code"]
    search_backend_name = None


class _StaffSaveMixin:
    """Saving a staff record goes through staff_member_set, which keeps the role's group in
    step (backoffice.roles)."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        member = staff_member_set(user=instance.user, unit=instance.unit, role=instance.role)
        if member.phone != instance.phone:
            member.phone = instance.phone
            member.save(update_fields=["phone"])
        return member


class StaffCreateView(_StaffSaveMixin, CreateView):
    pass


class StaffEditView(_StaffSaveMixin, EditView):
    pass


class StaffMemberViewSet(GatedModelViewSet):
    model = StaffMember
    icon = "user"
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    form_fields = ["user", "unit", "role", "phone"]
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    search_backend_name = None


class CategoryViewSet(GatedModelViewSet):
    model = Category
    icon = "tag"
    form_fields = [
        "code",
        "name",
        "name_en",
        "report_group",
        "major_by_default",
        "position",
        "active",
    ]
    list_display = [
        "name",
        "name_en",
        "report_group",
        yes_no(Category, "major_by_default"),
        yes_no(Category, "active"),
    ]


class SlaRuleViewSet(GatedModelViewSet):
    model = SlaRule
    icon = "time"
    form_fields = ["clock", "channel", "severity", "urgency", "amount", "unit", "warn_before_hours"]
    list_display = ["__str__", "clock", "amount", "unit"]
    list_filter = ["clock", "channel", "severity", "urgency"]


class AuthorityLimitViewSet(GatedModelViewSet):
    """Limits are changed, never deleted: a role without a row has no authority at all
    (backoffice.authority), so removing one would silently stop that role's approvals."""

    model = AuthorityLimit
    removed_views = frozenset({"delete", "copy", "usage"})
    icon = "success"
    form_fields = ["role", "max_amount"]
    list_display = ["role", "max_amount"]


class ReferringBodyViewSet(GatedModelViewSet):
    model = ReferringBody
    icon = "mail"
    form_fields = ["code", "name", "name_en", "deadline_amount", "deadline_unit", "makes_major"]
    list_display = [
        "name",
        "name_en",
        "deadline_amount",
        "deadline_unit",
        yes_no(ReferringBody, "makes_major"),
    ]


class CalendarOverrideViewSet(GatedModelViewSet):
    model = CalendarOverride
    icon = "date"
    form_fields = ["date", "is_working_day", "note"]
    list_display = ["date", yes_no(CalendarOverride, "is_working_day"), "note"]
    list_filter = ["is_working_day"]


class CalendarYearViewSet(GatedModelViewSet):
    model = CalendarYear
    icon = "calendar-check"
    form_fields = ["year", "note"]
    list_display = ["year", "note"]


class NotificationRecipientViewSet(GatedModelViewSet):
    model = NotificationRecipient
    icon = "mail"
    form_fields = ["event", "email", "name"]
    list_display = ["event", "email", "name"]
    list_filter = ["event"]


class CannedReplyViewSet(GatedModelViewSet):
    model = CannedReply
    icon = "doc-full"
    form_fields = ["title", "language", "body", "active"]
    list_display = ["title", "language", yes_no(CannedReply, "active")]
    list_filter = ["language", "active"]
    menu_order = 30


class OutboxInspectView(InspectView):
    template_name = "backoffice/outbox_inspect.html"


class ResendView(View):
    """POST only: queue a copy of a notification as a new row; the old row stays as it was."""

    http_method_names = ["post"]

    def post(self, request, pk):
        original = object_or_404(request.user, Notification.objects.all(), "add", pk=pk)
        copy = notification_resend(original, actor=request.user)
        messages.success(
            request,
            gettext("Queued again as a new notification to %(to)s.") % {"to": copy.recipient},
        )
        return HttpResponseRedirect(reverse("outbox:inspect", args=[copy.pk]))


class NotificationViewSet(GatedModelViewSet):
    """The outbox, for administrators: what was sent, what is waiting, what failed. Append-only
    for everyone, superusers included: no add, edit or delete; resending writes a new row."""

    model = Notification
    removed_views = frozenset({"add", "edit", "delete", "copy", "usage"})
    inspect_view_class = OutboxInspectView
    # Every delivery attempt saves the row: no reference-index task for each (as for cases).
    add_to_reference_index = False
    icon = "warning"
    list_display = [
        "created_at",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["recipient", "subject"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "channel",
        "recipient",
        "subject",
        "body",
        "case",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "resend_of",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("inspect/<int:pk>/resend/", ResendView.as_view(), name="resend")
        ]


class ComplaintSettingsGroup(ModelViewSetGroup):
    menu_label = _("Complaint settings")
    menu_icon = "cog"
    menu_order = 900
    items = (
        UnitViewSet("units"),
        StaffMemberViewSet("staff"),
        CategoryViewSet("categories"),
        SlaRuleViewSet("sla_rules"),
        AuthorityLimitViewSet("authority_limits"),
        ReferringBodyViewSet("referring_bodies"),
        CalendarOverrideViewSet("calendar_overrides"),
        CalendarYearViewSet("calendar_years"),
        NotificationRecipientViewSet("notification_recipients"),
        NotificationViewSet("outbox"),
    )
