"""The public JSON API: the same complaint journey as the web pages, machine-readable errors in
the caller's language, and a token-authenticated staff API that respects each user's scope."""

import json
from io import StringIO

import pytest

from django.core.management import call_command
from django.test import Client

from backoffice.models import Case
from portal.models import ApiToken
from portal.tokens import api_token_create, api_token_revoke
from tests.portal.helpers import carry_to_follow_up, propose_resolution, staff, zh
from tests.second_factor import enrol

pytestmark = pytest.mark.django_db

COMPLAINT = {
    "category": "product_quality",
    "unit": "s01-elec",
    "product_name": "电饭煲",
    "product_batch": "LOT7",
    "incident_date": "2026-11-10",
    "description": "电饭煲不加热。",
    "customer_demand": "换货",
    "complainant_name": "张伟",
    "complainant_phone": "+86 139-0013-9000",
    "complainant_email": "",
    "preferred_contact": "sms",
    "consent": True,
}


def post(client, path, body, **headers):
    return client.post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers
    )


def submit(client, body=None, **headers):
    return post(client, "/complaints", body or COMPLAINT, **headers)


@pytest.fixture
def api_case(client, demo_site):
    response = submit(client)
    assert response.status_code == 201, response.content
    data = response.json()
    return Case.objects.get(reference=data["reference"]), data["tracking_code"]


def test_the_openapi_schema_is_served_with_every_path(client, demo_site):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/complaints",
        "/api/v1/complaints/track",
        "/api/v1/complaints/message",
        "/api/v1/complaints/answer",
        "/api/v1/complaints/rate",
        "/api/v1/complaints/dispute",
        "/api/v1/staff/cases",
        "/api/v1/staff/cases/{reference}",
        "/api/v1/options",
    ):
        assert path in schema["paths"], path
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()


def test_the_api_lives_outside_the_language_prefix(client, demo_site):
    assert client.get("/en/api/v1/openapi.json").status_code == 404


def test_options_list_categories_units_and_limits(client, demo_site):
    data = client.get("/api/v1/options", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {"code": "product_quality", "name": "Product quality"} in data["categories"]
    codes = {unit["code"]: unit for unit in data["units"]}
    assert codes["s01-elec"]["store"] == "s01"
    assert "sup-meiyuan" not in codes
    assert data["max_files"] == 5


def test_a_complaint_submitted_by_api_is_an_acknowledged_online_case(api_case):
    case, code = api_case
    assert case.channel == "online"
    assert case.state == "acknowledged"
    assert case.complainant_phone == "13900139000"
    assert case.unit_complained_about.code == "s01-elec"
    assert case.language == "zh-hans"
    assert len(code) == 10


def test_the_submission_answer_has_what_the_customer_needs(client, demo_site):
    data = submit(client, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["created"] is True
    assert data["state"] == "acknowledged"
    assert data["expected_by"]
    assert data["tracking_url"].endswith(f"/en/track/{data['reference']}/{data['tracking_code']}/")


def test_the_idempotency_key_makes_a_retry_return_the_first_case(client, demo_site):
    first = submit(client, HTTP_IDEMPOTENCY_KEY="6b1f3a0e-retry-key")
    again = submit(Client(), HTTP_IDEMPOTENCY_KEY="6b1f3a0e-retry-key")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["reference"] == first.json()["reference"]
    assert Case.objects.count() == 1


def test_a_reused_key_with_another_body_never_returns_someone_elses_case(client, demo_site):
    first = submit(client, HTTP_IDEMPOTENCY_KEY="same-key-123")
    other = submit(
        Client(), {**COMPLAINT, "complainant_name": "别人"}, HTTP_IDEMPOTENCY_KEY="same-key-123"
    )
    assert other.status_code == 201
    assert other.json()["reference"] != first.json()["reference"]


def test_a_too_short_idempotency_key_is_refused(client, demo_site):
    response = submit(client, HTTP_IDEMPOTENCY_KEY="1")
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["errors"]


def test_errors_are_per_field_in_the_requests_language(client, demo_site):
    body = {**COMPLAINT, "complainant_phone": "12345", "consent": False, "unit": "nowhere"}
    english = submit(client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422
    data = english.json()
    assert set(data) == {"detail", "errors"}
    assert data["errors"]["complainant_phone"][0].startswith("Enter a Chinese mobile number")
    assert data["errors"]["consent"][0].startswith("Please agree to the privacy notice")
    assert "unit" in data["errors"]
    assert english["Content-Language"] == "en"
    chinese = submit(client, {**COMPLAINT, "description": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese["Content-Language"] == "zh-hans"
    assert chinese.json()["errors"]["description"] == [zh("Tell us what happened.")]
    assert Case.objects.count() == 0


def test_a_missing_field_and_a_wrong_type_are_reported_per_field(client, demo_site):
    body = {key: value for key, value in COMPLAINT.items() if key != "description"}
    missing = submit(client, body, HTTP_ACCEPT_LANGUAGE="en").json()
    assert missing["errors"]["description"] == ["This field is required."]
    wrong = submit(client, {**COMPLAINT, "consent": {"yes": 1}}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert wrong["errors"]["consent"] == ["Enter a valid value."]
    chinese = submit(client, body, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert chinese["errors"]["description"] == [zh("This field is required.")]
    assert zh("This field is required.") != "This field is required."


def test_missing_contact_is_refused_by_the_api_too(client, demo_site):
    body = {**COMPLAINT, "complainant_phone": "", "complainant_email": ""}
    data = submit(client, body, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["errors"]["complainant_phone"][0].startswith("Give a phone number or an e-mail")


def test_submissions_by_api_are_rate_limited(client, demo_site, settings):
    settings.RATE_LIMIT_SUBMIT_PER_HOUR = 1
    assert submit(client).status_code == 201
    limited = submit(client, HTTP_ACCEPT_LANGUAGE="en")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "several complaints from your connection" in limited.json()["detail"]


def test_tracking_by_api_shows_state_timeline_and_actions(client, api_case):
    case, code = api_case
    response = post(client, "/complaints/track", {"reference": case.reference, "code": code})
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "acknowledged"
    assert data["expected_by"]
    # No Accept-Language: the API answers in the site's default language, Chinese.
    assert [entry["headline"] for entry in data["timeline"]][:1] == [zh("Complaint received")]
    assert data["actions"] == ["message"]


def test_wrong_codes_by_api_reveal_nothing_and_are_rate_limited(client, api_case, settings):
    settings.RATE_LIMIT_TRACK_PER_HOUR = 3
    case, code = api_case
    wrong = post(client, "/complaints/track", {"reference": case.reference, "code": "ABCDEFGHJK"})
    unknown = post(client, "/complaints/track", {"reference": "ZZZZ-ZZZZ", "code": "ABCDEFGHJK"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    post(client, "/complaints/track", {"reference": "YYYY-YYYY", "code": "ABCDEFGHJK"})
    limited = post(client, "/complaints/track", {"reference": case.reference, "code": code})
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    # Enumerating references does not help either: the address counts, whatever it asks for.
    message = post(
        client, "/complaints/message", {"reference": case.reference, "code": code, "message": "x"}
    )
    assert message.status_code == 429
    assert int(message["Retry-After"]) > 0


def test_the_code_is_never_taken_from_the_query_string(client, api_case):
    case, code = api_case
    response = client.post(
        f"/api/v1/complaints/track?reference={case.reference}&code={code}",
        "{}",
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_whole_journey_through_the_api(client, api_case):
    case, code = api_case
    credentials = {"reference": case.reference, "code": code}
    message = post(
        client, "/complaints/message", {**credentials, "message": "补充：是第二次坏了。"}
    )
    assert message.status_code == 200
    assert case.events.filter(action="customer_message").exists()

    too_early = post(client, "/complaints/answer", {**credentials, "accept": True})
    assert too_early.status_code == 409

    propose_resolution(case)
    proposal = post(client, "/complaints/track", credentials).json()
    assert proposal["resolution"].startswith("为您更换")
    assert "answer" in proposal["actions"]
    no_reason = post(client, "/complaints/answer", {**credentials, "accept": False})
    assert no_reason.status_code == 422
    assert "message" in no_reason.json()["errors"]
    accepted = post(client, "/complaints/answer", {**credentials, "accept": True})
    assert accepted.json()["state"] == "accepted"

    carry_to_follow_up(Case.objects.get(pk=case.pk))
    bad_rating = post(client, "/complaints/rate", {**credentials, "satisfaction": 9})
    assert bad_rating.status_code == 422
    assert "satisfaction" in bad_rating.json()["errors"]
    rated = post(client, "/complaints/rate", {**credentials, "satisfaction": 5, "comment": "很好"})
    assert rated.json()["satisfaction"] == 5

    disputed = post(client, "/complaints/dispute", {**credentials, "message": "又坏了"})
    assert disputed.status_code == 200
    assert disputed.json()["state"] == "reopened"


def test_an_api_reply_while_we_wait_on_the_customer_resumes_the_case(client, api_case):
    from tests.portal.helpers import ask_customer

    case, code = api_case
    ask_customer(case)
    answer = post(
        client,
        "/complaints/message",
        {"reference": case.reference, "code": code, "message": "好的"},
    )
    assert answer.json()["state"] == "investigating"


# --- staff API --------------------------------------------------------------------------------


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def enrolled(username: str):
    """A staff account that has set up its second factor, as a token holder must have."""
    user = staff(username)
    enrol(user)
    return user


@pytest.fixture
def two_stores_cases(demo_site, client):
    first = submit(client).json()["reference"]
    second = submit(Client(), {**COMPLAINT, "unit": "s02-fashion", "complainant_name": "赵六"})
    return first, second.json()["reference"]


def test_the_token_command_prints_the_token_once_and_stores_only_its_digest(demo_site):
    enrolled("agent")
    out = StringIO()
    call_command(
        "create_api_token", "agent", "--name", "call centre", stdout=out, stderr=StringIO()
    )
    plaintext = out.getvalue().strip()
    stored = ApiToken.objects.get()
    assert plaintext.startswith(stored.prefix)
    assert plaintext not in (stored.digest, stored.prefix, stored.name)
    assert len(stored.digest) == 64
    assert Client().get("/api/v1/staff/cases", **bearer(plaintext)).status_code == 200


def test_the_token_command_refuses_an_unknown_user(demo_site):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=StringIO())


def test_staff_see_only_their_units_cases(two_stores_cases):
    first, second = two_stores_cases
    _token, agent = api_token_create(user=enrolled("agent"))
    data = Client().get("/api/v1/staff/cases", **bearer(agent)).json()
    assert [item["reference"] for item in data["items"]] == [first]
    assert data["count"] == 1
    assert data["items"][0]["complainant_phone"] == "13900139000"  # a handler sees it
    hidden = Client().get(f"/api/v1/staff/cases/{second}", **bearer(agent))
    unknown = Client().get("/api/v1/staff/cases/ZZZZ-ZZZZ", **bearer(agent))
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()


def test_readers_get_masked_contact_details(two_stores_cases):
    first, _second = two_stores_cases
    _token, oversight = api_token_create(user=enrolled("oversight"))
    data = Client().get("/api/v1/staff/cases", **bearer(oversight)).json()
    assert data["count"] == 2
    phones = {item["reference"]: item["complainant_phone"] for item in data["items"]}
    assert phones[first] == "139****9000"
    detail = Client().get(f"/api/v1/staff/cases/{first}", **bearer(oversight)).json()
    assert detail["complainant_phone"] == "139****9000"
    assert detail["events"][0]["kind"] == "received"


def test_the_case_list_filters_and_pages(two_stores_cases):
    _token, admin = api_token_create(user=enrolled("admin"))
    client = Client()
    assert client.get("/api/v1/staff/cases?store=s02", **bearer(admin)).json()["count"] == 1
    assert client.get("/api/v1/staff/cases?state=closed", **bearer(admin)).json()["count"] == 0
    page = client.get("/api/v1/staff/cases?limit=1&offset=1", **bearer(admin)).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    bad = client.get("/api/v1/staff/cases?state=nonsense&limit=500", **bearer(admin))
    assert bad.status_code == 422
    assert "state" in bad.json()["errors"]


def test_the_case_list_costs_a_fixed_number_of_queries(
    two_stores_cases, django_assert_max_num_queries
):
    _token, admin = api_token_create(user=enrolled("admin"))
    for _ in range(5):
        submit(Client())
    with django_assert_max_num_queries(8):
        response = Client().get("/api/v1/staff/cases", **bearer(admin))
    assert response.json()["count"] == 7


def test_missing_wrong_and_revoked_tokens_are_refused(two_stores_cases):
    token, plaintext = api_token_create(user=enrolled("agent"))
    assert Client().get("/api/v1/staff/cases").status_code == 401
    wrong = Client().get(
        "/api/v1/staff/cases", **bearer("cst_not-a-token"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert wrong.status_code == 401
    assert wrong.json()["detail"].startswith("Send a valid staff API token")
    api_token_revoke(token=token)
    assert Client().get("/api/v1/staff/cases", **bearer(plaintext)).status_code == 401


def test_a_deactivated_account_loses_its_token(two_stores_cases):
    _token, plaintext = api_token_create(user=enrolled("agent"))
    user = staff("agent")
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/staff/cases", **bearer(plaintext)).status_code == 401


def test_guessing_tokens_is_rate_limited(demo_site, settings):
    settings.RATE_LIMIT_TRACK_PER_HOUR = 3
    _token, plaintext = api_token_create(user=enrolled("agent"))
    client = Client()
    for _ in range(3):
        client.get("/api/v1/staff/cases", **bearer("cst_guess"))
    limited = client.get("/api/v1/staff/cases", **bearer(plaintext))
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
