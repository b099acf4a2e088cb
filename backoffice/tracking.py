"""Case references and tracking codes.

A reference is short, unguessable and readable aloud (no 0/O, 1/I/L): K7M4-Q9XB. It is printed
on letters and said on the phone, so it is never enough on its own: the tracking code, derived
from a per-case salt with TRACKING_KEY, is what opens a case to the customer."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
# The shapes of a reference and a code in a tracking link's path (portal.models.TrackingPage):
# one definition for the route and for redacting links from logs (config/logredact.py).
LINK_REFERENCE_PATTERN = r"[0-9A-Za-z]{4}-[0-9A-Za-z]{4}"
LINK_CODE_PATTERN = r"[0-9A-Za-z]{4,40}"


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_reference(value: str) -> str:
    cleaned = "".join(ch for ch in value.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == 8 else cleaned


def new_salt() -> str:
    return secrets.token_hex(16)


def _key() -> bytes:
    return getattr(settings, "TRACKING_KEY", settings.SECRET_KEY).encode()


def tracking_code(reference: str, salt: str) -> str:
    digest = hmac.new(_key(), f"{reference}:{salt}".encode(), hashlib.sha256).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:CODE_LENGTH])


def code_matches(reference: str, salt: str, candidate: str) -> bool:
    # Full-width letters typed with a Chinese input method count as the letters themselves;
    # anything else (Chinese characters, emoji) simply does not match. Compared as bytes:
    # compare_digest refuses str with non-ASCII characters.
    typed = unicodedata.normalize("NFKC", candidate or "").upper()
    cleaned = "".join(ch for ch in typed if ch.isalnum())
    return hmac.compare_digest(tracking_code(reference, salt).encode(), cleaned.encode())
