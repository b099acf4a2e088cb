"""Every refusal of the complaint form says what is wrong, next to the field and in the summary,
and loses nothing: the values come back and accepted files are kept for the next attempt."""

import time

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backoffice.models import Case
from portal import challenge
from tests.portal.helpers import (
    complaint_data,
    exe_bytes,
    jpeg_bytes,
    kept_field,
    pdf_bytes,
    photo,
    token_field,
    zh,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

UPLOAD_HELP = (
    "Up to %(count)d files, each at most %(mb)d MB: photos (JPG, PNG, WebP, "
    "HEIC), PDF or a short video (MP4, MOV)."
)
STALE_FORM = (
    "This form was open for a long time, so for your security it has been "
    "renewed. Please check your details and send it again: everything you entered "
    "is still here."
)


def kept_note(count: int) -> str:
    """The note under the file field that says the files chosen before are kept."""
    return zh(
        "We kept the file you already chose: you need not select it again.",
        "We kept the %(counter)s files you already chose: you need not select them again.",
        count,
        counter=count,
    )


def refused(client, **overrides):
    response = client.post("/complain/", complaint_data(**overrides))
    assert response.status_code == 400, response.status_code
    assert Case.objects.count() == 0
    return response.content.decode()


def assert_values_kept(html):
    for value in ("买的电饭煲第二天就不加热了。", "换一台新的。", "李小红", "LOT20261102"):
        assert value in html, value


def test_a_bad_phone_number_is_explained_beside_the_field_and_in_the_summary(client, demo_site):
    html = refused(client, complainant_phone="12345", attachments=[photo("receipt.jpg")])
    message = zh(
        "Enter a Chinese mobile number (11 digits, e.g. 13800138000) or a landline "
        "with its area code (e.g. 010-12345678)."
    )
    assert html.count(message) == 2  # summary and field
    assert '<a href="#id_complainant_phone">' in html
    assert 'aria-describedby="id_complainant_phone_help id_complainant_phone_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="error-summary"' in html
    assert_values_kept(html)
    assert 'value="12345"' in html
    assert "receipt.jpg" in html and kept_note(1) in html


def test_a_kept_file_reaches_the_case_when_the_form_is_corrected(client, demo_site):
    html = refused(client, complainant_phone="12345", attachments=[photo("receipt.jpg")])
    response = client.post(
        "/complain/",
        complaint_data(form_token=token_field(html), kept_files=kept_field(html)),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert [a.original_name for a in case.attachments.all()] == ["receipt.jpg"]
    from PIL import Image

    with Image.open(case.attachments.get().file) as stored:  # redrawn, the same photo
        assert (stored.format, stored.size) == ("JPEG", (64, 48))
        assert all(
            abs(a - b) <= 3 for a, b in zip(stored.getpixel((32, 24)), (200, 30, 30), strict=True)
        )


def test_a_kept_file_can_be_removed(client, demo_site):
    html = refused(client, complainant_phone="12345", attachments=[photo("wrong.jpg")])
    import re

    file_id = re.search(r'name="discard_kept" value="([0-9a-f]+)"', html).group(1)
    response = client.post(
        "/complain/",
        complaint_data(kept_files=kept_field(html), discard_kept=[file_id]),
    )
    assert response.status_code == 302
    assert Case.objects.get().attachments.count() == 0


def test_kept_files_cannot_be_claimed_from_another_session(client, demo_site):
    html = refused(client, complainant_phone="12345", attachments=[photo("private.jpg")])
    other = Client()
    response = other.post("/complain/", complaint_data(kept_files=kept_field(html)))
    assert response.status_code == 302
    assert Case.objects.get().attachments.count() == 0


def test_a_missing_contact_is_refused(client, demo_site):
    html = refused(client, complainant_phone="", complainant_email="")
    assert (
        zh("Give a phone number or an e-mail address (or both) so that we can answer you.") in html
    )
    assert_values_kept(html)


def test_an_invalid_email_is_refused(client, demo_site):
    html = refused(client, complainant_email="lxh@", preferred_contact="email")
    assert zh("Enter an e-mail address like name@example.com.") in html
    assert 'value="lxh@"' in html


def test_preferring_email_without_an_address_is_refused(client, demo_site):
    html = refused(client, complainant_email="", preferred_contact="email")
    assert (
        zh("You chose to be contacted by e-mail: please give an e-mail address, or choose phone.")
        in html
    )
    assert '<a href="#id_preferred_contact_0">' in html


def test_no_consent_is_refused(client, demo_site):
    html = refused(client, consent=None, attachments=[photo("receipt.jpg")])
    assert (
        zh("Please agree to the privacy notice: we cannot handle a complaint without your details.")
        in html
    )
    assert_values_kept(html)
    assert "receipt.jpg" in html


def test_missing_required_answers_are_each_named(client, demo_site):
    html = refused(client, description="", complainant_name="", category="", unit="")
    for message in (
        "Tell us what happened.",
        "Tell us your name.",
        "Choose what your complaint is about.",
        "Choose the store or counter concerned.",
    ):
        assert zh(message) in html, message


def test_a_future_incident_date_is_refused(client, demo_site):
    html = refused(client, incident_date="2099-01-01")
    assert zh("The date of the incident cannot be in the future.") in html
    assert 'value="2099-01-01"' in html


def test_more_than_five_files_keeps_five_and_names_the_rest(client, demo_site):
    files = [photo(f"photo{i}.jpg") for i in range(1, 7)]
    html = refused(client, complainant_phone="12345", attachments=files)
    assert (
        zh(
            "Only %(count)d files can be attached: “%(name)s” was not added.",
            count=5,
            name="photo6.jpg",
        )
        in html
    )
    for i in range(1, 6):
        assert f"photo{i}.jpg" in html
    assert kept_note(5) in html


def test_more_than_five_files_is_refused_even_when_all_else_is_right(client, demo_site):
    html = refused(client, attachments=[photo(f"photo{i}.jpg") for i in range(1, 7)])
    assert (
        zh(
            "Only %(count)d files can be attached: “%(name)s” was not added.",
            count=5,
            name="photo6.jpg",
        )
        in html
    )
    response = client.post(
        "/complain/", complaint_data(form_token=token_field(html), kept_files=kept_field(html))
    )
    assert response.status_code == 302
    assert Case.objects.get().attachments.count() == 5


@pytest.mark.parametrize(
    ("name", "content"),
    [("holiday.jpg", zip_bytes()), ("invoice.jpg", exe_bytes()), ("scan.pdf", jpeg_bytes())],
)
def test_a_file_is_judged_by_its_content_not_its_name(client, demo_site, name, content):
    fake = SimpleUploadedFile(name, content, content_type="image/jpeg")
    html = refused(client, attachments=[fake, photo("real.jpg")])
    not_a_photo = (
        "“%(name)s” is not a photo (JPG, PNG, WebP, HEIC), a PDF or a short video (MP4, MOV)."
    )
    assert zh(not_a_photo, name=name) in html
    assert "real.jpg" in html  # the good file is kept
    assert_values_kept(html)


def test_a_file_over_the_size_limit_is_refused(client, demo_site, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("manual.pdf", pdf_bytes() + b"\0" * (1024 * 1024), "application/pdf")
    html = refused(client, attachments=[big])
    assert zh("“%(name)s” is larger than %(limit)d MB.", name="manual.pdf", limit=1) in html
    assert zh(UPLOAD_HELP, count=5, mb=1) in html  # the limit is shown on the form


def test_an_image_with_odd_dimensions_is_refused(client, demo_site):
    html = refused(client, attachments=[photo("tiny.jpg", width=8, height=8)])
    assert zh("“%(name)s” has unusual dimensions (%(w)d×%(h)d).", name="tiny.jpg", w=8, h=8) in html


def test_a_filled_honeypot_is_refused_with_everything_kept(client, demo_site):
    html = refused(client, website="http://spam.example", attachments=[photo("receipt.jpg")])
    assert (
        zh(
            "The form could not be accepted because a field meant to stay empty was "
            "filled in (some browsers do this automatically). Please send it again: "
            "everything else is still here."
        )
        in html
    )
    assert_values_kept(html)
    assert "receipt.jpg" in html
    assert "http://spam.example" not in html


def test_a_form_sent_within_seconds_is_refused_and_can_be_sent_again(client, demo_site):
    token = challenge.issue().dumps()  # rendered just now
    html = refused(client, form_token=token)
    assert (
        zh(
            "You sent the form very quickly, as automated programs do. Please check your "
            "details and send it again: everything you entered is still here."
        )
        in html
    )
    assert_values_kept(html)
    # The page keeps the original render time, so sending again a moment later works.
    assert token_field(html) == token


def test_a_form_open_for_hours_is_renewed_and_keeps_its_key(client, demo_site):
    old = challenge.issue(time.time() - 3 * 3600)
    html = refused(client, form_token=old.dumps())
    assert zh(STALE_FORM) in html
    renewed = challenge.read(token_field(html))
    assert renewed.key == old.key
    assert time.time() - renewed.rendered_at < 60


def test_a_forged_token_is_treated_as_a_stale_form(client, demo_site):
    html = refused(client, form_token="forged:token")
    assert zh(STALE_FORM) in html
    assert challenge.read(token_field(html)) is not None
