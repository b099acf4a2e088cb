"""Whose cases a report counts: the reader's (backoffice.access), optionally narrowed to one
unit and everything below it.

Every report query starts from `ReportScope.cases()`, which starts from
`access.cases_visible_to(reader)`. The scheduled reports and the `report` command have no
reader: they run as the system, for all units, unless a unit is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from backoffice.access import (
    cases_visible_to,
    role_of,
    sees_all_units,
    staff_of,
    units_visible_to,
)
from backoffice.choices import Role
from backoffice.models import Case, Unit
from backoffice.naming import localized_name
from backoffice.workflow import SYSTEM

# Who may open the reports dashboard and download reports: the managers of a store (their
# units) and the readers of every unit. Agents, supervisors and trainers may not.
REPORT_ROLES = frozenset(
    {
        Role.MANAGER,
        Role.GENERAL_MANAGER,
        Role.HEAD_OFFICE,
        Role.OVERSIGHT,
        Role.ADMINISTRATOR,
    }
)


class ScopeError(ValueError):
    """An unknown unit, or one the reader may not see."""


def may_read_reports(user) -> bool:
    return role_of(user) in REPORT_ROLES


def unit_q(unit: Unit) -> Q:
    """Cases of `unit` and every unit below it: as the store, the responsible unit or the unit
    complained about (the same three ways backoffice.access scopes a unit's staff)."""
    return (
        Q(store__path__startswith=unit.path)
        | Q(responsible_unit__path__startswith=unit.path)
        | Q(unit_complained_about__path__startswith=unit.path)
    )


@dataclass(frozen=True)
class ReportScope:
    """`reader` is a staff user, or workflow.SYSTEM for the scheduled reports (all units)."""

    reader: object
    unit: Unit | None = None

    @property
    def is_system(self) -> bool:
        return isinstance(self.reader, str) and self.reader == SYSTEM

    def cases(self) -> QuerySet[Case]:
        """The cases this report may count. Duplicates merged into another case are left
        out: the complaint is counted once, in the case it was merged into."""
        cases = Case.objects.all() if self.is_system else cases_visible_to(self.reader)
        if self.unit is not None:
            cases = cases.filter(unit_q(self.unit))
        return cases.filter(merged_into__isnull=True)

    def label(self, language: str) -> str:
        if self.unit is None:
            return _("All units")
        return localized_name(self.unit.name, self.unit.name_en, language)

    @property
    def key(self) -> str:
        """ "all" or the unit's code: part of file names."""
        return self.unit.code if self.unit is not None else "all"


def scope_for(reader, unit_code: str | None = None) -> ReportScope:
    """The scope of `reader` (a user or SYSTEM), narrowed to the unit with `unit_code` if given.
    Raises ScopeError for an unknown unit or one outside the reader's units; a user without a
    report role is refused too."""
    system = isinstance(reader, str) and reader == SYSTEM
    if not system and not may_read_reports(reader):
        raise ScopeError(_("Your role may not read reports."))
    if not unit_code:
        if system or sees_all_units(reader):
            return ReportScope(reader)
        # A store's manager reads their own unit: the same cases as without a unit (access
        # already limits them), but the report says whose they are.
        return ReportScope(reader, staff_of(reader).unit)
    units = Unit.objects.all() if system else units_visible_to(reader)
    unit = units.filter(code=unit_code).first()
    if unit is None:
        raise ScopeError(
            _("No unit with the code “%(code)s” that you may see.") % {"code": unit_code}
        )
    return ReportScope(reader, unit)
