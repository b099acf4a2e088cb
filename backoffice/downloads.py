"""How every file the product serves leaves it: as a download, never as a page.

`Content-Disposition: attachment` (with RFC 6266 `filename*=UTF-8''…` for Chinese names) makes
the browser save the file instead of showing it; `nosniff` stops it from guessing HTML in a
file declared as something else; `Content-Security-Policy: sandbox` with `default-src 'none'`
keeps anything that is opened anyway from running script, loading resources or reaching the
site's cookies. Attachments, printable documents, reports, exports and the customer's
acknowledgement all pass through `as_download`.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

DOWNLOAD_CSP = "default-src 'none'; sandbox"


def as_download(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    """`response` with the headers of a download named `filename`."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """Bytes made in the request (a PDF, a spreadsheet) as a download."""
    return as_download(HttpResponse(content, content_type=content_type), filename)
