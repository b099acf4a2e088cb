"""Opening a case by reference and tracking code, for the tracking page, the link in the
acknowledgement and the API alike: rate-limited, and with one neutral answer whatever was
wrong, so that nothing tells whether a reference exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backoffice import public
from backoffice.models import Case
from portal import ratelimit

NOT_RECOGNISED = _(
    "Reference or code not recognised. Please check both against your acknowledgement."
)
TOO_MANY_ATTEMPTS = _(
    "Too many unsuccessful attempts from your connection. For your security, please wait a "
    "little before trying again, or call us."
)


@dataclass(frozen=True)
class Lookup:
    case: Case | None
    refusal: str | None = None
    # 429 when rate-limited, 404 when not recognised.
    status: int = 200
    # With a 429: seconds until the caller may try again (the Retry-After header).
    retry_after: int | None = None


def open_case(request: HttpRequest, reference: str, code: str) -> Lookup:
    """The case if the pair matches and the caller is within the limits. A failure counts
    against the caller's address only, never against the reference: the customer holding the
    right code gets in from their own connection whatever others tried."""
    ip = ratelimit.client_ip(request)
    if (wait := ratelimit.tracking_blocked(ip)) is not None:
        return Lookup(None, TOO_MANY_ATTEMPTS, 429, retry_after=wait)
    case = public.case_for_tracking(reference, code)
    if case is None:
        ratelimit.tracking_failed(ip)
        return Lookup(None, NOT_RECOGNISED, 404)
    return Lookup(case)
