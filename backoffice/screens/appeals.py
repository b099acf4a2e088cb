"""Staff appeals (歧义申诉) in the admin: file one from the case screen, decide it from the
appeals list. The rules are in backoffice.services.appeals."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views.generic import View

from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from backoffice.choices import Validity
from backoffice.gate import GatedModelViewSet, object_or_404
from backoffice.models import Case, StaffAppeal
from backoffice.screens.forms import show_refusal
from backoffice.services.appeals import appeal_decide, appeal_file
from backoffice.services.errors import CaseActionError


class AppealFileForm(forms.Form):
    grounds = forms.CharField(
        label=gettext_lazy("Why the judgment is wrong"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )


class AppealDecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("true", gettext_lazy("Uphold: change the judgment")),
            ("false", gettext_lazy("Dismiss: the judgment stands")),
        ],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    new_validity = forms.ChoiceField(
        label=gettext_lazy("New validity (when upheld)"),
        choices=[("", "—")] + [c for c in Validity.choices if c[0]],
        required=False,
    )
    decision = forms.CharField(
        label=gettext_lazy("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class _FormView(WagtailAdminTemplateMixin, View):
    template_name = "backoffice/appeal_form.html"
    form_class = None

    def render(self, form, status=200):
        context = self.get_context_data(
            form=form, case=self.case, appeal=getattr(self, "appeal", None)
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class())

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            self.perform(form.cleaned_data)
        except CaseActionError as refusal:
            show_refusal(form, refusal)
            return self.render(form, status=400)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(reverse("cases:inspect", args=[self.case.pk]))


class AppealFileView(_FormView):
    form_class = AppealFileForm
    page_title = gettext_lazy("Appeal the judgment")
    success_message = gettext_lazy(
        "Your appeal was filed; the reviewer decides within one working day."
    )

    def dispatch(self, request, pk):
        self.case = object_or_404(request.user, Case.objects.all(), pk=pk)
        return super().dispatch(request, pk)

    def perform(self, data):
        appeal_file(case=self.case, appellant=self.request.user, grounds=data["grounds"])


class AppealDecideView(_FormView):
    form_class = AppealDecideForm
    page_title = gettext_lazy("Decide the appeal")
    success_message = gettext_lazy("The appeal was decided.")

    def dispatch(self, request, pk):
        self.appeal = object_or_404(request.user, appeal_rows(), pk=pk)
        self.case = self.appeal.case
        return super().dispatch(request, pk)

    def perform(self, data):
        appeal_decide(
            appeal=self.appeal,
            reviewer=self.request.user,
            upheld=data["upheld"],
            decision=data["decision"],
            new_validity=data.get("new_validity") or None,
        )


def appeal_rows():
    """Appeals with what their screens show; the gate narrows them to the user's units."""
    return StaffAppeal.objects.select_related("case", "appellant", "reviewer")


class AppealIndexView(IndexView):
    default_ordering = "-filed_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("case", "appellant", "reviewer")


class AppealInspectView(InspectView):
    template_name = "backoffice/appeal_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(appeal_rows(), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appeal"] = self.object
        return context


class AppealViewSet(GatedModelViewSet):
    """Appeals change only through their services: no generic add, edit, delete, copy or usage."""

    model = StaffAppeal
    removed_views = frozenset({"add", "edit", "delete", "copy", "usage"})
    icon = "pick"
    menu_label = gettext_lazy("Staff appeals")
    menu_order = 11
    add_to_admin_menu = True
    index_view_class = AppealIndexView
    inspect_view_class = AppealInspectView
    inspect_view_enabled = True
    form_fields = ["grounds"]
    list_display = ["case", "appellant", "status", "filed_at", "decide_by"]
    list_filter = ["status"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("file/<int:pk>/", AppealFileView.as_view(), name="file"),
            path("decide/<int:pk>/", AppealDecideView.as_view(), name="decide"),
        ]
