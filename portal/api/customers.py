"""The customer's side of the API: submit, track, message, answer, rate, dispute. The customer
is identified by reference and tracking code in the JSON body (never the query string)."""

from __future__ import annotations

import hashlib
import json

from ninja import Header, Router, Status

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from backoffice import public
from backoffice.choices import ContactPreference
from backoffice.models import Case
from backoffice.services.errors import CaseActionError
from portal import ratelimit
from portal.api.errors import ApiError, invalid
from portal.api.schemas import (
    AnswerIn,
    ComplaintIn,
    Credentials,
    CustomerCaseOut,
    ErrorOut,
    MessageIn,
    OptionsOut,
    RatingIn,
    SubmittedOut,
)
from portal.customer import customer_act, customer_submit
from portal.forms import ComplaintForm
from portal.lookup import open_case
from portal.timeline import timeline_entries

router = Router(tags=["complaints"])

# The API's verbs for the workflow's customer actions.
VERBS = {
    "customer_message": "message",
    "customer_reply": "message",
    "customer_accept": "answer",
    "customer_reject": "answer",
    "customer_rate": "rate",
    "dispute": "dispute",
}
CASE_ERRORS = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


@router.get("/options", response=OptionsOut, summary="Categories, units and limits for the form")
def options(request: HttpRequest):
    from django.utils.translation import get_language

    english = (get_language() or "").startswith("en")
    units = list(public.public_units())
    groups = public.units_by_store(units)
    store_of = {store.pk: store for store, _members in groups}
    for store, members in groups:
        for member in members:
            store_of[member.pk] = store
    return {
        "categories": [{"code": c.code, "name": str(c)} for c in public.public_categories()],
        "units": [
            {
                "code": unit.code,
                "name": (unit.name_en or unit.name) if english else unit.name,
                "kind": unit.kind,
                "store": store_of[unit.pk].code,
            }
            for unit in units
            if unit.pk in store_of
        ],
        "preferred_contact": [
            {"code": value, "name": str(label)} for value, label in ContactPreference.choices
        ],
        "max_files": settings.UPLOAD_MAX_FILES,
        "max_file_bytes": settings.UPLOAD_MAX_BYTES,
    }


def _form_data(payload: ComplaintIn) -> dict:
    """The API body as the web form's data, so both are judged by the same form."""
    data = payload.dict()
    category = public.public_categories().filter(code=payload.category).first()
    unit = public.public_units().filter(code=payload.unit).first()
    data["category"] = str(category.pk) if category else (payload.category and "unknown")
    data["unit"] = str(unit.pk) if unit else (payload.unit and "unknown")
    data["consent"] = "on" if payload.consent else ""
    return data


def _submission_key(idempotency_key: str | None, payload: ComplaintIn) -> str | None:
    """A resend with the same key and the same body finds the first case. The body is part of
    the stored key, so a key another client happens to reuse never returns someone else's
    case."""
    if not idempotency_key:
        return None
    if not 8 <= len(idempotency_key) <= 200:
        raise invalid({"Idempotency-Key": _("Use a key of 8 to 200 characters, e.g. a UUID.")})
    body = json.dumps(payload.dict(), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{idempotency_key}\n{body}".encode()).hexdigest()
    return f"api-{digest[:60]}"


@router.post(
    "/complaints",
    response={201: SubmittedOut, 200: SubmittedOut, 422: ErrorOut, 429: ErrorOut},
    summary="Submit a complaint",
    description=(
        "Records an online complaint and sends the customer the acknowledgement. Attachments "
        "are not accepted here: the customer adds them on the tracking page. Send an "
        "`Idempotency-Key` header (e.g. a UUID) so that a retry returns the first case (200, "
        "created=false) instead of creating another."
    ),
)
def submit(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    submission_key = _submission_key(idempotency_key, payload)
    form = ComplaintForm(_form_data(payload), {})
    if not form.is_valid():
        raise invalid({field: list(messages) for field, messages in form.errors.items()})
    data = form.case_data()
    if payload.language in ("en", "zh-hans"):
        data["language"] = payload.language
    ip = ratelimit.client_ip(request)
    if not ratelimit.submit_allowed(ip):
        raise ApiError(
            429, ratelimit.SUBMIT_LIMITED, retry_after=ratelimit.retry_after(ratelimit.HOUR)
        )
    try:
        submission = customer_submit(data=data, submission_key=submission_key)
    except CaseActionError as error:
        raise (
            invalid(error.field_errors) if error.field_errors else ApiError(422, error.message)
        ) from error
    if not submission.created:
        ratelimit.release(ratelimit.SUBMIT_IP, ip)
    case = submission.case
    return Status(
        201 if submission.created else 200,
        {
            "reference": case.reference,
            "tracking_code": submission.tracking_code,
            "created": submission.created,
            "state": case.state,
            "state_label": str(case.get_state_display()),
            "received_at": case.received_at,
            "expected_by": public.expected_by(case),
            "tracking_url": public.customer_tracking_link(case),
        },
    )


def _open(request: HttpRequest, credentials: Credentials) -> Case:
    lookup = open_case(request, credentials.reference, credentials.code)
    if lookup.case is None:
        raise ApiError(lookup.status, lookup.refusal, retry_after=lookup.retry_after)
    return lookup.case


def _case_out(case: Case) -> dict:
    names = public.customer_action_names(case)
    proposed = "customer_accept" in names
    compensation = ""
    if proposed and case.compensation_kind:
        compensation = str(case.get_compensation_kind_display())
        if case.compensation_amount:
            compensation += f" ¥{case.compensation_amount}"
    return {
        "reference": case.reference,
        "state": case.state,
        "state_label": str(case.get_state_display()),
        "received_at": case.received_at,
        "expected_by": public.expected_by(case) if case.is_open else None,
        "closed_at": case.closed_at,
        "category": str(case.category) if case.category else None,
        "resolution": case.resolution if proposed else "",
        "compensation": compensation,
        "satisfaction": case.satisfaction,
        "actions": sorted({VERBS[name] for name in names if name in VERBS}),
        "timeline": [entry.__dict__ for entry in timeline_entries(public.customer_timeline(case))],
    }


def _act(case: Case, action: str | None, data: dict) -> dict:
    if action is None:
        raise ApiError(409, _("That is not possible at this stage of your complaint."))
    try:
        case = customer_act(case=case, action=action, data=data)
    except CaseActionError as error:
        if error.field_errors:
            raise invalid(error.field_errors) from error
        raise ApiError(409, error.message) from error
    return _case_out(case)


@router.post("/complaints/track", response={200: CustomerCaseOut, **CASE_ERRORS}, summary="Track")
def track(request: HttpRequest, payload: Credentials):
    """The state, the expected date, the customer-visible timeline and what the customer may do
    now. A wrong reference or code gets the same 404 whatever was wrong."""
    return _case_out(_open(request, payload))


@router.post(
    "/complaints/message", response={200: CustomerCaseOut, **CASE_ERRORS}, summary="Add a message"
)
def message(request: HttpRequest, payload: MessageIn):
    """Add information (answers our question while we wait on the customer)."""
    case = _open(request, payload)
    return _act(case, public.customer_message_action(case), {"message": payload.message})


@router.post(
    "/complaints/answer",
    response={200: CustomerCaseOut, **CASE_ERRORS},
    summary="Accept or reject the proposed resolution",
)
def answer(request: HttpRequest, payload: AnswerIn):
    case = _open(request, payload)
    action = "customer_accept" if payload.accept else "customer_reject"
    return _act(case, action, {"message": payload.message})


@router.post(
    "/complaints/rate", response={200: CustomerCaseOut, **CASE_ERRORS}, summary="Rate the handling"
)
def rate(request: HttpRequest, payload: RatingIn):
    case = _open(request, payload)
    return _act(
        case, "customer_rate", {"satisfaction": payload.satisfaction, "comment": payload.comment}
    )


@router.post(
    "/complaints/dispute",
    response={200: CustomerCaseOut, **CASE_ERRORS},
    summary="Dispute the result (reopens the case)",
)
def dispute(request: HttpRequest, payload: MessageIn):
    case = _open(request, payload)
    return _act(case, "dispute", {"message": payload.message})
