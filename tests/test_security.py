"""Security settings a user would notice: login throttling, CSP on the public site."""

import pytest

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_staff_login(client, demo, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "agent", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "agent", "password": "agent-demo-2026"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_password_after_one_mistake_still_works(client, demo, settings):
    settings.AXES_ENABLED = True
    client.post("/admin/login/", {"username": "agent", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "agent", "password": "agent-demo-2026"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_public_pages_carry_a_strict_content_security_policy(client, demo_site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_is_report_only(client, demo):
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" not in response
    assert "Content-Security-Policy-Report-Only" in response


def test_staff_login_without_a_usable_client_address_still_answers(demo, settings):
    from django.test import Client

    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="not-an-address")
    response = client.post("/admin/login/", {"username": "agent", "password": "agent-demo-2026"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_behind_our_proxy_one_guesser_does_not_lock_out_the_others(demo, settings):
    from django.test import Client

    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5

    def via_proxy(address):
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)

    guesser = via_proxy("203.0.113.7")
    for name in ("supervisor", "manager", "gm", "trainer", "oversight"):
        guesser.post("/admin/login/", {"username": name, "password": "wrong"})
    blocked = guesser.post("/admin/login/", {"username": "agent2", "password": "agent2-demo-2026"})
    assert blocked.status_code == 429
    colleague = via_proxy("203.0.113.8")
    response = colleague.post("/admin/login/", {"username": "agent", "password": "agent-demo-2026"})
    assert response.status_code == 302
