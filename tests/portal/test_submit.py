"""Submitting a complaint online: the case it creates, the confirmation, the acknowledgement."""

import threading

import pytest

from django.db import connection
from django.test import Client

from backoffice import public
from backoffice.models import Case, Notification, Unit
from tests.portal.helpers import aged_token, complaint_data, pdf_bytes, photo, zh

pytestmark = pytest.mark.django_db


def test_the_form_page_shows_every_field_labelled_and_the_upload_limits(client, demo_site):
    response = client.get("/complain/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    for name in (
        "category",
        "unit",
        "product_name",
        "product_batch",
        "incident_date",
        "description",
        "customer_demand",
        "complainant_name",
        "complainant_phone",
        "complainant_email",
        "attachments",
        "consent",
    ):
        assert f'<label for="id_{name}"' in html, name
    upload_help = zh(
        "Up to %(count)d files, each at most %(mb)d MB: photos (JPG, PNG, WebP, "
        "HEIC), PDF or a short video (MP4, MOV).",
        count=5,
        mb=10,
    )
    assert upload_help in html
    assert 'name="form_token"' in html
    assert "朝阳门店家电柜组" in html  # counters are offered, grouped under their store
    assert 'enctype="multipart/form-data"' in html


def test_suppliers_and_inactive_units_are_not_offered(client, demo_site):
    Unit.objects.filter(code="s02-fashion").update(active=False)
    html = client.get("/complain/").content.decode()
    assert "美源家电供应商" not in html
    assert "望京门店女装柜组" not in html
    assert "望京门店服务台" in html


def test_a_complaint_becomes_an_acknowledged_online_case(client, demo_site):
    response = client.post(
        "/complain/", complaint_data(attachments=[photo("receipt.jpg"), photo("box.jpg")])
    )
    assert response.status_code == 302
    assert response["Location"] == "/complain/done/"
    case = Case.objects.get()
    assert case.channel == "online"
    assert case.state == "acknowledged"
    assert case.store.code == "s01"
    assert case.unit_complained_about.code == "s01-elec"
    assert case.category.code == "product_quality"
    assert case.complainant_phone == "13800138000"  # normalised
    assert case.product_batch == "LOT20261102"
    assert str(case.incident_date) == "2026-11-10"
    assert case.language == "zh-hans"
    assert sorted(a.original_name for a in case.attachments.all()) == ["box.jpg", "receipt.jpg"]
    assert all(a.from_customer for a in case.attachments.all())
    acknowledgement = Notification.objects.get(case=case, channel="email")
    assert acknowledgement.attachment_kind == "acknowledgement"
    assert "/track/" in acknowledgement.body


def test_choosing_the_whole_store_leaves_the_unit_empty(client, demo_site):
    store = Unit.objects.get(code="s02")
    client.post("/complain/", complaint_data(unit=str(store.pk)))
    case = Case.objects.get()
    assert case.store == store
    assert case.unit_complained_about is None


def test_the_confirmation_shows_the_reference_the_code_and_the_expected_date(client, submitted):
    case, code = submitted
    response = client.get("/complain/done/")
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html
    assert code in html
    assert public.expected_by(case).strftime("%Y-%m-%d %H:%M") in html
    assert "no-store" in response["Cache-Control"]


def test_the_confirmation_is_not_reachable_from_another_session(client, submitted):
    case, _code = submitted
    stranger = Client()
    response = stranger.get("/complain/done/")
    assert response.status_code == 302
    assert case.reference not in stranger.get("/complain/").content.decode()
    # Nor by guessing a URL with the reference in it.
    assert stranger.get(f"/complain/done/{case.reference}/").status_code == 404


def test_the_acknowledgement_is_offered_as_a_pdf(client, submitted):
    case, _code = submitted
    response = client.get("/complain/done/acknowledgement/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert Client().get("/complain/done/acknowledgement/").status_code == 302


def test_an_english_complaint_is_answered_in_english(client, demo_site):
    page = client.get("/en/complain/")
    assert 'lang="en"' in page.content.decode()
    response = client.post("/en/complain/", complaint_data(preferred_contact="email"))
    assert response["Location"] == "/en/complain/done/"
    case = Case.objects.get()
    assert case.language == "en"
    done = client.get("/en/complain/done/").content.decode()
    assert "Your complaint has been sent" in done
    assert "/en/track/case/" in done
    email = Notification.objects.get(case=case, channel="email")
    assert "/en/track/" in email.body


def test_sending_the_same_form_twice_creates_one_case(client, demo_site):
    data = complaint_data()
    first = client.post("/complain/", data)
    again = client.post("/complain/", data)  # double click / browser resend
    assert first.status_code == again.status_code == 302
    assert Case.objects.count() == 1
    # The resend lands on the same confirmation.
    assert Case.objects.get().reference in client.get("/complain/done/").content.decode()


def test_a_resend_from_a_new_connection_still_finds_the_first_case(client, demo_site):
    data = complaint_data(attachments=None)
    client.post("/complain/", data)
    retry = Client()
    response = retry.post("/complain/", data)
    assert response.status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_resends_create_one_case(demo_site):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("In-memory SQLite cannot serve two connections at once; runs on PostgreSQL.")
    data = complaint_data()
    barrier = threading.Barrier(3)
    statuses = []

    def post():
        try:
            barrier.wait()
            statuses.append(Client().post("/complain/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302, 302]
    assert Case.objects.count() == 1


def test_a_pdf_and_a_photo_are_both_accepted(client, demo_site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = SimpleUploadedFile("invoice.pdf", pdf_bytes(), content_type="application/pdf")
    client.post("/complain/", complaint_data(attachments=[document, photo()]))
    assert Case.objects.get().attachments.count() == 2


def test_complaints_from_one_address_are_limited_per_hour(client, demo_site, settings):
    settings.RATE_LIMIT_SUBMIT_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/complain/", complaint_data(form_token=aged_token())).status_code == 302
    response = client.post(
        "/complain/", complaint_data(form_token=aged_token(), description="第三次投诉")
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert (
        zh(
            "We have received several complaints from your connection in the last hour, "
            "so this one could not be sent now. Please try again later or call us: "
            "everything you entered is still here."
        )
        in html
    )
    assert "第三次投诉" in html  # nothing lost
    assert Case.objects.count() == 2
