"""Fixed-window rate limits kept in the database (portal.models.RateCounter).

django-ratelimit needs Redis or memcached; this works with every cache and across gunicorn
workers. A window is one clock minute or one clock hour (each limit says which); `hit`
increments atomically (an UPDATE with F(), or an INSERT when the window is new) and says whether
the caller is still within the limit. A refused caller is told when its window frees
(`retry_after`, sent as the Retry-After header). Rows of past windows are deleted now and then,
so the table stays small.

Limits count per client address only: nothing a stranger does can lock a customer out of their
own case (a per-reference lock once did exactly that).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import random
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import RateCounter

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
# The longest window in use: rows that started before now - LONGEST are over and pruned.
LONGEST = HOUR
PRUNE_PROBABILITY = 0.02

SUBMIT_LIMITED = _(
    "We have received several complaints from your connection in the last hour, so this one "
    "could not be sent now. Please try again later or call us: everything you entered is still "
    "here."
)

# Scopes (one counter family each).
SUBMIT_IP = "submit-ip"
TRACK_FAIL_IP = "track-fail-ip"
TRACK_FAIL_IP_MINUTE = "track-fail-ip-min"
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


def _window(now: datetime, length: timedelta = HOUR) -> datetime:
    """The start of the window of `length` that holds `now` (clock minutes, clock hours)."""
    seconds = length.total_seconds()
    return datetime.fromtimestamp(math.floor(now.timestamp() / seconds) * seconds, tz=UTC)


def retry_after(length: timedelta = HOUR, *, now: datetime | None = None) -> int:
    """Whole seconds until the current window of `length` ends (at least 1)."""
    now = now or timezone.now()
    left = (_window(now, length) + length - now).total_seconds()
    return max(1, math.ceil(left))


def with_retry_after(response: HttpResponse, seconds: int) -> HttpResponse:
    response["Retry-After"] = str(seconds)
    return response


def count(scope: str, key: str, *, window: timedelta = HOUR, now: datetime | None = None) -> int:
    """How many hits `key` has in the current window."""
    now = now or timezone.now()
    row = (
        RateCounter.objects.filter(scope=scope, key=_digest(key), window_start=_window(now, window))
        .values_list("count", flat=True)
        .first()
    )
    return row or 0


def exceeded(
    scope: str, key: str, limit: int, *, window: timedelta = HOUR, now: datetime | None = None
) -> bool:
    """True when `key` already used up `limit` hits this window (checks without counting)."""
    if not enabled():
        return False
    return count(scope, key, window=window, now=now) >= limit


def hit(
    scope: str, key: str, limit: int, *, window: timedelta = HOUR, now: datetime | None = None
) -> bool:
    """Count one hit; True while the count (this one included) is within `limit`."""
    if not enabled():
        return True
    now = now or timezone.now()
    digest, window = _digest(key), _window(now, window)
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
    """Delete the rows of windows that have ended (the longest window is an hour)."""
    now = now or timezone.now()
    deleted, _ = RateCounter.objects.filter(window_start__lt=now - LONGEST).delete()
    return deleted


# --- the limits the portal and the API apply ----------------------------------------------


def submit_allowed(ip: str) -> bool:
    """Count a submission from `ip`; False once RATE_LIMIT_SUBMIT_PER_HOUR is used up."""
    return hit(SUBMIT_IP, ip, settings.RATE_LIMIT_SUBMIT_PER_HOUR)


def _tracking_limits() -> list[tuple[str, int, timedelta]]:
    return [
        (TRACK_FAIL_IP_MINUTE, settings.RATE_LIMIT_TRACK_FAILURES_PER_MINUTE, MINUTE),
        (TRACK_FAIL_IP, settings.RATE_LIMIT_TRACK_PER_HOUR, HOUR),
    ]


def tracking_blocked(ip: str, *, now: datetime | None = None) -> int | None:
    """Seconds until `ip` may try again when it made too many failed lookups (per minute or
    per hour), else None. Only the address counts: a reference never locks, so strangers'
    guesses cannot keep its customer out."""
    if not enabled():
        return None
    now = now or timezone.now()
    waits = [
        retry_after(window, now=now)
        for scope, limit, window in _tracking_limits()
        if exceeded(scope, ip, limit, window=window, now=now)
    ]
    return max(waits, default=None)


def tracking_failed(ip: str, *, now: datetime | None = None) -> None:
    for scope, limit, window in _tracking_limits():
        hit(scope, ip, limit, window=window, now=now)
