"""The case queue, the case screen, action forms and intake: one Wagtail ModelViewSet."""

from __future__ import annotations

from datetime import datetime

import django_filters

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from backoffice import access, selectors
from backoffice.choices import Channel, Severity, Urgency
from backoffice.downloads import as_download
from backoffice.gate import GatedModelViewSet, object_or_404
from backoffice.models import CannedReply, Case, CaseAttachment, Category, Unit
from backoffice.screens.exports import SafeSpreadsheetExportMixin
from backoffice.screens.forms import ActionForm, IntakeForm, show_refusal
from backoffice.services.cases import allowed_actions, case_submit, case_transition
from backoffice.services.errors import CaseActionError
from backoffice.sla import policy
from backoffice.workflow import ACTIONS, CLOSED_STATES, State

SCOPES = [
    ("open", gettext_lazy("Open cases")),
    ("closed", gettext_lazy("Closed and archived")),
    ("all", gettext_lazy("All cases")),
]


class CaseFilterSet(WagtailFilterSet):
    scope = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"), choices=SCOPES, method="filter_scope", empty_label=None
    )
    queue = django_filters.ChoiceFilter(
        label=gettext_lazy("Queue"), choices=list(selectors.QUEUES.items()), method="filter_queue"
    )
    state = django_filters.MultipleChoiceFilter(label=gettext_lazy("State"), choices=State.choices)
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Category"), queryset=Category.objects.all()
    )
    severity = django_filters.ChoiceFilter(label=gettext_lazy("Severity"), choices=Severity.choices)
    urgency = django_filters.ChoiceFilter(label=gettext_lazy("Urgency"), choices=Urgency.choices)
    channel = django_filters.ChoiceFilter(label=gettext_lazy("Channel"), choices=Channel.choices)
    store = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Unit"), queryset=Unit.objects.none(), method="filter_unit"
    )
    received_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Received"), widget=DateRangePickerWidget
    )
    overdue = django_filters.BooleanFilter(label=gettext_lazy("Overdue"), method="filter_overdue")

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["store"].queryset = access.units_visible_to(request.user)

    def filter_scope(self, queryset, name, value):
        return queryset  # applied in CaseIndexView.filter_queryset, which knows the default

    def filter_queue(self, queryset, name, value):
        return queryset.filter(selectors.queue_q(value, self.request.user, timezone.now()))

    def filter_unit(self, queryset, name, value):
        return queryset.filter(
            access.Q(store__path__startswith=value.path)
            | access.Q(responsible_unit__path__startswith=value.path)
        )

    def filter_overdue(self, queryset, name, value):
        overdue = policy.overdue_q(timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class QueueColumn(Column):
    """A queue cell rendered in Python: fifty rows × ten columns of per-cell templates cost
    more than the whole database work of the queue."""

    def display(self, instance) -> str:
        value = self.get_value(instance)
        if value in (None, ""):
            return "—"
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return str(value)

    def render_cell_html(self, instance, parent_context):
        return format_html("<td>{}</td>", self.display(instance))


class ReferenceColumn(QueueColumn):
    def render_cell_html(self, instance, parent_context):
        url = reverse("cases:inspect", args=[instance.pk])
        return format_html(
            '<td class="title"><a href="{}"><strong>{}</strong></a></td>', url, instance.reference
        )


class DueColumn(QueueColumn):
    def render_cell_html(self, instance, parent_context):
        if instance.resolve_due is None:
            return format_html("<td>—</td>")
        due = self.display(instance)
        if not instance.is_open:
            return format_html("<td>{}</td>", due)
        if instance.paused_at is not None:
            return format_html('<td>{} <span class="bo-badge">{}</span></td>', due, _("Paused"))
        if policy.is_overdue(instance, timezone.now()):
            return format_html(
                '<td><span class="bo-overdue">{}</span> <span class="bo-badge bo-badge--danger">{}</span></td>',
                due,
                _("Overdue"),
            )
        return format_html("<td>{}</td>", due)


class ContactColumn(QueueColumn):
    """A complainant field as the reader may see it (access.contact_for: the one masking rule)."""

    user = None

    def __init__(self, name, part: str, **kwargs):
        super().__init__(name, **kwargs)
        self.part = part

    def get_value(self, instance):
        return getattr(access.contact_for(self.user, instance), self.part)


class PersonColumn(QueueColumn):
    def get_value(self, instance):
        return access.display_name(super().get_value(instance)) or "—"


class CappedPaginator(WagtailPaginator):
    """Counts at most CAP cases: an exact count of a large unit's open cases costs more than
    the page itself, and nobody pages past the first thousands — they filter instead."""

    CAP = 2000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.CAP

    @cached_property
    def items_count_label(self):
        if self.is_capped:
            return _("more than %(cap)s cases") % {"cap": f"{self.CAP:,}"}
        return super().items_count_label


class CaseIndexView(SafeSpreadsheetExportMixin, IndexView):
    template_name = "backoffice/case_index.html"
    default_ordering = "resolve_due"
    paginator_class = CappedPaginator
    export_headings = {
        "reference": gettext_lazy("Reference"),
        "get_state_display": gettext_lazy("State"),
        "get_channel_display": gettext_lazy("Channel"),
        "get_severity_display": gettext_lazy("Severity"),
        "get_urgency_display": gettext_lazy("Urgency"),
        "store": gettext_lazy("Store"),
        "category": gettext_lazy("Category"),
        "complainant_name": gettext_lazy("Complainant"),
        "complainant_phone": gettext_lazy("Phone"),
        "complainant_email": gettext_lazy("E-mail"),
        "received_at": gettext_lazy("Received"),
        "resolve_due": gettext_lazy("Resolve by"),
        "owner": gettext_lazy("Owner"),
        "description": gettext_lazy("What happened"),
        "compensation_amount": gettext_lazy("Compensation (¥)"),
        "satisfaction": gettext_lazy("Satisfaction"),
        "closed_at": gettext_lazy("Closed"),
    }

    def get_base_queryset(self):
        # Narrowed to the user's cases by the gate (backoffice.gate), like every generic view.
        return (
            super()
            .get_base_queryset()
            .select_related("store", "category", "owner", "responsible_unit")
        )

    def filter_queryset(self, queryset):
        """The queue shows open cases unless the user asks for closed or all ones, or looks
        for something specific (a search, a state filter, an export of a chosen scope)."""
        queryset = super().filter_queryset(queryset)
        scope = self.request.GET.get("scope") or (
            "all" if self.request.GET.get("q") or self.request.GET.getlist("state") else "open"
        )
        closed = sorted(s.value for s in CLOSED_STATES)
        if scope == "open":
            return queryset.exclude(state__in=closed)
        if scope == "closed":
            return queryset.filter(state__in=closed)
        return queryset

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if isinstance(column, ContactColumn):
                column.user = self.request.user
        return columns

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        shown = access.contact_for(self.request.user, item)
        row["complainant_name"] = shown.name
        row["complainant_phone"] = shown.phone
        row["complainant_email"] = shown.email
        return row

    def get_filename(self):
        return f"cases-{timezone.localtime():%Y%m%d-%H%M}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The queues as tabs above the list: one click, not a trip through the filter drawer.
        current = self.request.GET.get("queue", "")
        index = reverse("cases:index")
        context["queue_tabs"] = [("", _("All open cases"), index, current == "")] + [
            (key, label, f"{index}?queue={key}", current == key)
            for key, label in selectors.QUEUES.items()
        ]
        return context


class CaseScreenView(InspectView):
    """The case screen: summary, SLA clocks, the actions this user may take now, timeline,
    field history, attachments and printable forms.

    Other apps add buttons without backoffice importing them: a function registered with
    `@hooks.register("register_case_screen_buttons")` takes (request, case) and returns a list
    of (label, url) pairs."""

    template_name = "backoffice/case_screen.html"
    page_title = gettext_lazy("Case")

    def get_object(self, queryset=None):
        # The gate (backoffice.gate.GateViewMixin) answers 404 for a case the user may not see.
        cases = Case.objects.select_related(
            "store",
            "category",
            "owner",
            "responsible_unit",
            "escalated_to",
            "referring_body",
            "repeat_of",
            "merged_into",
            "compensation_approved_by",
            "compensation_requested_by",
        )
        return get_object_or_404(cases, pk=self.pk)

    def get_page_subtitle(self):
        return self.object.reference

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        user = self.request.user
        shown = access.contact_for(user, case)
        context.update(
            case=case,
            now=timezone.now(),
            show_full=not shown.masked,
            phone=shown.phone,
            email=shown.email,
            complainant=shown.name,
            repeat_of=case.repeat_of
            if case.repeat_of and access.can_view_case(user, case.repeat_of)
            else None,
            merged_into=case.merged_into
            if case.merged_into and access.can_view_case(user, case.merged_into)
            else None,
            actions=[a for a in allowed_actions(case, user) if a.staff_button],
            timeline=selectors.case_timeline(case, user),
            history=selectors.case_field_history(case, reader=user),
            attachments=case.attachments.all(),
            follow_ups=case.follow_ups.select_related("by"),
            repeats=access.cases_visible_to(user, case.repeats.all())[:10],
            documents=DOCUMENT_LINKS,
            can_work=access.can_work_case(user, case),
            extra_buttons=appeal_buttons(user, case)
            + [
                button
                for hook in hooks.get_hooks("register_case_screen_buttons")
                for button in hook(self.request, case)
            ],
        )
        return context


def appeal_buttons(user, case: Case) -> list[tuple[str, str]]:
    """'Appeal the judgment' while a judgment stands and its 7 days run (the service decides
    in the end; this only avoids offering what it would refuse)."""
    from backoffice.services.appeals import appeal_deadline, latest_judgment

    if not access.can_work_case(user, case):
        return []
    judgment = latest_judgment(case)
    if judgment is None or timezone.now() >= appeal_deadline(judgment.at):
        return []
    return [(_("Appeal the judgment"), reverse("appeals:file", args=[case.pk]))]


DOCUMENT_LINKS = [
    ("record_sheet", gettext_lazy("Complaint record sheet (用户异议处理统计表)")),
    ("acknowledgement", gettext_lazy("Acknowledgement letter (受理函)")),
    ("return_slip", gettext_lazy("Return/exchange slip (商品退换货单)")),
    ("incident_report", gettext_lazy("Major incident report (重大异常事故报告)")),
]


class CaseActionView(WagtailAdminTemplateMixin, View):
    """GET: the small form for one action. POST: call case_transition; on refusal show the
    form again with every typed value and the service's messages."""

    template_name = "backoffice/case_action.html"
    viewset = None

    def dispatch(self, request, pk, action):
        self.case = object_or_404(request.user, Case.objects.select_related("store"), pk=pk)
        if action not in ACTIONS or not ACTIONS[action].staff_button:
            raise Http404
        self.action = ACTIONS[action]
        return super().dispatch(request, pk, action)

    def get_page_title(self):
        return f"{self.action.label} · {self.case.reference}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("cases:index"), "label": _("Cases")},
            {"url": reverse("cases:inspect", args=[self.case.pk]), "label": self.case.reference},
            {"url": "", "label": str(self.action.label)},
        ]

    def render_form(self, form, status=200):
        context = self.get_context_data(form=form, case=self.case, action=self.action)
        return self.render_to_response(context, status=status)

    def render_to_response(self, context, status=200):
        from django.template.response import TemplateResponse

        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk, action):
        return self.render_form(ActionForm(action=self.action, case=self.case))

    def post(self, request, pk, action):
        form = ActionForm(request.POST, action=self.action, case=self.case)
        if "use_canned" in request.POST:
            return self.render_form(self._with_canned_reply(form))
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            case_transition(
                case=self.case,
                action=self.action.name,
                actor=request.user,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
            )
        except CaseActionError as refusal:
            show_refusal(form, refusal)
            return self.render_form(form, status=400)
        messages.success(request, _("%(action)s: done.") % {"action": self.action.label})
        return HttpResponseRedirect(reverse("cases:inspect", args=[self.case.pk]))

    def _with_canned_reply(self, form):
        reply = CannedReply.objects.filter(
            pk=request_value(self.request, "canned_reply"), active=True
        ).first()
        data = self.request.POST.copy()
        if reply is not None:
            data["message"] = render_canned_reply(reply, self.case, self.request.user)
        return ActionForm(data, action=self.action, case=self.case)


def request_value(request, name):
    value = request.POST.get(name, "")
    return value if value.isdigit() else None


def render_canned_reply(reply: CannedReply, case: Case, user) -> str:
    due = (
        timezone.localtime(case.resolve_due).strftime("%Y-%m-%d %H:%M") if case.resolve_due else ""
    )
    handler = case.owner or user
    values = {
        "name": case.complainant_name,
        "reference": case.reference,
        "handler": access.display_name(handler),
        "due_date": due,
    }
    text = reply.body
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


class IntakeView(CreateView):
    """Record a complaint from any non-online channel. If the same customer has open cases,
    show them first and let the agent continue or go to the existing case."""

    form_class = IntakeForm
    template_name = "backoffice/intake.html"
    page_title = gettext_lazy("Record a complaint")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_form_class(self):
        return IntakeForm

    def get_form(self, form_class=None):
        return IntakeForm(**self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["existing"] = getattr(self, "existing", None)
        return context

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        self.existing = list(
            selectors.open_cases_for_customer(
                self.request.user,
                phone=data.get("complainant_phone", ""),
                member_card=data.get("member_card", ""),
            )
        )
        if self.existing and not data.get("confirm_new"):
            form.data = form.data.copy()
            form.data["confirm_new"] = "on"
            self.produced_error_message = _(
                "This customer already has open complaints (below). Submit again to record a new one."
            )
            return self.form_invalid(form)
        channel = data.pop("channel")
        acknowledge_now = data.pop("acknowledge_now", False)
        data.pop("confirm_new", None)
        try:
            submission = case_submit(
                channel=channel,
                data={k: v for k, v in data.items() if v not in (None, "")},
                actor=self.request.user,
                acknowledge_now=acknowledge_now,
            )
        except CaseActionError as refusal:
            form.add_error(None, refusal.message)
            self.produced_error_message = refusal.message
            return self.form_invalid(form)
        self.object = submission.case
        messages.success(
            self.request,
            _(
                "Complaint %(reference)s recorded. Tell the customer the reference and tracking code %(code)s."
            )
            % {"reference": submission.case.reference, "code": submission.tracking_code},
        )
        return HttpResponseRedirect(reverse("cases:inspect", args=[submission.case.pk]))

    def save_instance(self):  # pragma: no cover - form_valid never calls the default save
        raise NotImplementedError


class AttachmentView(View):
    """Evidence is served only to staff who may see the case, never from a public URL."""

    def get(self, request, pk, attachment_pk):
        # The case first: a lookup by pk answers "none" for any number, however large.
        case = object_or_404(request.user, Case.objects.all(), pk=pk)
        attachment = object_or_404(
            request.user, CaseAttachment.objects.all(), pk=attachment_pk, case_id=case.pk
        )
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        return as_download(response, attachment.original_name)


def document_view(request, pk, kind):
    from backoffice.views.documents import case_document

    return case_document(request, pk, kind)


class CaseViewSet(GatedModelViewSet):
    """Cases change only through actions and are never deleted (closed cases are archived):
    no edit, delete, copy or usage views."""

    model = Case
    removed_views = frozenset({"edit", "delete", "copy", "usage"})
    icon = "warning"
    menu_label = gettext_lazy("Cases")
    menu_order = 10
    add_to_admin_menu = True
    name = "cases"
    index_view_class = CaseIndexView
    add_view_class = IntakeView
    inspect_view_class = CaseScreenView
    inspect_view_enabled = True
    filterset_class = CaseFilterSet
    search_fields = [
        "reference",
        "complainant_phone",
        "complainant_name",
        "description",
        "member_card",
    ]
    search_backend_name = None
    list_per_page = 30
    list_display = [
        ReferenceColumn("reference", label=gettext_lazy("Reference"), sort_key="reference"),
        QueueColumn(
            "state", label=gettext_lazy("State"), accessor="get_state_display", sort_key="state"
        ),
        QueueColumn("store", label=gettext_lazy("Store")),
        QueueColumn("category", label=gettext_lazy("Category")),
        QueueColumn("severity", label=gettext_lazy("Severity"), accessor="get_severity_display"),
        ContactColumn("complainant_name", "name", label=gettext_lazy("Complainant")),
        ContactColumn("complainant_phone", "phone", label=gettext_lazy("Phone")),
        PersonColumn("owner", label=gettext_lazy("Owner")),
        DueColumn("resolve_due", label=gettext_lazy("Resolve by"), sort_key="resolve_due"),
        QueueColumn("received_at", label=gettext_lazy("Received"), sort_key="received_at"),
    ]
    list_export = [
        "reference",
        "get_state_display",
        "get_channel_display",
        "get_severity_display",
        "get_urgency_display",
        "store.name",
        "category",
        "complainant_name",
        "complainant_phone",
        "complainant_email",
        "received_at",
        "resolve_due",
        "owner",
        "description",
        "compensation_amount",
        "satisfaction",
        "closed_at",
    ]

    @property
    def export_filename(self):
        return "cases"

    def get_form_class(self, for_update=False):
        return IntakeForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("inspect/<int:pk>/do/<slug:action>/", CaseActionView.as_view(), name="action"),
            path(
                "inspect/<int:pk>/files/<int:attachment_pk>/",
                AttachmentView.as_view(),
                name="attachment",
            ),
            path("inspect/<int:pk>/print/<slug:kind>.pdf", document_view, name="document"),
        ]


def due_badge(case: Case) -> str:
    if case.resolve_due is None:
        return "—"
    local = timezone.localtime(case.resolve_due)
    return format_html("{}", local.strftime("%Y-%m-%d %H:%M"))
