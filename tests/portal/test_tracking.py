"""Tracking: the reference and code open a case to its customer and to nobody else; the customer
acts on it through the workflow, by POST only."""

import re

import pytest

from django.test import Client

from backoffice import public
from backoffice.models import Case
from backoffice.services.cases import case_submit, case_transition
from backoffice.workflow import CUSTOMER, State
from tests.portal.helpers import (
    ask_customer,
    carry_to_follow_up,
    complaint_data,
    photo,
    propose_resolution,
    staff,
    zh,
)

pytestmark = pytest.mark.django_db


def neutral(html: str) -> str:
    """The page without what legitimately differs between two responses (CSRF tokens)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def track(client, reference, code):
    return client.post("/track/", {"reference": reference, "code": code})


def test_the_reference_and_code_open_the_case_at_a_clean_url(submitted):
    case, code = submitted
    client = Client()
    response = track(client, case.reference, code)
    assert response.status_code == 303
    assert response["Location"] == "/track/case/"
    page = client.get("/track/case/")
    html = page.content.decode()
    assert case.reference in html
    assert code not in html
    assert str(State.ACKNOWLEDGED.label) in html  # the state
    assert public.expected_by(case).strftime("%Y-%m-%d %H:%M") in html
    assert "no-store" in page["Cache-Control"]


def test_the_reference_is_accepted_as_people_type_it(submitted):
    case, code = submitted
    client = Client()
    assert track(client, case.reference.lower().replace("-", " "), code.lower()).status_code == 303


def test_the_acknowledgement_link_grants_the_case_and_drops_the_code(submitted):
    case, code = submitted
    client = Client()
    response = client.get(f"/track/{case.reference}/{code}/")
    assert response.status_code == 302
    assert response["Location"] == "/track/case/"
    assert response["Referrer-Policy"] == "no-referrer"
    assert case.reference in client.get("/track/case/").content.decode()


def test_the_english_link_from_the_acknowledgement_works(client, demo_site):
    client.post("/en/complain/", complaint_data())
    case = Case.objects.get()
    link = public.customer_tracking_link(case)
    path = link.replace("http://testserver", "")
    assert path.startswith("/en/track/")
    visitor = Client()
    response = visitor.get(path)
    assert response["Location"] == "/en/track/case/"
    assert 'lang="en"' in visitor.get("/en/track/case/").content.decode()


def test_links_follow_the_tracking_page_where_editors_put_it(submitted):
    from portal.models import TrackingPage

    case, code = submitted
    page = TrackingPage.objects.get(locale__language_code="zh-hans")
    page.slug = "chaxun"
    page.save_revision().publish()
    link = public.customer_tracking_link(case)
    assert link == f"http://testserver/chaxun/{case.reference}/{code}/"
    response = Client().get(link.replace("http://testserver", ""))
    assert response.status_code == 302
    assert response["Location"] == "/chaxun/case/"


def test_the_case_page_without_a_grant_sends_you_to_the_lookup(demo_site):
    assert Client().get("/track/case/")["Location"] == "/track/"


def test_the_timeline_shows_only_what_is_meant_for_the_customer(submitted):
    case, code = submitted
    case_transition(
        case=case, action="add_note", actor=staff("agent"), data={"note": "顾客情绪激动，注意措辞"}
    )
    client = Client()
    track(client, case.reference, code)
    html = client.get("/track/case/").content.decode()
    assert zh("Complaint received") in html
    assert zh("Complaint accepted") in html
    assert "顾客情绪激动" not in html


def test_wrong_code_unknown_reference_and_another_customers_code_look_the_same(submitted):
    case, code = submitted
    other = case_submit(
        channel="online",
        data={
            "complainant_name": "王五",
            "complainant_phone": "13900139000",
            "store": case.store,
            "description": "另一件事",
        },
        actor=CUSTOMER,
    )
    attempts = {
        "wrong code": (case.reference, "ABCDEFGHJK"),
        "unknown reference": ("ZZZZ-ZZZZ", "ABCDEFGHJK"),
        "another customer's code": (case.reference, other.tracking_code),
    }
    pages = {}
    for label, (reference, attempt) in attempts.items():
        response = track(Client(), reference, attempt)
        assert response.status_code == 400, label
        html = neutral(response.content.decode()).replace(reference, "REFERENCE")
        assert (
            zh("Reference or code not recognised. Please check both against your acknowledgement.")
            in html
        )
        pages[label] = html
    assert len(set(pages.values())) == 1
    assert "王五" not in pages["another customer's code"]


def test_a_wrong_link_looks_the_same_as_an_unknown_one(submitted):
    case, _code = submitted
    wrong = Client().get(f"/track/{case.reference}/ABCDEFGHJK/")
    unknown = Client().get("/track/ZZZZ-ZZZZ/ABCDEFGHJK/")
    assert wrong.status_code == unknown.status_code == 404
    assert neutral(wrong.content.decode()).replace(case.reference, "R") == neutral(
        unknown.content.decode()
    ).replace("ZZZZ-ZZZZ", "R")


def test_a_link_retyped_in_another_shape_opens_nothing_and_looks_like_a_wrong_one(submitted):
    case, code = submitted
    retyped = Client().get(f"/track/{case.reference.replace('-', '')}/{code}/")
    wrong = Client().get(f"/track/{case.reference}/ABCDEFGHJK/")
    assert retyped.status_code == wrong.status_code == 404
    # The same page but for the address it echoes (language links).
    assert neutral(retyped.content.decode()).replace(case.reference.replace("-", ""), "R").replace(
        code, "C"
    ) == neutral(wrong.content.decode()).replace(case.reference, "R").replace("ABCDEFGHJK", "C")


def test_a_reference_alone_reveals_nothing(submitted):
    case, _code = submitted
    client = Client()
    for path in (
        f"/track/{case.reference}/",
        "/track/case/",
        f"/track/?reference={case.reference}",
    ):
        html = client.get(path, follow=True).content.decode()
        assert "买的电饭煲" not in html
        assert str(State.ACKNOWLEDGED.label) not in html


def test_failed_lookups_are_limited_per_address(submitted, settings):
    settings.RATE_LIMIT_TRACK_PER_HOUR = 5
    case, code = submitted
    client = Client()
    for i in range(5):
        assert track(client, f"ZZZZ-ZZZ{i + 2}", "ABCDEFGHJK").status_code == 400
    blocked = track(client, case.reference, code)  # even the right pair, from this address
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 3600
    assert (
        zh(
            "Too many unsuccessful attempts from your connection. For your security, please "
            "wait a little before trying again, or call us."
        )
        in blocked.content.decode()
    )
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert track(other_address, case.reference, code).status_code == 303


def test_behind_our_proxy_each_customer_is_counted_by_their_own_address(submitted, settings):
    settings.RATE_LIMIT_TRACK_PER_HOUR = 3
    settings.TRUSTED_PROXY_COUNT = 1
    case, code = submitted

    def via_proxy(client_address, claimed=""):
        forwarded = f"{claimed}, {client_address}" if claimed else client_address
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for i in range(3):
        track(via_proxy("203.0.113.7", claimed=f"198.51.100.{i}"), "ZZZZ-ZZZ2", "ABCDEFGHJK")
    # The guesser is blocked, whatever they wrote into the header themselves...
    assert track(via_proxy("203.0.113.7"), case.reference, code).status_code == 429
    # ...but another customer behind the same proxy is not.
    assert track(via_proxy("203.0.113.8"), case.reference, code).status_code == 303


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(submitted, settings):
    settings.RATE_LIMIT_TRACK_PER_HOUR = 3
    case, code = submitted
    for i in range(3):
        forged = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        track(forged, "ZZZZ-ZZZ2", "ABCDEFGHJK")
    forged = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert track(forged, case.reference, code).status_code == 429


def test_fifty_wrong_codes_from_elsewhere_do_not_lock_the_owner_out(submitted):
    case, code = submitted
    for i in range(50):
        wrong = track(Client(REMOTE_ADDR=f"10.0.{i // 10}.{i % 10}"), case.reference, "ABCDEFGHJK")
        assert wrong.status_code == 400
    owner = Client(REMOTE_ADDR="10.9.9.9")
    assert track(owner, case.reference, code).status_code == 303
    assert case.reference in owner.get("/track/case/").content.decode()
    # The acknowledgement's link opens it too.
    link = Client(REMOTE_ADDR="10.9.9.8").get(f"/track/{case.reference}/{code}/")
    assert link.status_code == 302


def test_the_eleventh_failure_within_a_minute_is_refused(submitted, settings):
    settings.RATE_LIMIT_TRACK_PER_HOUR = 1000
    case, code = submitted
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for i in range(10):
        assert track(guesser, case.reference, f"ABCDEFGHJ{i}").status_code == 400
    eleventh = track(guesser, case.reference, "ABCDEFGHJX")
    assert eleventh.status_code == 429
    assert 0 < int(eleventh["Retry-After"]) <= 60
    # The wrong link from the same address is refused the same way, with the same header.
    link = guesser.get(f"/track/{case.reference}/ABCDEFGHJK/")
    assert link.status_code == 429
    assert 0 < int(link["Retry-After"]) <= 60
    # The owner, from their own address, still gets in.
    assert track(Client(REMOTE_ADDR="198.51.100.20"), case.reference, code).status_code == 303


def test_the_minute_window_frees_the_address_again(submitted, settings):
    from datetime import timedelta

    from django.utils import timezone

    from portal import ratelimit

    now = timezone.now()
    for _ in range(10):
        ratelimit.tracking_failed("203.0.113.9", now=now)
    assert ratelimit.tracking_blocked("203.0.113.9", now=now) is not None
    assert ratelimit.tracking_blocked("203.0.113.9", now=now + timedelta(minutes=1)) is None


def open_case(case, code):
    client = Client()
    assert track(client, case.reference, code).status_code == 303
    return client


def test_the_customer_adds_information_with_a_photo(submitted):
    case, code = submitted
    client = open_case(case, code)
    response = client.post(
        "/track/case/",
        {
            "action": "customer_message",
            "message-message": "小票照片见附件。",
            "message-attachments": [photo("ticket.jpg")],
        },
    )
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.events.filter(action="customer_message", body="小票照片见附件。").exists()
    assert case.attachments.filter(original_name="ticket.jpg", from_customer=True).exists()
    html = client.get("/track/case/").content.decode()
    assert zh("Thank you: your message was added to your complaint.") in html
    assert "ticket.jpg" in html


def test_a_message_with_a_bad_file_keeps_the_text_and_the_good_file(submitted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.portal.helpers import kept_field, zip_bytes

    case, code = submitted
    client = open_case(case, code)
    response = client.post(
        "/track/case/",
        {
            "action": "customer_message",
            "message-message": "补充材料",
            "message-attachments": [
                photo("good.jpg"),
                SimpleUploadedFile("bad.jpg", zip_bytes(), "image/jpeg"),
            ],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        zh(
            "“%(name)s” is not a photo (JPG, PNG, WebP, HEIC), a PDF or a short video (MP4, MOV).",
            name="bad.jpg",
        )
        in html
    )
    assert "补充材料" in html and "good.jpg" in html
    assert not case.events.filter(action="customer_message").exists()
    client.post(
        "/track/case/",
        {
            "action": "customer_message",
            "message-message": "补充材料",
            "kept_files": kept_field(html),
        },
    )
    assert case.attachments.filter(original_name="good.jpg").exists()


def test_while_we_wait_on_the_customer_their_message_is_a_reply(submitted):
    case, code = submitted
    ask_customer(case)
    client = open_case(case, code)
    html = client.get("/track/case/").content.decode()
    assert zh("We are waiting for your answer") in html
    assert "请提供购物小票的照片。" in html
    client.post("/track/case/", {"action": "customer_message", "message-message": "已上传。"})
    case.refresh_from_db()
    assert case.state == "investigating"
    assert case.events.filter(action="customer_reply").exists()


def test_an_empty_message_is_refused_and_changes_nothing(submitted):
    case, code = submitted
    client = open_case(case, code)
    response = client.post("/track/case/", {"action": "customer_message", "message-message": ""})
    assert response.status_code == 400
    assert zh("Write your message.") in response.content.decode()
    assert not case.events.filter(action="customer_message").exists()


def test_the_customer_accepts_a_proposed_resolution(submitted):
    case, code = submitted
    propose_resolution(case)
    client = open_case(case, code)
    html = client.get("/track/case/").content.decode()
    assert "为您更换一台新的电饭煲" in html
    assert zh("Accept the proposal") in html
    response = client.post("/track/case/", {"action": "customer_accept"})
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.state == "accepted"


def test_rejecting_needs_a_reason(submitted):
    case, code = submitted
    propose_resolution(case)
    client = open_case(case, code)
    refused = client.post(
        "/track/case/", {"action": "customer_reject", "customer_reject-message": ""}
    )
    assert refused.status_code == 400
    assert zh("Tell us why you reject the proposal.") in refused.content.decode()
    case.refresh_from_db()
    assert case.state == "resolution_proposed"
    client.post(
        "/track/case/", {"action": "customer_reject", "customer_reject-message": "只想退款。"}
    )
    case.refresh_from_db()
    assert case.state == "investigating"
    assert case.customer_answer == "只想退款。"


def test_the_customer_rates_in_follow_up_and_then_disputes(submitted):
    case, code = submitted
    propose_resolution(case)
    case = case_transition(case=case, action="customer_accept", actor=CUSTOMER, data={})
    carry_to_follow_up(case)
    client = open_case(case, code)
    html = client.get("/track/case/").content.decode()
    assert zh("Rate how we handled your complaint") in html
    bad = client.post("/track/case/", {"action": "customer_rate"})
    assert bad.status_code == 400
    assert zh("Choose a rating from 1 to 5.") in bad.content.decode()
    client.post(
        "/track/case/",
        {
            "action": "customer_rate",
            "customer_rate-satisfaction": "4",
            "customer_rate-comment": "还行",
        },
    )
    case.refresh_from_db()
    assert case.satisfaction == 4
    assert case.satisfaction_comment == "还行"
    client.post("/track/case/", {"action": "dispute", "dispute-message": "新机器也坏了。"})
    case.refresh_from_db()
    assert case.state == "reopened"
    assert case.reopen_count == 1
    reopened = zh("Your complaint has been reopened and passed to a senior colleague.")
    assert reopened in client.get("/track/case/").content.decode()


def test_an_action_the_workflow_does_not_allow_now_is_refused(submitted):
    case, code = submitted
    client = open_case(case, code)
    response = client.post("/track/case/", {"action": "customer_accept"}, follow=True)
    assert (
        zh(
            "That is not possible at this stage of your complaint. The page shows what "
            "you can do now."
        )
        in response.content.decode()
    )
    case.refresh_from_db()
    assert case.state == "acknowledged"
    for staff_action in ("close", "add_note", "propose_resolution"):
        client.post("/track/case/", {"action": staff_action, "note": "x", "resolution": "x"})
    case.refresh_from_db()
    assert case.state == "acknowledged"
    assert not case.events.filter(action__in=["close", "add_note", "propose_resolution"]).exists()


def test_nothing_changes_on_get(submitted):
    case, code = submitted
    propose_resolution(case)
    client = open_case(case, code)
    client.get("/track/case/?action=customer_accept")
    case.refresh_from_db()
    assert case.state == "resolution_proposed"


def test_actions_need_the_csrf_token(submitted):
    case, code = submitted
    propose_resolution(case)
    client = Client(enforce_csrf_checks=True)
    page = client.get("/track/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    client.post(
        "/track/", {"reference": case.reference, "code": code, "csrfmiddlewaretoken": token}
    )
    assert client.post("/track/case/", {"action": "customer_accept"}).status_code == 403
    case.refresh_from_db()
    assert case.state == "resolution_proposed"


def test_the_acknowledgement_pdf_is_available_while_tracking(submitted):
    case, code = submitted
    client = open_case(case, code)
    response = client.get("/track/case/acknowledgement/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert Client().get("/track/case/acknowledgement/").status_code == 302


def test_switching_language_keeps_the_customer_on_their_case(submitted):
    case, code = submitted
    client = open_case(case, code)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/track/case/"})
    assert response["Location"] == "/en/track/case/"
    html = client.get("/en/track/case/").content.decode()
    assert case.reference in html and 'lang="en"' in html
