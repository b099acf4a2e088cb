"""What the public portal and API may read about cases: the narrow interface between `portal`
and the back office.

Everything here is read-only and decided by the workflow table, the tracking module and the
services; the portal shows what these functions return and writes only through
`backoffice.services`. A customer is identified by the pair (reference, tracking code) and sees
only the customer-visible part of their own case.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from backoffice import links
from backoffice.choices import UnitKind
from backoffice.models import Case, CaseEvent, Category, Unit
from backoffice.services.cases import allowed_actions
from backoffice.tracking import code_matches, new_salt, normalise_reference, tracking_code
from backoffice.workflow import CUSTOMER, Action

# Units a customer may name as the place of the complaint.
PUBLIC_UNIT_KINDS = (UnitKind.STORE, UnitKind.DEPARTMENT, UnitKind.COUNTER)


def case_for_tracking(reference: str, code: str) -> Case | None:
    """The case whose reference and tracking code both match, or None.

    An unknown reference and a wrong code both give None after the same amount of work (a code
    is derived for a throw-away salt), so neither the answer nor its timing tells whether a
    reference exists."""
    normalised = normalise_reference(reference or "")
    case = (
        Case.objects.select_related("store", "category").filter(reference=normalised).first()
        if normalised
        else None
    )
    if case is None:
        code_matches(normalised or "-", new_salt(), code or "")
        return None
    if not code_matches(case.reference, case.tracking_salt, code or ""):
        return None
    return case


def case_for_session(case_id) -> Case | None:
    """The case a session was granted earlier (by a valid code or by submitting it)."""
    if not case_id:
        return None
    return Case.objects.select_related("store", "category").filter(pk=case_id).first()


def customer_tracking_code(case: Case) -> str:
    """The private code that opens `case` to its customer (shown once on the confirmation)."""
    return tracking_code(case.reference, case.tracking_salt)


def customer_tracking_link(case: Case) -> str:
    """The full tracking link with the code, as in the acknowledgement."""
    return links.tracking_link(case)


def customer_timeline(case: Case) -> QuerySet[CaseEvent]:
    """The entries of the case's timeline meant for the customer, oldest first. Internal notes,
    routing, escalations and staff names are never part of it."""
    return case.events.filter(customer_visible=True).order_by("at", "pk")


def customer_actions(case: Case) -> list[Action]:
    """The workflow actions the customer may take on `case` now (the table decides: actions
    whose actors include CUSTOMER and whose sources include the case's state)."""
    return allowed_actions(case, CUSTOMER)


def customer_action_names(case: Case) -> set[str]:
    return {action.name for action in customer_actions(case)}


def customer_message_action(case: Case) -> str | None:
    """How the customer adds information now: a reply while we wait on them, otherwise a plain
    message, or None when the case no longer takes messages."""
    names = customer_action_names(case)
    for name in ("customer_reply", "customer_message"):
        if name in names:
            return name
    return None


def expected_by(case: Case) -> datetime | None:
    """When the customer may expect the outcome, in local time (None if not yet known)."""
    return timezone.localtime(case.resolve_due) if case.resolve_due else None


def clock_paused(case: Case) -> bool:
    """True while the handling clock waits on the customer (the expected date moves on)."""
    return case.paused_at is not None


def customer_attachments(case: Case):
    """Files the customer sent themselves (names only; staff files are not shown)."""
    return case.attachments.filter(from_customer=True).order_by("uploaded_at")


def public_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("position", "code")


def public_units() -> QuerySet[Unit]:
    """Active stores, departments and counters, in tree order."""
    return Unit.objects.filter(active=True, kind__in=PUBLIC_UNIT_KINDS).order_by("path")


def place_of_complaint(unit: Unit) -> dict[str, Unit | None]:
    """The case fields for a unit the customer named: its store, and the department or counter
    itself when it is not the store."""
    store = unit.store
    return {
        "store": store,
        "unit_complained_about": None if unit.kind == UnitKind.STORE else unit,
    }


def units_by_store(units: Iterable[Unit]) -> list[tuple[Unit, list[Unit]]]:
    """Group public units under their store (by tree path, without queries), stores in tree
    order, for a select with one group per store. Units outside any store are left out."""
    units = list(units)
    stores = [unit for unit in units if unit.kind == UnitKind.STORE]
    groups: list[tuple[Unit, list[Unit]]] = [(store, []) for store in stores]
    for unit in units:
        if unit.kind == UnitKind.STORE:
            continue
        for store, members in groups:
            if unit.path.startswith(store.path):
                members.append(unit)
                break
    return groups
