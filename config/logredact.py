"""Keeping secrets out of the logs the product writes: tracking codes and query strings.

A tracking link carries the code that opens a case (…/<reference>/<code>/); staff searches
and filters carry names and phone numbers in the query string. Both reach logs through the
request line: gunicorn's access log (config/gunicorn.conf.py), runserver's django.server log and
django.request's "Not Found: /path" warnings, and the SMS log backend. Everything written there
passes through `clean`: the code becomes [redacted], the query string is dropped.

No Django import at module level: gunicorn loads this before Django is set up.
"""

from __future__ import annotations

import logging
import re

from backoffice.tracking import CODE_LENGTH, LINK_REFERENCE_PATTERN

REDACTED = "[redacted]"

# A tracking link's tail: a reference-like segment, then a code-shaped one. The canonical
# shape (backoffice.tracking) and any retyped one (no dash, lower case): the route answers
# those too, and the code in them is still the customer's secret.
# Codes are CODE_LENGTH characters; the pair ends the path (the route's last two segments).
_TRACKING_TAIL = re.compile(
    rf"(?<![0-9A-Za-z-])({LINK_REFERENCE_PATTERN}|[0-9A-Za-z-]{{4,20}})/"
    rf"[0-9A-Za-z]{{{CODE_LENGTH}}}(?=/?$)"
)
# A path, or a URL's path, in running text.
_PATH = re.compile(r"((?:https?://[^\s/?#\"']+)?)(/[^\s?#\"']*)")
# Our own URL prefixes that never hold a tracking page (config/urls.py): their paths are left
# alone, so that admin lines such as /admin/snippets/backoffice/unit/ stay readable.
NOT_PUBLIC_PAGES = ("/admin/", "/api/", "/static/", "/documents/", "/i18n/")
# A path (or full URL) followed by a query string, up to the next blank or quote.
_QUERY = re.compile(r"((?:https?://[^\s/?#\"']+)?/[^\s?#\"']*)\?[^\s#\"']*")


def _redact_path(match: re.Match) -> str:
    host, path = match.group(1), match.group(2)
    if path.startswith(NOT_PUBLIC_PAGES):
        return match.group(0)
    return host + _TRACKING_TAIL.sub(rf"\1/{REDACTED}", path)


def redact_tracking(text: str) -> str:
    """`text` with the code of every tracking link in it replaced by [redacted]."""
    return _PATH.sub(_redact_path, text)


def drop_query(text: str) -> str:
    """`text` with the query string of every path or URL in it removed."""
    return _QUERY.sub(r"\1", text)


def clean(text: str) -> str:
    return redact_tracking(drop_query(text))


def _clean_value(value):
    return clean(value) if isinstance(value, str) else value


class RedactSecretsFilter(logging.Filter):
    """For handlers and loggers (LOGGING in config/settings/base.py): rewrites the record's
    message and arguments in place, so every handler after it sees the clean text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = clean(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _clean_value(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean_value(value) for value in record.args)
        return True


def access_atoms(atoms: dict) -> dict:
    """gunicorn's access-log atoms without query strings or tracking codes: the request line
    ("r") is rebuilt from the path alone, "q" is emptied, and every other text atom (referer,
    headers, environ) is cleaned the same way."""
    cleaned = {key: _clean_value(value) for key, value in atoms.items()}
    path = clean(atoms.get("U") or "")
    cleaned["U"] = path
    cleaned["q"] = ""
    cleaned["r"] = f"{atoms.get('m') or '-'} {path} {atoms.get('H') or '-'}"
    for key in ("{query_string}e", "{raw_uri}e"):
        if key in cleaned:
            cleaned[key] = path if key == "{raw_uri}e" else ""
    return cleaned


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is the production server; runserver and tests may lack it
    _GunicornLogger = None

if _GunicornLogger is not None:

    class RedactingGunicornLogger(_GunicornLogger):
        """logger_class in config/gunicorn.conf.py."""

        def atoms(self, resp, req, environ, request_time):
            return access_atoms(super().atoms(resp, req, environ, request_time))
