"""Staff API tokens: created once (the plaintext is shown only then), stored as a SHA-256 digest,
revocable. A token is long and random, so a fast digest is enough: there is nothing to guess.

While the second factor is required (settings.MFA_REQUIRED), a token is issued only to an
account that has set up its authenticator app, and it answers only while that stays so: after an
administrator resets the holder's second factor, every request with the token is refused (401)
until the holder has enrolled again. The API takes no session, so the password alone never
reaches it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from backoffice.mfa.devices import enrolled, has_confirmed_factor, mfa_required
from portal.models import ApiToken

PREFIX = "cst_"
# Writing last_used_at on every request would make every API read a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


class SecondFactorMissing(Exception):
    """The account has not set up its second factor: no token for it."""


def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns (the stored row, the plaintext to hand over once).
    Raises SecondFactorMissing while the second factor is required and `user` has none."""
    if mfa_required() and not has_confirmed_factor(user):
        raise SecondFactorMissing
    plaintext = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:80], prefix=plaintext[:8], digest=_digest(plaintext)
    )
    return token, plaintext


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(plaintext: str):
    """The active user a live token belongs to, or None."""
    if not plaintext or not plaintext.startswith(PREFIX) or len(plaintext) > 200:
        return None
    tokens = ApiToken.objects.select_related("user").filter(
        digest=_digest(plaintext), revoked_at__isnull=True
    )
    if mfa_required():
        tokens = tokens.filter(enrolled("user"))
    token = tokens.first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
