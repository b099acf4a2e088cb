"""The one authority-limit policy (处理权限): how much compensation each role may grant alone.

Limits come from the AuthorityLimit table (defaults ¥20 agent, ¥100 supervisor, no upper limit
for managers, general managers and administrators). A role with no row has no authority: a
deleted or never-entered row fails closed, never open (and the admin offers no delete).
Everything that grants or approves compensation asks this module.
"""

from __future__ import annotations

from decimal import Decimal

from backoffice.choices import ESCALATION_LADDER, Role

DEFAULT_LIMITS: dict[str, Decimal] = {Role.AGENT: Decimal("20"), Role.SUPERVISOR: Decimal("100")}
# Roles that may never grant compensation, whatever the table says.
NO_AUTHORITY = frozenset({Role.HEAD_OFFICE, Role.OVERSIGHT, Role.TRAINER})


def limit_for(role: str | None) -> Decimal | None:
    """The largest amount `role` may grant alone; None means no limit. No row: nothing."""
    from backoffice.models import AuthorityLimit

    if role is None or role in NO_AUTHORITY:
        return Decimal("0")
    rows = list(AuthorityLimit.objects.filter(role=role).values_list("max_amount", flat=True))
    if not rows:
        return Decimal("0")
    return rows[0]


def within_authority(role: str | None, amount: Decimal | None) -> bool:
    if not amount:
        return role not in NO_AUTHORITY and role is not None
    limit = limit_for(role)
    return limit is None or amount <= limit


def approver_role_for(amount: Decimal) -> str:
    """The lowest rung of the ladder whose limit covers `amount`."""
    for role in ESCALATION_LADDER:
        if within_authority(role, amount):
            return role
    return Role.GENERAL_MANAGER
