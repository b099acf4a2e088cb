"""The case workflow: every state, every action, who may take it and what it needs.

This table is the single source of truth. `backoffice.services.case_transition` enforces it, the
case screen asks it which buttons to show, the portal asks it what a customer may do, and
docs/workflow.md is drawn from it (`manage.py workflow_diagram`). Nothing else decides whether a
move is legal.

Actions whose `target` is None keep the state (escalate, hand over, record a callback...): they
are still in the table so that who-may-do-what lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from backoffice.choices import Role


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Investigating")
    AWAITING_CUSTOMER = "awaiting_customer", _("Waiting for the customer")
    APPROVAL_PENDING = "approval_pending", _("Compensation awaiting approval")
    RESOLUTION_PROPOSED = "resolution_proposed", _("Resolution proposed")
    ACCEPTED = "accepted", _("Accepted by the customer")
    IMPLEMENTED = "implemented", _("Implemented")
    FOLLOW_UP = "follow_up", _("Satisfaction follow-up")
    REOPENED = "reopened", _("Reopened on dispute")
    CLOSED = "closed", _("Closed")
    INVALID_CLOSED = "invalid_closed", _("Closed as invalid")
    ARCHIVED = "archived", _("Archived")


CLOSED_STATES = frozenset({State.CLOSED, State.INVALID_CLOSED, State.ARCHIVED})
OPEN_STATES = frozenset(State) - CLOSED_STATES
# The SLA clocks stop while the case waits on the customer.
PAUSED_STATES = frozenset({State.AWAITING_CUSTOMER, State.RESOLUTION_PROPOSED})

# Who takes an action. CUSTOMER is the complainant through the portal or API; HANDLER is any
# staff member allowed to work the case (its unit's handling roles); the roles are the minimum
# rung needed.
CUSTOMER = "customer"
SYSTEM = "system"
STAFF_WORKERS = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.GENERAL_MANAGER, Role.ADMINISTRATOR}
)
SUPERVISORS_UP = frozenset(
    {Role.SUPERVISOR, Role.MANAGER, Role.GENERAL_MANAGER, Role.ADMINISTRATOR}
)
MANAGERS_UP = frozenset({Role.MANAGER, Role.GENERAL_MANAGER, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    actors: frozenset[str]
    requires: tuple[str, ...] = ()
    # Values the action accepts but does not insist on.
    optional: tuple[str, ...] = ()
    customer_visible: bool = False
    # Shown to staff as a button on the case screen (customer-only actions are not).
    staff_button: bool = True
    help_text: str = ""
    extra: dict = field(default_factory=dict)


def _action(name, label, sources, target, actors, **kwargs) -> Action:
    return Action(name, label, frozenset(sources), target, frozenset(actors), **kwargs)


S = State
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _action(
            "acknowledge",
            _("Acknowledge"),
            {S.RECEIVED},
            S.ACKNOWLEDGED,
            STAFF_WORKERS | {SYSTEM},
            customer_visible=True,
            help_text=_("Confirm receipt to the customer with the expected handling time."),
        ),
        _action(
            "start_investigation",
            _("Start investigation"),
            {S.ACKNOWLEDGED, S.REOPENED},
            S.INVESTIGATING,
            STAFF_WORKERS,
            requires=("category",),
            optional=("responsible_unit",),
        ),
        _action(
            "request_information",
            _("Ask the customer for information"),
            {S.INVESTIGATING},
            S.AWAITING_CUSTOMER,
            STAFF_WORKERS,
            requires=("message",),
            customer_visible=True,
        ),
        _action(
            "customer_reply",
            _("Customer replied"),
            {S.AWAITING_CUSTOMER},
            S.INVESTIGATING,
            STAFF_WORKERS | {CUSTOMER},
            requires=("message",),
            customer_visible=True,
        ),
        _action(
            "propose_resolution",
            _("Propose resolution"),
            {S.INVESTIGATING},
            S.RESOLUTION_PROPOSED,
            STAFF_WORKERS,
            requires=("resolution",),
            optional=(
                "compensation_kind",
                "compensation_amount",
                "quality_problem",
                "commission_deducted",
            ),
            customer_visible=True,
            help_text=_("An amount above your authority waits for approval first."),
        ),
        _action(
            "request_approval",
            _("Request compensation approval"),
            {S.INVESTIGATING},
            S.APPROVAL_PENDING,
            STAFF_WORKERS,
            requires=("resolution", "compensation_amount"),
            optional=("compensation_kind", "quality_problem", "commission_deducted"),
            staff_button=False,
        ),
        _action(
            "approve_compensation",
            _("Approve compensation"),
            {S.APPROVAL_PENDING},
            S.RESOLUTION_PROPOSED,
            SUPERVISORS_UP,
            optional=("message",),
            customer_visible=True,
        ),
        _action(
            "reject_compensation",
            _("Send back for revision"),
            {S.APPROVAL_PENDING},
            S.INVESTIGATING,
            SUPERVISORS_UP,
            requires=("note",),
        ),
        _action(
            "customer_accept",
            _("Customer accepts"),
            {S.RESOLUTION_PROPOSED},
            S.ACCEPTED,
            STAFF_WORKERS | {CUSTOMER},
            optional=("message",),
            customer_visible=True,
        ),
        _action(
            "customer_reject",
            _("Customer rejects"),
            {S.RESOLUTION_PROPOSED},
            S.INVESTIGATING,
            STAFF_WORKERS | {CUSTOMER},
            requires=("message",),
            customer_visible=True,
        ),
        _action(
            "implement",
            _("Mark implemented"),
            {S.ACCEPTED},
            S.IMPLEMENTED,
            STAFF_WORKERS,
            requires=("note",),
            optional=("petty_cash_slip",),
            customer_visible=True,
        ),
        _action(
            "start_follow_up",
            _("Start satisfaction follow-up"),
            {S.IMPLEMENTED},
            S.FOLLOW_UP,
            STAFF_WORKERS | {SYSTEM},
        ),
        _action(
            "record_callback",
            _("Record follow-up call"),
            {S.FOLLOW_UP},
            None,
            STAFF_WORKERS,
            requires=("reached",),
            optional=("satisfaction", "comment"),
        ),
        _action(
            "customer_rate",
            _("Customer rates the handling"),
            {S.FOLLOW_UP, S.CLOSED},
            None,
            {CUSTOMER},
            requires=("satisfaction",),
            optional=("comment",),
            customer_visible=True,
            staff_button=False,
        ),
        _action(
            "close",
            _("Close"),
            {S.FOLLOW_UP},
            S.CLOSED,
            STAFF_WORKERS | {SYSTEM},
            requires=("validity", "cause", "corrective_action", "prevention"),
            customer_visible=True,
            help_text=_("A major complaint is closed by a manager."),
        ),
        _action(
            "mark_invalid",
            _("Close as invalid"),
            {S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.AWAITING_CUSTOMER, S.REOPENED},
            S.INVALID_CLOSED,
            STAFF_WORKERS,
            requires=("validity", "validity_reason"),
            customer_visible=True,
        ),
        _action(
            "dispute",
            _("Customer disputes the result"),
            {S.IMPLEMENTED, S.FOLLOW_UP, S.CLOSED, S.INVALID_CLOSED},
            S.REOPENED,
            STAFF_WORKERS | {CUSTOMER},
            requires=("message",),
            customer_visible=True,
            help_text=_("Reopens the case and escalates it one level."),
        ),
        _action(
            "archive",
            _("Sign off and archive"),
            {S.CLOSED, S.INVALID_CLOSED},
            S.ARCHIVED,
            MANAGERS_UP,
        ),
        _action(
            "assign",
            _("Assign or hand over"),
            OPEN_STATES,
            None,
            STAFF_WORKERS,
            requires=("owner",),
            optional=("note",),
            help_text=_("First-responder ownership moves only by an explicit hand-over."),
        ),
        _action(
            "route",
            _("Route to responsible unit"),
            OPEN_STATES,
            None,
            STAFF_WORKERS,
            requires=("responsible_unit",),
        ),
        _action(
            "classify",
            _("Classify"),
            OPEN_STATES,
            None,
            STAFF_WORKERS,
            requires=("category", "severity", "urgency"),
        ),
        _action(
            "escalate",
            _("Escalate"),
            OPEN_STATES,
            None,
            STAFF_WORKERS | {SYSTEM},
            requires=("note",),
        ),
        _action(
            "add_note",
            _("Add internal note"),
            frozenset(State),
            None,
            STAFF_WORKERS,
            requires=("note",),
        ),
        _action(
            "message_customer",
            _("Message the customer"),
            OPEN_STATES,
            None,
            STAFF_WORKERS,
            requires=("message",),
            customer_visible=True,
        ),
        _action(
            "customer_message",
            _("Customer adds information"),
            OPEN_STATES,
            None,
            {CUSTOMER},
            requires=("message",),
            customer_visible=True,
            staff_button=False,
        ),
        # A duplicate is handled in the case it is merged into. "Closed as invalid" keeps it out
        # of the valid-complaint figures without a new state; merged_into tells it apart.
        # No staff button yet: the merge screen (services.repeats.case_merge) asks for "into".
        _action(
            "merge",
            _("Merge into another case"),
            OPEN_STATES,
            S.INVALID_CLOSED,
            STAFF_WORKERS,
            requires=("into",),
            customer_visible=True,
            help_text=_("Closes this duplicate; it is handled in the case it is merged into."),
        ),
    ]
}


def actions_from(state: str) -> list[Action]:
    """Every action the table allows from `state`, in table order."""
    return [action for action in ACTIONS.values() if state in action.sources]


def mermaid_diagram() -> str:
    """The state machine drawn from the table, for docs/workflow.md."""
    lines = ["stateDiagram-v2", f"    [*] --> {State.RECEIVED.value}"]
    for action in ACTIONS.values():
        if action.target is None:
            continue
        for source in sorted(action.sources):
            lines.append(f"    {source} --> {action.target}: {action.name}")
    lines.append(f"    {State.ARCHIVED.value} --> [*]")
    return "\n".join(lines) + "\n"
