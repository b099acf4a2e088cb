"""How big a request may be: 413 at once for a declared length over the cap, 413 for a body that
lies about its length or is sent chunked beyond the cap, Django's parser limits explained in the
user's language, and the form's own five-file rule still friendly."""

from __future__ import annotations

import html as html_module
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation

from backoffice.models import Case
from tests.portal.helpers import complaint_data, photo, zh

pytestmark = pytest.mark.django_db

CAP = 1024 * 1024  # the tests use a 1 MB cap: same code, less to send
TOO_LARGE = "What you sent is too large"
TOO_LARGE_TEXT = (
    "A form with its files may be at most %(mb)d MB. Please go back and send fewer or smaller "
    "files: you can add more files afterwards on your complaint's page."
)


@pytest.fixture(autouse=True)
def small_cap(settings):
    settings.REQUEST_MAX_BYTES = CAP


def english(message: str, **values) -> str:
    with translation.override("en"):
        text = translation.gettext(message)
    return text % values if values else text


def text(content: bytes) -> str:
    """The page as a reader sees it (apostrophes are escaped in the HTML)."""
    return html_module.unescape(content.decode())


class CountingInput(io.BytesIO):
    """wsgi.input that remembers how much the application read."""

    consumed = 0

    def read(self, size=-1):
        data = super().read(size)
        self.consumed += len(data)
        return data


def wsgi(path, body: bytes, *, length=None, chunked=False, terminated=True, **headers):
    """Send one request through Django's real WSGI handler, environ crafted as a server would:
    gunicorn marks a body it delimits itself with wsgi.input_terminated."""
    stream = CountingInput(body)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": stream,
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": terminated,
        "CONTENT_TYPE": headers.pop("content_type", "application/json"),
        **headers,
    }
    if length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    if chunked:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, start_response)
        content = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], content, stream.consumed


# --- the cap ---------------------------------------------------------------------------------


def test_the_default_cap_is_25_mb():
    from django.conf import settings as live

    from config.settings import base

    assert base.REQUEST_MAX_BYTES == 25 * 1024 * 1024
    assert live.DATA_UPLOAD_MAX_NUMBER_FILES <= 10
    assert live.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 200
    assert live.DATA_UPLOAD_MAX_MEMORY_SIZE < base.REQUEST_MAX_BYTES


def test_a_declared_length_over_the_cap_is_refused_before_the_body_is_read(demo_site):
    status, headers, content, consumed = wsgi("/complain/", b"x" * 10, length=CAP + 1)
    assert status == 413
    assert consumed == 0  # refused unread
    html = text(content)
    assert zh(TOO_LARGE) in html and zh(TOO_LARGE_TEXT, mb=1) in html
    assert 'lang="zh-Hans"' in html
    assert headers["Content-Language"] == "zh-hans"


def test_the_413_page_is_in_the_language_of_the_page(client, demo_site):
    response = client.post("/en/complain/", {"description": "x"}, CONTENT_LENGTH=str(CAP + 1))
    assert response.status_code == 413
    html = text(response.content)
    assert english(TOO_LARGE) in html and english(TOO_LARGE_TEXT, mb=1) in html
    assert 'lang="en"' in html
    assert Case.objects.count() == 0


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_api_answers_413_in_json_in_the_clients_language(client, language):
    response = client.post(
        "/api/v1/complaints",
        data="{}",
        content_type="application/json",
        CONTENT_LENGTH=str(CAP + 1),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 413
    expected = zh(TOO_LARGE_TEXT, mb=1) if language == "zh-hans" else english(TOO_LARGE_TEXT, mb=1)
    assert response.json() == {"detail": expected, "errors": {}}
    assert response["Content-Language"] == language


def test_a_body_longer_than_its_declared_length_is_refused(demo_site):
    body = json.dumps({"description": "x"}).encode()
    status, _h, content, consumed = wsgi(
        "/api/v1/complaints", body + b" " * (5 * CAP), length=len(body)
    )
    assert status == 413
    assert consumed <= len(body) + 1 + 64 * 1024  # the reader stopped right after the lie
    assert json.loads(content)["detail"] == zh(TOO_LARGE_TEXT, mb=1)


def test_a_small_lie_about_the_length_is_refused_too(demo_site):
    body = b'{"description": "x"}'
    status, _h, _c, _n = wsgi("/api/v1/complaints", body + b"    ", length=len(body))
    assert status == 413


def test_a_chunked_body_beyond_the_cap_is_refused_and_read_no_further(demo_site):
    status, _h, content, consumed = wsgi("/complain/", b"x" * (8 * CAP), chunked=True)
    assert status == 413
    assert consumed <= CAP + 1
    assert zh(TOO_LARGE) in text(content)


def test_a_chunked_body_within_the_cap_is_read_as_usual(demo_site, settings):
    settings.RATE_LIMIT_SUBMIT_PER_HOUR = 100
    body = json.dumps(
        {
            "category": "product_quality",
            "unit": "s01-elec",
            "description": "分块传输的投诉。",
            "complainant_name": "张伟",
            "complainant_phone": "13900139000",
            "preferred_contact": "sms",
            "consent": True,
        },
        ensure_ascii=False,
    ).encode()
    status, _h, content, _n = wsgi("/api/v1/complaints", body, chunked=True)
    assert status == 201, content
    assert Case.objects.get().description == "分块传输的投诉。"


def test_a_declared_length_within_the_cap_is_accepted(demo_site, settings):
    settings.RATE_LIMIT_SUBMIT_PER_HOUR = 100
    body = json.dumps(
        {
            "category": "product_quality",
            "unit": "s01-elec",
            "description": "普通投诉。",
            "complainant_name": "张伟",
            "complainant_phone": "13900139000",
            "preferred_contact": "sms",
            "consent": True,
        }
    ).encode()
    status, _h, content, _n = wsgi("/api/v1/complaints", body, length=len(body))
    assert status == 201, content


# --- Django's parser limits ---------------------------------------------------------------------

TOO_MANY_FILES = (
    "More than %(sent)d files arrived at once. Please go back and choose at most %(count)d files."
)


@pytest.fixture
def roomy(settings):
    settings.REQUEST_MAX_BYTES = 25 * 1024 * 1024


def test_eleven_files_are_refused_with_a_page_that_says_so(client, demo_site, roomy):
    files = [photo(f"photo{i}.jpg") for i in range(11)]
    response = client.post("/complain/", complaint_data(attachments=files))
    assert response.status_code == 413
    html = text(response.content)
    assert zh("Too many files") in html
    assert zh(TOO_MANY_FILES, sent=10, count=5) in html
    assert Case.objects.count() == 0
    response = client.post("/en/complain/", complaint_data(attachments=files))
    assert response.status_code == 413
    assert english(TOO_MANY_FILES, sent=10, count=5) in text(response.content)


def test_six_files_still_get_the_forms_own_message(client, demo_site, roomy):
    files = [photo(f"photo{i}.jpg") for i in range(1, 7)]
    response = client.post("/complain/", complaint_data(attachments=files))
    assert response.status_code == 400
    message = "Only %(count)d files can be attached: “%(name)s” was not added."
    assert zh(message, count=5, name="photo6.jpg") in text(response.content)


def test_too_many_fields_are_refused_with_a_page_that_says_so(client, demo_site, roomy):
    data = complaint_data(**{f"extra{i}": "x" for i in range(200)})
    response = client.post("/en/complain/", data)
    assert response.status_code == 400
    html = text(response.content)
    message = "The form arrived with more than %(count)d fields. Please go back and send it again."
    assert english(message, count=200) in html
    assert Case.objects.count() == 0


def test_too_much_form_text_is_refused_with_a_page_that_says_so(client, demo_site, roomy):
    response = client.post("/complain/", complaint_data(description="长" * (1024 * 1024)))
    assert response.status_code == 413
    message = "The text of the form is too long. Please shorten it and send it again."
    assert zh(message) in text(response.content)


def test_too_much_json_is_refused_in_json(client, roomy):
    body = json.dumps({"description": "x" * (3 * 1024 * 1024)})
    response = client.post(
        "/api/v1/complaints", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert response.json()["detail"] == english(
        "The text of the form is too long. Please shorten it and send it again."
    )


def test_other_unreadable_bodies_keep_the_general_page(client, demo_site):
    response = client.post(
        "/complain/", b"--nope\r\nbroken", content_type="multipart/form-data; boundary=nope"
    )
    assert response.status_code == 400


# --- a real server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server():
    """gunicorn serving the project with a 1 MB cap, on a free port."""
    pytest.importorskip("gunicorn")
    port = _free_port()
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REQUEST_MAX_BYTES": str(CAP),
        "PYTHONPATH": str(root),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)
        # The first request loads the URLs and apps: not what the timing below measures.
        _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _exchange(port: int, head: bytes, chunks=()) -> bytes:
    """Send `head` and then `chunks` (stopping when the server has answered and closed), and
    return the response; a server that hangs fails the test within 20 s."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(head)
        try:
            for chunk in chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered and closed before the whole body was sent, as intended
        received = b""
        try:
            while part := connection.recv(65536):
                received += part
        except ConnectionResetError:
            pass
        return received


def test_a_real_server_answers_an_oversized_declared_length_at_once(gunicorn_server):
    started = time.monotonic()
    head = (
        b"POST /complain/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\n"
        b"Content-Length: 104857600\r\nConnection: close\r\n\r\n"
    )
    response = _exchange(gunicorn_server, head)  # no body is ever sent
    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert time.monotonic() - started < 10
    assert zh(TOO_LARGE).encode() in response


def test_a_real_server_refuses_a_chunked_body_beyond_the_cap(gunicorn_server):
    head = (
        b"POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nAccept-Language: en\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    piece = b" " * 65536
    chunks = [b"%x\r\n%s\r\n" % (len(piece), piece)] * 40 + [b"0\r\n\r\n"]  # 2.5 MB
    response = _exchange(gunicorn_server, head, chunks)
    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert b"application/json" in response.split(b"\r\n\r\n", 1)[0]
    assert json.dumps(english(TOO_LARGE_TEXT, mb=1)).encode() in response
