"""Synthetic cases for demos and load tests, and the hand-written demo cases of `make run`."""

import re
from collections import Counter

import pytest

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from backoffice.models import Case, CaseEvent, Unit
from backoffice.workflow import CLOSED_STATES, OPEN_STATES, PAUSED_STATES, State

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


@pytest.fixture
def seeded(demo):
    call_command("seed_demo", "--cases", "300", "--seed", "7", "--batch", "120")
    return Case.objects.order_by("pk")


def test_seed_demo_spreads_cases_over_states_stores_and_channels(seeded, demo):
    assert seeded.count() == 300
    states = Counter(seeded.values_list("state", flat=True))
    assert states[State.ARCHIVED] > states[State.CLOSED] > states[State.INVALID_CLOSED] > 0
    assert sum(states[s] for s in CLOSED_STATES) > 0.75 * 300  # most are settled
    assert sum(states[s] for s in OPEN_STATES) > 0
    assert len(states) >= 8
    assert set(seeded.values_list("store__code", flat=True)) == {"s01", "s02"}
    counters = Unit.objects.filter(kind__in=["counter", "department"])
    assert (
        seeded.filter(unit_complained_about__in=counters)
        .values("unit_complained_about")
        .distinct()
        .count()
        >= 4
    )
    assert len(set(seeded.values_list("channel", flat=True))) >= 6
    assert len(set(seeded.values_list("category", flat=True))) >= 6
    assert 0 < seeded.filter(severity="major").count() < 60
    overdue = seeded.filter(
        state__in=list(OPEN_STATES - PAUSED_STATES), resolve_due__lt=timezone.now()
    )
    assert overdue.exists()
    oldest = seeded.order_by("received_at").first().received_at
    assert (timezone.now() - oldest).days > 300  # spread over the last 18 months


def test_seeded_cases_have_3_to_6_timeline_entries_in_order(seeded):
    per_case = seeded.annotate(n=Count("events")).values_list("n", flat=True)
    assert min(per_case) >= 3 and max(per_case) <= 6
    for case in seeded[:50]:
        times = list(case.events.values_list("at", flat=True))
        assert times == sorted(times) and times[0] == case.received_at
        assert times[-1] <= timezone.now()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.RECEIVED).count() == 300


def test_seeded_references_are_unique_and_well_formed(seeded):
    references = list(seeded.values_list("reference", flat=True))
    assert len(set(references)) == 300
    assert all(REFERENCE.match(reference) for reference in references)


def test_seeded_closures_are_consistent(seeded):
    # The database refuses a closed case without closed_at; check the rest of the story too.
    assert not seeded.filter(state__in=list(CLOSED_STATES), closed_at__isnull=True).exists()
    assert not seeded.filter(state__in=list(OPEN_STATES), closed_at__isnull=False).exists()
    assert not seeded.filter(state=State.CLOSED, validity="").exists()
    assert not seeded.filter(state=State.INVALID_CLOSED, validity_reason="").exists()
    assert not seeded.filter(state=State.ARCHIVED, signed_off_by__isnull=True).exists()
    assert not seeded.exclude(state=State.RECEIVED).filter(acknowledged_at__isnull=True).exists()
    assert not seeded.filter(state__in=list(PAUSED_STATES), paused_at__isnull=True).exists()
    assert not seeded.filter(state=State.RECEIVED, acknowledged_at__isnull=False).exists()
    assert seeded.filter(resolve_due__isnull=False).count() == 300


def test_seeded_overdue_cases_look_already_swept(seeded):
    from backoffice.services.sweep import sla_sweep
    from backoffice.sla.policy import running_clocks

    now = timezone.now()
    overdue = [
        case
        for case in seeded.filter(state__in=list(OPEN_STATES))
        if any(due <= now for due in running_clocks(case).values())
    ]
    assert overdue
    for case in overdue:
        assert case.breached_at is not None and case.escalation_level >= 1
        assert case.events.filter(kind=CaseEvent.Kind.ESCALATION, actor_label="system").exists()
    # So the first real sweep has nothing left to escalate.
    assert sla_sweep().escalated == 0


def test_the_same_seed_gives_the_same_cases(seeded):
    first = list(seeded.values_list("complainant_name", "description", "state", "channel"))
    call_command("seed_demo", "--cases", "300", "--seed", "7")
    again = Case.objects.order_by("pk")[300:]
    assert list(again.values_list("complainant_name", "description", "state", "channel")) == first
    assert Case.objects.values("reference").distinct().count() == 600


def test_seeding_needs_the_organisation(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--cases", "10")


# --- the hand-written demo cases (demo/cases.py) ------------------------------------------------


def test_demo_cases_are_loaded_once_through_the_services(demo):
    from demo.cases import load_cases

    created = load_cases(demo)
    assert created == Case.objects.count() >= 12
    assert load_cases(demo) == 0  # a second run changes nothing
    assert Case.objects.count() == created
    states = set(Case.objects.values_list("state", flat=True))
    assert {
        State.RECEIVED,
        State.ACKNOWLEDGED,
        State.INVESTIGATING,
        State.AWAITING_CUSTOMER,
        State.APPROVAL_PENDING,
        State.RESOLUTION_PROPOSED,
        State.FOLLOW_UP,
        State.CLOSED,
        State.INVALID_CLOSED,
        State.REOPENED,
    } <= states
    channels = set(Case.objects.values_list("channel", flat=True))
    assert {"phone", "walk_in", "online", "letter", "referral", "social", "work_order"} <= channels
    assert set(Case.objects.values_list("store__code", flat=True)) == {"s01", "s02"}


def test_demo_cases_tell_the_stories_they_promise(demo, staff):
    from demo.cases import load_cases

    load_cases(demo)
    now = timezone.now()
    waiting = Case.objects.get(state=State.APPROVAL_PENDING)
    assert waiting.compensation_amount == 300 and waiting.compensation_approved_by is None
    closed = Case.objects.get(state=State.CLOSED)
    assert closed.satisfaction == 5 and closed.cause and closed.prevention
    injury = Case.objects.get(category__code="injury")
    assert injury.severity == "major" and injury.owner == staff["manager"]
    referral = Case.objects.get(channel="referral")
    assert referral.referring_body.code == "12315" and referral.external_due is not None
    reopened = Case.objects.get(state=State.REOPENED)
    assert reopened.escalation_level == 1 and reopened.reopen_count == 1
    follow_up = Case.objects.get(state=State.FOLLOW_UP)
    assert follow_up.sms_sent_at is not None
    overdue = Case.objects.filter(state__in=list(OPEN_STATES - PAUSED_STATES), resolve_due__lt=now)
    assert overdue.exists()
    for case in Case.objects.all():
        times = list(case.events.values_list("at", flat=True))
        assert times == sorted(times) and times[0] == case.received_at and times[-1] <= now


def test_demo_cases_load_in_late_december_without_the_2027_calendar(demo):
    from demo.cases import load_cases
    from tests.backoffice.conftest import at

    assert load_cases(demo, now=at(2026, 12, 31, 16, 0)) >= 12
    # Deadlines reaching 2027 are left empty rather than guessed.
    assert Case.objects.filter(resolve_due__isnull=True).exists()
