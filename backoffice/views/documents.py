"""Printable forms of a case, served as PDF to staff who may see the case."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from backoffice.access import contact_for, role_of
from backoffice.documents import DOCUMENTS, render_document
from backoffice.downloads import download
from backoffice.gate import object_or_404
from backoffice.models import Case


def case_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The PDF of form `kind` for case `pk`, as a download.

    Anonymous visitors are sent to the login page; accounts without a staff role are refused.
    A case the user may not see answers 404, exactly like a case that does not exist. Readers
    who may not see personal data (oversight, head office, trainers) get the complainant's
    details masked."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if role_of(request.user) is None:
        raise PermissionDenied
    if kind not in DOCUMENTS:
        raise Http404
    case = object_or_404(request.user, Case.objects.all(), pk=pk)
    filename, content = render_document(
        kind, case, mask_personal_data=contact_for(request.user, case).masked
    )
    response = download(content, filename=filename, content_type="application/pdf")
    # Personal data: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    return response
