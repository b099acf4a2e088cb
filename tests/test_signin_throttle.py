"""Failed staff logins: per (username, address) and per address, so a stranger cannot lock a
colleague out from elsewhere; the lockout is a 429 with Retry-After on a page in the admin's
design and the visitor's language."""

import pytest

from django.test import Client

from tests.portal.helpers import zh

pytestmark = pytest.mark.django_db

AGENT = {"username": "agent", "password": "agent-demo-2026"}


@pytest.fixture
def throttled(settings, demo):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    return demo


def sign_in(client, username, password, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def test_a_stranger_failing_elsewhere_does_not_lock_the_owner_out(throttled):
    stranger = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        assert sign_in(stranger, "agent", "wrong-guess-1234").status_code == 200
    # The fifth failure pauses that account from that address.
    assert sign_in(stranger, "agent", "wrong-guess-1234").status_code == 429
    # The stranger is locked out of that account, even with its right password...
    locked = sign_in(stranger, **AGENT)
    assert locked.status_code == 429
    assert 1700 < int(locked["Retry-After"]) <= 1800
    assert "_auth_user_id" not in stranger.session
    # ...and the owner, from their own address, signs in.
    owner = Client(REMOTE_ADDR="198.51.100.5")
    assert sign_in(owner, **AGENT).status_code == 302
    assert "_auth_user_id" in owner.session


def test_one_address_guessing_many_accounts_is_throttled_as_a_whole(throttled):
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for name in ("supervisor", "manager", "gm", "trainer"):
        for _ in range(2):
            sign_in(guesser, name, "wrong-guess-1234")
    # Eight failures from this address, none five times on one account: the address is paused.
    blocked = sign_in(guesser, "agent2", "agent2-demo-2026")
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert sign_in(Client(REMOTE_ADDR="203.0.113.10"), **AGENT).status_code == 302


def test_below_both_limits_the_right_password_works(throttled):
    client = Client(REMOTE_ADDR="203.0.113.11")
    for _ in range(4):
        sign_in(client, "agent", "wrong-guess-1234")
    assert sign_in(client, **AGENT).status_code == 302


def test_the_lockout_page_is_the_sign_in_pages_language_and_design(throttled):
    # The sign-in page speaks the site's default language, Chinese (the admin's URLs carry no
    # language prefix); so does its lockout.
    client = Client(REMOTE_ADDR="203.0.113.12")
    for _ in range(5):
        sign_in(client, "agent", "wrong-guess-1234")
    page = sign_in(client, **AGENT).content.decode()
    assert zh("Sign-in paused") in page
    assert "Sign-in paused" not in page
    paused = (
        "Too many failed sign-in attempts. For your security, signing in from this connection "
        "is paused for %(minutes)s minute."
    )
    assert zh(paused, paused.replace("minute.", "minutes."), 30, minutes=30) in page
    assert 'class="login' in page  # Wagtail's sign-in page furniture
