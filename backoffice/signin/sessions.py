"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request and, in any case,
STAFF_SESSION_MAX_HOURS after signing in. The member is signed out and the sign-in page says
why, in their own language. Customers' tracking sessions carry no signed-in user and are left
alone."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext, override

SIGNED_IN_AT = "staff_signed_in_at"
SEEN_AT = "staff_seen_at"
# Activity is written at most this often (seconds), so that a session is not saved on every
# request; the idle timeout is that much less precise.
SEEN_RESOLUTION = 60

IDLE = "idle"
ABSOLUTE = "absolute"


def expired(session, now: float) -> str | None:
    """IDLE or ABSOLUTE when the signed-in session is over, else None."""
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if signed_in is not None and now - signed_in > settings.STAFF_SESSION_MAX_HOURS * 3600:
        return ABSOLUTE
    if seen is not None and now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
        return IDLE
    return None


def reason_text(reason: str) -> str:
    if reason == ABSOLUTE:
        hours = settings.STAFF_SESSION_MAX_HOURS
        return gettext(
            "For your security you were signed out %(hours)d hours after signing in. "
            "Please sign in again."
        ) % {"hours": hours}
    minutes = settings.STAFF_SESSION_IDLE_MINUTES
    return gettext(
        "For your security you were signed out after %(minutes)d minutes without activity. "
        "Please sign in again."
    ) % {"minutes": minutes}


def _language(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return (getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE).lower()


def _is_keepalive(request: HttpRequest) -> bool:
    # The editor's "who else is editing" ping runs every few seconds while an edit screen is
    # open: it is not the member at work, so it must not keep an abandoned session alive.
    return request.path.startswith(reverse("wagtailadmin_home") + "editing-sessions/")


class StaffSessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request, user)
        return self.get_response(request)

    def _check(self, request: HttpRequest, user) -> None:
        session, now = request.session, time.time()
        reason = expired(session, now)
        if reason is not None:
            language = _language(user)
            # The request goes on signed out: the admin sends it to the sign-in page, which
            # shows the message.
            logout(request)
            with override(language):
                messages.info(request, reason_text(reason))
            return
        if SIGNED_IN_AT not in session:
            session[SIGNED_IN_AT] = now
        seen = session.get(SEEN_AT)
        if not _is_keepalive(request) and (seen is None or now - seen >= SEEN_RESOLUTION):
            session[SEEN_AT] = now
