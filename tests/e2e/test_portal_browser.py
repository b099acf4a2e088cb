"""A customer's whole journey in a real browser, in Chinese and in English: complain with a photo,
keep the reference and code, download the acknowledgement, track, accept the proposal, rate."""

import re

import pytest

from django.utils import translation

from backoffice.models import Case
from backoffice.workflow import State
from tests.portal.helpers import carry_to_follow_up, jpeg_bytes, propose_resolution, zh

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_complaint(page, photo_path, *, category, unit):
    page.select_option("#id_category", label=category)
    page.select_option("#id_unit", label=unit)
    page.fill("#id_product_name", "电饭煲 MB-FB40")
    page.fill("#id_product_batch", "LOT20261102")
    page.fill("#id_incident_date", "2026-11-10")
    page.fill("#id_description", "买的电饭煲第二天就不加热了。")
    page.fill("#id_customer_demand", "换一台新的。")
    page.fill("#id_complainant_name", "李小红")
    page.fill("#id_complainant_phone", "13800138000")
    page.fill("#id_complainant_email", "lxh@example.com")
    page.check("#id_preferred_contact_2")  # e-mail
    page.set_input_files("#id_attachments", str(photo_path))
    page.check("#id_consent")


@pytest.fixture
def photo_path(tmp_path):
    path = tmp_path / "receipt.jpg"
    path.write_bytes(jpeg_bytes(640, 480))
    return path


def containing(language: str, message: str) -> re.Pattern:
    """Matches an accessible name that contains `message` as the page in `language` shows it."""
    with translation.override(language):
        return re.compile(re.escape(translation.gettext(message)))


def submit_and_confirm(page, prefix, photo_path, category, unit, shot):
    language = "en" if prefix == "/en" else "zh-hans"
    page.goto(f"{prefix}/complain/")
    if shot:
        page.screenshot(path=f"/tmp/portal-form{shot}.png", full_page=True)
    fill_complaint(page, photo_path, category=category, unit=unit)
    page.get_by_role("button", name=containing(language, "Send complaint")).click()
    page.wait_for_url(f"**{prefix}/complain/done/")
    reference = page.inner_text("#case-reference").strip()
    code = page.inner_text("#tracking-code").strip()
    if shot:
        page.screenshot(path=f"/tmp/portal-confirmation{shot}.png", full_page=True)
    with page.expect_download() as download_info:
        link = containing(language, "Download the acknowledgement (PDF)")
        page.get_by_role("link", name=link).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    return reference, code


def test_a_customer_complains_tracks_accepts_and_rates_in_chinese(new_page, demo_site, photo_path):
    page = new_page()
    reference, code = submit_and_confirm(
        page, "", photo_path, "商品质量", "朝阳门店家电柜组", shot="-zh"
    )
    case = Case.objects.get(reference=reference)
    assert case.language == "zh-hans"
    assert case.attachments.get().original_name == "receipt.jpg"

    # Later, on another device: reference and code on the tracking page.
    customer = new_page()
    customer.goto("/track/")
    customer.fill("#id_reference", reference)
    customer.fill("#id_code", code)
    customer.get_by_role("button", name=containing("zh-hans", "Show my complaint")).click()
    customer.wait_for_url("**/track/case/")
    assert code not in customer.url
    with translation.override("zh-hans"):
        assert customer.inner_text("#case-state") == str(State.ACKNOWLEDGED.label)

    propose_resolution(case)  # staff
    customer.reload()
    assert "为您更换一台新的电饭煲" in customer.inner_text("main")
    customer.screenshot(path="/tmp/portal-tracking-zh.png", full_page=True)
    customer.get_by_role("button", name=zh("Accept the proposal")).click()
    customer.wait_for_load_state()
    with translation.override("zh-hans"):
        assert customer.inner_text("#case-state") == str(State.ACCEPTED.label)

    carry_to_follow_up(Case.objects.get(pk=case.pk))  # staff
    customer.reload()
    customer.get_by_label(zh("5 – very satisfied")).check()
    customer.fill("#id_customer_rate-comment", "处理得很快，谢谢。")
    customer.get_by_role("button", name=zh("Send rating")).click()
    customer.wait_for_load_state()
    thanks = zh("Thank you for rating how we handled your complaint.")
    assert thanks in customer.inner_text("main")
    customer.screenshot(path="/tmp/portal-tracking-rated-zh.png", full_page=True)
    case.refresh_from_db()
    assert case.satisfaction == 5
    assert case.satisfaction_comment == "处理得很快，谢谢。"


def test_a_customer_does_the_same_in_english_from_the_acknowledgement_link(
    new_page, demo_site, photo_path
):
    page = new_page()
    reference, code = submit_and_confirm(
        page, "/en", photo_path, "Product quality", "Chaoyangmen appliances counter", shot="-en"
    )
    case = Case.objects.get(reference=reference)
    assert case.language == "en"

    customer = new_page()
    customer.goto(f"/en/track/{reference}/{code}/")
    customer.wait_for_url("**/en/track/case/")
    assert code not in customer.url
    assert customer.get_attribute("html", "lang") == "en"

    propose_resolution(case)
    customer.reload()
    customer.screenshot(path="/tmp/portal-tracking-en.png", full_page=True)
    customer.get_by_role("button", name="Accept the proposal").click()
    customer.wait_for_load_state()
    assert customer.inner_text("#case-state") == "Accepted by the customer"

    carry_to_follow_up(Case.objects.get(pk=case.pk))
    customer.reload()
    customer.get_by_label("4 – satisfied").check()
    customer.get_by_role("button", name="Send rating").click()
    customer.wait_for_load_state()
    case.refresh_from_db()
    assert case.satisfaction == 4


def test_errors_are_summarised_and_reachable_by_keyboard(new_page, demo_site, photo_path):
    page = new_page()
    page.goto("/complain/")
    page.fill("#id_description", "柜台员工态度很差。")
    page.set_input_files("#id_attachments", str(photo_path))
    page.focus("#id_complainant_phone")
    page.keyboard.type("12345")
    page.keyboard.press("Enter")  # send with the keyboard alone
    page.wait_for_selector(".error-summary")
    page.screenshot(path="/tmp/portal-form-errors.png", full_page=True)
    summary = page.locator(".error-summary")
    # The summary takes focus so that screen readers announce it.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#id_description") == "柜台员工态度很差。"
    assert "receipt.jpg" in page.inner_text("#kept-files")
    # Following a link in the summary with the keyboard lands in the field it names.
    phone_error = (
        "Enter a Chinese mobile number (11 digits, e.g. 13800138000) or a landline "
        "with its area code (e.g. 010-12345678)."
    )
    link = summary.get_by_role("link", name=containing("zh-hans", phone_error))
    link.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "id_complainant_phone"
    # The focused field has a visible outline.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    described = page.get_attribute("#id_complainant_phone", "aria-describedby")
    assert "id_complainant_phone_error" in described


def test_the_form_fits_a_phone_screen(new_page, demo_site):
    page = new_page(width=375, height=740)
    page.goto("/complain/")
    page.screenshot(path="/tmp/portal-form-mobile.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
