"""Contact details as Chinese customers write them."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area code (010, 02x: three digits; others four) and a 7–8 digit number.
LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$")
SEPARATORS = re.compile(r"[\s\-–—()（）.]")


def normalise_phone(value: str) -> str:
    """A Chinese mobile (13800138000) or landline (010-12345678, 0571-87654321 转 123) in one
    canonical form; raises ValidationError for anything else. Accepts +86 / 0086, spaces,
    dashes and brackets as people type them."""
    raw = (value or "").strip()
    extension = ""
    match = re.search(r"(?:转|ext\.?|x|#)\s*(\d{1,6})$", raw, flags=re.IGNORECASE)
    if match:
        extension = match.group(1)
        raw = raw[: match.start()]
    digits = SEPARATORS.sub("", raw)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit():
        raise ValidationError(_invalid(), code="phone")
    if MOBILE.match(digits) and not extension:
        return digits
    landline = LANDLINE.match(digits)
    if landline:
        area, number = landline.groups()
        return f"{area}-{number}" + (f" 转{extension}" if extension else "")
    # A landline written without its leading 0 after +86 (e.g. +86 10 12345678).
    landline = LANDLINE.match("0" + digits) if not digits.startswith("0") else None
    if landline and value.strip().startswith(("+86", "0086")):
        area, number = landline.groups()
        return f"{area}-{number}" + (f" 转{extension}" if extension else "")
    raise ValidationError(_invalid(), code="phone")


def _invalid():
    return _(
        "Enter a Chinese mobile number (11 digits, e.g. 13800138000) or a landline with its "
        "area code (e.g. 010-12345678)."
    )
