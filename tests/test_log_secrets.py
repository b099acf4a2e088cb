"""No credential that opens a case in any log the product writes: tracking codes are redacted
and query strings dropped in Django's request logs, runserver's, gunicorn's access log and the
SMS log backend. Production settings refuse the log-only SMS backend unless allowed, and set
__Host- cookies, all Secure and SameSite."""

import importlib
import io
import logging
import os
import runpy
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from backoffice import public
from backoffice.notifications.sms import LogSmsBackend
from backoffice.tracking import tracking_code
from config.logredact import RedactSecretsFilter, access_atoms, clean
from tests.portal.helpers import complaint_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def case_and_code(demo_site):
    from backoffice.models import Case

    assert Client().post("/complain/", complaint_data()).status_code == 302
    case = Case.objects.get()
    return case, public.customer_tracking_code(case)


@pytest.mark.django_db
def test_requests_to_tracking_links_leave_no_code_in_the_logs(case_and_code, caplog, settings):
    settings.RATE_LIMIT_TRACK_FAILURES_PER_MINUTE = 2
    case, code = case_and_code
    wrong = tracking_code(case.reference, "another salt")
    caplog.set_level(logging.DEBUG)
    link = public.customer_tracking_link(case).replace("http://testserver", "")
    assert Client(REMOTE_ADDR="198.51.100.1").get(link).status_code == 302
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    wrong_link = link.replace(code, wrong)
    assert guesser.get(wrong_link).status_code == 404  # logged: "Not Found: <path>"
    guesser.get(wrong_link)
    assert guesser.get(wrong_link).status_code == 429  # logged: "Too Many Requests: <path>"
    # The right code behind a retyped reference opens nothing and is not logged either.
    retyped = link.replace(case.reference, case.reference.replace("-", "").lower())
    assert Client(REMOTE_ADDR="198.51.100.2").get(retyped).status_code == 404
    logged = caplog.text
    assert "Not Found" in logged and "Too Many Requests" in logged
    assert f"{case.reference}/[redacted]/" in logged
    assert code not in logged
    assert wrong not in logged


def test_runserver_request_lines_lose_codes_and_query_strings():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    server = logging.getLogger("django.server")
    server.addHandler(handler)
    try:
        server.info(
            '"%s" %s %s', "GET /en/track/K7M4-Q9XB/ABCDEFGHJK/?utm=sms HTTP/1.1", "302", "0"
        )
        server.info('"%s" %s %s', "GET /admin/cases/?q=13800138000&store=s01 HTTP/1.1", "200", "9")
    finally:
        server.removeHandler(handler)
    lines = stream.getvalue()
    assert "GET /en/track/K7M4-Q9XB/[redacted]/ HTTP/1.1" in lines
    assert "ABCDEFGHJK" not in lines and "utm" not in lines
    assert "GET /admin/cases/ HTTP/1.1" in lines
    assert "13800138000" not in lines


def test_the_filter_cleans_messages_and_arguments_of_any_shape():
    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "Link %(link)s sent to /x/?phone=13800138000", None, None
    )
    record.args = {"link": "https://complaints.example.com/track/K7M4-Q9XB/ABCDEFGHJK/"}
    assert RedactSecretsFilter().filter(record)
    text = record.getMessage()
    assert text == "Link https://complaints.example.com/track/K7M4-Q9XB/[redacted]/ sent to /x/"
    # Words and questions that are not URLs stay as they were.
    assert clean("Is K7M4 ready? yes/no") == "Is K7M4 ready? yes/no"


def test_the_gunicorn_access_log_has_no_query_strings_nor_codes():
    atoms = {
        "h": "198.51.100.7",
        "m": "GET",
        "U": "/track/K7M4-Q9XB/ABCDEFGHJK/",
        "q": "from=sms",
        "H": "HTTP/1.1",
        "r": "GET /track/K7M4-Q9XB/ABCDEFGHJK/?from=sms HTTP/1.1",
        "f": "https://complaints.example.com/admin/cases/?q=13800138000",
        "{raw_uri}e": "/track/K7M4-Q9XB/ABCDEFGHJK/?from=sms",
        "{query_string}e": "from=sms",
        "s": "302",
    }
    cleaned = access_atoms(atoms)
    assert cleaned["r"] == "GET /track/K7M4-Q9XB/[redacted]/ HTTP/1.1"
    assert cleaned["f"] == "https://complaints.example.com/admin/cases/"
    assert "ABCDEFGHJK" not in repr(cleaned) and "from=sms" not in repr(cleaned)
    assert "13800138000" not in repr(cleaned)


def test_gunicorn_writes_the_redacted_line_with_the_shipped_config():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger  # noqa: F401 (the base of the shipped logger)

    shipped = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    config = Config()
    for name in ("logger_class", "access_log_format", "accesslog"):
        config.set(name, shipped[name])
    logger = config.logger_class(config)
    stream = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(stream)]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/admin/cases/?q=%E6%9D%8E+13800138000",
        "PATH_INFO": "/admin/cases/",
        "QUERY_STRING": "q=%E6%9D%8E+13800138000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.7",
        "HTTP_REFERER": "https://complaints.example.com/track/K7M4-Q9XB/ABCDEFGHJK/",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    line = stream.getvalue()
    assert '"GET /admin/cases/ HTTP/1.1" 200 1234' in line
    assert "13800138000" not in line
    assert "ABCDEFGHJK" not in line and "/track/K7M4-Q9XB/[redacted]/" in line


def test_the_sms_log_backend_writes_neither_the_code_nor_the_number(caplog):
    caplog.set_level(logging.INFO, logger="backoffice.sms")
    LogSmsBackend().send(
        "13800138000", "您的投诉 K7M4-Q9XB 已受理。http://testserver/track/K7M4-Q9XB/ABCDEFGHJK/"
    )
    assert "K7M4-Q9XB/[redacted]/" in caplog.text
    assert "ABCDEFGHJK" not in caplog.text
    assert "13800138000" not in caplog.text and "138****8000" in caplog.text


PROD_ENV = {
    "SECRET_KEY": "prod-test-" + "x" * 50,
    "ALLOWED_HOSTS": "complaints.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.com:587",
}


def load_prod(monkeypatch, **extra):
    for name, value in {**PROD_ENV, **extra}.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("config.settings.prod", None)
    try:
        return importlib.import_module("config.settings.prod")
    finally:
        sys.modules.pop("config.settings.prod", None)


def test_production_refuses_the_log_only_sms_backend(monkeypatch):
    monkeypatch.delenv("SMS_ALLOW_LOG_BACKEND", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SMS_ALLOW_LOG_BACKEND"):
        load_prod(monkeypatch)
    assert load_prod(monkeypatch, SMS_ALLOW_LOG_BACKEND="true").SMS_ALLOW_LOG_BACKEND is True


def test_production_cookies_are_host_prefixed_secure_and_same_site(monkeypatch):
    prod = load_prod(monkeypatch, SMS_ALLOW_LOG_BACKEND="true")
    assert prod.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert prod.CSRF_COOKIE_NAME == "__Host-csrftoken"
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert getattr(prod, f"{cookie}_COOKIE_SECURE") is True
        assert getattr(prod, f"{cookie}_COOKIE_SAMESITE") in ("Lax", "Strict")
    # __Host- cookies must not name a domain and must cover every path (Django's defaults).
    from django.conf import global_settings

    for name, value in (("DOMAIN", None), ("PATH", "/")):
        for cookie in ("SESSION", "CSRF"):
            setting = f"{cookie}_COOKIE_{name}"
            assert getattr(prod, setting, getattr(global_settings, setting)) == value


def deploy_check(**extra) -> subprocess.CompletedProcess:
    # As CI runs it: none of the test run's own switches (e.g. DJANGO_ALLOW_ASYNC_UNSAFE).
    skipped = ("SMS_ALLOW_LOG_BACKEND", "SMS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in skipped}
    env.update(PROD_ENV, DJANGO_SETTINGS_MODULE="config.settings.prod", **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_fails_on_the_log_backend_and_passes_when_it_is_allowed():
    refused = deploy_check()
    assert refused.returncode != 0
    assert "SMS_ALLOW_LOG_BACKEND" in refused.stderr
    allowed = deploy_check(SMS_ALLOW_LOG_BACKEND="true")
    assert allowed.returncode == 0, allowed.stderr[-2000:]
