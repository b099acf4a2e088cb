from functools import wraps

from django.urls import URLPattern, URLResolver, path
from django.utils import translation

from portal.api.v1 import api


def in_request_language(view):
    """Answer in the language the client asks for. LocaleMiddleware pins every URL outside the
    language prefix to the default language (prefix_default_language=False), so the API picks
    its language from Accept-Language (or the language cookie) itself."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapped


def _localised(patterns):
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = _localised(pattern.url_patterns)
            result.append(pattern)
        else:
            result.append(
                URLPattern(
                    pattern.pattern,
                    in_request_language(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
    return result


api_patterns, api_app_name, api_namespace = api.urls

# No app namespace here: django-ninja reverses its own URLs by the API's namespace.
urlpatterns: list = [
    path("api/v1/", (_localised(api_patterns), api_app_name, api_namespace)),
]
