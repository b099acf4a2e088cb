"""What administrators configure, each a plain Wagtail ModelViewSet."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

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
from backoffice.roles import staff_member_set


def yes_no(model, field: str) -> BooleanColumn:
    """A yes/no field as a tick or a cross, not the words True and False."""
    return BooleanColumn(field, label=model._meta.get_field(field).verbose_name, sort_key=field)


class UnitViewSet(ModelViewSet):
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


class StaffMemberViewSet(ModelViewSet):
    model = StaffMember
    icon = "user"
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    form_fields = ["user", "unit", "role", "phone"]
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    search_backend_name = None


class CategoryViewSet(ModelViewSet):
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


class SlaRuleViewSet(ModelViewSet):
    model = SlaRule
    icon = "time"
    form_fields = ["clock", "channel", "severity", "urgency", "amount", "unit", "warn_before_hours"]
    list_display = ["__str__", "clock", "amount", "unit"]
    list_filter = ["clock", "channel", "severity", "urgency"]


class AuthorityLimitViewSet(ModelViewSet):
    model = AuthorityLimit
    icon = "success"
    form_fields = ["role", "max_amount"]
    list_display = ["role", "max_amount"]


class ReferringBodyViewSet(ModelViewSet):
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


class CalendarOverrideViewSet(ModelViewSet):
    model = CalendarOverride
    icon = "date"
    form_fields = ["date", "is_working_day", "note"]
    list_display = ["date", yes_no(CalendarOverride, "is_working_day"), "note"]
    list_filter = ["is_working_day"]


class CalendarYearViewSet(ModelViewSet):
    model = CalendarYear
    icon = "calendar-check"
    form_fields = ["year", "note"]
    list_display = ["year", "note"]


class NotificationRecipientViewSet(ModelViewSet):
    model = NotificationRecipient
    icon = "mail"
    form_fields = ["event", "email", "name"]
    list_display = ["event", "email", "name"]
    list_filter = ["event"]


class CannedReplyViewSet(ModelViewSet):
    model = CannedReply
    icon = "doc-full"
    form_fields = ["title", "language", "body", "active"]
    list_display = ["title", "language", yes_no(CannedReply, "active")]
    list_filter = ["language", "active"]
    menu_order = 30


class NotificationViewSet(ModelViewSet):
    """The outbox, for administrators: what was sent, what is waiting, what failed."""

    model = Notification
    # Every delivery attempt saves the row: no reference-index task for each (as for cases).
    add_to_reference_index = False
    icon = "warning"
    form_fields = ["status", "next_attempt_at"]
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
    copy_view_enabled = False


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
