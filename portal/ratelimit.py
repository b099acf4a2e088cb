"""Fixed-window rate limits kept in the database (portal.models.RateCounter).

django-ratelimit needs Redis or memcached; this works with every cache and across gunicorn
workers. A window is one clock hour; `hit` increments atomically (an UPDATE with F(), or an
INSERT when the window is new) and says whether the caller is still within the limit. Rows of
past windows are deleted now and then, so the table stays small.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import RateCounter

WINDOW = timedelta(hours=1)
# Failures allowed per reference per hour before the reference is locked for the hour.
REFERENCE_FAILURES_PER_HOUR = 10
PRUNE_PROBABILITY = 0.02

SUBMIT_LIMITED = _(
    "We have received several complaints from your connection in the last hour, so this one "
    "could not be sent now. Please try again later or call us: everything you entered is still "
    "here."
)

# Scopes (one counter family each).
SUBMIT_IP = "submit-ip"
TRACK_FAIL_IP = "track-fail-ip"
TRACK_FAIL_REFERENCE = "track-fail-ref"
TOKEN_FAIL_IP = "token-fail-ip"


def enabled() -> bool:
    return getattr(settings, "PORTAL_RATE_LIMITS_ENABLED", True)


def _address(value: str) -> str | None:
    """`value` if it is an IP address, else None (headers and test clients can hold anything)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def login_client_ip(request: HttpRequest) -> str | None:
    """The client's address for the staff-login lockout (django-axes), or None when there is no
    valid one: axes stores it in an IP-address column.

    X-Forwarded-For can be sent by anyone, so it is read only when TRUSTED_PROXY_COUNT says how
    many proxies of ours stand in front of the app: each appends the address it saw, so the
    client is that many entries from the right; anything further left is the client's own
    claim. With no proxy (the default) the connection's address is used."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
        if len(hops) >= proxies and (forwarded := _address(hops[-proxies])):
            return forwarded
    return _address(request.META.get("REMOTE_ADDR", ""))


def client_ip(request: HttpRequest) -> str:
    """The client's address for the portal's rate limits (see login_client_ip); requests with
    no valid address share one bucket rather than escaping the limit."""
    return login_client_ip(request) or "unknown"


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def _window(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def count(scope: str, key: str, *, now: datetime | None = None) -> int:
    """How many hits `key` has in the current window."""
    now = now or timezone.now()
    row = (
        RateCounter.objects.filter(scope=scope, key=_digest(key), window_start=_window(now))
        .values_list("count", flat=True)
        .first()
    )
    return row or 0


def exceeded(scope: str, key: str, limit: int, *, now: datetime | None = None) -> bool:
    """True when `key` already used up `limit` hits this window (checks without counting)."""
    if not enabled():
        return False
    return count(scope, key, now=now) >= limit


def hit(scope: str, key: str, limit: int, *, now: datetime | None = None) -> bool:
    """Count one hit; True while the count (this one included) is within `limit`."""
    if not enabled():
        return True
    now = now or timezone.now()
    digest, window = _digest(key), _window(now)
    rows = RateCounter.objects.filter(scope=scope, key=digest, window_start=window)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateCounter.objects.create(scope=scope, key=digest, window_start=window, count=1)
        except IntegrityError:
            # Another request created the window's row first: count on it instead.
            rows.update(count=F("count") + 1)
    if random.random() < PRUNE_PROBABILITY:
        prune(now=now)
    return (rows.values_list("count", flat=True).first() or 0) <= limit


def release(scope: str, key: str, *, now: datetime | None = None) -> None:
    """Give back one hit (e.g. a resend that created nothing)."""
    if not enabled():
        return
    now = now or timezone.now()
    RateCounter.objects.filter(
        scope=scope, key=_digest(key), window_start=_window(now), count__gt=0
    ).update(count=F("count") - 1)


def prune(*, now: datetime | None = None) -> int:
    """Delete the rows of windows that have ended."""
    now = now or timezone.now()
    deleted, _ = RateCounter.objects.filter(window_start__lt=_window(now)).delete()
    return deleted


# --- the limits the portal and the API apply ----------------------------------------------


def submit_allowed(ip: str) -> bool:
    """Count a submission from `ip`; False once RATE_LIMIT_SUBMIT_PER_HOUR is used up."""
    return hit(SUBMIT_IP, ip, settings.RATE_LIMIT_SUBMIT_PER_HOUR)


def tracking_blocked(ip: str, reference: str) -> bool:
    """True when `ip` made too many failed lookups this hour, or `reference` had too many
    failures from anyone (then the reference is locked for the rest of the hour). The same for
    references that exist and references that do not."""
    return exceeded(TRACK_FAIL_IP, ip, settings.RATE_LIMIT_TRACK_PER_HOUR) or exceeded(
        TRACK_FAIL_REFERENCE, _reference_key(reference), REFERENCE_FAILURES_PER_HOUR
    )


def tracking_failed(ip: str, reference: str) -> None:
    hit(TRACK_FAIL_IP, ip, settings.RATE_LIMIT_TRACK_PER_HOUR)
    hit(TRACK_FAIL_REFERENCE, _reference_key(reference), REFERENCE_FAILURES_PER_HOUR)


def _reference_key(reference: str) -> str:
    from backoffice.public import normalise_reference

    return normalise_reference(reference or "")
