"""Second-factor helpers for tests: an account that has enrolled, and the codes its
authenticator app would show."""

from __future__ import annotations

import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrol(user) -> TOTPDevice:
    """The state after `user` finished enrolment (the screens are tested in
    tests/backoffice/test_second_factor.py): a confirmed authenticator app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def code_for_key(key: bytes, *, steps_ahead: int = 0) -> str:
    """What an authenticator app holding `key` shows now (or `steps_ahead` windows later)."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def code_for_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """The same from the base32 secret a person types into the app by hand."""
    return code_for_key(b32decode(secret.replace(" ", "")), steps_ahead=steps_ahead)


def fresh_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet: the current one, or the next window's (still
    within the tolerance of one step) if the current one was already used."""
    device.refresh_from_db()
    now = TOTP(device.bin_key).t()
    return code_for_key(device.bin_key, steps_ahead=1 if device.last_t >= now else 0)
