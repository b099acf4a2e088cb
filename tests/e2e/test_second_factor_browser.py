"""An agent's first sign-in in a real browser: the password, then the forced set-up of an
authenticator app (QR code and key on the page), ten recovery codes, sign out, and the next
sign-in with password and code reaches the case list."""

import json
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.second_factor import code_for_secret

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOT = "/tmp/second-factor-enrol.png"


# This machine has no CJK system font (staff computers do): for the screenshots the browser
# borrows the Noto Sans SC subset the PDFs ship.
CJK_FONT = """
@font-face { font-family: "Bundled CJK"; src: url("/static/fonts/NotoSansSC-Regular.otf"); }
@font-face { font-family: "Bundled CJK"; font-weight: 700;
             src: url("/static/fonts/NotoSansSC-Bold.otf"); }
*:not(code) { font-family: "Noto Sans", "Bundled CJK", sans-serif !important; }
"""


def lend_cjk_font(page):
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " const style = document.createElement('style');"
        f" style.textContent = {json.dumps(CJK_FONT)};"
        " document.head.appendChild(style); });"
    )


def screenshot(page, path):
    page.evaluate("document.fonts.ready")
    page.screenshot(path=path, full_page=True)


def password(page, username, secret_word):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", secret_word)
    page.click("button[type=submit]")


def submit_code(page, code):
    page.fill("#id_code", code)
    page.click("main form:not(.bo-mfa-sign-out) button[type=submit]")


def test_an_agent_enrols_on_first_sign_in_and_signs_in_with_a_code(new_page, demo):
    page = new_page(1200, 1100)
    lend_cjk_font(page)
    password(page, "agent", "agent-demo-2026")
    # The password alone leads to the set-up, whatever admin page was asked for.
    page.wait_for_url("**/admin/second-factor/set-up/**")
    page.goto("/admin/cases/")
    page.wait_for_url("**/admin/second-factor/set-up/**")
    assert page.locator("h1").inner_text() == "设置双重验证"
    assert page.locator(".bo-mfa-qr svg").is_visible()
    assert page.locator(".bo-mfa-qr svg").bounding_box()["width"] >= 150
    secret = page.locator("#mfa-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4}){7}", secret)
    screenshot(page, SHOT)

    # The agent types the key into an app by hand; the app shows the code.
    submit_code(page, code_for_secret(secret))
    page.locator(".bo-mfa-codes").wait_for()
    assert page.locator("h1").inner_text() == "您的恢复码"
    codes = page.locator(".bo-mfa-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    screenshot(page, "/tmp/second-factor-recovery-codes.png")
    page.click("text=我已保存恢复码")
    page.wait_for_url("**/admin/cases/")
    assert TOTPDevice.objects.get(user__username="agent").confirmed

    # Sign out from Wagtail's account menu, then the password and the app's code again.
    page.click(".sidebar-footer__account")
    page.click("form[action$='/admin/logout/'] button")
    page.wait_for_url("**/admin/login/**")
    password(page, "agent", "agent-demo-2026")
    page.wait_for_url("**/admin/second-factor/?**")
    assert page.locator("h1").inner_text() == "双重验证"
    # The code typed at set-up was used: the app shows the next one (a person would wait for
    # it; the test asks for the next 30-second window, which the server still accepts).
    submit_code(page, code_for_secret(secret, steps_ahead=1))
    page.wait_for_url("**/admin/")
    page.goto("/admin/cases/")
    assert page.url.endswith("/admin/cases/")
    assert page.locator("main").is_visible()
