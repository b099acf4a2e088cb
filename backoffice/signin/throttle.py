"""Failed staff logins, throttled by django-axes on two counters with their own limits:

- per (username, address): LOGIN_FAILURE_LIMIT (5) failures lock that account *from that
  address* only, so a stranger guessing elsewhere cannot lock a colleague out;
- per address: LOGIN_ADDRESS_FAILURE_LIMIT (20) failures over any usernames lock the address,
  so one guesser cannot walk through every account.

Axes compares one number with one limit (the largest count of its lockout parameters), so the
handler folds the address counter into that number once the address limit is reached. The
lockout answers 429 with Retry-After in the admin's design and the visitor's language.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off

from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


class StaffLoginHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        # The querysets come in the order of AXES_LOCKOUT_PARAMETERS:
        # [["username", "ip_address"], "ip_address"].
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return per_account


def retry_after(request: HttpRequest, credentials: dict | None = None) -> int:
    """Seconds until the lockout lifts: the cool-off counted from the latest failure."""
    cool_off = get_cool_off(request) or timedelta(0)
    latest = None
    for attempts in StaffLoginHandler().get_user_attempts(request, credentials):
        last = attempts.aggregate(last=Max("attempt_time"))["last"]
        if last is not None and (latest is None or last > latest):
            latest = last
    left = ((latest or timezone.now()) + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page's look, the request's language, 429."""
    seconds = retry_after(request, credentials)
    # Rendered now: axes' middleware answers after the view, outside template rendering.
    response = render(
        request,
        "backoffice/signin/locked.html",
        {"minutes": max(1, math.ceil(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
