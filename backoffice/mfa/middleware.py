"""After the password alone a staff session opens nothing in the admin but the sign-in and
sign-out, the second-factor screens and the static pieces they use. Wagtail's admin URLs are
decorated one by one (require_admin_access); checking here instead covers every admin URL,
those other apps register included, without any of them opting in."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from backoffice.mfa.devices import has_confirmed_factor, mfa_required

# What an unverified session may still open under the admin prefix (URL names).
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "backoffice_mfa_challenge",
        "backoffice_mfa_enrol",
    }
)


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.refuse(request)
        return response if response is not None else self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse | None:
        if not mfa_required() or not request.path_info.startswith(admin_prefix()):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        target = (
            "backoffice_mfa_challenge" if has_confirmed_factor(user) else "backoffice_mfa_enrol"
        )
        # Back to where they were going once verified; a POST's target is not replayed.
        next_url = request.get_full_path() if request.method == "GET" else admin_prefix()
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
