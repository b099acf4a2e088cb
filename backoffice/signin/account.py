"""The e-mail address in Wagtail's account settings, behind the current password.

Wagtail's "Name and Email" panel changes the address with nothing but the session, and the
address is where a password reset goes: whoever finds a signed-in screen could take the
account over. WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False takes the field out of that panel and
this panel (registered in wagtail_hooks) asks for the current password with it. Wagtail's
password panel already asks for the old password."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.account import BaseSettingsPanel


class EmailChangeForm(forms.ModelForm):
    email = forms.EmailField(required=True, label=_("Email"))
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Needed only to change your e-mail address."),
    )

    class Meta:
        model = get_user_model()
        fields = ["email"]

    def clean(self):
        cleaned = super().clean()
        if "email" in self.changed_data and not self.instance.check_password(
            cleaned.get("current_password") or ""
        ):
            self.add_error(
                "current_password",
                _("Enter your current password to change your e-mail address."),
            )
        return cleaned

    def _post_clean(self):
        # A refused change must not reach the user object either: the account view renders
        # its panels again from that same object, and would show (and other panels would
        # save) the new address.
        if not self.errors:
            super()._post_clean()


class EmailSettingsPanel(BaseSettingsPanel):
    name = "email"
    title = _("Email")
    order = 150
    form_class = EmailChangeForm
