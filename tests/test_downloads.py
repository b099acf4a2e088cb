"""Every file the product serves is a download, never a page: attachment with an RFC 6266 name,
nosniff, and a sandboxing Content-Security-Policy, whatever the file is."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from backoffice import public
from backoffice.models import Case
from backoffice.services.attachments import attachment_add
from tests.portal.helpers import complaint_data, jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def assert_download(response, filename: str) -> None:
    assert response.status_code == 200, response.status_code
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    if filename.isascii():
        assert f'filename="{filename}"' in disposition, disposition
    else:  # RFC 6266 / 5987: the UTF-8 name, percent-encoded (the charset is case-blind)
        assert f"filename*=utf-8''{quote(filename)}" in disposition.lower().replace(
            quote(filename).lower(), quote(filename)
        ), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy, policy


@pytest.fixture
def agent(client, staff):
    client.force_login(staff["agent"])
    return client


@pytest.mark.parametrize(
    ("name", "content"),
    [("收据照片.jpg", jpeg_bytes()), ("发票.pdf", pdf_bytes()), ("receipt.jpg", jpeg_bytes())],
)
def test_case_attachments_are_downloads_even_photos(agent, staff, submit, name, content):
    case = submit()
    attachment = attachment_add(
        case=case, upload=SimpleUploadedFile(name, content), actor=staff["agent"]
    )
    response = agent.get(reverse("cases:attachment", args=[case.pk, attachment.pk]))
    assert_download(response, name)
    assert response["Content-Type"] == attachment.content_type


def test_printable_documents_are_downloads(agent, submit):
    case = submit()
    response = agent.get(reverse("cases:document", args=[case.pk, "record_sheet"]))
    assert_download(response, f"record-sheet-{case.reference}.pdf")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("output", ["pdf", "xlsx"])
def test_report_files_are_downloads(client, staff, demo, output):
    client.force_login(staff["headoffice"])
    response = client.get(
        reverse(f"complaint_reports:{output}"), {"period": "month", "month": "2026-10"}
    )
    assert_download(response, f"monthly-report-2026-10-all.{output}")


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_case_list_exports_are_downloads(agent, submit, export):
    submit()
    response = agent.get(reverse("cases:index"), {"export": export})
    filename = response["Content-Disposition"].split("filename=")[1].split(";")[0].strip('"')
    assert filename.endswith(f".{export}")
    assert_download(response, filename)


def test_the_customers_acknowledgement_is_a_download_on_both_pages(client, demo_site):
    assert client.post("/complain/", complaint_data()).status_code == 302
    case = Case.objects.get()
    done = client.get("/complain/done/acknowledgement/")
    assert_download(done, done["Content-Disposition"].split('filename="')[1].split('"')[0])
    visitor = Client()
    code = public.customer_tracking_code(case)
    assert visitor.get(f"/track/{case.reference}/{code}/").status_code == 302
    tracked = visitor.get("/track/case/acknowledgement/")
    assert tracked.content == done.content or tracked.content.startswith(b"%PDF")
    assert_download(tracked, tracked["Content-Disposition"].split('filename="')[1].split('"')[0])


def test_documents_published_on_the_site_are_downloads(client, db):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="退换货政策", file=ContentFile(pdf_bytes(), name="退换货政策.pdf")
    )
    response = client.get(document.url)
    assert_download(response, document.filename)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
