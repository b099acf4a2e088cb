"""Staff sign-in in the browser: the password, then the code of the account's authenticator app
(set up beforehand here; tests/e2e/test_second_factor_browser.py goes through enrolment)."""

from django.contrib.auth import get_user_model

from tests.second_factor import enrol, fresh_code


def sign_in(page, username: str, password: str) -> None:
    device = enrol(get_user_model().objects.get(username=username))
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/second-factor/**")
    page.fill("#id_code", fresh_code(device))
    page.click("main form:not(.bo-mfa-sign-out) button[type=submit]")
    page.wait_for_url("**/admin/")
