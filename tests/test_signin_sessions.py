"""Staff sessions: idle and absolute timeouts, sign-out by POST only, the current password for
e-mail and password changes, passwords of at least 12 characters."""

import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from backoffice.signin import sessions
from tests.portal.helpers import zh

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="agent"))
    assert client.get("/admin/").status_code == 200
    return client


def age_session(client, key, seconds):
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_an_idle_staff_session_is_signed_out_with_the_reason(agent_client):
    age_session(agent_client, sessions.SEEN_AT, 31 * 60)
    response = agent_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in agent_client.session
    page = agent_client.get(response["Location"]).content.decode()
    message = (
        "For your security you were signed out after %(minutes)d minutes without activity. "
        "Please sign in again."
    )
    assert zh(message, minutes=30) in page


def test_activity_within_the_idle_limit_keeps_the_session(agent_client):
    age_session(agent_client, sessions.SEEN_AT, 29 * 60)
    assert agent_client.get("/admin/").status_code == 200
    # The request counted as activity: the clock starts again.
    assert time.time() - agent_client.session[sessions.SEEN_AT] < 5


def test_a_session_ends_twelve_hours_after_signing_in_however_active(agent_client):
    age_session(agent_client, sessions.SIGNED_IN_AT, 12 * 3600 + 5)
    response = agent_client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in agent_client.session
    page = agent_client.get(response["Location"]).content.decode()
    message = (
        "For your security you were signed out %(hours)d hours after signing in. "
        "Please sign in again."
    )
    assert zh(message, hours=12) in page


def test_the_reason_is_in_the_members_language(agent_client):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(username="agent"))
    profile.preferred_language = "en"
    profile.save()
    age_session(agent_client, sessions.SEEN_AT, 31 * 60)
    response = agent_client.get("/admin/")
    page = agent_client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_the_limits_are_settings(agent_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    age_session(agent_client, sessions.SEEN_AT, 6 * 60)
    assert agent_client.get("/admin/").status_code == 302


def test_editing_session_pings_do_not_count_as_activity(agent_client):
    age_session(agent_client, sessions.SEEN_AT, 20 * 60)
    agent_client.post("/admin/editing-sessions/ping/wagtailcore.page/1/")
    assert time.time() - agent_client.session[sessions.SEEN_AT] > 19 * 60


def test_customers_tracking_sessions_are_not_touched(demo_site):
    from backoffice import public
    from backoffice.models import Case
    from tests.portal.helpers import complaint_data

    assert Client().post("/complain/", complaint_data()).status_code == 302
    case = Case.objects.get()
    code = public.customer_tracking_code(case)
    customer = Client()
    customer.post("/track/", {"reference": case.reference, "code": code})
    session = customer.session
    assert sessions.SEEN_AT not in session and sessions.SIGNED_IN_AT not in session
    session["staff_seen_at"] = time.time() - 10 * 3600  # even a stale value changes nothing
    session.save()
    assert case.reference in customer.get("/track/case/").content.decode()


def test_get_on_logout_changes_nothing(agent_client):
    response = agent_client.get("/admin/logout/")
    assert response.status_code == 405
    assert "_auth_user_id" in agent_client.session
    assert agent_client.get("/admin/").status_code == 200


def test_post_on_logout_signs_out(agent_client):
    response = agent_client.post("/admin/logout/")
    assert response.status_code == 302
    assert agent_client.get("/admin/").status_code == 302


def account_post(client, **fields):
    user = get_user_model().objects.get(username="agent")
    data = {
        "name_email-first_name": user.first_name or "丽",
        "name_email-last_name": user.last_name or "王",
        "email-email": user.email,
        "locale-preferred_language": "zh-hans",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    }
    data.update(fields)
    return client.post("/admin/account/", data)


def test_changing_the_email_without_the_current_password_is_refused(agent_client):
    response = account_post(agent_client, **{"email-email": "taken-over@example.com"})
    assert response.status_code == 200
    assert zh("Enter your current password to change your e-mail address.") in (
        response.content.decode()
    )
    assert get_user_model().objects.get(username="agent").email == "agent@example.com"
    wrong = account_post(
        agent_client,
        **{"email-email": "taken-over@example.com", "email-current_password": "guess-guess-1"},
    )
    assert wrong.status_code == 200
    assert get_user_model().objects.get(username="agent").email == "agent@example.com"


def test_changing_the_email_with_the_current_password_works(agent_client):
    response = account_post(
        agent_client,
        **{"email-email": "li.wang@example.com", "email-current_password": "agent-demo-2026"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert get_user_model().objects.get(username="agent").email == "li.wang@example.com"


def test_other_account_settings_need_no_password(agent_client):
    response = account_post(agent_client, **{"name_email-first_name": "小丽"})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="agent").first_name == "小丽"


def test_the_name_panel_no_longer_changes_the_email(agent_client):
    account_post(agent_client, **{"name_email-email": "taken-over@example.com"})
    assert get_user_model().objects.get(username="agent").email == "agent@example.com"


def test_changing_the_password_needs_the_old_one(agent_client):
    new = {
        "password-new_password1": "Lantern-Orchid-93",
        "password-new_password2": "Lantern-Orchid-93",
    }
    refused = account_post(agent_client, **new, **{"password-old_password": "not-my-password"})
    assert refused.status_code == 200
    assert get_user_model().objects.get(username="agent").check_password("agent-demo-2026")
    missing = account_post(agent_client, **new)
    assert missing.status_code == 200
    assert get_user_model().objects.get(username="agent").check_password("agent-demo-2026")
    accepted = account_post(agent_client, **new, **{"password-old_password": "agent-demo-2026"})
    assert accepted.status_code == 302
    assert get_user_model().objects.get(username="agent").check_password("Lantern-Orchid-93")


def test_an_eleven_character_password_is_refused(agent_client):
    short = "Lantern-O93"
    assert len(short) == 11
    response = account_post(
        agent_client,
        **{
            "password-old_password": "agent-demo-2026",
            "password-new_password1": short,
            "password-new_password2": short,
        },
    )
    assert response.status_code == 200
    assert get_user_model().objects.get(username="agent").check_password("agent-demo-2026")
    with pytest.raises(ValidationError):
        validate_password(short)
    validate_password("Lantern-O931")  # twelve characters are enough


def test_common_passwords_are_refused_however_long():
    with pytest.raises(ValidationError):
        validate_password("password1234")


def test_every_demo_password_meets_the_policy(demo):
    from demo.organisation import ACCOUNTS

    users = {user.username: user for user in get_user_model().objects.all()}
    for username, password, *_rest in ACCOUNTS:
        validate_password(password, users[username])
