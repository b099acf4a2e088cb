"""Which case a browser session may see. A session is granted a case by submitting it or by
giving its reference and tracking code; afterwards the case is shown at a clean URL (no secret
in the address bar, the history or a Referer), and the confirmation page is reachable only from
the session that submitted the case — never by reference alone."""

from __future__ import annotations

from django.http import HttpRequest

from backoffice import public
from backoffice.models import Case

TRACKED = "portal_tracked_case"
SUBMITTED = "portal_submitted_case"


def grant_tracking(request: HttpRequest, case: Case) -> None:
    # A new session key on every grant, as on a login: a planted session id gains nothing.
    request.session.cycle_key()
    request.session[TRACKED] = case.pk


def grant_submitted(request: HttpRequest, case: Case) -> None:
    grant_tracking(request, case)
    request.session[SUBMITTED] = case.pk


def tracked_case(request: HttpRequest) -> Case | None:
    return public.case_for_session(request.session.get(TRACKED))


def submitted_case(request: HttpRequest) -> Case | None:
    return public.case_for_session(request.session.get(SUBMITTED))


def forget(request: HttpRequest) -> None:
    for key in (TRACKED, SUBMITTED):
        request.session.pop(key, None)
