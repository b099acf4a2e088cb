"""Roles are Django groups carrying the model permissions Wagtail checks; the object-level
rules (which unit's cases) are in backoffice.access. The groups are kept in step with this
table after every migrate."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from backoffice.choices import Role

STAFF_BASE = ["wagtailadmin.access_admin", "backoffice.view_case", "backoffice.view_staffappeal"]
HANDLER = STAFF_BASE + [
    "backoffice.add_case",
    "backoffice.change_case",
    "backoffice.export_case",
    "backoffice.add_staffappeal",
    "backoffice.view_cannedreply",
]
MANAGER = HANDLER + [
    "backoffice.add_cannedreply",
    "backoffice.change_cannedreply",
    "backoffice.change_staffappeal",
    "backoffice.view_unit",
    "backoffice.view_staffmember",
]
READER = STAFF_BASE + [
    "backoffice.export_case",
    "backoffice.view_all_units",
    "backoffice.view_unit",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: HANDLER,
    Role.SUPERVISOR: HANDLER + ["backoffice.change_staffappeal"],
    Role.MANAGER: MANAGER,
    Role.GENERAL_MANAGER: MANAGER,
    Role.HEAD_OFFICE: READER + ["backoffice.change_staffappeal"],
    Role.OVERSIGHT: READER,
    Role.TRAINER: STAFF_BASE,
    Role.ADMINISTRATOR: MANAGER
    + [
        f"backoffice.{verb}_{model}"
        for model in (
            "unit",
            "staffmember",
            "category",
            "slarule",
            "authoritylimit",
            "referringbody",
            "calendaroverride",
            "calendaryear",
            "notificationrecipient",
            "cannedreply",
            "notification",
        )
        for verb in ("add", "change", "view")
    ]
    + ["backoffice.view_all_units", "auth.add_user", "auth.change_user", "auth.view_user"],
}


def group_name(role: str) -> str:
    return f"role:{role}"


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def extend_role_permissions(extra: dict[str, list[str]]) -> None:
    """Let another app (knowledge) add its permissions to roles without editing this table."""
    for role, perms in extra.items():
        ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] + [
            p for p in perms if p not in ROLE_PERMISSIONS[role]
        ]


@transaction.atomic
def ensure_role_groups(**kwargs) -> None:
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name(role))
        wanted = [p for p in (_permission(d) for d in perms) if p is not None]
        group.permissions.set(wanted)


@transaction.atomic
def staff_member_set(*, user, unit, role: str):
    """Give `user` a role in `unit`: the staff record and the matching group, nothing else."""
    from backoffice.models import StaffMember

    member, _created = StaffMember.objects.update_or_create(
        user=user, defaults={"unit": unit, "role": role}
    )
    role_groups = Group.objects.filter(name__startswith="role:")
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get_or_create(name=group_name(role))[0])
    if hasattr(user, "_staff_cache"):
        del user._staff_cache
    return member
