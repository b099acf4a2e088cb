"""Contact details as customers write them: one normal form, so the repeat check and the
intake check find the same customer however the number was typed."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
_SERVICE = re.compile(r"^[48]00\d{7}$")


def normalise_phone(value: str) -> str | None:
    """13800138000 from '138 0013 8000', '+86 138-0013-8000' or '0086 13800138000';
    landlines keep their area code (01012345678). None when it is not a Chinese number."""
    digits = re.sub(r"[\s\-()（）.]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit():
        return None
    if _MOBILE.match(digits) or _LANDLINE.match(digits) or _SERVICE.match(digits):
        return digits
    return None
