"""Administrators issue and revoke staff API tokens in the admin."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from portal.models import ApiToken
from tests.portal.helpers import zh
from tests.second_factor import enrol

pytestmark = pytest.mark.django_db

INDEX = "/admin/api_tokens/"


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=f"{username}-demo-2026")
    return client


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def create(admin: Client, username="agent", name="呼叫中心系统", enrolled=True):
    agent = get_user_model().objects.get(username=username)
    if enrolled:
        enrol(agent)  # a token is issued only to an account with a second factor
    return admin.post(f"{INDEX}new/", {"user": agent.pk, "name": name})


def test_the_token_is_shown_once_and_works(demo_site):
    admin = signed_in("admin")
    response = create(admin)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plaintext = re.search(r'value="(cst_[^"]+)"', response.content.decode()).group(1)
    assert Client().get("/api/v1/staff/cases", **bearer(plaintext)).status_code == 200

    stored = ApiToken.objects.get()
    assert stored.name == "呼叫中心系统" and stored.user.username == "agent"
    listing = admin.get(INDEX).content.decode()
    assert stored.prefix in listing and plaintext not in listing
    assert plaintext not in admin.get(f"{INDEX}edit/{stored.pk}/").content.decode()


def test_a_revoked_token_is_refused_and_kept(demo_site):
    admin = signed_in("admin")
    plaintext = re.search(r'value="(cst_[^"]+)"', create(admin).content.decode()).group(1)
    token = ApiToken.objects.get()
    admin.post(f"{INDEX}edit/{token.pk}/", {"name": token.name, "revoke": "on"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/staff/cases", **bearer(plaintext)).status_code == 401
    assert zh("Revoked") in admin.get(INDEX).content.decode()


def test_tokens_are_not_deleted(demo_site):
    admin = signed_in("admin")
    create(admin)
    token = ApiToken.objects.get()
    assert admin.post(f"{INDEX}delete/{token.pk}/").status_code in (403, 302)
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_only_staff_accounts_can_be_given_a_token(demo_site):
    admin = signed_in("admin")
    outsider = get_user_model().objects.create_user("outsider", password="x-demo-2026")
    response = admin.post(f"{INDEX}new/", {"user": outsider.pk, "name": "x"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "cst_" not in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "manager", "headoffice", "oversight"])
def test_staff_other_than_administrators_cannot_issue_tokens(demo_site, role):
    client = signed_in(role)
    assert client.get(INDEX).status_code in (302, 403)
    create(client)
    assert not ApiToken.objects.exists()
