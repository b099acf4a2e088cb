"""Uploads that cannot carry an attack: what reaches storage is a redrawn photo without its
metadata or anything appended to it, or a PDF without scripts, automatic actions or embedded
files. Every refusal names the file in the customer's language and loses nothing else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.models import Case, CaseAttachment
from backoffice.services.errors import CaseActionError
from backoffice.services.uploads import clean_upload
from tests.portal.helpers import complaint_data, pdf_bytes, photo, zh

pytestmark = pytest.mark.django_db

APPENDED = b"<html><body><script>alert(document.cookie)</script></body></html>PK\x03\x04zip"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def gps_jpeg(width: int = 64, height: int = 48) -> bytes:
    """A phone photo: EXIF with GPS and a "rotate 90°" orientation, XMP, an ICC profile and a
    comment, and a web page plus the start of a ZIP appended after the JPEG's end marker."""
    from PIL import Image, ImageCms

    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height))  # left half blue: shows rotation
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: show rotated 90° clockwise
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        exif=exif.tobytes(),
        icc_profile=icc,
        comment=b"home address: secret",
        xmp=b"<x:xmpmeta><rdf:Description GPSLatitude='39,54N'/></x:xmpmeta>",
    )
    return buffer.getvalue() + APPENDED


def stored_attachment() -> CaseAttachment:
    return Case.objects.get().attachments.get()


# --- photos ------------------------------------------------------------------------------------


def test_a_jpeg_with_html_after_its_end_is_stored_redrawn_without_it_or_its_gps(client, demo_site):
    from PIL import Image

    raw = gps_jpeg()
    with Image.open(io.BytesIO(raw)) as original:  # the test photo really carries all of it
        assert original.getexif().get_ifd(GPS_IFD)
        assert original.info.get("icc_profile") and original.info.get("comment")
    assert APPENDED in raw

    upload = SimpleUploadedFile("现场照片.jpg", raw, content_type="image/jpeg")
    response = client.post("/complain/", complaint_data(attachments=[upload]))
    assert response.status_code == 302

    attachment = stored_attachment()
    stored = attachment.file.read()
    assert attachment.content_type == "image/jpeg"
    assert attachment.original_name == "现场照片.jpg"
    assert attachment.size == len(stored)
    assert stored.endswith(b"\xff\xd9")  # nothing after the image data
    for trace in (b"<html", b"<script", b"PK\x03\x04", b"secret", b"xmpmeta", b"PhoneMaker"):
        assert trace not in stored, trace
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()  # no EXIF at all: no GPS, no orientation to misapply
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
        # Turned upright: 64×48 shot sideways is stored 48×64, the blue half now on top.
        assert image.size == (48, 64)
        top, bottom = image.getpixel((24, 8)), image.getpixel((24, 56))
        assert top[2] > 150 and top[0] < 80, top
        assert bottom[0] > 150 and bottom[2] < 80, bottom


def test_a_png_keeps_its_format_and_loses_its_text_and_profile(client, demo_site):
    from PIL import Image, ImageCms, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "GPS 39.9,116.4")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 200, 10, 128)).save(
        buffer, "PNG", pnginfo=text, icc_profile=icc
    )
    upload = SimpleUploadedFile("receipt.png", buffer.getvalue() + APPENDED, "image/png")
    assert client.post("/complain/", complaint_data(attachments=[upload])).status_code == 302
    stored = stored_attachment().file.read()
    assert b"GPS" not in stored and b"<html" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (40, 30))
        assert "icc_profile" not in image.info and "Comment" not in image.info


def test_an_iphone_heic_photo_is_stored_as_a_jpeg_without_its_metadata(demo_site):
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "HEIF", exif=exif.tobytes())
    clean = clean_upload(SimpleUploadedFile("IMG_0001.heic", buffer.getvalue()))
    assert (clean.name, clean.content_type) == ("IMG_0001.jpg", "image/jpeg")
    with Image.open(clean) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_decompression_bomb_is_refused_with_the_rest_of_the_form_kept(client, demo_site):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")  # 400 megapixels in a few kB
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), "image/png")
    response = client.post("/complain/", complaint_data(attachments=[bomb, photo("good.jpg")]))
    assert response.status_code == 400
    assert Case.objects.count() == 0
    html = response.content.decode()
    assert (
        zh("“%(name)s” is too large an image: at most %(mp)d megapixels.", name="bomb.png", mp=40)
        in html
    )
    assert "good.jpg" in html and "买的电饭煲第二天就不加热了。" in html


def test_an_image_just_over_the_pixel_limit_is_refused_before_it_is_decoded(demo_site):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8000, 5001)).save(buffer, "PNG")  # 40.008 megapixels
    with pytest.raises(CaseActionError) as refusal:
        clean_upload(SimpleUploadedFile("scan.png", buffer.getvalue()))
    assert "scan.png" in str(refusal.value.message)


def test_a_staff_upload_is_cleaned_by_the_same_function(demo, staff, submit):
    """Staff add evidence through the same service: the same redrawing applies."""
    from PIL import Image

    from backoffice.services.attachments import attachment_add

    case = submit()
    upload = SimpleUploadedFile("门店监控截图.jpg", gps_jpeg(), "image/jpeg")
    attachment = attachment_add(case=case, upload=upload, actor=staff["agent"])
    stored = attachment.file.read()
    assert stored.endswith(b"\xff\xd9") and b"<html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (48, 64)


def test_a_photo_sent_on_the_tracking_page_is_cleaned_too(client, submitted):
    from backoffice import public

    case, _code = submitted
    # The customer sends a message with a photo through the same form and service.
    from portal.customer import customer_act

    upload = SimpleUploadedFile("追加照片.jpg", gps_jpeg(), "image/jpeg")
    action = public.customer_message_action(case)
    customer_act(case=case, action=action, data={"message": "补充照片"}, uploads=[upload])
    stored = case.attachments.get(original_name="追加照片.jpg").file.read()
    assert stored.endswith(b"\xff\xd9") and APPENDED not in stored


def test_kept_files_are_cleaned_before_they_are_kept(client, demo_site):
    """A refused form keeps its photos on disk for a while: already without GPS and appendix."""
    response = client.post(
        "/complain/",
        complaint_data(consent=None, attachments=[SimpleUploadedFile("a.jpg", gps_jpeg())]),
    )
    assert response.status_code == 400
    held = [p for p in (Path(settings.MEDIA_ROOT) / "tmp").rglob("*") if p.suffix != ".json"]
    held = [p for p in held if p.is_file()]
    assert len(held) == 1
    content = held[0].read_bytes()
    assert content.endswith(b"\xff\xd9") and b"<html" not in content and b"secret" not in content


# --- PDFs --------------------------------------------------------------------------------------


def pdf_with(change) -> bytes:
    """A one-page PDF written by pypdf, changed by `change(writer)` before it is written."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _names(**entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    return DictionaryObject(
        {
            NameObject(f"/{key}"): NameObject(value)
            if isinstance(value, str) and value.startswith("/")
            else (TextStringObject(value) if isinstance(value, str) else value)
            for key, value in entries.items()
        }
    )


def _root(key: str, value):
    from pypdf.generic import NameObject

    def change(writer):
        writer._root_object[NameObject(key)] = writer._add_object(value)

    return change


def launch_pdf() -> bytes:
    return pdf_with(_root("/OpenAction", _names(S="/Launch", F="cmd.exe")))


def open_action_javascript_pdf() -> bytes:
    return pdf_with(_root("/OpenAction", _names(S="/JavaScript", JS="app.alert('pwned')")))


def embedded_file_pdf() -> bytes:
    return pdf_with(lambda writer: writer.add_attachment("invoice.exe", b"MZ" + b"\0" * 100))


def page_actions_pdf() -> bytes:
    from pypdf.generic import NameObject

    def change(writer):
        page = writer.pages[0]
        page[NameObject("/AA")] = _names(O=_names(S="/URI", URI="https://evil.example"))

    return pdf_with(change)


def xfa_pdf() -> bytes:
    from pypdf.generic import ArrayObject

    return pdf_with(_root("/AcroForm", _names(Fields=ArrayObject(), XFA="<xdp:xdp/>")))


def html_pdf() -> bytes:
    return (
        b"%PDF-1.7\n<!DOCTYPE html><html><head><title>invoice</title></head>"
        b"<body><script>fetch('/admin/')</script></body></html>\n"
    )


def hidden_javascript_pdf() -> bytes:
    """JavaScript in an object nothing in the document points to, found by the object table."""
    return pdf_with(lambda writer: writer._add_object(_names(S="/JavaScript", JS="app.alert(1)")))


ACTIVE = (
    "“%(name)s” contains scripts, automatic actions or embedded files, which we do not "
    "accept. Print it to a new PDF, or send a photo of it."
)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (launch_pdf, ACTIVE),
        (open_action_javascript_pdf, ACTIVE),
        (embedded_file_pdf, ACTIVE),
        (page_actions_pdf, ACTIVE),
        (xfa_pdf, ACTIVE),
        (hidden_javascript_pdf, ACTIVE),
        (html_pdf, "“%(name)s” is not a PDF: its content is a web page (HTML)."),
        (lambda: b"%PDF-1.4\n%%EOF garbage", "“%(name)s” is not a readable PDF."),
    ],
    ids=["launch", "openaction-js", "embedded", "page-aa", "xfa", "hidden-js", "html", "broken"],
)
@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_a_dangerous_pdf_is_refused_by_name_and_the_rest_is_kept(
    client, demo_site, make, message, prefix
):
    from django.utils import translation

    document = SimpleUploadedFile("发票.pdf", make(), content_type="application/pdf")
    response = client.post(
        f"{prefix}complain/", complaint_data(attachments=[document, photo("receipt.jpg")])
    )
    assert response.status_code == 400
    assert Case.objects.count() == 0
    html = response.content.decode()
    if prefix == "/":
        assert zh(message, name="发票.pdf") in html
    else:
        with translation.override("en"):
            assert translation.gettext(message) % {"name": "发票.pdf"} in html
    for value in ("买的电饭煲第二天就不加热了。", "换一台新的。", "李小红", "LOT20261102"):
        assert value in html, value
    assert "receipt.jpg" in html  # the good file is kept for the next attempt
    assert 'name="kept_files" value=""' not in html


def test_a_password_protected_pdf_is_refused(demo_site):
    def encrypt(writer):
        writer.encrypt(user_password="1234", owner_password="owner")

    with pytest.raises(CaseActionError) as refusal:
        clean_upload(SimpleUploadedFile("bank.pdf", pdf_with(encrypt)))
    assert refusal.value.message == zh(
        "“%(name)s” is protected by a password: send it without the protection.", name="bank.pdf"
    )


def test_a_plain_pdf_is_stored_as_it_was_sent(client, demo_site):
    content = pdf_bytes()
    upload = SimpleUploadedFile("发票.pdf", content, content_type="application/pdf")
    assert client.post("/complain/", complaint_data(attachments=[upload])).status_code == 302
    attachment = stored_attachment()
    assert attachment.file.read() == content
    assert (attachment.content_type, attachment.original_name) == ("application/pdf", "发票.pdf")


def test_our_own_letters_pass_the_pdf_check(submit):
    """A WeasyPrint PDF with fonts and links (what staff forward to customers) is accepted."""
    from backoffice.documents import render_document

    filename, content = render_document("acknowledgement", submit())
    assert clean_upload(SimpleUploadedFile(filename, content)).read() == content
