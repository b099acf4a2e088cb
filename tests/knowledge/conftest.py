"""Closed cases made through the real services, the demo library, and signed-in clients."""

import pytest

from knowledge.models import KnowledgeIndexPage


@pytest.fixture
def close_case(act, category):
    """Carry a submitted case through the real workflow to `closed` (or `archived`)."""

    def run(case, *, actor="agent", cause="出厂质检漏检。", archive=False, notes=(), **lessons):
        act(case, "acknowledge", actor=actor)
        act(case, "start_investigation", actor=actor, category=lessons.pop("category", category.pk))
        for note in notes:
            act(case, "add_note", actor=actor, note=note)
        act(
            case,
            "propose_resolution",
            actor=actor,
            resolution=lessons.pop("resolution", "为您更换一台同型号电饭煲。"),
            compensation_kind="exchange",
        )
        act(case, "customer_accept", actor=actor)
        act(case, "implement", actor=actor, note=lessons.pop("implement_note", "已换新机。"))
        act(case, "start_follow_up", actor=actor)
        act(case, "record_callback", actor=actor, reached=True, satisfaction=5, comment="很满意")
        case = act(
            case,
            "close",
            actor=actor,
            validity=lessons.pop("validity", "valid_minor"),
            cause=cause,
            corrective_action=lessons.pop("corrective_action", "换新。"),
            prevention=lessons.pop("prevention", "到货抽检加严。"),
        )
        if archive:
            case = act(case, "archive", actor="manager")
        return case

    return run


@pytest.fixture
def library(demo_site):
    """The demo's Chinese case-study library (staff-only, moderated)."""
    return KnowledgeIndexPage.objects.get(locale__language_code="zh-hans")


@pytest.fixture
def signed_in(client, staff):
    def as_(username):
        client.force_login(staff[username])
        return client

    return as_
