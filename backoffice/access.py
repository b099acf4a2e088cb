"""Who sees and works which case, and how much of the complainant they see. Every list,
screen, export, report, document and API goes through `cases_visible_to` / `visible` and
`can_work_case`; the Wagtail admin reaches these rules through the permission policies of
backoffice.gate. Nothing else decides object-level access or masking."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Model, Q, QuerySet

from backoffice.choices import ALL_UNITS_ROLES, HANDLING_ROLES, Role
from backoffice.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    FollowUpAttempt,
    Notification,
    StaffAppeal,
    StaffMember,
    Unit,
)
from backoffice.workflow import CLOSED_STATES


def display_name(user) -> str:
    """A person's name as colleagues say it: 王丽 (family name first) for Chinese names,
    "Li Wang" for Latin ones."""
    if user is None:
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if not (first or last):
        return user.get_username()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def staff_of(user) -> StaffMember | None:
    """The user's staff record (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_staff_cache"):
        user._staff_cache = StaffMember.objects.select_related("unit").filter(user=user).first()
    return user._staff_cache


def role_of(user) -> str | None:
    staff = staff_of(user)
    if staff is not None:
        return staff.role
    if user is not None and getattr(user, "is_superuser", False):
        return Role.ADMINISTRATOR
    return None


def sees_all_units(user) -> bool:
    return getattr(user, "is_superuser", False) or role_of(user) in ALL_UNITS_ROLES


def unit_ids(user) -> list[int]:
    """The user's unit and every unit below it (cached on the user object for the request)."""
    staff = staff_of(user)
    if staff is None:
        return []
    if not hasattr(user, "_unit_ids_cache"):
        user._unit_ids_cache = list(
            Unit.objects.filter(path__startswith=staff.unit.path).values_list("pk", flat=True)
        )
    return user._unit_ids_cache


def unit_scope(user) -> Q:
    """Cases of the user's unit and every unit below it, as the store, the unit complained
    about or the responsible unit. Unit ids first: three indexed id lookups beat three joins
    on a million cases."""
    ids = unit_ids(user)
    if not ids:
        return Q(pk__in=[])
    return (
        Q(store_id__in=ids) | Q(responsible_unit_id__in=ids) | Q(unit_complained_about_id__in=ids)
    )


def cases_visible_to(user, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases `user` may see. Trainers see only closed cases (for case studies)."""
    queryset = Case.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role == Role.TRAINER:
        scope = Q(state__in=list(CLOSED_STATES))
        if not sees_all_units(user):
            scope &= unit_scope(user)
        return queryset.filter(scope)
    if sees_all_units(user):
        return queryset
    return queryset.filter(unit_scope(user))


def can_view_case(user, case: Case) -> bool:
    """The same rule as cases_visible_to, for a case already loaded (no query)."""
    role = role_of(user)
    if role is None:
        return False
    if role == Role.TRAINER and case.state not in CLOSED_STATES:
        return False
    if sees_all_units(user):
        return True
    ids = set(unit_ids(user))
    return bool({case.store_id, case.responsible_unit_id, case.unit_complained_about_id} & ids)


def can_work_case(user, case: Case) -> bool:
    """Handlers of the case's units (and administrators) may act on it; oversight, head office
    and trainers only read."""
    role = role_of(user)
    if role not in HANDLING_ROLES:
        return False
    if role == Role.ADMINISTRATOR:
        return True
    return can_view_case(user, case)


# Every model that carries a case, and the path from it to its case ("" for the case itself).
# backoffice.gate registers a permission policy for each; a new case-bearing model is added here.
CASE_BEARING: dict[type[Model], str] = {
    Case: "",
    CaseEvent: "case",
    CaseAttachment: "case",
    FollowUpAttempt: "case",
    StaffAppeal: "case",
    Notification: "case",
}


def case_of(obj) -> Case | None:
    """The case `obj` carries (the case itself for a Case)."""
    path = CASE_BEARING[type(obj)]
    return obj if not path else getattr(obj, path)


def visible(user, queryset: QuerySet) -> QuerySet:
    """Rows of any case-bearing model whose case `user` may see. A notification without a case
    (a report to head office) is for those who see all units."""
    path = CASE_BEARING[queryset.model]
    if not path:
        return cases_visible_to(user, queryset)
    scope = Q(**{f"{path}__in": cases_visible_to(user)})
    if queryset.model._meta.get_field(path).null:
        if sees_all_units(user):
            return queryset
        scope &= Q(**{f"{path}__isnull": False})
    return queryset.filter(scope)


def workable(user, queryset: QuerySet) -> QuerySet:
    """Rows of any case-bearing model whose case `user` may work on (can_work_case)."""
    if role_of(user) not in HANDLING_ROLES:
        return queryset.none()
    return visible(user, queryset)


def can_view(user, obj) -> bool:
    """can_view_case for any case-bearing object."""
    case = case_of(obj)
    if case is None:
        return sees_all_units(user)
    return can_view_case(user, case)


def can_work(user, obj) -> bool:
    """can_work_case for any case-bearing object."""
    case = case_of(obj)
    if case is None:
        return role_of(user) == Role.ADMINISTRATOR
    return can_work_case(user, case)


def find_case(user, value) -> Case | None:
    """A case named by `user` in a form (by reference, as staff type it, or by id), found only
    among the cases they may see: another unit's case is "no such case", like one that does not
    exist, so a form never tells the two apart."""
    from backoffice.tracking import normalise_reference

    visible_cases = cases_visible_to(user)
    if isinstance(value, Case):
        value = value.pk
    if isinstance(value, int) and not isinstance(value, bool):
        return visible_cases.filter(pk=value).first()
    if isinstance(value, str) and value.strip():
        return visible_cases.filter(reference=normalise_reference(value.strip())).first()
    return None


def shows_personal_data(user, case: Case | None = None) -> bool:
    """Full phone numbers and e-mail addresses only for those who handle cases."""
    return role_of(user) in HANDLING_ROLES


class Contact(NamedTuple):
    """The complainant as one reader sees them: in full or masked."""

    name: str
    phone: str
    email: str
    address: str
    member_card: str
    masked: bool


def contact(case: Case, *, masked: bool) -> Contact:
    """The one masking rule: the case screen, queue, export, printed forms and staff API all
    show the complainant through this function (via contact_for when a user is known)."""
    if not masked:
        return Contact(
            case.complainant_name,
            case.complainant_phone,
            case.complainant_email,
            case.complainant_address,
            case.member_card,
            False,
        )
    return Contact(
        mask_name(case.complainant_name),
        mask_phone(case.complainant_phone) if case.complainant_phone else "",
        mask_email(case.complainant_email) if case.complainant_email else "",
        "***" if case.complainant_address else "",
        "***" if case.member_card else "",
        True,
    )


def contact_for(user, case: Case) -> Contact:
    """The complainant as `user` may see them."""
    return contact(case, masked=not shows_personal_data(user, case))


def mask_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_email(value: str) -> str:
    if "@" not in value:
        return "***"
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_name(value: str) -> str:
    if not value:
        return value
    return value[0] + "*" * max(1, len(value) - 1)


def staff_visible_to(user, queryset: QuerySet[StaffMember] | None = None):
    """Staff records `user` may list: administrators all, everyone else their unit and the
    units below it (a store manager sees their store's people, not a competitor's)."""
    queryset = StaffMember.objects.all() if queryset is None else queryset
    if getattr(user, "is_superuser", False) or role_of(user) == Role.ADMINISTRATOR:
        return queryset
    return queryset.filter(unit__in=units_visible_to(user))


def units_visible_to(user) -> QuerySet[Unit]:
    if sees_all_units(user):
        return Unit.objects.all()
    staff = staff_of(user)
    if staff is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=staff.unit.path)


def staff_in_role_for(case: Case, role: str):
    """Active staff of `role` responsible for the case's store (or above it), nearest first."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    unit = case.store
    chain = []
    while unit is not None:
        chain.append(unit.pk)
        unit = unit.parent
    members = list(
        user_model.objects.filter(
            is_active=True, staff__role=role, staff__unit_id__in=chain
        ).select_related("staff")
    )
    members.sort(key=lambda u: chain.index(u.staff.unit_id))
    return members
