"""The second-factor screens: enrolment (QR code, secret, confirm, recovery codes once), the
challenge after each password sign-in, new recovery codes, and an administrator's reset.

Each challenge (and each enrolment) allows settings.MFA_MAX_ATTEMPTS codes. The last wrong one
signs the user out, so the next attempt, right or wrong, meets the sign-in page: they start
again with the password, which django-axes throttles. The count lives in the session and starts
afresh at each password sign-in; django-otp's per-device back-off (1, 2, 4 … seconds after
consecutive failures, whatever the session) bounds guessing across sign-ins."""

from __future__ import annotations

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from backoffice.mfa import devices
from backoffice.mfa.forms import CodeForm

ATTEMPTS_KEY = "mfa_attempts"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _attempts(request: HttpRequest) -> int:
    return int(request.session.get(ATTEMPTS_KEY, 0))


def _sign_out_after_too_many(request: HttpRequest) -> HttpResponse:
    # The message is rendered now, in the user's language, and survives the logout in the
    # message cookie.
    message = _(
        "You entered a wrong code %(n)d times. For your security you have been signed out: "
        "sign in again with your password."
    ) % {"n": settings.MFA_MAX_ATTEMPTS}
    logout(request)
    messages.error(request, message)
    return redirect("wagtailadmin_login")


def _refuse_code(request: HttpRequest, form: CodeForm, error: str) -> HttpResponse | None:
    """Count a failed attempt; sign out after the last one, else put the error on the form."""
    attempts = _attempts(request) + 1
    request.session[ATTEMPTS_KEY] = attempts
    left = settings.MFA_MAX_ATTEMPTS - attempts
    if left <= 0:
        return _sign_out_after_too_many(request)
    attempts_left = ngettext("%(left)d attempt left.", "%(left)d attempts left.", left) % {
        "left": left
    }
    form.add_error("code", f"{error} {attempts_left}")
    return None


def _verified(request: HttpRequest, device) -> None:
    django_otp.login(request, device)
    request.session.pop(ATTEMPTS_KEY, None)
    # A new session key once the session is worth more than a password.
    request.session.cycle_key()


def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if devices.has_confirmed_factor(user):
        # Replacing an enrolled authenticator takes an administrator's reset, never just the
        # password.
        if user.is_verified():
            return redirect(_next_url(request))
        return redirect(f"{reverse('backoffice_mfa_challenge')}?{request.GET.urlencode()}")
    device = devices.enrolment_device(user)
    form = CodeForm(
        request.POST or None, help_text=_("The six-digit code your app shows for this account.")
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes = devices.enrolment_confirm(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except devices.Throttled:
            codes, error = None, _("Several wrong codes in a row: wait a few seconds.")
        else:
            error = _("That code is not right.")
        if codes is not None:
            device.refresh_from_db()
            _verified(request, device)
            return _recovery_codes_page(request, codes, first_time=True)
        refused = _refuse_code(request, form, error)
        if refused is not None:
            return refused
    return TemplateResponse(
        request,
        "backoffice/mfa/enrol.html",
        {
            "form": form,
            "qr_svg": devices.qr_svg(device),
            "secret": devices.secret_text(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "username": user.get_username(),
            "next": _next_url(request),
        },
    )


def challenge(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not devices.has_confirmed_factor(user):
        return redirect(f"{reverse('backoffice_mfa_enrol')}?{request.GET.urlencode()}")
    form = CodeForm(
        request.POST or None,
        help_text=_("The six-digit code of your authenticator app, or one of your recovery codes."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = devices.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except devices.Throttled:
            device, error = None, _("Several wrong codes in a row: wait a few seconds.")
        else:
            error = _("That code is not right, or it was already used.")
        if device is not None:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                left = devices.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(left)d recovery code is left.",
                        "You signed in with a recovery code. %(left)d recovery codes are left.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
        refused = _refuse_code(request, form, error)
        if refused is not None:
            return refused
    return TemplateResponse(
        request,
        "backoffice/mfa/challenge.html",
        {"form": form, "next": _next_url(request)},
    )


@require_http_methods(["GET", "POST"])
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """Asks first (GET), then replaces the recovery codes and shows the new ones (POST). Only a
    session that passed the second factor gets here (the middleware): the password alone
    cannot replace the codes."""
    if request.method == "GET":
        return TemplateResponse(
            request,
            "backoffice/mfa/renew.html",
            {"left": devices.recovery_codes_left(request.user), "next": _next_url(request)},
        )
    codes = devices.recovery_codes_renew(user=request.user)
    return _recovery_codes_page(request, codes, first_time=False)


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, first_time: bool):
    response = TemplateResponse(
        request,
        "backoffice/mfa/recovery_codes.html",
        {
            "codes": [f"{code[:4]}-{code[4:]}" for code in codes],
            "first_time": first_time,
            "next": _next_url(request),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def user_can_reset(actor, target) -> bool:
    """Who may reset whose second factor: whoever may edit user accounts, and only a
    superuser for a superuser (as Wagtail's own user editing)."""
    if not actor.has_perm("auth.change_user"):
        return False
    return actor.is_superuser or not target.is_superuser


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "backoffice/mfa/reset.html"
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(get_user_model(), pk=kwargs["user_pk"])
        if not user_can_reset(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Reset second factor")

    def get_page_subtitle(self):
        return get_user_display_name(self.target)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            target=self.target,
            target_name=get_user_display_name(self.target),
            enrolled=devices.has_confirmed_factor(self.target),
            index_url=reverse("wagtailusers_users:index"),
        )
        return context

    def post(self, request, *args, **kwargs):
        devices.second_factor_reset(user=self.target, actor=request.user)
        messages.success(
            request,
            _(
                "The second factor of %(name)s was reset. They set up an authenticator app "
                "again at their next sign-in."
            )
            % {"name": get_user_display_name(self.target)},
        )
        return redirect("wagtailusers_users:index")
