"""Every staff URL of a case × every role × own unit or another: who gets in, who does not.

A case of store s01 is checked against each demo account. Readers (oversight, head office)
see it; s01's handlers work on it; s02's staff and the counter that it was not routed to get
404 (its existence is not revealed); anonymous visitors are sent to the login page."""

import pytest

from django.urls import reverse

pytestmark = pytest.mark.django_db

SEE = {"agent", "supervisor", "manager", "gm", "headoffice", "oversight", "admin"}
WORK = {"agent", "supervisor", "manager", "gm", "admin"}
EVERYONE = {
    "agent",
    "supervisor",
    "manager",
    "gm",
    "agent2",
    "manager2",
    "unitstaff",
    "headoffice",
    "oversight",
    "trainer",
    "admin",
}


@pytest.fixture
def case(submit, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from backoffice.services.attachments import attachment_add

    case = submit()
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, "PNG")
    png = buffer.getvalue()
    attachment_add(case=case, upload=SimpleUploadedFile("photo.png", png), actor=case.owner)
    return case


def read_urls(case):
    attachment = case.attachments.first()
    return {
        "inspect": reverse("cases:inspect", args=[case.pk]),
        "history": reverse("cases:history", args=[case.pk]),
        "attachment": reverse("cases:attachment", args=[case.pk, attachment.pk]),
    }


def work_urls(case):
    return {
        "action_form": reverse("cases:action", args=[case.pk, "add_note"]),
    }


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_read_urls(client, staff, case, username):
    client.force_login(staff[username])
    for name, url in read_urls(case).items():
        status = client.get(url).status_code
        expected = 200 if username in SEE else 404
        assert status == expected, (username, name, status)


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_work_urls(client, staff, case, username):
    client.force_login(staff[username])
    for name, url in work_urls(case).items():
        status = client.get(url).status_code
        expected = 200 if username in SEE else 404
        assert status == expected, (username, name, status)
        before = case.events.count()
        response = client.post(url, {"version": case.version, "note": f"note by {username}"})
        case.refresh_from_db()
        if username in WORK:
            assert response.status_code == 302, (username, name)
            assert case.events.count() == before + 1
        else:
            assert response.status_code in (400, 403, 404), (username, name)
            assert case.events.count() == before


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_queue_lists_the_case_only_to_those_who_see_it(client, staff, case, username):
    client.force_login(staff[username])
    response = client.get(reverse("cases:index"))
    if username == "trainer":  # trainers see closed cases only
        assert case.reference not in response.content.decode()
        return
    assert response.status_code == 200
    assert (case.reference in response.content.decode()) == (username in SEE)


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_export_holds_only_visible_cases(client, staff, case, username):
    client.force_login(staff[username])
    response = client.get(reverse("cases:index"), {"export": "csv"})
    if response.status_code != 200:
        assert username not in SEE
        return
    body = b"".join(response.streaming_content).decode()
    assert (case.reference in body) == (username in SEE)


def test_anonymous_is_sent_to_login(client, case):
    for url in list(read_urls(case).values()) + list(work_urls(case).values()):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
