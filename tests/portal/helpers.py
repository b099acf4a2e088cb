"""Test data for the portal: files that are (or only pretend to be) photos, a valid complaint,
and the staff steps that carry a case to where the customer acts."""

from __future__ import annotations

import io
import re
import time
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from backoffice.models import Category, Unit
from backoffice.services.cases import case_transition
from portal import challenge


def zh(message: str, plural: str | None = None, number: int | None = None, **values) -> str:
    """`message` as the Chinese pages show it: translated from its English source, then filled in.

    The catalogue is compiled, so this is the Chinese text whenever a translation exists."""
    with translation.override("zh-hans"):
        text = (
            translation.ngettext(message, plural, number)
            if plural
            else translation.gettext(message)
        )
    return text % values if values else text


def jpeg_bytes(width: int = 64, height: int = 48, color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def photo(name: str = "receipt.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def pdf_bytes() -> bytes:
    """A plain one-page PDF, as a scanner or a browser's "print to PDF" writes it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "not a photo " * 50)
    return buffer.getvalue()


def exe_bytes() -> bytes:
    # A DOS/PE header is what libmagic recognises as an executable.
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header[0x80:0x84] = b"PE\x00\x00"
    return bytes(header) + b"\x00" * 2048


def aged_token(seconds: float = 10) -> str:
    """A form token as if the form had been rendered `seconds` ago (a person, not a script)."""
    return challenge.issue(time.time() - seconds).dumps()


def complaint_data(**overrides) -> dict:
    """A complete, valid complaint as the browser posts it."""
    data = {
        "form_token": aged_token(),
        "category": str(Category.objects.get(code="product_quality").pk),
        "unit": str(Unit.objects.get(code="s01-elec").pk),
        "product_name": "美的电饭煲 MB-FB40",
        "product_batch": "LOT20261102",
        "incident_date": "2026-11-10",
        "description": "买的电饭煲第二天就不加热了。",
        "customer_demand": "换一台新的。",
        "complainant_name": "李小红",
        "complainant_phone": "138 0013 8000",
        "complainant_email": "lxh@example.com",
        "preferred_contact": "phone",
        "consent": "on",
        "website": "",
        "kept_files": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def kept_field(html: str) -> str:
    match = re.search(r'name="kept_files" value="([^"]*)"', html)
    return match.group(1) if match else ""


def token_field(html: str) -> str:
    match = re.search(r'name="form_token" value="([^"]*)"', html)
    return match.group(1) if match else ""


def staff(username: str):
    return get_user_model().objects.get(username=username)


def propose_resolution(case, text: str = "为您更换一台新的电饭煲，并赠送50元购物券。"):
    """What staff do from receipt to a proposal for the customer: investigate, propose."""
    agent = staff("agent")
    category = Category.objects.get(code="product_quality")
    case = case_transition(
        case=case, action="start_investigation", actor=agent, data={"category": category.pk}
    )
    return case_transition(
        case=case,
        action="propose_resolution",
        actor=agent,
        data={"resolution": text, "compensation_kind": "exchange"},
    )


def carry_to_follow_up(case):
    """After the customer accepted: implement the resolution and start the follow-up."""
    agent = staff("agent")
    case = case_transition(
        case=case, action="implement", actor=agent, data={"note": "已更换新机。"}
    )
    return case_transition(case=case, action="start_follow_up", actor=agent, data={})


def ask_customer(case, question: str = "请提供购物小票的照片。"):
    agent = staff("agent")
    category = Category.objects.get(code="product_quality")
    case = case_transition(
        case=case, action="start_investigation", actor=agent, data={"category": category.pk}
    )
    return case_transition(
        case=case, action="request_information", actor=agent, data={"message": question}
    )
