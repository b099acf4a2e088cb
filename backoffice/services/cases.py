"""Every write to a case: submission and the one transition function.

`case_submit` records a complaint from any channel; `case_transition` takes any action of the
workflow table. Both are atomic, lock the case row, check the table and the actor's rights,
write the timeline entry and queue notifications in the same transaction (sent after commit).
A refused action raises CaseActionError and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from backoffice import authority, workflow
from backoffice.access import can_work_case, display_name, role_of, staff_in_role_for
from backoffice.choices import ESCALATION_LADDER, Channel, Role, Severity, Urgency
from backoffice.models import Case, CaseEvent, FollowUpAttempt
from backoffice.services import notify
from backoffice.services.errors import CaseActionError, CaseConflict
from backoffice.services.fields import clean_action_data
from backoffice.sla import policy, recompute
from backoffice.tracking import new_reference, new_salt, tracking_code
from backoffice.workflow import ACTIONS, CUSTOMER, MANAGERS_UP, PAUSED_STATES, SYSTEM, State

Actor = object  # a staff User, or workflow.CUSTOMER / workflow.SYSTEM


@dataclass(frozen=True)
class Submission:
    case: Case
    tracking_code: str
    created: bool


def actor_kind(actor) -> str | None:
    if actor in (CUSTOMER, SYSTEM):
        return actor
    return role_of(actor)


def _user(actor):
    return None if actor in (CUSTOMER, SYSTEM) else actor


def _event(case: Case, kind: str, actor, body: str = "", *, action: str = "", **extra) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        action=action,
        actor=_user(actor),
        actor_label=actor if actor in (CUSTOMER, SYSTEM) else "",
        at=extra.pop("at", None) or timezone.now(),
        body=body,
        **extra,
    )


def _is_major(data: dict) -> bool:
    category = data.get("category")
    body = data.get("referring_body")
    return (
        data.get("severity") == Severity.MAJOR
        or bool(category and category.major_by_default)
        or bool(body and body.makes_major)
        or data.get("channel") == Channel.MEDIA
    )


def find_repeats(case: Case, among=None):
    """Earlier cases from the same phone, member card, order or product batch within the
    configured window, among `among` (every case by default): the basis of the repeat flag and
    of merge candidates. Callers narrow `among` to what the reader may see."""
    since = case.received_at - timedelta(days=settings.REPEAT_WINDOW_DAYS)
    match = Q()
    for field in ("complainant_phone", "member_card", "order_number", "product_batch"):
        value = getattr(case, field)
        if value:
            match |= Q(**{field: value})
    if not match:
        return Case.objects.none()
    among = Case.objects.all() if among is None else among
    return (
        among.filter(match, received_at__gte=since, merged_into__isnull=True)
        .exclude(pk=case.pk)
        .order_by("-received_at")
    )


SUBMIT_FIELDS = (
    "complainant_name",
    "complainant_gender",
    "complainant_phone",
    "complainant_email",
    "member_card",
    "complainant_address",
    "preferred_contact",
    "store",
    "unit_complained_about",
    "responsible_unit",
    "product_name",
    "product_model",
    "product_batch",
    "order_number",
    "staff_involved",
    "incident_date",
    "description",
    "customer_demand",
    "category",
    "severity",
    "urgency",
    "referring_body",
    "external_reference",
    "language",
)


def case_submit(
    *,
    channel: str,
    data: dict,
    actor,
    received_at: datetime | None = None,
    attachments: list | tuple = (),
    submission_key: str | None = None,
    acknowledge_now: bool = False,
    calendar=None,
    rules=None,
) -> Submission:
    """Record a complaint. The staff member who records it becomes its owner (首问负责制);
    an online complaint is acknowledged at once by the system. Idempotent per submission_key:
    a resend returns the first case. Notifies the customer (acknowledgement) and, for a major
    complaint, the manager, general manager and head office."""
    if channel not in Channel.values:
        raise CaseActionError(_("Unknown channel."))
    if submission_key:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return Submission(
                existing, tracking_code(existing.reference, existing.tracking_salt), False
            )
    staff_actor = _user(actor)
    if staff_actor is not None and role_of(staff_actor) not in workflow.STAFF_WORKERS:
        raise CaseActionError(_("Your role may not record complaints."))

    values = {field: data.get(field) for field in SUBMIT_FIELDS if data.get(field) is not None}
    values["channel"] = channel
    values["severity"] = Severity.MAJOR if _is_major(values) else Severity.GENERAL
    values.setdefault("urgency", Urgency.NORMAL)
    values.pop("channel")
    received_at = received_at or timezone.now()
    due = policy.compute_due_times(
        channel=channel,
        severity=values["severity"],
        urgency=values["urgency"],
        received_at=received_at,
        referring_body=values.get("referring_body"),
        calendar=calendar,
        rules=rules,
    )
    try:
        with transaction.atomic():
            case = _create_case(
                channel, values, staff_actor, received_at, due, submission_key, actor
            )
            for upload in attachments:
                from backoffice.services.attachments import attachment_add

                attachment_add(case=case, upload=upload, actor=actor)
            if channel == Channel.ONLINE or acknowledge_now:
                # Acknowledged on receipt (also when a submission is recorded after the fact).
                _apply(
                    case,
                    ACTIONS["acknowledge"],
                    SYSTEM if staff_actor is None else actor,
                    {},
                    now=received_at,
                )
                case.save()
            if case.is_major:
                notify.major_complaint(case)
    except IntegrityError:
        if submission_key and Case.objects.filter(submission_key=submission_key).exists():
            # A concurrent resend won the race: return its case, as for a later resend.
            existing = Case.objects.get(submission_key=submission_key)
            return Submission(
                existing, tracking_code(existing.reference, existing.tracking_salt), False
            )
        raise
    return Submission(case, tracking_code(case.reference, case.tracking_salt), True)


def _create_case(channel, values, staff_actor, received_at, due, submission_key, actor) -> Case:
    for _attempt in range(5):
        reference = new_reference()
        if not Case.objects.filter(reference=reference).exists():
            break
    case = Case.objects.create(
        reference=reference,
        tracking_salt=new_salt(),
        submission_key=submission_key or None,
        channel=channel,
        received_at=received_at,
        owner=staff_actor,
        acknowledge_due=due.acknowledge,
        update_due=due.update,
        resolve_due=due.resolve,
        external_due=due.external,
        **values,
    )
    with override(case.language):
        _event(
            case,
            CaseEvent.Kind.RECEIVED,
            actor,
            _("Complaint received by %(channel)s.") % {"channel": case.get_channel_display()},
            customer_visible=True,
            to_state=State.RECEIVED,
            at=received_at,
        )
    for year in sorted(due.unknown_years):
        _event(
            case,
            CaseEvent.Kind.SLA,
            SYSTEM,
            _(
                "A deadline falls in %(year)s, whose working-day calendar has not been entered. "
                "It will be set as soon as an administrator enters that year."
            )
            % {"year": year},
        )
    # Only the same store's cases: the flag and its timeline entry are read by the store's
    # staff, who must not learn another store's case (stores of one company compete).
    repeat = find_repeats(case, among=Case.objects.filter(store_id=case.store_id)).first()
    if repeat is not None:
        case.repeat_of = repeat
        case.save(update_fields=["repeat_of"])
        _event(
            case,
            CaseEvent.Kind.REPEAT,
            SYSTEM,
            _("Possible repeat of %(reference)s.") % {"reference": repeat.reference},
            data={"repeat_of": repeat.reference},
        )
    return case


def allowed_actions(case: Case, actor) -> list[workflow.Action]:
    """The actions `actor` may take on `case` now: what the case screen offers as buttons."""
    return [
        action
        for action in workflow.actions_from(case.state)
        if _refusal(case, action, actor) is None
    ]


def _refusal(case: Case, action: workflow.Action, actor) -> str | None:
    """Why `actor` may not take `action` now, or None if they may."""
    if case.state not in action.sources:
        return _("“%(action)s” is not possible while the case is “%(state)s”.") % {
            "action": action.label,
            "state": case.get_state_display(),
        }
    kind = actor_kind(actor)
    if kind not in action.actors:
        return _("Your role may not take the action “%(action)s”.") % {"action": action.label}
    if kind in (CUSTOMER, SYSTEM):
        return None
    if not can_work_case(actor, case):
        return _("You may not work on this case: it belongs to another unit.")
    if action.name in ("close", "archive") and case.is_major and kind not in MANAGERS_UP:
        return _("A major complaint is closed and signed off by a manager.")
    return None


def case_transition(
    *,
    case: Case,
    action: str,
    actor,
    data: dict | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Case:
    """Take `action` on `case` as `actor`. Locks the row, checks the workflow table, the
    actor's role, unit and authority, the required values and (if given) that nobody changed
    the case since `expected_version`. Writes the timeline and notifications atomically.
    Raises CaseActionError (nothing changed) on any refusal."""
    if action not in ACTIONS:
        raise CaseActionError(_("Unknown action."))
    data = data or {}
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("store").get(pk=case.pk)
        if expected_version is not None and locked.version != expected_version:
            raise CaseConflict()
        spec = ACTIONS[action]
        if action == "propose_resolution" and actor_kind(actor) not in (CUSTOMER, SYSTEM):
            spec = _resolution_action(data, actor)
        refusal = _refusal(locked, spec, actor)
        if refusal:
            raise CaseActionError(refusal)
        # The system acts on its own schedule (auto-close): it fills in what it knows.
        cleaned, errors = clean_action_data(
            spec, data, enforce_required=actor != SYSTEM, actor=actor, case=locked
        )
        if errors:
            raise CaseActionError(_("Please correct the fields marked below."), errors)
        _apply(locked, spec, actor, cleaned, now=now)
        locked.save()
    return locked


def _resolution_action(data: dict, actor) -> workflow.Action:
    """An amount within the proposer's authority goes to the customer; above it, to approval."""
    errors: dict = {}
    from backoffice.services.fields import clean_amount

    amount = clean_amount(data.get("compensation_amount"), errors)
    if errors:
        raise CaseActionError(_("Please correct the fields marked below."), errors)
    if amount and not authority.within_authority(role_of(actor), amount):
        return ACTIONS["request_approval"]
    return ACTIONS["propose_resolution"]


def _apply(case: Case, spec: workflow.Action, actor, cleaned: dict, now=None) -> None:
    """Change the locked case in memory, write the timeline and queue notifications.
    The caller saves the case."""
    now = now or timezone.now()
    from_state = case.state
    effect = EFFECTS.get(spec.name, _effect_nothing)
    body = effect(case, actor, cleaned, now) or ""
    if spec.target is not None:
        _move_clocks(case, from_state, spec.target, now)
        case.state = spec.target
    case.version += 1
    kind = EVENT_KINDS.get(spec.name, CaseEvent.Kind.TRANSITION)
    _event(
        case,
        kind,
        actor,
        body,
        action=spec.name,
        at=now,
        from_state=from_state if spec.target else "",
        to_state=spec.target or "",
        customer_visible=spec.customer_visible,
        data={k: _jsonable(v) for k, v in cleaned.items() if k not in ("message", "note")},
    )
    if spec.customer_visible and actor != CUSTOMER and spec.name != "customer_reply":
        notify.customer_update(case, spec, body)


def _jsonable(value):
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _move_clocks(case: Case, from_state: str, to_state: str, now: datetime) -> None:
    """Pause the clocks while the case waits on the customer; resume them when it moves on."""
    if to_state in PAUSED_STATES and from_state not in PAUSED_STATES:
        case.paused_at = now
    elif from_state in PAUSED_STATES and to_state not in PAUSED_STATES and case.paused_at:
        calendar = policy.work_calendar()
        case.resolve_due = policy.shift_for_pause(case.resolve_due, case.paused_at, now, calendar)
        case.update_due = policy.shift_for_pause(case.update_due, case.paused_at, now, calendar)
        case.external_due = policy.shift_for_pause(case.external_due, case.paused_at, now, calendar)
        case.paused_at = None
    if to_state in workflow.CLOSED_STATES and from_state not in workflow.CLOSED_STATES:
        case.closed_at = now
        case.paused_at = None
    elif from_state in workflow.CLOSED_STATES and to_state not in workflow.CLOSED_STATES:
        case.closed_at = None


def _reset_update_clock(case: Case, now: datetime) -> None:
    case.update_due = policy.next_update_due(
        channel=case.channel, severity=case.severity, urgency=case.urgency, since=now
    )


# --- what each action changes -------------------------------------------------------------


def _effect_nothing(case, actor, cleaned, now):
    return cleaned.get("message") or cleaned.get("note") or ""


def _acknowledge(case, actor, cleaned, now):
    case.acknowledged_at = now
    _reset_update_clock(case, now)
    due = (
        timezone.localtime(case.resolve_due).strftime("%Y-%m-%d %H:%M") if case.resolve_due else "—"
    )
    with override(case.language):
        return _("We have accepted your complaint %(reference)s. Expected handling by %(due)s.") % {
            "reference": case.reference,
            "due": due,
        }


def _start_investigation(case, actor, cleaned, now):
    if cleaned.get("category"):
        case.category = cleaned["category"]
    if cleaned.get("responsible_unit"):
        case.responsible_unit = cleaned["responsible_unit"]
    return ""


def _message_out(case, actor, cleaned, now):
    _reset_update_clock(case, now)
    return cleaned.get("message", "")


def _message_in(case, actor, cleaned, now):
    notify.staff_about(
        case,
        _("The customer wrote about %(reference)s") % {"reference": case.reference},
        cleaned.get("message", ""),
    )
    return cleaned.get("message", "")


def _propose(case, actor, cleaned, now):
    case.resolution = cleaned["resolution"]
    case.compensation_kind = cleaned.get("compensation_kind", "")
    case.compensation_amount = cleaned.get("compensation_amount")
    case.quality_problem = cleaned.get("quality_problem", case.quality_problem)
    case.commission_deducted = cleaned.get("commission_deducted", case.commission_deducted)
    case.compensation_requested_by = _user(actor)
    case.compensation_approved_by = _user(actor) if case.compensation_amount else None
    _reset_update_clock(case, now)
    return case.resolution


def _request_approval(case, actor, cleaned, now):
    _propose(case, actor, cleaned, now)
    case.compensation_approved_by = None
    role = authority.approver_role_for(case.compensation_amount)
    notify.staff_in_role(
        case,
        role,
        _("Compensation of ¥%(amount)s on %(reference)s waits for your approval")
        % {"amount": case.compensation_amount, "reference": case.reference},
        case.resolution,
    )
    return (
        _("Proposed ¥%(amount)s; this is above the proposer's authority and waits for approval.")
        % {"amount": case.compensation_amount}
        + "\n"
        + case.resolution
    )


def _approve(case, actor, cleaned, now):
    if not authority.within_authority(role_of(actor), case.compensation_amount):
        raise CaseActionError(
            _("¥%(amount)s is above your authority of ¥%(limit)s: it needs a higher approver.")
            % {"amount": case.compensation_amount, "limit": authority.limit_for(role_of(actor))}
        )
    case.compensation_approved_by = actor
    _reset_update_clock(case, now)
    return case.resolution


def _reject_compensation(case, actor, cleaned, now):
    return cleaned["note"]


def _customer_accept(case, actor, cleaned, now):
    case.customer_answer = cleaned.get("message") or _("Accepted")
    return case.customer_answer


def _customer_reject(case, actor, cleaned, now):
    case.customer_answer = cleaned["message"]
    notify.staff_about(
        case,
        _("The customer rejected the resolution of %(reference)s") % {"reference": case.reference},
        cleaned["message"],
    )
    return cleaned["message"]


def _implement(case, actor, cleaned, now):
    if cleaned.get("petty_cash_slip"):
        case.petty_cash_slip = cleaned["petty_cash_slip"]
    _reset_update_clock(case, now)
    return cleaned["note"]


def _record_callback(case, actor, cleaned, now):
    reached = cleaned["reached"]
    attempt = FollowUpAttempt(
        case=case,
        at=now,
        by=_user(actor),
        reached=reached,
        satisfaction=cleaned.get("satisfaction") if reached else None,
        comment=cleaned.get("comment", ""),
    )
    if reached and attempt.satisfaction:
        case.satisfaction = attempt.satisfaction
        case.satisfaction_comment = attempt.comment
    if not reached and case.sms_sent_at is None and case.complainant_phone:
        # Unreached: text the customer once; sla_sweep closes the case if they stay silent.
        attempt.sms_sent = True
        case.sms_sent_at = now
        notify.follow_up_sms(case)
    attempt.save()
    if reached:
        score = attempt.satisfaction or "—"
        return _("Customer reached. Satisfaction: %(score)s. %(comment)s") % {
            "score": score,
            "comment": attempt.comment,
        }
    return _("Customer not reached.") + (" " + _("SMS sent.") if attempt.sms_sent else "")


def _customer_rate(case, actor, cleaned, now):
    case.satisfaction = cleaned["satisfaction"]
    case.satisfaction_comment = cleaned.get("comment", "")
    return f"{case.satisfaction}/5 {case.satisfaction_comment}".strip()


def _close(case, actor, cleaned, now):
    for field in ("cause", "corrective_action", "prevention"):
        if cleaned.get(field):
            setattr(case, field, cleaned[field])
    if cleaned.get("validity"):
        case.validity = cleaned["validity"]
    case.closed_by = _user(actor)
    if actor == SYSTEM:
        return _("Closed automatically: the customer could not be reached after the SMS.")
    with override(case.language):
        return _("Your complaint %(reference)s has been closed. Thank you for telling us.") % {
            "reference": case.reference
        }


def _mark_invalid(case, actor, cleaned, now):
    case.validity = cleaned["validity"]
    case.validity_reason = cleaned["validity_reason"]
    case.closed_by = _user(actor)
    return cleaned["validity_reason"]


def _dispute(case, actor, cleaned, now):
    if case.merged_into_id is not None:
        from backoffice.services.repeats import undo_merge

        undo_merge(case, actor, now)
    case.reopen_count += 1
    case.closed_by = None
    case.signed_off_by = None
    case.satisfaction = None
    if case.escalation_level < len(ESCALATION_LADDER) - 1:
        _escalate(case, actor, {"note": _("Reopened on the customer's dispute.")}, now)
    due = policy.compute_due_times(
        channel=case.channel, severity=case.severity, urgency=case.urgency, received_at=now
    )
    # Unknown (None) rather than the old, missed deadline: sla_sweep sets it once the year is.
    case.resolve_due = due.resolve
    case.update_due = due.update
    case.breached_at = None
    case.warned_at = None
    return cleaned["message"]


def _archive(case, actor, cleaned, now):
    case.signed_off_by = actor
    return _("Signed off and archived.")


def _assign(case, actor, cleaned, now):
    owner = cleaned["owner"]
    if not can_work_case(owner, case):  # clean_owner refused it already; kept as the last word
        raise CaseActionError(
            _("Please correct the fields marked below."), {"owner": _("Please choose a colleague.")}
        )
    previous = case.owner
    case.owner = owner
    notify.user(
        owner,
        case,
        _("Case %(reference)s was handed over to you") % {"reference": case.reference},
        cleaned.get("note", ""),
    )
    return _("Handed over from %(old)s to %(new)s.") % {
        "old": display_name(previous) if previous else _("nobody"),
        "new": display_name(owner),
    }


def _route(case, actor, cleaned, now):
    case.responsible_unit = cleaned["responsible_unit"]
    notify.unit_staff(case, case.responsible_unit)
    return _("Routed to %(unit)s.") % {"unit": case.responsible_unit.name}


def _classify(case, actor, cleaned, now):
    was_major = case.is_major
    changed_clock = (case.severity, case.urgency) != (cleaned["severity"], cleaned["urgency"])
    case.category = cleaned["category"]
    case.severity = cleaned["severity"]
    case.urgency = cleaned["urgency"]
    if case.category.major_by_default:
        case.severity = Severity.MAJOR
    if changed_clock:
        _reset_clocks_for_new_rule(case)
    if case.is_major and not was_major:
        notify.major_complaint(case)
    return f"{case.category} · {case.get_severity_display()} · {case.get_urgency_display()}"


def _reset_clocks_for_new_rule(case) -> None:
    """Severity or urgency changed, so another SLA rule applies: the clocks that still count
    are set again as if the case had had this classification from the start, waits on the
    customer credited. A clock landing in a year with no official schedule is left empty (not
    the old, now wrong, time) for `sla_sweep` to fill in."""
    history = recompute.clock_histories([case.pk])[case.pk]
    unknown: set[int] = set()
    computed = recompute.due_times(
        case, history, policy.work_calendar(), policy.RuleBook(), unknown
    )
    case.update_due = computed["update_due"]
    case.resolve_due = computed["resolve_due"]
    if case.acknowledged_at is None:
        case.acknowledge_due = computed["acknowledge_due"]


def _escalate(case, actor, cleaned, now):
    if case.escalation_level >= len(ESCALATION_LADDER) - 1:
        raise CaseActionError(_("This case is already with the general manager."))
    case.escalation_level += 1
    role = ESCALATION_LADDER[case.escalation_level]
    people = staff_in_role_for(case, role)
    case.escalated_to = people[0] if people else None
    notify.staff_in_role(
        case,
        role,
        _("Case %(reference)s was escalated to you") % {"reference": case.reference},
        cleaned.get("note", ""),
    )
    return _("Escalated to %(role)s. %(note)s") % {
        "role": Role(role).label,
        "note": cleaned.get("note", ""),
    }


def _merge(case, actor, cleaned, now):
    from backoffice.services.repeats import apply_merge

    return apply_merge(case, actor, cleaned["into"], now)


EFFECTS = {
    "acknowledge": _acknowledge,
    "start_investigation": _start_investigation,
    "request_information": _message_out,
    "customer_reply": _message_in,
    "propose_resolution": _propose,
    "request_approval": _request_approval,
    "approve_compensation": _approve,
    "reject_compensation": _reject_compensation,
    "customer_accept": _customer_accept,
    "customer_reject": _customer_reject,
    "implement": _implement,
    "record_callback": _record_callback,
    "customer_rate": _customer_rate,
    "close": _close,
    "mark_invalid": _mark_invalid,
    "dispute": _dispute,
    "archive": _archive,
    "assign": _assign,
    "route": _route,
    "classify": _classify,
    "escalate": _escalate,
    "message_customer": _message_out,
    "customer_message": _message_in,
    "merge": _merge,
}

EVENT_KINDS = {
    "request_information": CaseEvent.Kind.MESSAGE_OUT,
    "message_customer": CaseEvent.Kind.MESSAGE_OUT,
    "customer_reply": CaseEvent.Kind.MESSAGE_IN,
    "customer_message": CaseEvent.Kind.MESSAGE_IN,
    "add_note": CaseEvent.Kind.NOTE,
    "assign": CaseEvent.Kind.ASSIGNMENT,
    "route": CaseEvent.Kind.ROUTING,
    "classify": CaseEvent.Kind.CLASSIFICATION,
    "escalate": CaseEvent.Kind.ESCALATION,
    "approve_compensation": CaseEvent.Kind.APPROVAL,
    "reject_compensation": CaseEvent.Kind.APPROVAL,
    "record_callback": CaseEvent.Kind.CALLBACK,
    "customer_rate": CaseEvent.Kind.RATING,
    "merge": CaseEvent.Kind.REPEAT,
}
