"""How big a request may be, and the pages that say so in the user's language.

`RequestSizeLimitMiddleware` sits near the top of the stack, before anything reads a body:
- a declared Content-Length over REQUEST_MAX_BYTES is answered 413 at once, unread;
- when the server marks the end of the body itself (gunicorn sets `wsgi.input_terminated`, and
  so does any server that accepts chunked bodies), the body is read through a counter that
  stops at the cap: a chunked body beyond the cap, or a body longer than its declared length,
  is answered 413 too, and the rest of the stack reads the counted copy. Without that flag
  the server has already cut the body at its declared length (reading on could hang).

`bad_request` (handler400) turns Django's own parser refusals (too many files, too many fields,
too much form data) into a page or, under /api/, JSON in the user's language.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as django_bad_request

READ_CHUNK = 64 * 1024
API_PREFIX = "/api/"


def _declared_length(meta) -> int | None:
    try:
        return int(meta.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        cap = settings.REQUEST_MAX_BYTES
        declared = _declared_length(request.META)
        if declared is not None and declared > cap:
            return too_large(request)
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if request.environ.get("wsgi.input_terminated") and (declared or chunked):
            body = _counted_body(request.environ["wsgi.input"], cap, declared)
            if body is None:
                return too_large(request)
            body.seek(0, 2)
            length = body.tell()
            body.seek(0)
            request.environ["wsgi.input"] = body
            if declared is None:
                request.META["CONTENT_LENGTH"] = str(length)
            request._stream = LimitedStream(body, declared if declared is not None else length)
        return self.get_response(request)


def _counted_body(stream, cap: int, declared: int | None):
    """The body in a spooled file, or None when it goes past the cap or its declared length."""
    limit = cap if declared is None else min(cap, declared)
    body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 - handed on to the request
    total = 0
    while True:
        # One byte more than allowed is enough to know the body lies or is too large.
        chunk = stream.read(min(READ_CHUNK, limit + 1 - total))
        if not chunk:
            return body
        total += len(chunk)
        if total > limit:
            body.close()
            return None
        body.write(chunk)


def refusal_language(request: HttpRequest) -> str:
    """The language of the page the request came from: the URL's prefix on the site, the
    client's choice (Accept-Language, cookie) for the API and the admin, else the default."""
    from_path = translation.get_language_from_path(request.path_info)
    if from_path:
        return from_path
    if request.path_info.startswith((API_PREFIX, "/admin/")):
        return translation.get_language_from_request(request, check_path=False)
    return settings.LANGUAGE_CODE


def too_large(request: HttpRequest) -> HttpResponse:
    with translation.override(refusal_language(request)):
        return refusal(
            request,
            413,
            _("What you sent is too large"),
            _(
                "A form with its files may be at most %(mb)d MB. Please go back and send fewer "
                "or smaller files: you can add more files afterwards on your complaint's page."
            )
            % {"mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)},
        )


def refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """A refusal in the active language: JSON under /api/, a small page elsewhere."""
    language = translation.get_language()
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"detail": message, "errors": {}}, status=status)
    else:
        html = render_to_string(
            "refused_request.html", {"title": title, "message": message, "status": status}
        )
        response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    response["X-Content-Type-Options"] = "nosniff"
    return response


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: Django's parser limits explained; anything else is Django's 400 page."""
    if isinstance(exception, (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent)):
        with translation.override(refusal_language(request)):
            if isinstance(exception, RequestDataTooBig):
                # Under the request cap, but more form text than DATA_UPLOAD_MAX_MEMORY_SIZE.
                return refusal(
                    request,
                    413,
                    _("What you sent is too large"),
                    _("The text of the form is too long. Please shorten it and send it again."),
                )
            if isinstance(exception, TooManyFilesSent):
                return refusal(
                    request,
                    413,
                    _("Too many files"),
                    _(
                        "More than %(sent)d files arrived at once. Please go back and choose at "
                        "most %(count)d files."
                    )
                    % {
                        "sent": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
                        "count": settings.UPLOAD_MAX_FILES,
                    },
                )
            return refusal(
                request,
                400,
                _("Your request could not be read"),
                _(
                    "The form arrived with more than %(count)d fields. Please go back and send "
                    "it again."
                )
                % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS},
            )
    return django_bad_request(request, exception)
