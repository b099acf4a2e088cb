from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views import serve as wagtaildocs

from backoffice.signin.logout import StaffLogoutView
from config.views import healthz, serve_document

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before Wagtail's own logout URL, which it replaces: sign-out by POST only.
    path("admin/logout/", StaffLogoutView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, each served as a download (config.views.serve_document).
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        wagtaildocs.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("", include("backoffice.urls")),
    path("", include("portal.urls")),
]

if getattr(settings, "BENCHMARK_VIEWS", False):
    # The yardstick of tests/benchmarks/bench_portal.py: Django with no database, no template.
    from django.http import HttpResponse

    urlpatterns.append(path("bench/bare", lambda request: HttpResponse(b"ok")))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

# Django's parser limits (too many files or fields, too much form data) explained to the user.
handler400 = "config.request_limits.bad_request"
