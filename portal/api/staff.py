"""The staff API: list and read cases within the caller's permissions, with a bearer token
(portal.tokens). Which cases a user sees is backoffice.access's decision, and so is the masking
of the complainant (access.contact_for, as on the staff screens)."""

from __future__ import annotations

from ninja import Query, Router
from ninja.security import HttpBearer

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from backoffice import access, selectors
from backoffice.models import Case
from backoffice.tracking import normalise_reference
from backoffice.workflow import State
from portal import ratelimit
from portal.api.errors import ApiError, invalid
from portal.api.schemas import ErrorOut, StaffCaseListOut, StaffCaseOut, TextIn
from portal.tokens import user_for_token

MAX_PAGE = 100
# Far beyond any real list, and within what a database accepts as an OFFSET.
MAX_OFFSET = 10**9


class StaffToken(HttpBearer):
    """`Authorization: Bearer <token>`. Failed attempts are rate-limited per address."""

    def authenticate(self, request: HttpRequest, token: str):
        ip = ratelimit.client_ip(request)
        limit = settings.RATE_LIMIT_TRACK_PER_HOUR
        if ratelimit.exceeded(ratelimit.TOKEN_FAIL_IP, ip, limit):
            raise ApiError(
                429,
                _("Too many failed attempts. Please try again later."),
                retry_after=ratelimit.retry_after(ratelimit.HOUR),
            )
        user = user_for_token(token)
        if user is None:
            ratelimit.hit(ratelimit.TOKEN_FAIL_IP, ip, limit)
        return user


router = Router(tags=["staff"], auth=StaffToken())


class CaseFilter(TextIn):
    state: str = ""
    store: str = ""
    limit: int = 50
    offset: int = 0


def _contact(user, case: Case) -> dict:
    # The same masking as the case screen, queue, export and printed forms for this user.
    shown = access.contact_for(user, case)
    return {
        "complainant_name": shown.name,
        "complainant_phone": shown.phone,
        "complainant_email": shown.email,
    }


def _summary(user, case: Case) -> dict:
    return {
        "reference": case.reference,
        "channel": case.channel,
        "state": case.state,
        "state_label": str(case.get_state_display()),
        "severity": case.severity,
        "urgency": case.urgency,
        "received_at": case.received_at,
        "resolve_due": case.resolve_due,
        "store": case.store.code,
        "category": case.category.code if case.category else None,
        **_contact(user, case),
    }


@router.get(
    "/cases",
    response={200: StaffCaseListOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="List the cases you may see",
)
def case_list(request: HttpRequest, filters: Query[CaseFilter]):
    """Newest first. Filter by `state` and by `store` (unit code); page with `limit` (at most
    100) and `offset`."""
    user = request.auth
    if filters.state and filters.state not in State.values:
        raise invalid({"state": _("Unknown state.")})
    if not 1 <= filters.limit <= MAX_PAGE:
        raise invalid({"limit": _("Choose a page size from 1 to %(n)d.") % {"n": MAX_PAGE}})
    if filters.offset < 0:
        raise invalid({"offset": _("The offset cannot be negative.")})
    if filters.offset > MAX_OFFSET:
        raise invalid({"offset": _("Choose an offset of at most %(n)d.") % {"n": MAX_OFFSET}})
    cases = access.cases_visible_to(user).select_related("store", "category")
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.store:
        cases = cases.filter(store__code=filters.store)
    cases = cases.order_by("-received_at", "-pk")
    page = list(cases[filters.offset : filters.offset + filters.limit])
    return {"count": cases.count(), "items": [_summary(user, case) for case in page]}


@router.get(
    "/cases/{reference}",
    response={200: StaffCaseOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Read one case",
)
def case_detail(request: HttpRequest, reference: str):
    user = request.auth
    case = (
        access.cases_visible_to(user)
        .select_related("store", "category", "unit_complained_about", "responsible_unit")
        .filter(reference=normalise_reference(reference))
        .first()
    )
    if case is None:
        # The same answer for a case that does not exist and one outside your units.
        raise ApiError(404, _("No case with this reference among the cases you may see."))
    return {
        **_summary(user, case),
        "unit_complained_about": case.unit_complained_about.code
        if case.unit_complained_about
        else None,
        "responsible_unit": case.responsible_unit.code if case.responsible_unit else None,
        "product_name": case.product_name,
        "product_batch": case.product_batch,
        "incident_date": case.incident_date,
        "description": case.description,
        "customer_demand": case.customer_demand,
        "resolution": case.resolution,
        "satisfaction": case.satisfaction,
        "closed_at": case.closed_at,
        "events": [
            {
                "at": event.at,
                "kind": event.kind,
                "action": event.action,
                "body": event.body,
                "customer_visible": event.customer_visible,
            }
            # Another case named by an entry is named only if the caller may see it.
            for event in selectors.case_timeline(case, user)
        ],
    }
