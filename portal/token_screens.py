"""Administrators issue and revoke staff API tokens in the admin (Settings → API tokens).

A token's plaintext exists only in the response that creates it: it is rendered into that page
and never stored, logged or put in a message (messages may travel in a cookie). Tokens are
revoked, never deleted, so the list keeps who had access and until when."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from backoffice.mfa.devices import has_confirmed_factor, mfa_required
from portal.models import ApiToken
from portal.tokens import api_token_create, api_token_revoke


class StatusColumn(Column):
    def get_value(self, instance):
        return _("Revoked") if instance.revoked_at else _("Active")


class ApiTokenCreateForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        # The staff API answers with what the token's account may see: only staff accounts.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, staff__isnull=False)
            .order_by("username")
        )
        self.fields["name"].help_text = _("E.g. the call-centre system that will use it.")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if mfa_required() and not has_confirmed_factor(user):
            raise forms.ValidationError(
                _(
                    "This account has not set up its second factor yet. Its holder signs in "
                    "to the admin once and sets up an authenticator app; then issue the token."
                )
            )
        return user


class ApiTokenEditForm(forms.ModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this token"),
        required=False,
        help_text=_("The system using it is refused from now on. This cannot be undone."),
    )

    class Meta:
        model = ApiToken
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        if self.instance.revoked_at:
            del self.fields["revoke"]


class ApiTokenCreateView(CreateView):
    def form_valid(self, form):
        token, plaintext = api_token_create(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        self.object = token
        response = TemplateResponse(
            self.request,
            "portal/admin/api_token_created.html",
            {
                **self.get_context_data(form=form),
                "token": token,
                "plaintext": plaintext,
                "index_url": self.get_success_url(),
            },
        )
        add_never_cache_headers(response)  # no copy of the secret in any cache
        return response


class ApiTokenEditView(EditView):
    def save_instance(self):
        token = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            api_token_revoke(token=token)
        return token


class NoDeletePolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody deletes a token: it is revoked instead."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(ApiToken, NoDeletePolicy(ApiToken), exact_class=True)


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    add_to_settings_menu = True
    menu_label = _("API tokens")
    add_view_class = ApiTokenCreateView
    edit_view_class = ApiTokenEditView
    copy_view_enabled = False
    list_display = [
        "__str__",
        "name",
        DateColumn("created_at", label=_("created at")),
        DateColumn("last_used_at", label=_("last used at")),
        StatusColumn("status", label=_("Status")),
    ]
    list_filter = ["user"]

    def get_form_class(self, for_update=False):
        return ApiTokenEditForm if for_update else ApiTokenCreateForm
