"""Cleaning of the values an action needs (the `requires` of the workflow table). Admin forms,
the portal and the API all end here, so a value is judged the same way wherever it comes from."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from backoffice.choices import CompensationKind, Severity, Urgency, Validity
from backoffice.models import Category, Unit


def _text(value, field: str, errors: dict, max_length: int = 10000) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        errors[field] = _("This field is required.")
    elif len(text) > max_length:
        errors[field] = _("Please keep this under %(n)d characters.") % {"n": max_length}
    return text


def _choice(value, field: str, choices, errors: dict) -> str:
    allowed = {str(v) for v, _label in choices}
    if value in (None, "") or str(value) not in allowed:
        errors[field] = _("Please choose one of the options.")
        return ""
    return str(value)


def _pk_of(value):
    return getattr(value, "pk", value)


def clean_category(value, errors: dict):
    category = Category.objects.filter(pk=_pk_of(value), active=True).first() if value else None
    if category is None:
        errors["category"] = _("Please choose a category.")
    return category


def clean_unit(value, errors: dict, field: str = "responsible_unit"):
    unit = Unit.objects.filter(pk=_pk_of(value), active=True).first() if value else None
    if unit is None:
        errors[field] = _("Please choose a unit.")
    return unit


def clean_amount(value, errors: dict, field: str = "compensation_amount") -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = _("Enter an amount in yuan, for example 50 or 49.90.")
        return None
    if amount < 0:
        errors[field] = _("An amount cannot be negative.")
        return None
    if amount > Decimal("1000000"):
        errors[field] = _("That amount is too large to be right; please check it.")
        return None
    return amount


def clean_satisfaction(value, errors: dict, field: str = "satisfaction") -> int | None:
    try:
        score = int(value)
    except (TypeError, ValueError):
        errors[field] = _("Choose a rating from 1 to 5.")
        return None
    if not 1 <= score <= 5:
        errors[field] = _("Choose a rating from 1 to 5.")
        return None
    return score


def clean_bool(value, field: str, errors: dict) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("true", "True", "1", "yes", "on"):
        return True
    if value in ("false", "False", "0", "no"):
        return False
    errors[field] = _("Please answer yes or no.")
    return None


def clean_owner(value, errors: dict):
    user = (
        get_user_model().objects.filter(pk=_pk_of(value), is_active=True).first() if value else None
    )
    if user is None:
        errors["owner"] = _("Please choose a colleague.")
    return user


def clean_action_data(action: str, requires: tuple[str, ...], data: dict) -> tuple[dict, dict]:
    """Returns (cleaned values, field errors) for the fields the action requires, plus the
    optional fields it accepts."""
    errors: dict = {}
    cleaned: dict = {}
    for field in requires:
        value = data.get(field)
        if field in ("message", "note", "resolution", "validity_reason"):
            cleaned[field] = _text(value, field, errors)
        elif field in ("cause", "corrective_action", "prevention"):
            cleaned[field] = _text(value, field, errors, 4000)
        elif field == "category":
            cleaned[field] = clean_category(value, errors)
        elif field == "severity":
            cleaned[field] = _choice(value, field, Severity.choices, errors)
        elif field == "urgency":
            cleaned[field] = _choice(value, field, Urgency.choices, errors)
        elif field == "validity":
            choices = (
                Validity.invalid_choices()
                if action == "mark_invalid"
                else [(v, label) for v, label in Validity.choices if v.startswith("valid")]
            )
            cleaned[field] = _choice(value, field, choices, errors)
        elif field == "responsible_unit":
            cleaned[field] = clean_unit(value, errors)
        elif field == "owner":
            cleaned[field] = clean_owner(value, errors)
        elif field == "reached":
            cleaned[field] = clean_bool(value, field, errors)
        elif field == "satisfaction":
            cleaned[field] = clean_satisfaction(value, errors)
        elif field == "compensation_amount":
            cleaned[field] = clean_amount(value, errors)
            if cleaned[field] is None and field not in errors:
                errors[field] = _("Enter the amount to approve.")
        else:  # pragma: no cover - a table entry without a cleaner is a programming error
            raise KeyError(f"No cleaner for required field {field!r}")

    # Optional extras some actions accept.
    if action in ("propose_resolution", "request_approval"):
        kind = data.get("compensation_kind") or ""
        if kind not in {v for v, _label in CompensationKind.choices}:
            errors["compensation_kind"] = _("Please choose one of the options.")
        cleaned["compensation_kind"] = kind
        if "compensation_amount" not in cleaned:
            cleaned["compensation_amount"] = clean_amount(data.get("compensation_amount"), errors)
        for flag in ("quality_problem", "commission_deducted"):
            if data.get(flag) not in (None, ""):
                cleaned[flag] = clean_bool(data.get(flag), flag, errors)
    if action == "record_callback":
        if data.get("satisfaction") not in (None, ""):
            cleaned["satisfaction"] = clean_satisfaction(data.get("satisfaction"), errors)
        cleaned["comment"] = (data.get("comment") or "").strip()
    if action == "customer_rate":
        cleaned["comment"] = (data.get("comment") or "").strip()[:4000]
    if action in ("customer_accept", "approve_compensation", "implement", "dispute"):
        cleaned.setdefault("message", (data.get("message") or "").strip())
        if action == "implement":
            cleaned["petty_cash_slip"] = (data.get("petty_cash_slip") or "").strip()[:40]
    if action in ("start_investigation",) and data.get("responsible_unit"):
        cleaned["responsible_unit"] = clean_unit(data.get("responsible_unit"), errors)
    return cleaned, errors
