"""Security settings a user would notice: login throttling, CSP on the public site."""

import pytest

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_staff_login(client, demo, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "agent", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "agent", "password": "agent-demo-2026"})
    assert response.status_code in (403, 429)
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
