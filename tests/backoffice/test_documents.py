"""Printable forms: each opens as a PDF in Chinese and English, shows the case's figures, and
prints its Chinese with the shipped font (text extraction succeeds even when every glyph is an
empty box, so the embedded fonts are checked too). The view serves them only to staff who
may see the case, masked for readers who may not see personal data."""

import os
import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from backoffice.choices import Channel
from backoffice.documents import DOCUMENTS, printed_date, printed_datetime, render_document
from backoffice.models import ReferringBody
from backoffice.notifications.outbox import deliver_due
from backoffice.pdf import ProjectFileFetcher, render_pdf
from backoffice.tracking import tracking_code
from backoffice.views.documents import case_document

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")
# Every font in our PDFs is the shipped Noto Sans SC subset, under the family declared in
# backoffice.pdf. A system font in this list would mean a glyph fell back to the machine's
# fonts (and prints as a box on a machine without a CJK font).
OUR_FONTS = {"Complaint-Sans", "Complaint-Sans-Bold"}


@pytest.fixture
def handled_case(submit, act, demo, category):
    """A 12315 referral carried through a ¥50 compensation approved by the supervisor, a
    follow-up call and a manager's close, so every section of every form has content."""
    case = submit(
        channel=Channel.REFERRAL,
        referring_body=ReferringBody.objects.get(code="12315"),
        external_reference="GS-2026-118833",
        complainant_gender="f",
        member_card="M20261116",
        complainant_address="北京市东城区朝阳门内大街1号",
        unit_complained_about=demo["s01-elec"],
        product_name="电饭煲",
        product_model="MY-FB40",
        product_batch="LOT-2026-0917",
        order_number="POS-0116-3321",
        staff_involved="张敏",
        incident_date=date(2026, 11, 15),
    )
    act(case, "acknowledge")
    act(case, "add_note", note="顾客情绪激动，已请到接待室休息并致歉。")
    act(case, "escalate", note="市场监管部门转办，请主管跟进。")
    act(case, "start_investigation", category=category.pk)
    act(
        case,
        "propose_resolution",
        resolution="为您更换一台同型号电饭煲，并补偿交通费。",
        compensation_kind="cash",
        compensation_amount="50",
        quality_problem=True,
        commission_deducted=False,
    )
    act(case, "approve_compensation", actor="supervisor")
    act(case, "customer_accept", message="同意这个方案，谢谢。")
    act(case, "implement", note="已换新机并支付补偿。", petty_cash_slip="BYJ-2026-0042")
    act(case, "start_follow_up")
    act(case, "record_callback", reached=True, satisfaction=4, comment="顾客表示满意。")
    case = act(
        case,
        "close",
        actor="manager",
        validity="valid_minor",
        cause="出厂质检漏检，温控元件失灵。",
        corrective_action="换新并补偿。",
        prevention="到货抽检加严，同批次下架检查。",
    )
    case.refresh_from_db()
    return case


def pdf_text(content: bytes) -> str:
    """The PDF's text with all white space removed (extraction breaks CJK lines freely)."""
    reader = PdfReader(BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _fonts_in(resources, found: dict) -> None:
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        name = str(font["/BaseFont"]).lstrip("/")
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        program = next(
            (
                descriptor[key]
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
                if key in descriptor
            ),
            None,
        )
        found[name] = program.get_object().get_data() if program is not None else None
    for xobject in (resources.get("/XObject") or {}).values():
        _fonts_in(xobject.get_object().get("/Resources"), found)


def embedded_fonts(content: bytes) -> dict[str, bytes | None]:
    """{font name without subset prefix: embedded font program or None} over every page."""
    found: dict[str, bytes | None] = {}
    for page in PdfReader(BytesIO(content)).pages:
        _fonts_in(page.get("/Resources"), found)
    return {name.split("+", 1)[-1]: program for name, program in found.items()}


def program_name(program: bytes) -> str:
    """The PostScript name recorded inside an embedded OpenType font program."""
    return TTFont(BytesIO(program))["name"].getDebugName(6) or ""


def assert_printed_with_our_font(content: bytes) -> None:
    fonts = embedded_fonts(content)
    assert set(fonts) <= OUR_FONTS and "Complaint-Sans" in fonts, fonts.keys()
    for name, program in fonts.items():
        assert program is not None, f"{name} is not embedded"
        assert program_name(program).startswith("NotoSansCJKsc"), name


def preview(kind: str, language: str, content: bytes) -> None:
    # DOCUMENTS_PREVIEW_DIR=/tmp pytest ... keeps the PDFs for a person to look at.
    folder = os.environ.get("DOCUMENTS_PREVIEW_DIR")
    if folder:
        Path(folder, f"doc-{kind}-{language}.pdf").write_bytes(content)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_each_form_prints_its_title_and_figures_with_the_shipped_font(handled_case, kind, language):
    filename, content = render_document(kind, handled_case, language=language)
    preview(kind, language, content)

    assert filename == f"{kind.replace('_', '-')}-{handled_case.reference}.pdf"
    text = pdf_text(content)
    title = DOCUMENTS[kind].title
    assert title["zh"] in text
    assert (title["en"].replace(" ", "") in text) == (language == "en")
    assert handled_case.reference in text
    code = tracking_code(handled_case.reference, handled_case.tracking_salt)
    if kind != "acknowledgement":
        assert "李小红" in text
        # Internal forms get passed around: the code that opens the case stays off them.
        assert code not in text
    assert_printed_with_our_font(content)


def test_the_acknowledgement_tells_the_customer_how_to_follow_the_case(handled_case, demo_site):
    _filename, content = render_document("acknowledgement", handled_case)
    text = pdf_text(content)
    assert tracking_code(handled_case.reference, handled_case.tracking_salt) in text
    assert "http://testserver/track/" in text
    assert "李小红" in text
    assert "2026年11月16日星期一10:00" in text  # received, local time
    assert printed_datetime(handled_case.external_due, "zh-hans").replace(" ", "") in text
    assert "王丽" in text  # the owner handles it


def test_the_acknowledgement_is_in_the_customers_language_and_forms_in_the_readers(
    submit, demo_site
):
    case = submit(language="en")
    _filename, letter = render_document("acknowledgement", case)
    letter_text = pdf_text(letter)
    assert "Monday16November2026,10:00" in letter_text
    assert "http://testserver/en/track/" in letter_text
    _filename, sheet = render_document("record_sheet", case)  # active language: Chinese
    assert "2026年11月16日星期一" in pdf_text(sheet)


def test_the_acknowledgement_e_mail_carries_the_letter(submit, act, mailoutbox):
    case = submit()
    act(case, "acknowledge")
    deliver_due()
    letters = [message for message in mailoutbox if message.to == ["lxh@example.com"]]
    assert letters
    filename, content, mimetype = letters[0].attachments[0]
    assert filename == f"acknowledgement-{case.reference}.pdf"
    assert mimetype == "application/pdf"
    assert "受理函" in pdf_text(content)


def test_a_fresh_case_prints_without_the_sections_it_does_not_have_yet(submit):
    case = submit(channel=Channel.WALK_IN)
    for kind in DOCUMENTS:
        _filename, content = render_document(kind, case)
        assert case.reference in pdf_text(content)
        assert_printed_with_our_font(content)


def test_the_forms_carry_the_money_and_the_approvals(handled_case):
    sheet = pdf_text(render_document("record_sheet", handled_case, language="en")[1])
    assert "¥50.00" in sheet
    assert "陈刚" in sheet  # the supervisor approved
    assert "顾客情绪激动" in sheet  # the internal note
    assert "4/5" in sheet  # the follow-up call
    slip = pdf_text(render_document("return_slip", handled_case, language="en")[1])
    assert "¥50.00" in slip and "BYJ-2026-0042" in slip and "LOT-2026-0917" in slip
    assert "QualityproblemYes" in slip and "commissiondeductedNo" in slip
    report = pdf_text(render_document("incident_report", handled_case, language="en")[1])
    assert "GS-2026-118833" in report
    assert "manager@example.com" in report  # who was informed of the major complaint
    assert "陈刚" in report  # escalated to the supervisor


def test_a_name_outside_the_font_subset_still_prints(submit):
    case = submit(complainant_name="王喆")  # 喆 is not in GB2312
    _filename, content = render_document("record_sheet", case, language="zh-hans")
    preview("rare-character", "zh-hans", content)
    text = pdf_text(content)
    assert "王" in text and case.reference in text
    fonts = embedded_fonts(content)
    assert "Complaint-Sans" in fonts
    assert all(program is not None for program in fonts.values())


def test_printed_dates_do_not_depend_on_the_locale():
    monday = date(2026, 11, 23)
    assert printed_date(monday, "zh-hans") == "2026年11月23日 星期一"
    assert printed_date(monday, "en") == "Monday 23 November 2026"
    late_evening_utc = datetime(2026, 11, 22, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert printed_datetime(late_evening_utc, "zh-hans") == "2026年11月23日 星期一 01:30"
    assert printed_datetime(late_evening_utc, "en") == "Monday 23 November 2026, 01:30"


def test_rendering_fetches_nothing_outside_the_project(settings):
    fetcher = ProjectFileFetcher()
    refused = [
        "http://example.com/logo.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        Path(settings.BASE_DIR, "pyproject.toml").as_uri(),  # in the project, not static
        Path(settings.PDF_FONT_DIR, "..", "..", "pyproject.toml").as_uri(),
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font = Path(settings.PDF_FONT_DIR, "NotoSansSC-Regular.otf").as_uri()
    response = fetcher.fetch(font)
    assert response.read(4) == b"OTTO"
    response.close()


def test_a_template_pointing_outside_still_renders_without_fetching(
    tmp_path, settings, monkeypatch
):
    template = tmp_path / "outside.html"
    template.write_text(
        '<html lang="{{ html_lang }}"><body><img src="http://example.com/x.png">'
        '<img src="file:///etc/hostname"><p>受理函</p></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    refused = []

    class Spy(ProjectFileFetcher):
        def fetch(self, url, headers=None):
            try:
                return super().fetch(url, headers)
            except ValueError:
                refused.append(url)
                raise

    monkeypatch.setattr("backoffice.pdf.ProjectFileFetcher", Spy)
    content = render_pdf("outside.html", {}, language="zh-hans")
    assert "受理函" in pdf_text(content)
    assert {"http://example.com/x.png", "file:///etc/hostname"} <= set(refused)


# --- the view ---------------------------------------------------------------------------------


def get(user, case, kind="record_sheet"):
    request = RequestFactory().get(f"/admin/cases/{case.pk}/documents/{kind}/")
    request.user = user
    return case_document(request, case.pk, kind)


def test_staff_of_the_store_get_the_pdf(handled_case, staff):
    response = get(staff["agent"], handled_case)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="record-sheet-{handled_case.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "13800138000" in text and "李小红" in text


def test_another_stores_agent_gets_404(handled_case, staff):
    with pytest.raises(Http404):
        get(staff["agent2"], handled_case)


def test_an_unknown_form_is_404(handled_case, staff):
    with pytest.raises(Http404):
        get(staff["agent"], handled_case, kind="invoice")


def test_anonymous_visitors_are_sent_to_the_login_page(handled_case):
    response = get(AnonymousUser(), handled_case)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_account_without_a_staff_role_is_refused(handled_case):
    outsider = get_user_model().objects.create_user("outsider", password="x-secret-1")
    with pytest.raises(PermissionDenied):
        get(outsider, handled_case)


@pytest.mark.parametrize("reader", ["oversight", "headoffice", "trainer"])
def test_readers_without_personal_data_get_a_masked_record_sheet(handled_case, staff, reader):
    response = get(staff[reader], handled_case)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "138****8000" in text
    assert "13800138000" not in text
    assert "李小红" not in text and "李**" in text
    assert "lxh@example.com" not in text and "l***@example.com" in text
    assert handled_case.reference in text
