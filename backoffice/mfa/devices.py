"""Who has which second factor, and every change to it. Views, the middleware, the staff API and
the tests call these functions; nothing else creates, confirms or deletes an OTP device."""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.functional import LazyObject, empty
from django.utils.safestring import SafeString, mark_safe

from wagtail.log_actions import log

ENROLLED = "backoffice.mfa_enrol"
RESET = "backoffice.mfa_reset"
RECOVERY_RENEWED = "backoffice.mfa_recovery_renew"

TOTP_NAME = "authenticator app"
RECOVERY_NAME = "recovery codes"
_TOTP_SHAPE = re.compile(r"^\d{6}$")


def _concrete(user):
    """request.user is lazy twice over (auth, then django-otp); Wagtail's log picks its log
    model by the instance's type, so it needs the user itself."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def mfa_required() -> bool:
    return bool(getattr(settings, "MFA_REQUIRED", True))


def has_confirmed_factor(user) -> bool:
    """True when the user has finished enrolment: a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolled(user_ref: OuterRef | str = "user") -> Exists:
    """The same rule as a query expression, for filtering rows that point to a user."""
    if isinstance(user_ref, str):
        user_ref = OuterRef(user_ref)
    return Exists(TOTPDevice.objects.filter(user=user_ref, confirmed=True))


def enrolment_device(user) -> TOTPDevice:
    """The not-yet-confirmed authenticator of a user who is enrolling, created on first use.

    The same secret is shown again on a reload, so a page refresh does not invalidate what the
    user has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, as authenticator apps accept it typed by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URI as an inline SVG QR code: no image file, no data: URI for the CSP."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=None
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup of our own URI


def normalise_code(code: str) -> str:
    """Spaces and dashes people type inside codes do not count; recovery codes are lowercase."""
    return re.sub(r"[\s\-]", "", code or "").lower()


class Throttled(Exception):
    """django-otp's own back-off after consecutive failures (1, 2, 4, 8 … seconds per device,
    across sessions): the code was not even checked."""


def enrolment_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows. On success the device is confirmed, any
    other authenticator of the user is removed, fresh recovery codes are issued and returned
    (to show once), and the enrolment is logged. Returns None on a wrong code; raises Throttled
    when django-otp's back-off refuses to check it."""
    if device.user_id != user.pk or device.confirmed:
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_is_allowed()[0]:
            raise Throttled
        if not device.verify_token(normalise_code(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _issue_recovery_codes(user)
        log(instance=_concrete(user), action=ENROLLED, user=_concrete(user))
    return codes


def recovery_codes_renew(*, user) -> list[str]:
    """Replace the user's recovery codes by a fresh set (the old ones stop working)."""
    with transaction.atomic():
        codes = _issue_recovery_codes(user)
        log(instance=_concrete(user), action=RECOVERY_RENEWED, user=_concrete(user))
    return codes


def _issue_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, user, code: str) -> Device | None:
    """The device that accepts `code` (a six-digit authenticator code, or a recovery code, which
    is then used up), or None. A code already accepted once is refused: TOTPDevice keeps the
    time step of the last accepted code (last_t) and only accepts later ones."""
    code = normalise_code(code)
    if not code:
        return None
    model = TOTPDevice if _TOTP_SHAPE.match(code) else StaticDevice
    with transaction.atomic():
        devices = list(
            model.objects.filter(user=user, confirmed=True).select_for_update().order_by("pk")
        )
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            raise Throttled
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def second_factor_reset(*, user, actor: AbstractBaseUser) -> int:
    """Remove every second-factor device of `user` (authenticator and recovery codes) and log
    who did it. The user enrols again at the next admin request; any session of theirs loses
    its verification at once (its device no longer exists), and their API tokens stop working
    until they have enrolled again (portal.tokens). Returns how many devices were removed."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            devices = model.objects.filter(user=user)
            removed += devices.count()
            devices.delete()
        log(
            instance=_concrete(user),
            action=RESET,
            user=_concrete(actor),
            data={"devices_removed": removed},
        )
    return removed
