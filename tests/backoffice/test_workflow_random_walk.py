"""Random walks through the workflow: random actors (every role, both stores, the customer and
the system) take random actions with values that are often wrong. Whatever they do, an action
either succeeds or is refused with a CaseActionError that changes nothing, and the case stays
consistent. The walks are seeded, so a failure replays exactly."""

import os
import random

import pytest

from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict

from backoffice.choices import CompensationKind, Severity, Urgency, Validity
from backoffice.models import Case, Category, Unit
from backoffice.services.cases import allowed_actions, case_transition
from backoffice.services.errors import CaseActionError
from backoffice.workflow import ACTIONS, CLOSED_STATES, CUSTOMER, PAUSED_STATES, SYSTEM, State
from tests.backoffice.conftest import at

pytestmark = pytest.mark.django_db
User = get_user_model()

# More walks for a deeper search: RANDOM_WALKS=500 pytest tests/backoffice/test_workflow_random_walk.py
WALKS = int(os.environ.get("RANDOM_WALKS", 12))
STEPS = 25
GOOD_TEXTS = ["已核实，按规定处理。", "顾客同意。", "<script>alert(1)</script>"]
BAD_TEXTS = ["", "   ", "x" * 10_001]


def value_for(field: str, rng: random.Random, others: list[Case]):
    """A plausible value for one field of an action form, or (one time in four) an empty or
    wrong one."""
    good = {
        "category": [str(pk) for pk in Category.objects.values_list("pk", flat=True)],
        "severity": Severity.values,
        "urgency": Urgency.values,
        "validity": [v for v in Validity.values if v],
        "responsible_unit": [str(pk) for pk in Unit.objects.values_list("pk", flat=True)],
        "owner": [str(pk) for pk in User.objects.values_list("pk", flat=True)],
        "satisfaction": ["1", "3", "5"],
        "compensation_amount": ["10", "50", "99.9", "150", "800"],
        "compensation_kind": CompensationKind.values,
        "reached": ["true", "false"],
        "quality_problem": ["true", "false"],
        "commission_deducted": ["true", "false"],
        "petty_cash_slip": ["PC-2026-001"],
        "into": [c.reference for c in others],
    }
    bad = {
        "category": ["x", "", "99999"],
        "severity": ["huge", ""],
        "urgency": ["soon"],
        "validity": ["maybe", ""],
        "responsible_unit": ["0", "x"],
        "owner": ["999", "", "x"],
        "satisfaction": ["0", "6", "abc"],
        "compensation_amount": ["-1", "abc", "1e9", ""],
        "compensation_kind": ["bogus"],
        "reached": ["maybe", ""],
        "quality_problem": ["maybe"],
        "commission_deducted": ["maybe"],
        "petty_cash_slip": ["y" * 41],
        "into": ["ZZZZ-ZZZZ", ""],
    }
    pool = good if rng.random() < 0.75 else bad
    return rng.choice(pool.get(field, GOOD_TEXTS if pool is good else BAD_TEXTS))


def snapshot(case: Case) -> tuple:
    case.refresh_from_db()
    return model_to_dict(case), case.events.count(), case.notifications.count()


@pytest.mark.parametrize("seed", range(WALKS))
def test_a_random_walk_never_breaks_a_case(seed, submit, staff):
    rng = random.Random(seed)
    others = [submit(complainant_phone="13700137000"), submit(complainant_phone="13600136000")]
    case = submit(channel=rng.choice(["phone", "walk_in", "letter", "email", "online"]))
    actors = [*staff.values(), CUSTOMER, SYSTEM]
    moment = at(2026, 11, 16, 10, 0)
    taken = 0
    for step in range(STEPS):
        actor = rng.choice(actors)
        # Mostly what the case screen would offer this actor, sometimes anything at all.
        offered = [a.name for a in allowed_actions(case, actor)]
        pool = offered if offered and rng.random() < 0.7 else sorted(ACTIONS)
        action = ACTIONS[rng.choice(pool)]
        data = {f: value_for(f, rng, others) for f in (*action.requires, *action.optional)}
        moment = moment.replace(hour=10 + step % 8)
        before = snapshot(case)
        try:
            case = case_transition(
                case=case, action=action.name, actor=actor, data=data, now=moment
            )
        except CaseActionError:
            assert snapshot(case) == before, (seed, step, action.name)  # a refusal changes nothing
            continue
        taken += 1
        case.refresh_from_db()
        assert case.state in State.values
        assert (case.closed_at is not None) == (case.state in CLOSED_STATES)
        assert case.satisfaction is None or 1 <= case.satisfaction <= 5
        if case.state in PAUSED_STATES:
            assert case.paused_at is not None, (seed, step, action.name)
        assert case.events.count() > before[1], (seed, step, action.name)  # every change is told
        if action.target:
            # A resolution above the proposer's authority goes for approval instead.
            targets = {action.target}
            if action.name == "propose_resolution":
                targets.add(ACTIONS["request_approval"].target)
            assert case.state in targets, (seed, step, action.name)
    assert taken >= 1, "the walk should move the case, not only be refused"
