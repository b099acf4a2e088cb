"""Staff appeals (歧义申诉) against the judgment on a case.

The judgment is the latest timeline entry that set the case's validity: a closure (`close`,
`mark_invalid`), a classification, or an upheld appeal (which publishes a new judgment). Staff of
the case's units may appeal it up to and including the 7th calendar day after its publication,
once each per judgment. The reviewer is one rung above the appellant (a supervisor for an agent,
a manager for a supervisor...; head office for the top of the ladder) and decides within 1
working day. Both functions are atomic and lock the case row; a refusal raises CaseActionError
and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.access import can_view_case, role_of
from backoffice.choices import ESCALATION_LADDER, HANDLING_ROLES, Role, Validity
from backoffice.models import Case, CaseEvent, StaffAppeal
from backoffice.services import notify
from backoffice.services.cases import _event as timeline_event
from backoffice.services.errors import CaseActionError
from backoffice.sla import policy
from backoffice.sla.calendar import UnknownScheduleYear

APPEAL_WITHIN_DAYS = 7  # calendar days after the judgment's publication (DOMAIN.md)
DECIDE_WITHIN_WORKING_DAYS = 1
JUDGMENT_ACTIONS = ("close", "mark_invalid", "classify")
# Head office and administrators may review any appeal; the ladder decides for everyone else.
REVIEWERS_ANY_APPEAL = frozenset({Role.HEAD_OFFICE, Role.ADMINISTRATOR})


def latest_judgment(case: Case) -> CaseEvent | None:
    """The timeline entry that published the case's current validity judgment, if any."""
    sets_validity = Q(data__has_key="validity") & ~Q(data__validity="")
    judged = Q(action__in=JUDGMENT_ACTIONS) | Q(kind=CaseEvent.Kind.APPEAL)
    return case.events.filter(judged & sets_validity).order_by("-at", "-pk").first()


def appeal_deadline(published_at: datetime) -> datetime:
    """The first moment an appeal is late: midnight (local time) after the 7th day."""
    last_day = timezone.localtime(published_at).date() + timedelta(days=APPEAL_WITHIN_DAYS)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), datetime.min.time()))


def reviewer_role_for(appellant) -> str:
    """One rung above the appellant on the escalation ladder; head office above the top."""
    role = role_of(appellant)
    if role in ESCALATION_LADDER:
        rung = ESCALATION_LADDER.index(role) + 1
        if rung < len(ESCALATION_LADDER):
            return ESCALATION_LADDER[rung]
    return Role.HEAD_OFFICE


def _refuse(message, field_errors: dict | None = None):
    raise CaseActionError(message, field_errors)


def _required_text(value, field: str) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        _refuse(_("Please correct the fields marked below."), {field: _("This field is required.")})
    return text


def _decide_by(filed_at: datetime) -> tuple[datetime, bool]:
    """1 working day after filing; 24 elapsed hours when that day falls in a year with no
    official schedule (True as the second value then, so the timeline can say so)."""
    calendar = policy.work_calendar()
    try:
        return calendar.add_working_days(filed_at, DECIDE_WITHIN_WORKING_DAYS), False
    except UnknownScheduleYear:
        return calendar.add_hours(filed_at, 24), True


def appeal_file(*, case: Case, appellant, grounds: str, now: datetime | None = None) -> StaffAppeal:
    """File `appellant`'s appeal against the case's current judgment. Refused unless the
    appellant handles cases of the case's units, there is a judgment, it was published at most
    7 calendar days ago and the appellant has not appealed it yet. Writes an APPEAL timeline
    entry and notifies the reviewer role (see reviewer_role_for)."""
    now = now or timezone.now()
    grounds = _required_text(grounds, "grounds")
    if role_of(appellant) not in HANDLING_ROLES or not can_view_case(appellant, case):
        _refuse(_("Only staff who handle this case's units may appeal its judgment."))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        judgment = latest_judgment(locked)
        if judgment is None:
            _refuse(_("There is no judgment on this case to appeal."))
        deadline = appeal_deadline(judgment.at)
        if now >= deadline:
            _refuse(
                _("The %(days)d days to appeal this judgment ended on %(date)s.")
                % {
                    "days": APPEAL_WITHIN_DAYS,
                    "date": (timezone.localtime(deadline) - timedelta(days=1)).strftime("%Y-%m-%d"),
                }
            )
        if StaffAppeal.objects.filter(
            case=locked, appellant=appellant, judgment_published_at=judgment.at
        ).exists():
            _refuse(_("You have already appealed this judgment."))
        decide_by, elapsed = _decide_by(now)
        appeal = StaffAppeal.objects.create(
            case=locked,
            appellant=appellant,
            judgment_published_at=judgment.at,
            grounds=grounds,
            filed_at=now,
            decide_by=decide_by,
        )
        due = timezone.localtime(decide_by).strftime("%Y-%m-%d %H:%M")
        body = _("Appeal against the judgment of %(published)s: %(grounds)s") % {
            "published": timezone.localtime(judgment.at).strftime("%Y-%m-%d %H:%M"),
            "grounds": grounds,
        }
        if elapsed:
            body += " " + _(
                "The working-day calendar does not cover the decision date yet: "
                "24 hours are allowed."
            )
        timeline_event(
            locked,
            CaseEvent.Kind.APPEAL,
            appellant,
            body,
            at=now,
            data={"appeal": appeal.pk, "status": "filed", "judgment": judgment.pk},
        )
        notify.staff_in_role(
            locked,
            reviewer_role_for(appellant),
            _("Staff appeal on %(reference)s: please decide by %(due)s")
            % {"reference": locked.reference, "due": due},
            grounds,
        )
    return appeal


def _review_refusal(appeal: StaffAppeal, case: Case, reviewer) -> str | None:
    role = role_of(reviewer)
    needed = reviewer_role_for(appeal.appellant)
    if reviewer.pk == appeal.appellant_id:
        return _("You cannot decide your own appeal.")
    if role in REVIEWERS_ANY_APPEAL:
        pass
    elif needed not in ESCALATION_LADDER:
        return _("This appeal is decided by head office.")
    elif role not in ESCALATION_LADDER or (
        ESCALATION_LADDER.index(role) < ESCALATION_LADDER.index(needed)
    ):
        return _("This appeal is decided by a %(role)s or someone above.") % {
            "role": Role(needed).label
        }
    if not can_view_case(reviewer, case):
        return _("You may not decide appeals on another unit's cases.")
    if appeal.status != StaffAppeal.Status.PENDING:
        return _("This appeal has already been decided.")
    return None


def appeal_decide(
    *,
    appeal: StaffAppeal,
    reviewer,
    upheld: bool,
    decision: str,
    new_validity: str | None = None,
    now: datetime | None = None,
) -> StaffAppeal:
    """Decide a pending appeal. The reviewer must rank above the appellant (see
    reviewer_role_for; head office and administrators always may), see the case and not be the
    appellant. An upheld appeal may change the case's validity: the case is saved (its field
    history records the change, with the reviewer and the reason) and the APPEAL timeline entry
    carrying the new validity becomes the case's judgment. Notifies the appellant."""
    now = now or timezone.now()
    decision = _required_text(decision, "decision")
    if new_validity and not upheld:
        _refuse(
            _("Please correct the fields marked below."),
            {"new_validity": _("A dismissed appeal leaves the judgment as it is.")},
        )
    if new_validity and new_validity not in {value for value in Validity.values if value}:
        _refuse(
            _("Please correct the fields marked below."),
            {"new_validity": _("Please choose one of the options.")},
        )
    with transaction.atomic():
        locked_appeal = StaffAppeal.objects.select_for_update().get(pk=appeal.pk)
        case = Case.objects.select_for_update().get(pk=locked_appeal.case_id)
        refusal = _review_refusal(locked_appeal, case, reviewer)
        if refusal:
            _refuse(refusal)
        status = StaffAppeal.Status.UPHELD if upheld else StaffAppeal.Status.DISMISSED
        locked_appeal.status = status
        locked_appeal.reviewer = reviewer
        locked_appeal.decision = decision
        locked_appeal.decided_at = now
        locked_appeal.save(update_fields=["status", "reviewer", "decision", "decided_at"])
        data = {"appeal": locked_appeal.pk, "status": str(status)}
        if upheld and new_validity and new_validity != case.validity:
            data.update(previous_validity=case.validity, validity=new_validity)
            case.validity = new_validity
            case.validity_reason = decision
            case.version += 1
            case._history_user = reviewer
            case._change_reason = "Staff appeal upheld"
            case.save(update_fields=["validity", "validity_reason", "version", "updated_at"])
        timeline_event(
            case,
            CaseEvent.Kind.APPEAL,
            reviewer,
            f"{status.label}. {decision}",
            at=now,
            data=data,
        )
        notify.user(
            locked_appeal.appellant,
            case,
            _("Your appeal on %(reference)s: %(status)s")
            % {"reference": case.reference, "status": status.label},
            decision,
        )
    return locked_appeal
