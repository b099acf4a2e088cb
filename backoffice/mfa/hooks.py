"""The second factor's place in the Wagtail admin: its URLs, its audit-log actions and the
"Reset second factor" button on the users list, "New recovery codes" on the account page. Imported by backoffice/wagtail_hooks.py."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from backoffice.mfa import devices, urls
from backoffice.mfa.views import user_can_reset


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [path("", include(urls))]


@hooks.register("register_log_actions")
def second_factor_log_actions(actions):
    actions.register_action(devices.ENROLLED, _("Set up second factor"), _("Second factor set up"))
    actions.register_action(devices.RESET, _("Reset second factor"), _("Second factor reset"))
    actions.register_action(
        devices.RECOVERY_RENEWED, _("Renew recovery codes"), _("Recovery codes renewed")
    )


@hooks.register("register_account_menu_item")
def new_recovery_codes_item(request):
    return {
        "url": reverse("backoffice_mfa_recovery_codes"),
        "label": _("New recovery codes"),
        "help_text": _(
            "Replace your recovery codes, e.g. when few are left. The old ones stop working."
        ),
    }


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if not user_can_reset(request_user, user):
        return []
    return [
        Button(
            _("Reset second factor"),
            reverse("backoffice_mfa_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
    ]
