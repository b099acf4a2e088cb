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


def _pk_of(value) -> int | None:
    """The primary key in `value` (an object, a number or a form's string), or None for
    anything else, so that a tampered form is refused, not a crash."""
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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


def clean_case(value, errors: dict, field: str = "into", *, actor=None):
    """Another case, given as a Case, its pk or its reference (as staff type it), found only
    among the cases `actor` may see: another unit's case gets the very message of a reference
    that does not exist (backoffice.access.find_case)."""
    from backoffice.access import find_case

    case = find_case(actor, value)
    if case is None:
        errors[field] = _("No case has this reference.")
    return case


def clean_owner(value, errors: dict, *, case=None):
    """A colleague to hand the case to, among those who may work on it: one of another unit
    is refused with the same message as an account that does not exist."""
    from backoffice.access import can_work_case

    user = (
        get_user_model().objects.filter(pk=_pk_of(value), is_active=True).first() if value else None
    )
    if user is None or (case is not None and not can_work_case(user, case)):
        errors["owner"] = _("Please choose a colleague.")
        return None
    return user


TEXT_FIELDS = {
    "message": 10000,
    "note": 10000,
    "resolution": 10000,
    "validity_reason": 4000,
    "cause": 4000,
    "corrective_action": 4000,
    "prevention": 4000,
    "comment": 4000,
    "petty_cash_slip": 40,
}


def _clean_one(action: str, field: str, value, errors: dict, actor=None, case=None):
    if field in TEXT_FIELDS:
        return _text(value, field, errors, TEXT_FIELDS[field])
    if field == "category":
        return clean_category(value, errors)
    if field == "severity":
        return _choice(value, field, Severity.choices, errors)
    if field == "urgency":
        return _choice(value, field, Urgency.choices, errors)
    if field == "validity":
        choices = (
            Validity.invalid_choices()
            if action == "mark_invalid"
            else [(v, label) for v, label in Validity.choices if v.startswith("valid")]
        )
        return _choice(value, field, choices, errors)
    if field == "responsible_unit":
        return clean_unit(value, errors)
    if field == "owner":
        return clean_owner(value, errors, case=case)
    if field in ("reached", "quality_problem", "commission_deducted"):
        return clean_bool(value, field, errors)
    if field == "satisfaction":
        return clean_satisfaction(value, errors)
    if field == "compensation_amount":
        amount = clean_amount(value, errors)
        if amount is None and field not in errors:
            errors[field] = _("Enter an amount in yuan, for example 50 or 49.90.")
        return amount
    if field == "compensation_kind":
        return _choice(value, field, CompensationKind.choices, errors)
    if field == "into":
        return clean_case(value, errors, field, actor=actor)
    raise KeyError(f"No cleaner for field {field!r}")  # a table entry without a cleaner


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_action_data(
    action, data: dict, *, enforce_required: bool = True, actor=None, case=None
) -> tuple[dict, dict]:
    """Clean the values `action` (a workflow.Action) requires and the optional ones it accepts,
    as `actor` on `case`: a case or colleague they name is looked for only among those they may
    see. Returns (cleaned values, field errors). Optional values left blank are simply absent."""
    errors: dict = {}
    cleaned: dict = {}
    for field in action.requires:
        if enforce_required or not _is_blank(data.get(field)):
            cleaned[field] = _clean_one(action.name, field, data.get(field), errors, actor, case)
    for field in action.optional:
        if not _is_blank(data.get(field)):
            cleaned[field] = _clean_one(action.name, field, data.get(field), errors, actor, case)
    return cleaned, errors
