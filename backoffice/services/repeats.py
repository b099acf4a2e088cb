"""Repeat complaints and merging duplicates.

`case_submit` flags a possible repeat on the new case (`find_repeats`: same phone, member card,
order or product batch within REPEAT_WINDOW_DAYS, among the same store's cases only). A handler who judges it a duplicate merges
it: the duplicate is closed through the workflow's `merge` action (to "closed as invalid", with
`merged_into` set, so reports can tell merged cases from invalid ones), both timelines name each
other, and nothing is deleted: attachments, timeline and field history stay on the duplicate.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice.access import can_work_case, cases_visible_to
from backoffice.models import Case, CaseEvent
from backoffice.services import notify
from backoffice.services.cases import _event as timeline_event
from backoffice.services.cases import case_transition, find_repeats
from backoffice.services.errors import CaseActionError


def merge_candidates(case: Case, actor) -> QuerySet[Case]:
    """Cases `actor` could merge `case` into: its possible repeats that they can see and that
    are not merged themselves, newest first."""
    return find_repeats(case, among=cases_visible_to(actor)).select_related("store")


def case_merge(*, duplicate: Case, into: Case, actor) -> Case:
    """Merge `duplicate` into `into` as `actor`. Goes through `case_transition` (action
    "merge"), so it is atomic, locks the duplicate, checks the workflow table and the actor's
    right to work the duplicate; the action's effect (`apply_merge`) checks the target. Tells
    the duplicate's customer and the target's owner. Raises CaseActionError, changing nothing,
    when refused. Returns the closed duplicate."""
    return case_transition(case=duplicate, action="merge", actor=actor, data={"into": into})


def _refuse(message: str):
    raise CaseActionError(_("Please correct the fields marked below."), {"into": message})


def apply_merge(case: Case, actor, into: Case, now: datetime) -> str:
    """The `merge` action's effect, called by case_transition with `case` locked: checks and
    locks the target, points the duplicate at it and writes the target's timeline entry.
    Returns the duplicate's timeline text (shown to its customer)."""
    if into.pk == case.pk:
        _refuse(_("A case cannot be merged into itself."))
    # Locked so that two handlers cannot merge two cases into each other at the same time.
    target = Case.objects.select_for_update().get(pk=into.pk)
    if target.merged_into_id is not None:
        _refuse(
            _("%(reference)s was itself merged into another case: merge into that one.")
            % {"reference": target.reference}
        )
    if not can_work_case(actor, target):
        _refuse(_("You may not work on that case: it belongs to another unit."))
    case.merged_into = target
    case.closed_by = actor  # only staff take this action (workflow table)
    timeline_event(
        target,
        CaseEvent.Kind.REPEAT,
        actor,
        _("%(duplicate)s was merged into this case; its timeline and attachments stay on it.")
        % {"duplicate": case.reference},
        at=now,
        data={"merged": case.reference},
    )
    notify.staff_about(
        target,
        _("%(duplicate)s was merged into %(reference)s")
        % {"duplicate": case.reference, "reference": target.reference},
    )
    with override(case.language):
        return _(
            "We are handling your complaint together with complaint %(reference)s about the "
            "same matter."
        ) % {"reference": target.reference}


def undo_merge(case: Case, actor, now: datetime) -> None:
    """A merged case is disputed: its customer says it is a matter of its own. It stands alone
    again (counted in reports again), and the case it was merged into says so."""
    target = case.merged_into
    case.merged_into = None
    timeline_event(
        target,
        CaseEvent.Kind.REPEAT,
        actor,
        _("%(duplicate)s was reopened on its customer's dispute and is handled on its own again.")
        % {"duplicate": case.reference},
        at=now,
        data={"unmerged": case.reference},
    )
