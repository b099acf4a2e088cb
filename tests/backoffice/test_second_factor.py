"""The second factor: after the password alone the admin opens nothing but enrolment or the
challenge; codes cannot be replayed; five tries per challenge; recovery codes work once; an
administrator's reset is logged and leads to a new enrolment; the staff API follows suit."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from backoffice.mfa import devices
from portal.models import ApiToken
from portal.tokens import SecondFactorMissing, api_token_create
from tests.portal.helpers import zh
from tests.second_factor import code_for_secret, enrol, fresh_code

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]

LOGIN = "/admin/login/"
ENROL = "/admin/second-factor/set-up/"
CHALLENGE = "/admin/second-factor/"


@pytest.fixture(autouse=True)
def _no_back_off(settings):
    """django-otp's per-device back-off (1, 2, 4 … s after consecutive failures) would refuse a
    right code typed within a second of a wrong one, as only a test types. It is off here so the
    rules of this module are tested alone, and on in the test that checks it."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def user(username: str):
    return get_user_model().objects.get(username=username)


def password_only(username: str) -> Client:
    """A browser that has just signed in with the right password, nothing more."""
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": f"{username}-demo-2026"})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def signed_in_fully(username: str) -> Client:
    """Password, then the code of the (already enrolled) authenticator app."""
    device = enrol(user(username))
    client = password_only(username)
    response = client.post(CHALLENGE, {"code": fresh_code(device)})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200
    return client


def secret_on(page: str) -> str:
    return re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', page).group(1)


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)


# --- enforcement ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/cases/", "/admin/account/", "/admin/users/", "/admin/api_tokens/"]
)
def test_after_the_password_alone_an_admin_page_leads_to_enrolment(demo, path):
    client = password_only("agent")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL + "?next=")


def test_after_the_password_alone_an_enrolled_user_is_challenged(demo):
    enrol(user("agent"))
    client = password_only("agent")
    response = client.get("/admin/cases/")
    assert response.status_code == 302
    assert response["Location"] == CHALLENGE + "?next=%2Fadmin%2Fcases%2F"
    # A POST does not get through either, and is not replayed afterwards.
    response = client.post("/admin/cases/new/", {"channel": "phone"})
    assert response.status_code == 302 and response["Location"].startswith(CHALLENGE)
    # Only the screens of the second factor and what they need answer.
    assert client.get(CHALLENGE).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200
    # An enrolled authenticator is not replaced with the password alone.
    assert client.get(ENROL)["Location"].startswith(CHALLENGE)


def test_nothing_is_enforced_when_the_demo_setting_is_off(demo, settings):
    settings.MFA_REQUIRED = False
    assert password_only("agent").get("/admin/").status_code == 200


# --- enrolment --------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_and_is_confirmed_with_a_code(demo, settings):
    client = password_only("agent")
    page = client.get(ENROL + "?next=/admin/cases/").content.decode()
    device = TOTPDevice.objects.get(user=user("agent"))
    assert not device.confirmed
    assert zh("Set up your second factor") in page
    # The QR code is inline SVG of the otpauth:// URI, issuer the site name, account the user.
    assert "<svg" in page and str(devices.qr_svg(device)) in page
    assert device.config_url.startswith("otpauth://totp/")
    assert "issuer=%E9%A1%BE%E5%AE%A2" in device.config_url  # 顾客投诉服务中心
    assert "agent" in device.config_url
    secret = secret_on(page)
    assert secret == devices.secret_text(device)
    # A reload shows the same key: what was scanned stays valid.
    assert secret_on(client.get(ENROL).content.decode()) == secret

    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/cases/"})
    assert wrong.status_code == 200
    assert zh("That code is not right.") in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and client.get("/admin/").status_code == 302

    done = client.post(ENROL, {"code": code_for_secret(secret), "next": "/admin/cases/"})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = recovery_codes_on(done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/admin/cases/"' in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=device.user).count() == 10
    assert client.get("/admin/cases/").status_code == 200
    assert ModelLogEntry.objects.filter(
        action=devices.ENROLLED, object_id=str(device.user_id)
    ).exists()


def test_enrolment_after_too_many_wrong_codes_signs_out(demo, settings):
    client = password_only("agent")
    client.get(ENROL)
    for _ in range(4):
        assert client.post(ENROL, {"code": "000000"}).status_code == 200
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/")["Location"].startswith(LOGIN)


# --- the challenge ----------------------------------------------------------------------------


def test_a_code_is_accepted_once_and_refused_when_replayed(demo):
    device = enrol(user("agent"))
    code = fresh_code(device)
    first = password_only("agent")
    response = first.post(CHALLENGE, {"code": code, "next": "/admin/cases/"})
    assert response.status_code == 302 and response["Location"] == "/admin/cases/"
    assert first.get("/admin/cases/").status_code == 200

    second = password_only("agent")  # e.g. someone who watched the code being typed
    replay = second.post(CHALLENGE, {"code": code})
    assert replay.status_code == 200
    assert zh("That code is not right, or it was already used.") in replay.content.decode()
    assert second.get("/admin/cases/")["Location"].startswith(CHALLENGE)


def test_five_tries_per_challenge_the_fifth_may_be_right(demo, settings):
    device = enrol(user("agent"))
    client = password_only("agent")
    for left in (4, 3, 2, 1):
        page = client.post(CHALLENGE, {"code": "000000"}).content.decode()
        assert zh("%(left)d attempt left.", "%(left)d attempts left.", left, left=left) in page
    response = client.post(CHALLENGE, {"code": fresh_code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_sixth_attempt_is_refused_even_with_the_right_code(demo, settings):
    device = enrol(user("agent"))
    client = password_only("agent")
    for _ in range(5):
        response = client.post(CHALLENGE, {"code": "000000"})
    # The fifth wrong code ends the challenge: signed out, told why, in their language.
    assert response.status_code == 302 and response["Location"] == LOGIN
    sixth = client.post(CHALLENGE, {"code": fresh_code(device)})
    assert sixth.status_code == 302 and sixth["Location"].startswith(LOGIN)
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    page = client.get(LOGIN).content.decode()
    assert (
        zh(
            "You entered a wrong code %(n)d times. For your security you have been signed out: "
            "sign in again with your password.",
            n=5,
        )
        in page
    )
    # The right code was not spent: after the password again it still opens the admin.
    again = password_only("agent")
    assert again.post(CHALLENGE, {"code": fresh_code(device)}).status_code == 302
    assert again.get("/admin/").status_code == 200


def test_the_sign_out_reason_is_in_the_users_language(demo, settings):
    enrol(user("manager"))
    profile = UserProfile.get_for_user(user("manager"))
    profile.preferred_language = "en"
    profile.save()
    client = password_only("manager")
    for _ in range(5):
        client.post(CHALLENGE, {"code": "000000"})
    page = client.get(LOGIN).content.decode()
    assert "You entered a wrong code 5 times." in page


def test_consecutive_failures_also_slow_down_across_sessions(demo, settings):
    """django-otp's own back-off per device (1, 2, 4 … s) stays on: a new password sign-in does
    not restart it."""
    del settings.OTP_TOTP_THROTTLE_FACTOR  # the default of production: 1 s, doubling
    device = enrol(user("agent"))
    password_only("agent").post(CHALLENGE, {"code": "000000"})
    client = password_only("agent")
    page = client.post(CHALLENGE, {"code": "111111"}).content.decode()
    assert zh("Several wrong codes in a row: wait a few seconds.") in page
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_foreign_next_address_is_not_followed(demo):
    device = enrol(user("agent"))
    client = password_only("agent")
    response = client.post(CHALLENGE, {"code": fresh_code(device), "next": "https://evil.test/"})
    assert response["Location"] == "/admin/"


# --- recovery codes ---------------------------------------------------------------------------


def test_a_recovery_code_works_instead_of_the_app_once(demo):
    client = password_only("agent")
    secret = secret_on(client.get(ENROL).content.decode())
    codes = recovery_codes_on(
        client.post(ENROL, {"code": code_for_secret(secret)}).content.decode()
    )
    client.post(reverse("wagtailadmin_logout"))

    phone_lost = password_only("agent")
    response = phone_lost.post(CHALLENGE, {"code": codes[3].upper()}, follow=True)
    assert response.status_code == 200
    assert (
        zh(
            "You signed in with a recovery code. %(left)d recovery code is left.",
            "You signed in with a recovery code. %(left)d recovery codes are left.",
            9,
            left=9,
        )
        in response.content.decode()
    )
    phone_lost.post(reverse("wagtailadmin_logout"))

    again = password_only("agent")
    assert again.post(CHALLENGE, {"code": codes[3]}).status_code == 200
    assert again.get("/admin/")["Location"].startswith(CHALLENGE)
    assert again.post(CHALLENGE, {"code": codes[4]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones_only_after_the_second_factor(demo):
    client = password_only("agent")
    secret = secret_on(client.get(ENROL).content.decode())
    old = recovery_codes_on(client.post(ENROL, {"code": code_for_secret(secret)}).content.decode())
    renew_url = reverse("backoffice_mfa_recovery_codes")
    assert renew_url in client.get("/admin/account/").content.decode()
    asked = client.get(renew_url).content.decode()
    assert (
        zh(
            "You have %(left)s unused recovery code.",
            "You have %(left)s unused recovery codes.",
            10,
            left=10,
        )
        in asked
    )
    assert not recovery_codes_on(asked)
    renewed = client.post(renew_url)
    new = recovery_codes_on(renewed.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("wagtailadmin_logout"))

    stranger = password_only("agent")
    for response in (stranger.get(renew_url), stranger.post(renew_url)):
        assert response.status_code == 302 and response["Location"].startswith(CHALLENGE)
    assert StaticToken.objects.filter(device__user=user("agent")).count() == 10
    assert stranger.post(CHALLENGE, {"code": old[0]}).status_code == 200  # refused
    assert stranger.post(CHALLENGE, {"code": new[0]}).status_code == 302


# --- the administrator's reset ----------------------------------------------------------------


def test_an_administrator_resets_a_device_logged_and_the_user_enrols_again(demo):
    agent = user("agent")
    agent_session = signed_in_fully("agent")
    admin = signed_in_fully("admin")
    reset_url = reverse("backoffice_mfa_reset", args=[agent.pk])
    assert reset_url in admin.get("/admin/users/").content.decode()
    assert zh("Reset second factor") in admin.get(reset_url).content.decode()

    response = admin.post(reset_url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert not StaticToken.objects.filter(device__user=agent).exists()
    entry = ModelLogEntry.objects.get(action=devices.RESET)
    assert (entry.user_id, entry.object_id) == (user("admin").pk, str(agent.pk))
    assert entry.timestamp is not None
    assert (
        zh("Second factor reset")
        in admin.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    )

    # The agent's open session is no longer verified, and the reset opens nothing: they enrol.
    assert agent_session.get("/admin/")["Location"].startswith(ENROL)
    fresh = password_only("agent")
    assert fresh.get("/admin/")["Location"].startswith(ENROL)
    assert fresh.get(CHALLENGE)["Location"].startswith(ENROL)


@pytest.mark.parametrize("role", ["agent", "manager", "headoffice"])
def test_only_administrators_reset_a_second_factor(demo, role):
    agent2 = user("agent2")
    enrol(agent2)
    client = signed_in_fully(role)
    reset_url = reverse("backoffice_mfa_reset", args=[agent2.pk])
    # Wagtail answers a refused admin view with its dashboard and a "no permission" message.
    for response in (client.get(reset_url), client.post(reset_url)):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=agent2).exists()
    assert not ModelLogEntry.objects.filter(action=devices.RESET).exists()


def test_resetting_needs_the_administrators_own_second_factor(demo):
    agent = user("agent")
    enrol(agent)
    enrol(user("admin"))
    response = password_only("admin").post(reverse("backoffice_mfa_reset", args=[agent.pk]))
    assert response.status_code == 302 and response["Location"].startswith(CHALLENGE)
    assert TOTPDevice.objects.filter(user=agent).exists()


# --- the staff API ----------------------------------------------------------------------------


def test_the_staff_api_takes_no_password_session(demo):
    client = password_only("agent")
    for method in ("get", "post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/staff/cases")
        assert response.status_code in (401, 405), method
        assert response.status_code != 200
    assert client.get("/api/v1/staff/cases").status_code == 401


def test_a_token_needs_a_second_factor_and_stops_working_after_a_reset(demo):
    agent = user("agent")
    with pytest.raises(SecondFactorMissing):
        api_token_create(user=agent)
    assert not ApiToken.objects.exists()

    enrol(agent)
    _token, plaintext = api_token_create(user=agent)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert Client().get("/api/v1/staff/cases", **bearer).status_code == 200

    devices.second_factor_reset(user=agent, actor=user("admin"))
    assert Client().get("/api/v1/staff/cases", **bearer).status_code == 401
    assert Client().post("/api/v1/staff/cases", **bearer).status_code in (401, 405)

    enrol(agent)  # enrolled again: the token works again
    assert Client().get("/api/v1/staff/cases", **bearer).status_code == 200


def test_the_token_screen_refuses_a_holder_without_second_factor(demo):
    admin = signed_in_fully("admin")
    response = admin.post("/admin/api_tokens/new/", {"user": user("agent").pk, "name": "x"})
    assert response.status_code == 200
    assert (
        zh(
            "This account has not set up its second factor yet. Its holder signs in to the admin "
            "once and sets up an authenticator app; then issue the token."
        )
        in response.content.decode()
    )
    assert not ApiToken.objects.exists()


# --- deployment -------------------------------------------------------------------------------


def test_check_deploy_errors_when_the_second_factor_is_off(settings):
    settings.MFA_REQUIRED = False
    errors = [
        m for m in run_checks(include_deployment_checks=True) if m.id == "backoffice.mfa.E001"
    ]
    assert len(errors) == 1 and errors[0].is_serious()
    settings.MFA_REQUIRED = True
    assert not [
        m for m in run_checks(include_deployment_checks=True) if m.id == "backoffice.mfa.E001"
    ]
