"""The form's one-time key and the privacy-friendly bot check (no outside service, no script).

Each complaint form carries a signed token made when the form was rendered: a random submission
key (so a double click, a browser resend or a network retry finds the first case) and the
render time (a post sooner than PORTAL_FORM_MIN_SECONDS is a script; one older than
PORTAL_FORM_MAX_SECONDS is stale). A honeypot field that people never see must stay empty.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "portal.complaint-form"
HONEYPOT_FIELD = "website"


def min_seconds() -> float:
    return getattr(settings, "PORTAL_FORM_MIN_SECONDS", 3)


def max_seconds() -> float:
    return getattr(settings, "PORTAL_FORM_MAX_SECONDS", 2 * 3600)


@dataclass(frozen=True)
class FormToken:
    key: str
    rendered_at: float

    def dumps(self) -> str:
        return signing.dumps({"k": self.key, "t": self.rendered_at}, salt=SALT, compress=False)


def issue(now: float | None = None) -> FormToken:
    """A new token for a freshly rendered form."""
    return FormToken(secrets.token_urlsafe(24), round(now if now is not None else time.time(), 3))


def renew(token: FormToken | None, now: float | None = None) -> FormToken:
    """A token rendered now that keeps the old key (when the old token was genuine)."""
    fresh = issue(now)
    return FormToken(token.key, fresh.rendered_at) if token is not None else fresh


def read(value: str) -> FormToken | None:
    """The token from the hidden field, or None when it is missing or was tampered with."""
    try:
        data = signing.loads(value or "", salt=SALT)
        return FormToken(str(data["k"]), float(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


TOO_FAST = _(
    "You sent the form very quickly, as automated programs do. Please check your details "
    "and send it again: everything you entered is still here."
)
STALE = _(
    "This form was open for a long time, so for your security it has been renewed. Please check "
    "your details and send it again: everything you entered is still here."
)
HONEYPOT = _(
    "The form could not be accepted because a field meant to stay empty was filled in (some "
    "browsers do this automatically). Please send it again: everything else is still here."
)


def refusal(token: FormToken | None, honeypot_value: str, now: float | None = None):
    """Why the post looks automated (a message for the person), or None when it passes.
    A missing or forged token is treated like a stale form: the page gets a fresh one."""
    now = now if now is not None else time.time()
    if honeypot_value:
        return HONEYPOT
    if token is None:
        return STALE
    age = now - token.rendered_at
    if age < min_seconds():
        return TOO_FAST
    if age > max_seconds():
        return STALE
    return None
