"""What a new user sees first: the portal in Chinese, the English version, health checks."""

import re
from unittest import mock

import pytest

from django.db import DatabaseError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_served_in_chinese_by_default(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    assert "顾客投诉服务中心" in html
    assert "投诉处理制度" in html  # the policy page in the menu


def test_english_site_has_its_own_pages(client, demo_site):
    response = client.get("/en/policy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Complaint policy" in html
    assert "Within 24 hours" in html


def test_browser_tab_names_the_page_then_the_site_once(client, demo_site):
    def title(path):
        return re.search(r"<title>(.*?)</title>", client.get(path).content.decode()).group(1)

    assert title("/en/policy/") == "Complaint policy · Customer complaint service"
    assert title("/en/") == "Customer complaint service"  # the home page is the site


def test_policy_page_publishes_the_time_limits(client, demo_site):
    html = client.get("/policy/").content.decode()
    for text in ("收到后24小时内", "3个工作日内答复", "10个工作日内办结"):
        assert text in html


def test_language_switcher_changes_the_language(client, demo_site):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/policy/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/policy/"


def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch("config.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_every_demo_role_can_sign_in_to_the_admin(client, demo_site):
    from demo.organisation import ACCOUNTS

    for username, password, *_ in ACCOUNTS:
        client.logout()
        assert client.login(username=username, password=password), username
        assert client.get("/admin/").status_code == 200, username


def test_demo_loading_twice_changes_nothing(demo_site):
    from django.contrib.auth import get_user_model

    from wagtail.models import Page

    from demo.organisation import load_accounts, load_organisation
    from demo.pages import load_pages

    users, pages = get_user_model().objects.count(), Page.objects.count()
    load_accounts(load_organisation())
    load_pages()
    assert (get_user_model().objects.count(), Page.objects.count()) == (users, pages)


@pytest.mark.django_db(transaction=True)
def test_make_run_prints_the_logins_not_the_demo_mail(settings, capsys):
    """The demo cases' acknowledgements go through the outbox, but not onto the console
    where they would bury the demo logins."""
    import io

    from django.core.management import call_command

    from backoffice.defaults import load_defaults
    from backoffice.models import Notification

    load_defaults()  # as the migrations do; an earlier transactional test flushed them
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    printed = io.StringIO()
    call_command("load_demo", stdout=printed)
    assert "agent-demo-2026" in printed.getvalue()
    assert "Subject:" not in capsys.readouterr().out
    assert Notification.objects.exists()
    assert not Notification.objects.exclude(status=Notification.Status.SENT).exists()


def test_staff_sign_in_page_is_chinese_throughout(client, demo_site):
    html = client.get("/admin/login/").content.decode()
    assert "Password" not in html and "Username" not in html
    assert "密码" in html


def test_settings_lists_show_yes_no_as_icons_not_python_words(client, demo_site):
    client.login(username="admin", password="admin-demo-2026")
    for path in ("/admin/units/", "/admin/categories/", "/admin/calendar_overrides/"):
        response = client.get(path)
        assert response.status_code == 200, path
        cells = re.findall(r"<td[^>]*>(.*?)</td>", response.content.decode(), re.S)
        assert cells, path
        assert not {cell.strip() for cell in cells} & {"True", "False"}, path
