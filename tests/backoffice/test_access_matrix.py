"""A test that writes itself: every URL pattern that takes an object × every demo account ×
own unit / another unit × open / closed case, checked against the policy table below.

The patterns come from Django's URL resolver, so a view added tomorrow is in the matrix at
once: a pattern with a parameter that POLICY does not classify fails
`test_every_object_url_is_classified` until someone says, in POLICY, who may open it.

The world is made once per module (through the real services) inside a transaction that is
rolled back at the end; each test runs in a savepoint within it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("access_matrix")]

ROLES = [
    "agent",
    "supervisor",
    "manager",
    "gm",
    "agent2",
    "manager2",
    "unitstaff",
    "headoffice",
    "oversight",
    "trainer",
    "admin",
]
# Each account's own store (s01's appliances counter for unitstaff, whose cases are routed to
# it). Head-office accounts count store s01 as "own" and s02 as "another unit".
HOME = dict.fromkeys(ROLES, "s01") | {"agent2": "s02", "manager2": "s02"}
SEE_EVERY_UNIT = {"headoffice", "oversight", "admin", "trainer"}
CLOSED_ONLY = {"trainer"}  # trainers read closed cases only (for case studies)
ADMIN = {"admin"}
MANAGERS = {"manager", "gm", "manager2", "admin"}  # the staff list and canned replies
UNIT_READERS = MANAGERS | {"headoffice", "oversight"}
HANDLERS = {"agent", "supervisor", "manager", "gm", "agent2", "manager2", "unitstaff", "admin"}
DRAFTERS = {"trainer", "manager", "gm", "manager2", "admin"}


def sees(role: str, side: str, state: str) -> bool:
    """Who reads which case, written out here rather than asked of backoffice.access."""
    if role in CLOSED_ONLY and state == "open":
        return False
    return side == "own" or role in SEE_EVERY_UNIT


# --- the policy table -------------------------------------------------------------------------
# Each rule takes (role, side, state) and gives the expected status of a GET. A refusal is 404,
# exactly as for an object that does not exist, so a user learns nothing about other units.


def case_read(role, side, state):
    return 200 if sees(role, side, state) else 404


# Wagtail answers a missing model permission by sending the user to the dashboard (302) before
# it loads any object, so the answer is the same for every id and reveals nothing.
NO_PERMISSION = 302


def draft_case_study(role, side, state):
    if role not in DRAFTERS:
        return NO_PERMISSION
    if not sees(role, side, state):
        return 404
    return 200 if state == "closed" else 302  # an open case: back to the case screen


def roles(allowed: set[str], *, per_unit: bool = False, refused: int = 404):
    def rule(role, side, state):
        if per_unit and side == "other" and role not in ADMIN:
            return 404
        return 200 if role in allowed else refused

    rule.__name__ = f"roles{sorted(allowed)}"
    return rule


def post_only(role, side, state):
    return 405  # a GET changes nothing and names nothing: the action is a POST (tested below)


@dataclass(frozen=True)
class Rule:
    check: object  # (role, side, state) -> status, or None: not requested (see reason)
    target: str  # which object fills the pattern's parameters
    reason: str = ""


CASE = "case"
POLICY: dict[str, Rule] = {
    # Cases: read by those who see the case; changed only through actions (POSTs refused by
    # case_transition for readers, tested in test_workflow and below).
    "cases:inspect": Rule(case_read, CASE),
    "cases:history": Rule(case_read, CASE),
    "cases:history_results": Rule(case_read, CASE),
    "cases:action": Rule(case_read, CASE),
    "cases:attachment": Rule(case_read, "attachment"),
    "cases:document": Rule(case_read, CASE),
    "appeals:file": Rule(case_read, CASE),
    "appeals:inspect": Rule(case_read, "appeal"),
    "appeals:history": Rule(case_read, "appeal"),
    "appeals:history_results": Rule(case_read, "appeal"),
    "appeals:decide": Rule(case_read, "appeal"),
    "knowledge_draft_case_study": Rule(draft_case_study, CASE),
    "portal-api-v1:case_detail": Rule(case_read, "api"),
    # The outbox: administrators only, append-only (no edit/delete routes exist at all).
    "outbox:inspect": Rule(roles(ADMIN), "notification"),
    "outbox:history": Rule(roles(ADMIN), "notification"),
    "outbox:history_results": Rule(roles(ADMIN), "notification"),
    "outbox:resend": Rule(post_only, "notification"),
    # The staff list: managers see their own units' people; administrators everyone's.
    "staff:edit": Rule(roles(ADMIN, refused=NO_PERMISSION), "staff"),
    "staff:delete": Rule(roles(ADMIN), "staff"),
    "staff:history": Rule(roles(MANAGERS, per_unit=True), "staff"),
    "staff:history_results": Rule(roles(MANAGERS, per_unit=True), "staff"),
    # Settings without personal data or cases: model permissions of the role groups.
    "units:history": Rule(roles(UNIT_READERS), "unit"),
    "units:history_results": Rule(roles(UNIT_READERS), "unit"),
    "units:edit": Rule(roles(ADMIN, refused=NO_PERMISSION), "unit"),
    "units:delete": Rule(roles(ADMIN), "unit"),
    "canned_replies:history": Rule(roles(HANDLERS), "canned_reply"),
    "canned_replies:history_results": Rule(roles(HANDLERS), "canned_reply"),
    "canned_replies:edit": Rule(roles(MANAGERS, refused=NO_PERMISSION), "canned_reply"),
    "canned_replies:delete": Rule(roles(ADMIN), "canned_reply"),
    "authority_limits:edit": Rule(roles(ADMIN, refused=NO_PERMISSION), "authority_limit"),
    "authority_limits:history": Rule(roles(ADMIN), "authority_limit"),
    "authority_limits:history_results": Rule(roles(ADMIN), "authority_limit"),
}
for _settings in (
    "categories",
    "sla_rules",
    "referring_bodies",
    "calendar_overrides",
    "calendar_years",
    "notification_recipients",
):
    for _view in ("delete", "history", "history_results"):
        POLICY[f"{_settings}:{_view}"] = Rule(roles(ADMIN), _settings)
    POLICY[f"{_settings}:edit"] = Rule(roles(ADMIN, refused=NO_PERMISSION), _settings)

# Wagtail's own objects and the API-token screens carry no case and no complainant: they are
# governed by Wagtail's permission policies (administrators only in our role table) and are not
# requested here. Classified by namespace or name prefix, each with its reason.
NOT_CASE_BEARING = {
    "wagtailadmin_pages:": "pages: the public site and the case-study library (Wagtail pages)",
    "wagtailadmin_explore": "page explorer (Wagtail pages)",
    "wagtailadmin_choose_page_child": "page chooser (Wagtail pages)",
    "wagtailadmin_api:": "admin API over pages, images, documents (Wagtail)",
    "wagtailadmin_workflows:": "page moderation workflows (Wagtail)",
    "wagtailadmin_collections:": "media collections (Wagtail)",
    "wagtailadmin_editing_sessions:": (
        "concurrent-editing pings: 404 unless the model's registered policy allows 'change' "
        "on the object (for cases: backoffice.gate, i.e. access.can_work_case)"
    ),
    "wagtailadmin_password_reset_confirm": "password reset token (Django auth)",
    "wagtailadmin_tag_model_autocomplete": "tag autocomplete by model name (Wagtail)",
    "wagtail_bulk_action": "bulk actions: only for pages, images, documents, users, snippets",
    "wagtailcore_authenticate_with_password": "page view restrictions (Wagtail)",
    "wagtaildocs": "Wagtail documents (not case evidence: that is cases:attachment)",
    "wagtailimages": "Wagtail images (not case evidence: that is cases:attachment)",
    "wagtailusers_": "user accounts and groups (administrators, Wagtail)",
    "wagtailsites:": "sites (Wagtail)",
    "wagtaillocales:": "locales (Wagtail)",
    "wagtailredirects:": "redirects (Wagtail)",
    "wagtailsettings:": "site settings (Wagtail)",
    "wagtailforms:": "form-page submissions (Wagtail; the complaint form is not one)",
    "simple_translation:": "page translation (wagtail-simple-translation)",
    "api_tokens:": "staff API tokens (administrators; revoked, never deleted)",
    "backoffice_mfa_reset": (
        "second-factor reset of a user account: administrators only "
        "(tests/backoffice/test_second_factor.py)"
    ),
}


def object_patterns() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern with a parameter, includes followed."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.pattern.regex.groupindex or "<" in route:
                    found.append((namespace + (pattern.name or ""), route))

    walk(get_resolver().url_patterns, "", "")
    return found


def classification(name: str) -> str | None:
    if name in POLICY:
        return "policy"
    for prefix in NOT_CASE_BEARING:
        if name.startswith(prefix):
            return "not case-bearing"
    return None


def test_every_object_url_is_classified():
    unclassified = sorted({f"{n}  ({r})" for n, r in object_patterns() if not classification(n)})
    assert not unclassified, (
        "These URL patterns take an object id but tests/backoffice/test_access_matrix.py does "
        "not say who may open them. Add each to POLICY (a rule such as case_read, or roles(...)) "
        "or, for an object that carries no case, to NOT_CASE_BEARING with the reason:\n  "
        + "\n  ".join(unclassified)
    )


def test_the_policy_table_names_only_routed_patterns():
    # A stale entry would hide a renamed view from the matrix.
    routed = {name for name, _route in object_patterns()}
    assert not set(POLICY) - routed, sorted(set(POLICY) - routed)


# --- the world --------------------------------------------------------------------------------


def _png():
    from PIL import Image

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _make_case(users, units, store: str, closed: bool):
    from backoffice.models import Category
    from backoffice.services.appeals import appeal_file
    from backoffice.services.attachments import attachment_add
    from backoffice.services.cases import case_submit, case_transition

    agent = users["agent" if store == "s01" else "agent2"]
    boss = users["supervisor" if store == "s01" else "manager2"]
    counter = units["s01-elec" if store == "s01" else "s02-fashion"]
    case = case_submit(
        channel="phone",
        data={
            "complainant_name": "李小红",
            "complainant_phone": "13800138000" if store == "s01" else "13900139000",
            "complainant_email": "lxh@example.com",
            "store": units[store],
            "description": "买的电饭煲第二天就不加热了。",
        },
        actor=agent,
    ).case
    attachment_add(case=case, upload=_png(), actor=agent)
    steps = [
        ("acknowledge", {}),
        (
            "start_investigation",
            {
                "category": Category.objects.get(code="product_quality").pk,
                "responsible_unit": counter.pk,
            },
        ),
    ]
    if closed:
        steps += [
            ("propose_resolution", {"resolution": "更换内胆。", "compensation_kind": "exchange"}),
            ("customer_accept", {}),
            ("implement", {"note": "已更换。"}),
            ("start_follow_up", {}),
        ]
    for action, data in steps:
        case = case_transition(case=case, action=action, actor=agent, data=data)
    if closed:
        case = case_transition(
            case=case,
            action="close",
            actor=boss,
            data={
                "validity": "valid_service",
                "cause": "柜员未提示使用注意事项。",
                "corrective_action": "更换内胆并致歉。",
                "prevention": "交货时讲解使用方法。",
            },
        )
        appeal_file(case=case, appellant=agent, grounds="判定有误。")
    return case


@dataclass
class World:
    users: dict
    units: dict
    cases: dict  # (side of s01, state) -> Case, side "s01"/"s02"
    tokens: dict
    media: object


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from backoffice.defaults import load_defaults
    from demo.organisation import load_accounts, load_organisation
    from portal.tokens import api_token_create
    from tests.second_factor import enrol

    media = tmp_path_factory.mktemp("matrix-media")
    old_media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_defaults()
            units = load_organisation()
            load_accounts(units)
            users = {u.username: u for u in get_user_model().objects.all()}
            cases = {
                (store, state): _make_case(users, units, store, state == "closed")
                for store in ("s01", "s02")
                for state in ("open", "closed")
            }
            # A token is issued only to an account with a second factor.
            tokens = {
                role: (enrol(users[role]), api_token_create(user=users[role]))[1][1]
                for role in ROLES
            }
            yield World(users, units, cases, tokens, media)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings.MEDIA_ROOT = old_media


def case_for(world: World, role: str, side: str, state: str):
    home = HOME[role]
    store = home if side == "own" else ("s02" if home == "s01" else "s01")
    return world.cases[(store, state)]


def kwargs_for(route: str, target: str, world: World, role: str, side: str, state: str):
    """The URL arguments naming the scenario's object, or None when it has no such object."""
    from backoffice.models import (
        AuthorityLimit,
        CalendarOverride,
        CalendarYear,
        CannedReply,
        Category,
        NotificationRecipient,
        ReferringBody,
        SlaRule,
        StaffMember,
    )

    case = case_for(world, role, side, state)
    params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    if target in (CASE, "api"):
        obj_pk = case.pk
    elif target == "attachment":
        return {"pk": case.pk, "attachment_pk": case.attachments.first().pk}
    elif target == "appeal":
        appeal = case.appeals.first()
        if appeal is None:
            return None  # appeals are filed against a closing judgment: closed cases only
        obj_pk = appeal.pk
    elif target == "notification":
        obj_pk = case.notifications.order_by("pk").first().pk
    elif target == "staff":
        unit = world.units["s01" if (side == "own") == (HOME[role] == "s01") else "s02"]
        obj_pk = StaffMember.objects.filter(unit=unit).order_by("pk").first().pk
    else:
        model = {
            "unit": type(world.units["s01"]),
            "canned_reply": CannedReply,
            "authority_limit": AuthorityLimit,
            "categories": Category,
            "sla_rules": SlaRule,
            "referring_bodies": ReferringBody,
            "calendar_overrides": CalendarOverride,
            "calendar_years": CalendarYear,
            "notification_recipients": NotificationRecipient,
        }[target]
        row = model.objects.order_by("pk").first()
        if row is None:
            row = _make_setting(model)
        obj_pk = row.pk
    values = {
        "pk": obj_pk,
        "case_pk": obj_pk,
        "reference": case.reference,
        "action": "add_note",
        "kind": "record_sheet",
    }
    return {name: values[name] for name in params}


def _make_setting(model):
    import datetime
    from decimal import Decimal

    from backoffice.models import CalendarOverride, CalendarYear, CannedReply, NotificationRecipient

    if model is CalendarOverride:
        return model.objects.create(date=datetime.date(2026, 12, 31), is_working_day=False)
    if model is CalendarYear:
        return model.objects.create(year=2031)
    if model is NotificationRecipient:
        return model.objects.create(
            event=model._meta.get_field("event").choices[0][0], email="x@e.cn"
        )
    if model is CannedReply:
        return model.objects.create(title="致歉", body="您好", language="zh-hans")
    raise AssertionError(f"no row of {model} to point at ({Decimal})")


def scenarios(rule: Rule):
    for role in ROLES:
        for side in ("own", "other"):
            for state in ("open", "closed"):
                yield role, side, state


CLASSIFIED = sorted(POLICY)


@pytest.mark.parametrize("name", CLASSIFIED)
def test_matrix(name, world, client, settings, monkeypatch):
    settings.MEDIA_ROOT = world.media
    if name == "cases:document":
        # Who may print is decided before rendering; 44 renderings would only cost time here
        # (the forms themselves are checked in test_documents).
        monkeypatch.setattr(
            "backoffice.views.documents.render_document",
            lambda kind, case, **kwargs: ("form.pdf", b"%PDF-1.7"),
        )
    rule = POLICY[name]
    route = dict(object_patterns())[name]
    failures = []
    for role, side, state in scenarios(rule):
        kwargs = kwargs_for(route, rule.target, world, role, side, state)
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        if rule.target == "api":
            client.logout()
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
        else:
            client.force_login(world.users[role])
            response = client.get(url)
        expected = rule.check(role, side, state)
        if response.status_code != expected:
            failures.append(
                f"{role:10} {side:5} {state:6} {url}: {response.status_code} ≠ {expected}"
            )
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.parametrize("name", [n for n in CLASSIFIED if POLICY[n].target != "api"])
def test_anonymous_visitors_are_sent_to_sign_in(name, world, client):
    rule = POLICY[name]
    route = dict(object_patterns())[name]
    kwargs = kwargs_for(route, rule.target, world, "admin", "own", "closed")
    response = client.get(reverse(name, kwargs=kwargs))
    if rule.check is post_only:
        assert response.status_code in (302, 405)
    else:
        assert response.status_code == 302 and "/login/" in response["Location"], name


def test_posting_an_action_works_only_for_the_cases_handlers(world, client):
    """The GETs above show the form; the POST is where work happens. Readers who see the case
    are refused by the workflow (400, nothing written); others get the same 404 as ever."""
    from backoffice.models import CaseEvent

    failures = []
    for role in ROLES:
        client.force_login(world.users[role])
        for side in ("own", "other"):
            case = case_for(world, role, side, "open")
            case.refresh_from_db()
            before = CaseEvent.objects.filter(case=case).count()
            response = client.post(
                reverse("cases:action", args=[case.pk, "add_note"]),
                {"version": case.version, "note": f"note by {role}"},
            )
            works = role in HANDLERS and sees(role, side, "open")
            expected = 302 if works else (400 if sees(role, side, "open") else 404)
            written = CaseEvent.objects.filter(case=case).count() - before
            if response.status_code != expected or written != int(works):
                failures.append(f"{role} {side}: {response.status_code} ≠ {expected}, {written}")
    assert not failures, failures


def test_queue_and_export_list_exactly_the_cases_each_account_sees(world, client):
    failures = []
    for role in ROLES:
        client.force_login(world.users[role])
        page = client.get(reverse("cases:index"), {"scope": "all"}).content.decode()
        export = client.get(reverse("cases:index"), {"export": "csv", "scope": "all"})
        rows = b"".join(export.streaming_content).decode()
        for side in ("own", "other"):
            for state in ("open", "closed"):
                reference = case_for(world, role, side, state).reference
                expected = sees(role, side, state)
                if (reference in page) != expected or (reference in rows) != expected:
                    failures.append(f"{role} {side} {state}: expected listed={expected}")
    assert not failures, failures
