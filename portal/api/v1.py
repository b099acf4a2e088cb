"""API version 1, mounted at /api/v1/ (outside the language prefix; the language follows
Accept-Language)."""

from __future__ import annotations

from ninja import NinjaAPI

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from portal.api import customers, errors, staff

api = NinjaAPI(
    title="Complaint service API",
    version="1",
    urls_namespace="portal-api-v1",
    # The schema is the documentation; a Swagger page would load its code from an outside CDN.
    docs_url=None,
    description=(
        "For call-centre systems and apps. Customers: submit a complaint, then track it and act "
        "on it with its reference and private tracking code, sent in the JSON body (never in the "
        "URL). Staff: list and read cases with a personal token (`Authorization: Bearer …`, "
        "created with `manage.py create_api_token <username>`). Errors are "
        '`{"detail": "...", "errors": {"field": ["message"]}}` in the language of '
        "Accept-Language (zh-hans or en). Rate limits apply per client address (429)."
    ),
)
errors.install(api)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, errors.body(_("Not found.")), status=404)


api.add_router("/", customers.router)
api.add_router("/staff", staff.router)
