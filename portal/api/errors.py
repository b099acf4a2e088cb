"""Every API error is JSON of one shape, in the request's language (Accept-Language):
{"detail": "...", "errors": {"field": ["message", ...]}}."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from django.http import HttpRequest
from django.utils.translation import gettext as _


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        detail,
        errors: dict | None = None,
        *,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(str(detail))
        self.status = status
        self.detail = detail
        self.errors = errors or {}
        # With a 429: seconds until the window frees, sent as Retry-After.
        self.retry_after = retry_after


def invalid(errors: dict) -> ApiError:
    """422 with field messages; `errors` maps a field to a message or a list of them."""
    listed = {
        field: [str(m) for m in (messages if isinstance(messages, (list, tuple)) else [messages])]
        for field, messages in errors.items()
    }
    return ApiError(422, _("Please correct the fields listed in “errors”."), listed)


def body(detail, errors: dict | None = None) -> dict:
    return {"detail": str(detail), "errors": errors or {}}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError):
        response = api.create_response(request, body(exc.detail, exc.errors), status=exc.status)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError):
        # Type errors caught by the schema, reported per field like every other refusal.
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ())]
            field = location[-1] if len(location) > 2 else "__all__"
            if error.get("type") == "missing":
                message = _("This field is required.")
            elif location[:1] == ["body"] and len(location) <= 2:
                message = _("The request body must be a JSON object.")
            else:
                message = _("Enter a valid value.")
            errors.setdefault(field, []).append(str(message))
        return api.create_response(
            request, body(_("Please correct the fields listed in “errors”."), errors), status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError):
        response = api.create_response(
            request,
            body(_("Send a valid staff API token: “Authorization: Bearer <token>”.")),
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        message = exc.message
        if exc.status_code == 400:
            # django-ninja's one 400, "Cannot parse request body", in English: say it in the
            # request's language.
            message = _("The request body must be a JSON object.")
        return api.create_response(request, body(message), status=exc.status_code)
