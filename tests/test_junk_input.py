"""Junk input never crashes an endpoint: every surface (the public forms, the tracking pages, the
public and the staff JSON API, the staff screens and the reports) answers a fixed list of junk
values and a seeded random sample with a clear refusal (4xx with a message, in the user's
language) or a normal answer — never 500.

A crash is reported with the method, the URL and the input that caused it. The random sample is
seeded (JUNK_SEED), so a failure replays exactly; set JUNK_SEED to explore further."""

from __future__ import annotations

import json
import os
import random
import re
import traceback

import pytest

from django.test import Client
from django.urls import reverse

from backoffice.models import Case
from backoffice.services.cases import case_transition
from backoffice.workflow import ACTIONS, State
from portal.forms import ComplaintForm
from portal.tokens import api_token_create
from tests.portal.helpers import (
    carry_to_follow_up,
    complaint_data,
    photo,
    propose_resolution,
    zh,
)
from tests.second_factor import enrol

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("JUNK_SEED", "20261205"))

# Text as people, browsers and scripts send it when things go wrong.
JUNK_TEXT = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\t\r\n",
    "x" * 20000,
    "投诉" * 3000,
    "中文编码",
    "ＡＢＣＤ－１２３４",
    "٣٤٥٦",
    "🙂" * 40,
    "\u202eevil\u202c",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%d%n{0}{{ 7*7 }}",
    "-1",
    "0",
    "99999999999999999999999999999",
    "1e400",
    "NaN",
    "-Infinity",
    "null",
    "true",
    "[]",
    "../../etc/passwd",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
]

# JSON values of every type, for the API.
JUNK_JSON = [
    None,
    True,
    False,
    0,
    -1,
    10**40,
    -(10**40),
    1.5,
    1e308,
    [],
    [1, "a", None],
    {},
    {"$gt": ""},
    {"nested": {"deeper": [{"x": 1}]}},
    "lone \ud800 surrogate",  # JSON can spell it (\\ud800); no encoder or database takes it
    *JUNK_TEXT,
]

# One of each kind, for the loops that try every field of every endpoint.
JUNK_JSON_KINDS = [
    None,
    True,
    -1,
    10**40,
    1.5,
    [],
    {"nested": {"deeper": [1]}},
    "",
    "\x00",
    "x" * 20000,
    "中文编码",
    "' OR 1=1 --",
    "\udfff",
]

# Characters for the random sample: ASCII, controls, CJK, full-width, emoji, RTL marks.
ALPHABET = (
    "abcXYZ0189-_ .,;:'\"\\/%&#?=+@!<>{}[]()\t\n\r\x00\x01\x1b\x7f"
    "投诉编码電飯煲ＡＢ１２٣ßİı\u200b\u202e\ufeff😀🙂é"
)


def random_text(rng: random.Random) -> str:
    length = rng.choice([0, 1, 3, 8, 10, 40, 300, 5000])
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def random_json(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 2 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.randint(-(10**20), 10**20)
    if kind == 3:
        return rng.uniform(-1e9, 1e9)
    if kind == 4:
        return random_text(rng)
    if kind == 5:
        return random_text(rng) + rng.choice(["\ud800", "\udfff", ""])
    if kind == 6:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {random_text(rng)[:10]: random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def call(client: Client, method: str, path: str, what, **kwargs):
    """The response to one request; a crash (an exception or a 500) fails the test with the
    method, the URL and the input that caused it."""
    try:
        response = getattr(client, method)(path, **kwargs)
    except Exception as error:  # noqa: BLE001 - reported with the input that caused it
        pytest.fail(
            f"{method.upper()} {path} with {short(what)} raised {error!r}\n"
            + "".join(traceback.format_exception(error)[-6:])
        )
    assert response.status_code != 500, f"{method.upper()} {path} with {short(what)}: 500"
    return response


def short(value) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:300] + f"… ({len(text)} characters)"


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    return match.group(1) if match else ""


LANGUAGES = {"/": "zh-Hans", "/en/": "en"}


def translated(prefix: str, message: str) -> str:
    return zh(message) if prefix == "/" else message


@pytest.fixture
def no_limits(settings):
    """These tests are about junk input, not about the rate limits."""
    settings.PORTAL_RATE_LIMITS_ENABLED = False
    settings.RATE_LIMIT_TRACK_PER_HOUR = 10**6
    settings.RATE_LIMIT_SUBMIT_PER_HOUR = 10**6


@pytest.fixture
def submitted(client, demo_site, no_limits):
    """A complaint submitted through the form: (case, tracking code)."""
    from backoffice import public

    response = client.post("/complain/", complaint_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    return case, public.customer_tracking_code(case)


# --- the online complaint form ----------------------------------------------------------------

# Every field of the form, plus what the page posts beside them (token, kept uploads).
FORM_FIELDS = [*ComplaintForm.base_fields, "form_token", "kept_files", "discard_kept"]
FORM_JUNK = [
    "",
    "\x00",
    "x" * 20000,
    "中文编码",
    "99999999999999999999999999999",
    "-1",
    "0000-00-00",
    "9999-12-31",
    "' OR 1=1 --",
]


def assert_form_refused_or_accepted(response, prefix: str, what) -> None:
    if response.status_code == 302:
        return  # accepted: the junk was harmless text (a product name, say)
    assert response.status_code in (400, 429), (what, response.status_code)
    assert html_lang(response) == LANGUAGES[prefix], what
    html = response.content.decode()
    assert 'name="form_token"' in html and 'name="description"' in html, what


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_complaint_form_refuses_junk_fields_with_the_form(client, demo_site, no_limits, prefix):
    path = f"{prefix}complain/"
    for field in FORM_FIELDS:
        for value in FORM_JUNK:
            data = complaint_data(**{field: value})
            response = call(client, "post", path, (field, value), data=data)
            assert_form_refused_or_accepted(response, prefix, (field, value))
    # Every field repeated, and every field missing.
    repeated = {key: [value, "x" * 300, "\x00"] for key, value in complaint_data().items()}
    response = call(client, "post", path, "every field repeated", data=repeated)
    assert_form_refused_or_accepted(response, prefix, "every field repeated")
    response = call(client, "post", path, "an empty post", data={})
    assert response.status_code == 400
    assert html_lang(response) == LANGUAGES[prefix]


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_complaint_form_refuses_random_junk_with_the_form(client, demo_site, no_limits, prefix):
    rng = random.Random(f"{SEED}-form-{prefix}")
    path = f"{prefix}complain/"
    for _round in range(25):
        data = complaint_data()
        for field in rng.sample(FORM_FIELDS, rng.randint(1, 5)):
            data[field] = rng.choice([random_text(rng), rng.choice(JUNK_TEXT)])
        response = call(client, "post", path, data, data=data)
        assert_form_refused_or_accepted(response, prefix, data)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_complaint_form_refuses_bodies_that_are_not_a_form(
    client, demo_site, no_limits, prefix
):
    path = f"{prefix}complain/"
    bodies = [
        ("application/json", json.dumps(complaint_data())),
        ("text/plain", "description=hello"),
        ("application/x-www-form-urlencoded", b"description=%FF%FE%00&consent=%E4"),
        ("multipart/form-data; boundary=nope", b"--nope\r\nbroken"),
        ("multipart/form-data", b"no boundary at all"),
        ("application/xml", "<complaint/>"),
    ]
    for content_type, body in bodies:
        response = call(client, "post", path, content_type, data=body, content_type=content_type)
        assert response.status_code in (400, 429), (content_type, response.status_code)
        assert html_lang(response) == LANGUAGES[prefix], content_type
        html = response.content.decode()
        # The form again, or (a body Django cannot read at all) a page that says so.
        unreadable = translated(prefix, "Your request could not be read")
        assert 'name="description"' in html or unreadable in html, content_type
        response = call(
            client, "post", f"{prefix}track/", content_type, data=body, content_type=content_type
        )
        assert response.status_code == 400, (content_type, response.status_code)
        assert html_lang(response) == LANGUAGES[prefix], content_type
        html = response.content.decode()
        assert 'name="reference"' in html or unreadable in html, content_type


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_complaint_form_refuses_junk_files_and_keeps_the_rest(
    client, demo_site, no_limits, prefix
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.helpers import exe_bytes, zip_bytes

    path = f"{prefix}complain/"
    files = [
        SimpleUploadedFile(".jpg", b"", content_type="image/jpeg"),
        SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"),
        SimpleUploadedFile("x" * 300 + ".jpg", b"\xff\xd8\xff" + b"\x00" * 100),
        SimpleUploadedFile("../../evil.jpg", zip_bytes(), content_type="image/jpeg"),
        SimpleUploadedFile("virus.exe", exe_bytes(), content_type="application/octet-stream"),
        SimpleUploadedFile("投诉\x00.pdf", b"%PDF-", content_type="application/pdf"),
    ]
    for upload in files:
        data = complaint_data(description="", attachments=upload)
        response = call(client, "post", path, upload.name, data=data)
        assert response.status_code == 400, upload.name
        assert html_lang(response) == LANGUAGES[prefix], upload.name
    # A photo kept from a refused attempt survives junk in the kept-files fields.
    response = call(
        client,
        "post",
        path,
        "photo, no description",
        data=complaint_data(description="", attachments=photo()),
    )
    kept = re.search(r'name="kept_files" value="([^"]*)"', response.content.decode())[1]
    for junk in ["x", kept + "x", kept[::-1], "\x00", "[]"]:
        data = complaint_data(description="", kept_files=junk, discard_kept=["../..", "\x00"])
        response = call(client, "post", path, ("kept_files", junk), data=data)
        assert response.status_code == 400
        assert html_lang(response) == LANGUAGES[prefix]


# --- tracking -----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_tracking_lookup_refuses_junk_with_the_form(client, submitted, no_limits, prefix):
    case, code = submitted
    rng = random.Random(f"{SEED}-track-{prefix}")
    path = f"{prefix}track/"
    values = JUNK_TEXT + [random_text(rng) for _ in range(15)]
    pairs = [(value, code) for value in values] + [(case.reference, value) for value in values]
    pairs += [(value, value) for value in values]
    for reference, attempt in pairs:
        visitor = Client()
        response = call(
            visitor,
            "post",
            path,
            (reference, attempt),
            data={"reference": reference, "code": attempt},
        )
        if response.status_code == 303:
            # Only the right pair opens the case, however it is written.
            assert attempt.upper() == code
            continue
        assert response.status_code == 400, (reference, attempt, response.status_code)
        assert html_lang(response) == LANGUAGES[prefix]
        assert 'name="reference"' in response.content.decode()
    for reference, attempt in [("ZZZZ-ZZZZ", "ABCD"), ("1234", "x" * 40), ("----", "0000")]:
        response = call(Client(), "get", f"{path}{reference}/{attempt}/", (reference, attempt))
        assert response.status_code == 404
        assert html_lang(response) == LANGUAGES[prefix]


def test_a_non_ascii_tracking_code_is_not_recognised(client, submitted, no_limits):
    case, _code = submitted
    response = call(
        client,
        "post",
        "/track/",
        "中文编码",
        data={"reference": case.reference, "code": "中文编码"},
    )
    assert response.status_code == 400
    assert (
        zh("Reference or code not recognised. Please check both against your acknowledgement.")
        in response.content.decode()
    )
    # The code typed with a Chinese input method's full-width letters is the code itself.
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in _code)
    response = call(
        Client(),
        "post",
        "/track/",
        full_width,
        data={"reference": case.reference, "code": full_width},
    )
    assert response.status_code == 303


def _tracked(client, case, code) -> Client:
    response = client.post("/track/", {"reference": case.reference, "code": code})
    assert response.status_code == 303
    return client


CUSTOMER_ACTIONS = [
    "customer_message",
    "customer_reply",
    "customer_accept",
    "customer_reject",
    "customer_rate",
    "dispute",
    "",
    "close",
    "archive",
    "__class__",
    "\x00",
    "x" * 5000,
]
ACTION_FIELDS = [
    "message-message",
    "customer_accept-message",
    "customer_reject-message",
    "customer_rate-satisfaction",
    "customer_rate-comment",
    "dispute-message",
    "kept_files",
    "discard_kept",
]


def _post_actions(client, rng, case, prefix="/"):
    """Post every customer action with junk fields; each is refused (the case unchanged) or
    done, and a refusal shows the case page in the customer's language."""
    path = f"{prefix}track/case/"
    for action in CUSTOMER_ACTIONS:
        for value in ["", "\x00", "x" * 20000, "中文编码", "-1", random_text(rng), "6", "5"]:
            case.refresh_from_db()
            before = (case.state, case.version)
            data = {"action": action, **dict.fromkeys(ACTION_FIELDS, value)}
            response = call(client, "post", path, data, data=data)
            case.refresh_from_db()
            if response.status_code == 303:
                continue
            assert response.status_code == 400, (action, value, response.status_code)
            assert html_lang(response) == LANGUAGES[prefix]
            assert case.reference in response.content.decode()
            assert (case.state, case.version) == before, (action, value)


def test_the_case_page_actions_refuse_junk_in_every_state(client, submitted, no_limits):
    case, code = submitted
    rng = random.Random(f"{SEED}-case-actions")
    tracked = _tracked(client, case, code)
    _post_actions(tracked, rng, case)
    case = propose_resolution(Case.objects.get(pk=case.pk))
    _post_actions(tracked, rng, case)
    case.refresh_from_db()
    if case.state == State.RESOLUTION_PROPOSED:
        tracked.post("/track/case/", {"action": "customer_accept"})
    case = carry_to_follow_up(Case.objects.get(pk=case.pk))
    _post_actions(tracked, rng, case)
    # The acknowledgement PDF of the tracked case, and the pages without a session.
    assert call(tracked, "get", "/track/case/acknowledgement/", "tracked").status_code == 200
    for path in ["/track/case/acknowledgement/", "/complain/done/acknowledgement/", "/track/case/"]:
        response = call(Client(), "get", path, "no session")
        assert response.status_code == 302


# --- the public JSON API ------------------------------------------------------------------------

API_COMPLAINT = {
    "category": "product_quality",
    "unit": "s01-elec",
    "product_name": "电饭煲",
    "incident_date": "2026-11-10",
    "description": "电饭煲不加热。",
    "complainant_name": "张伟",
    "complainant_phone": "13900139000",
    "preferred_contact": "sms",
    "consent": True,
}
API_OK = {200, 201, 400, 404, 405, 409, 415, 422, 429}


def api(client, path, body, *, raw=False, content_type="application/json", **headers):
    data = body if raw else json.dumps(body)
    response = call(
        client,
        "post",
        f"/api/v1{path}",
        (path, body),
        data=data,
        content_type=content_type,
        **headers,
    )
    assert response.status_code in API_OK, (path, short(body), response.status_code)
    if response.status_code >= 400 and response.status_code != 405:
        payload = response.json()
        assert payload["detail"], (path, short(body))
    return response


@pytest.fixture
def api_case(client, demo_site, no_limits):
    response = api(client, "/complaints", API_COMPLAINT)
    assert response.status_code == 201
    data = response.json()
    return Case.objects.get(reference=data["reference"]), data["tracking_code"]


RAW_BODIES = [
    b"",
    b"not json",
    b"{",
    b"null",
    b"[]",
    b'"a string"',
    b"12",
    b'{"description": NaN}',
    b'{"description": Infinity}',
    b'{"description": "\\ud800"}',
    b'{"reference": "\\udfff", "code": "\\ud83d"}',
    b"\xff\xfe\x00{",
    b'{"a":' * 500 + b"1" + b"}" * 500,
    b'{"consent": true, "consent": "yes"}',
]


def test_the_api_refuses_bodies_that_are_not_json_objects(api_case):
    case, code = api_case
    client = Client()
    for path in ["/complaints", *CUSTOMER_PATHS]:
        for body in RAW_BODIES:
            response = api(client, path, body, raw=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
            assert response.status_code in (400, 404, 422), (path, body, response.status_code)
            assert response["Content-Language"] == "zh-hans"
            if response.status_code == 400:
                assert response.json()["detail"] == zh("The request body must be a JSON object.")
        for content_type in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ]:
            api(
                client, path, {"reference": case.reference, "code": code}, content_type=content_type
            )
        assert call(client, "get", f"/api/v1{path}", "GET").status_code == 405


CUSTOMER_PATHS = [
    "/complaints/track",
    "/complaints/message",
    "/complaints/answer",
    "/complaints/rate",
    "/complaints/dispute",
]
CUSTOMER_FIELDS = ["reference", "code", "message", "accept", "satisfaction", "comment"]


def test_the_api_refuses_junk_submissions_per_field(api_case):
    client = Client()
    before = Case.objects.count()
    created = 0
    for field in [*API_COMPLAINT, "language", "unknown_field"]:
        for value in JUNK_JSON:
            response = api(client, "/complaints", {**API_COMPLAINT, field: value})
            created += response.status_code == 201
            if response.status_code == 422:
                assert response.json()["errors"], (field, short(value))
        missing = {key: value for key, value in API_COMPLAINT.items() if key != field}
        created += api(client, "/complaints", missing).status_code == 201
    assert Case.objects.count() == before + created
    for key in ["", "x", "k" * 10000, "中文编码的幂等键", "\x7f" * 10]:
        response = api(client, "/complaints", API_COMPLAINT, HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code in (200, 201, 422), short(key)


def test_the_api_refuses_random_junk_everywhere(api_case):
    case, code = api_case
    rng = random.Random(f"{SEED}-api")
    client = Client()
    for _round in range(40):
        body = {**API_COMPLAINT}
        for field in rng.sample(list(API_COMPLAINT), rng.randint(1, 4)):
            body[field] = random_json(rng)
        api(client, "/complaints", body)
        path = rng.choice(CUSTOMER_PATHS)
        credentials = {"reference": case.reference, "code": code}
        body = {**credentials}
        for field in rng.sample(CUSTOMER_FIELDS, rng.randint(1, 4)):
            body[field] = random_json(rng)
        api(client, path, body)
        api(client, path, random_json(rng))


def test_the_customer_api_refuses_junk_fields_without_changing_the_case(api_case, staff):
    case, code = api_case
    client = Client()
    credentials = {"reference": case.reference, "code": code}
    for stage in ("acknowledged", "proposed", "follow_up"):
        if stage == "proposed":
            case = propose_resolution(Case.objects.get(pk=case.pk))
        if stage == "follow_up":
            case.refresh_from_db()
            if case.state == State.INVESTIGATING:  # a junk answer was a valid rejection
                case = case_transition(
                    case=case,
                    action="propose_resolution",
                    actor=staff["agent"],
                    data={"resolution": "退款。", "compensation_kind": "refund"},
                )
            answer = api(client, "/complaints/answer", {**credentials, "accept": True})
            assert answer.json()["state"] == "accepted"
            case = carry_to_follow_up(Case.objects.get(pk=case.pk))
        for path in CUSTOMER_PATHS:
            for field in CUSTOMER_FIELDS:
                for value in JUNK_JSON_KINDS:
                    case.refresh_from_db()
                    before = (case.state, case.version)
                    body = {**credentials, "accept": False, "satisfaction": 4, field: value}
                    response = api(client, path, body)
                    if response.status_code != 200:
                        case.refresh_from_db()
                        assert (case.state, case.version) == before, (path, field, short(value))


# --- the staff API ------------------------------------------------------------------------------


def test_the_staff_api_refuses_junk_query_parameters(api_case, staff):
    case, _code = api_case
    enrol(staff["admin"])
    _token, plaintext = api_token_create(user=staff["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    rng = random.Random(f"{SEED}-staff-api")
    junk = [*JUNK_TEXT, str(10**30), str(-(10**30)), "1.5", "0x10", random_text(rng)]
    for name in ["limit", "offset", "state", "store", "page", "page_size", "ordering", "zzz"]:
        for value in junk:
            response = call(client, "get", "/api/v1/staff/cases", (name, value), data={name: value})
            assert response.status_code in (200, 422), (name, short(value), response.status_code)
            if response.status_code == 422:
                assert response.json()["errors"], (name, short(value))
            else:
                assert "items" in response.json()
    for reference in [*JUNK_TEXT[:20], case.reference.lower(), "%00", "..%2F"]:
        path = f"/api/v1/staff/cases/{reference}"
        response = call(client, "get", path, reference)
        assert response.status_code in (200, 404), (reference, response.status_code)
    for header in [
        "Bearer",
        "Bearer ",
        "Bearer \x00",
        "Basic abc",
        "Bearer " + "x" * 10000,
        "中文",
    ]:
        response = call(Client(), "get", "/api/v1/staff/cases", header, HTTP_AUTHORIZATION=header)
        assert response.status_code in (401, 429), (short(header), response.status_code)


# --- the staff screens --------------------------------------------------------------------------


@pytest.fixture
def agent(client, staff):
    client.force_login(staff["agent"])
    return client


QUEUE_PARAMS = {
    "queue": ["zzz", "overdue", ""],
    "ordering": ["nonexistent", "-nonexistent", "resolve_due", "-received_at", "__class__"],
    "state": ["zzz", "received", ""],
    "scope": ["zzz", "closed", "all"],
    "p": ["abc", "-1", "0", "999999", str(10**30)],
    "q": ["\x00", "x" * 5000, "' OR 1=1 --", "中文"],
    "received_at_from": ["notadate", "0000-00-00", "9999-12-31", "2026-02-30"],
    "received_at_to": ["notadate", "0001-01-01", "2026-13-01"],
    "received_at_after": ["notadate", "9999-12-31"],
    "received_at_before": ["notadate", "0001-01-01"],
    "category": ["abc", "-1", str(10**30)],
    "store": ["abc", "-1", str(10**30)],
    "severity": ["zzz"],
    "channel": ["zzz"],
    "overdue": ["zzz", "true", "false"],
    "export": ["csv", "xlsx", "pdf", "zzz"],
}


def test_the_case_queue_survives_junk_parameters(agent, submit):
    submit()
    index = reverse("cases:index")
    for name, values in QUEUE_PARAMS.items():
        for value in values:
            response = call(agent, "get", index, (name, value), data={name: value})
            assert response.status_code in (200, 400, 404), (name, value, response.status_code)
            if response.status_code == 200 and name != "export":
                assert "<html" in response.content.decode()
    rng = random.Random(f"{SEED}-queue")
    for _round in range(12):
        params = {
            name: rng.choice(values + [random_text(rng)[:50]])
            for name, values in rng.sample(list(QUEUE_PARAMS.items()), 4)
        }
        response = call(agent, "get", index, params, data=params)
        assert response.status_code in (200, 400, 404), (params, response.status_code)


def test_the_intake_form_refuses_junk_with_the_form(agent, demo):
    path = reverse("cases:add")
    valid = {
        "channel": "phone",
        "complainant_name": "李小红",
        "complainant_phone": "13800138000",
        "store": demo["s01"].pk,
        "description": "买的电饭煲第二天就不加热了。",
        "preferred_contact": "phone",
        "acknowledge_now": "on",
    }
    fields = [
        *valid,
        "complainant_email",
        "complainant_gender",
        "unit_complained_about",
        "category",
        "severity",
        "urgency",
        "incident_date",
        "referring_body",
        "member_card",
        "confirm_new",
    ]
    rng = random.Random(f"{SEED}-intake")
    before = Case.objects.count()
    created = 0
    for field in fields:
        for value in ["", "\x00", "x" * 20000, "中文编码", "-1", "9999-12-31", random_text(rng)]:
            response = call(agent, "post", path, (field, value), data={**valid, field: value})
            if response.status_code == 302:
                created += 1
                continue
            assert response.status_code in (200, 400), (field, short(value))
            assert 'name="description"' in response.content.decode(), (field, short(value))
    assert Case.objects.count() == before + created


def _action_values(rng):
    return ["", "\x00", "x" * 20000, "中文编码", "NaN", "1e400", str(10**30), random_text(rng)]


def test_every_case_action_refuses_junk_without_changing_the_case(agent, submit):
    case = submit()
    rng = random.Random(f"{SEED}-actions")
    names = [*ACTIONS, "zzz", "__init__"]
    field_names = {
        "version",
        "message",
        "note",
        "resolution",
        "category",
        "severity",
        "urgency",
        "validity",
        "validity_reason",
        "responsible_unit",
        "owner",
        "reached",
        "satisfaction",
        "compensation_kind",
        "compensation_amount",
        "quality_problem",
        "commission_deducted",
        "cause",
        "corrective_action",
        "prevention",
        "comment",
        "petty_cash_slip",
        "into",
        "canned_reply",
    }
    for name in names:
        path = f"/admin/cases/inspect/{case.pk}/do/{name}/"
        for index, value in enumerate(_action_values(rng)):
            # A junk version, a stale one, and (for a few values) the current one.
            versions = (value, case.version - 1) + ((case.version,) if index % 3 == 0 else ())
            for version in versions:
                case.refresh_from_db()
                before = (case.state, case.version)
                data = dict.fromkeys(field_names, value) | {"version": version}
                response = call(agent, "post", path, (name, value, version), data=data)
                if response.status_code == 302:
                    continue  # the junk happened to be acceptable text (a note, say)
                assert response.status_code in (400, 404), (name, short(value), version)
                case.refresh_from_db()
                assert (case.state, case.version) == before, (name, short(value), version)
        response = call(
            agent, "post", path, "use_canned", data={"use_canned": "1", "canned_reply": "\x00"}
        )
        assert response.status_code in (200, 404), name


def test_attachments_documents_and_missing_cases_answer_404(agent, submit):
    case = submit()
    for attachment in ["0", "1", "999999", str(2**63), str(10**30)]:
        path = f"/admin/cases/inspect/{case.pk}/files/{attachment}/"
        assert call(agent, "get", path, attachment).status_code == 404
    for kind in ["zzz", "__init__", "record-sheet", "ACKNOWLEDGEMENT", "x" * 200]:
        path = f"/admin/cases/inspect/{case.pk}/print/{kind}.pdf"
        assert call(agent, "get", path, kind).status_code == 404
    for pk in ["0", "999999", str(2**63), str(10**30)]:
        for path in [
            f"/admin/cases/inspect/{pk}/",
            f"/admin/cases/inspect/{pk}/do/add_note/",
            f"/admin/cases/inspect/{pk}/print/record_sheet.pdf",
            f"/admin/cases/inspect/{pk}/files/1/",
        ]:
            assert call(agent, "get", path, pk).status_code == 404, path


REPORT_PARAMS = {
    "period": ["zzz", "week", "month", "custom", ""],
    "week": [
        "zzz",
        "2026-W00",
        "2026-W99",
        "0000-W01",
        "9999-W52",
        "2026-W",
        "٢٠٢٦-W1",
        "2000-W01",
        "2099-W53",
    ],
    "month": [
        "zzz",
        "2026-13",
        "2026-00",
        "0000-01",
        "9999-12",
        "0001-01",
        "2026-1",
        "2000-01",
        "2099-12",
    ],
    "start": ["notadate", "0001-01-01", "9999-12-31", "2026-02-30", "2000-01-01"],
    "end": ["notadate", "0001-01-01", "9999-12-31", "2026-01-01", "2002-12-30", "2099-12-31"],
    "unit": ["zzz", "s02", "\x00", "x" * 500],
}


@pytest.fixture
def manager(client, staff):
    client.force_login(staff["manager"])
    return client


def test_the_reports_refuse_junk_periods_and_units(manager, submit):
    submit()
    dashboard = reverse("complaint_reports:index")
    combinations = [{"period": "month", "month": value} for value in REPORT_PARAMS["month"]] + [
        {"period": "week", "week": value} for value in REPORT_PARAMS["week"]
    ]
    combinations += [
        {"period": "custom", "start": start, "end": end}
        for start in REPORT_PARAMS["start"]
        for end in REPORT_PARAMS["end"]
    ]
    combinations += [{"period": value} for value in REPORT_PARAMS["period"]]
    combinations += [
        {"period": "month", "month": "2026-10", "unit": value} for value in REPORT_PARAMS["unit"]
    ]
    for params in combinations:
        response = call(manager, "get", dashboard, params, data=params)
        assert response.status_code in (200, 400), (params, response.status_code)
        assert "<form" in response.content.decode(), params
    for params in combinations:
        if (
            params.get("period") == "custom"
            and "9999" not in str(params)
            and "0001" not in str(params)
        ):
            continue  # the downloads share the dashboard's form: the extremes suffice
        for download in ("complaint_reports:xlsx",):
            response = call(manager, "get", reverse(download), params, data=params)
            assert response.status_code in (200, 400), (params, response.status_code)
