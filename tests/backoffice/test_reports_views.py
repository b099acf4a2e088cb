"""The reports dashboard in the admin: who may open it, the period and unit pickers, the
downloads of the current selection, and a number of queries that does not grow with the data."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from backoffice.reports.periods import current_month
from tests.backoffice import test_reports_fixtures as fixtures
from tests.backoffice.test_documents import pdf_text

pytestmark = pytest.mark.django_db

# The month of test_reports_fixtures, built once for this module.
october = fixtures.october

DASHBOARD = "complaint_reports:index"
OCTOBER = {"period": "month", "month": "2026-10"}


@pytest.fixture
def signed_in(client, october):
    def login(username):
        client.force_login(october.staff[username])
        return client

    return login


@pytest.mark.parametrize("reader", ["manager", "gm", "headoffice", "oversight", "admin"])
def test_managers_and_head_office_open_the_dashboard(signed_in, reader):
    response = signed_in(reader).get(reverse(DASHBOARD), OCTOBER)
    assert response.status_code == 200
    page = response.content.decode()
    assert "用户异议处理月报表" in page and "2026年10月" in page
    assert page.count('class="report-chart report-chart--') >= 10
    assert reverse("complaint_reports:pdf") in page and reverse("complaint_reports:xlsx") in page


@pytest.mark.parametrize("refused", ["agent", "supervisor", "trainer", "unitstaff"])
def test_other_roles_are_refused(signed_in, refused):
    # Wagtail answers a refusal in the admin with a redirect to the admin home and a message
    # ("Sorry, you do not have permission..."); an XHR gets a bare 403.
    client = signed_in(refused)
    for name in (DASHBOARD, "complaint_reports:pdf", "complaint_reports:xlsx"):
        response = client.get(reverse(name), OCTOBER)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        xhr = client.get(reverse(name), OCTOBER, headers={"x-requested-with": "XMLHttpRequest"})
        assert xhr.status_code == 403


def test_visitors_who_are_not_signed_in_go_to_the_login_page(client, october):
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_menu_shows_reports_only_to_readers(signed_in):
    home = reverse("wagtailadmin_home")
    assert "complaint-reports" in signed_in("manager").get(home).content.decode()
    assert "complaint-reports" not in signed_in("agent").get(home).content.decode()


def test_head_office_compares_the_stores_side_by_side(signed_in, october):
    page = signed_in("headoffice").get(reverse(DASHBOARD), OCTOBER).content.decode()
    assert "朝阳门店" in page and "望京门店" in page
    assert october["C6"].reference in page and october["C11"].reference in page
    assert "¥885.00" in page


def test_a_store_manager_sees_only_their_store(signed_in, october):
    response = signed_in("manager").get(reverse(DASHBOARD), OCTOBER)
    page = response.content.decode()
    assert october["C6"].reference in page
    assert october["C11"].reference not in page
    assert "望京门店" not in page  # not even in the unit picker
    assert "¥570.00" in page and "¥885.00" not in page


def test_the_unit_picker_refuses_a_unit_the_reader_may_not_see(signed_in, october):
    client = signed_in("manager")
    other_store = {**OCTOBER, "unit": "s02"}
    response = client.get(reverse(DASHBOARD), other_store)
    assert response.status_code == 400
    assert october["C11"].reference not in response.content.decode()
    download = client.get(reverse("complaint_reports:pdf"), other_store)
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/plain")


def test_the_unit_picker_narrows_head_offices_dashboard(signed_in, october):
    page = signed_in("headoffice").get(reverse(DASHBOARD), {**OCTOBER, "unit": "s02"})
    text = page.content.decode()
    assert page.status_code == 200
    assert october["C11"].reference in text and october["C6"].reference not in text


@pytest.mark.parametrize(
    "query",
    [
        {"period": "month", "month": ""},
        {"period": "month", "month": "2026-13"},
        {"period": "week", "week": "2026-10"},
        {"period": "custom", "start": "2026-10-31", "end": "2026-10-01"},
        {"period": "custom", "start": "2026-10-01"},
        {"period": "year"},
    ],
)
def test_a_bad_period_is_explained_not_computed(signed_in, query):
    response = signed_in("headoffice").get(reverse(DASHBOARD), query)
    assert response.status_code == 400
    assert "rp-errors" in response.content.decode()
    assert 'class="report-chart' not in response.content.decode()


def test_week_and_range_periods(signed_in, october):
    client = signed_in("headoffice")
    week = client.get(reverse(DASHBOARD), {"period": "week", "week": "2026-W44"})
    assert week.status_code == 200 and "顾客投诉周报表" in week.content.decode()
    days = client.get(
        reverse(DASHBOARD), {"period": "custom", "start": "2026-10-08", "end": "2026-10-09"}
    )
    assert days.status_code == 200
    text = days.content.decode()
    assert october["C1"].reference not in text  # not major: not listed, but counted
    assert "顾客投诉统计报表" in text


def test_without_a_choice_the_dashboard_shows_this_month(signed_in):
    from django.utils import timezone

    response = signed_in("headoffice").get(reverse(DASHBOARD))
    assert response.status_code == 200
    label = current_month(timezone.localdate()).label("zh-hans")
    assert label in response.content.decode()


def test_the_downloads_are_the_current_selection(signed_in, october):
    client = signed_in("manager2")
    pdf = client.get(reverse("complaint_reports:pdf"), OCTOBER)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="monthly-report-2026-10-s02.pdf"'
    assert "no-store" in pdf["Cache-Control"]
    text = pdf_text(pdf.content)
    assert october["C11"].reference in text and october["C6"].reference not in text
    xlsx = client.get(reverse("complaint_reports:xlsx"), {"period": "week", "week": "2026-W44"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="weekly-report-2026-W44-s02.xlsx"'
    workbook = load_workbook(BytesIO(xlsx.content))
    assert workbook.sheetnames[0] == "概况"


def test_the_dashboard_queries_do_not_grow_with_the_data(
    signed_in,
    october,
    submit,
    django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in("headoffice")
    url = reverse(DASHBOARD)
    client.get(url, OCTOBER)  # warm the per-process caches (site, permissions)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url, OCTOBER).status_code == 200
    for day in range(1, 21):
        from tests.conftest import at

        submit(received_at=at(2026, 10, day, 10, 0), channel="walk_in")
    with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as after:
        response = client.get(url, OCTOBER)
    assert response.status_code == 200
    assert len(after) == len(before)
