"""Production: PostgreSQL, real SMTP, a task worker, gunicorn behind TLS. No secret has a default."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # noqa: F405
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # noqa: F405
TRACKING_KEY = env("TRACKING_KEY", default=SECRET_KEY)  # noqa: F405
DATABASES = {"default": env.db("DATABASE_URL")}  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
EMAIL_CONFIG = env.email("EMAIL_URL")  # noqa: F405
vars().update(EMAIL_CONFIG)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 3600

# Cookies: the session and CSRF cookies carry the __Host- prefix (the browser then accepts them
# only over HTTPS, for this host alone, for every path: no subdomain can plant or read them);
# every cookie we set is Secure and SameSite. The messages cookie follows the session's.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# The log-only SMS backend writes messages instead of sending them: in production that is a
# mistake unless someone says so (e.g. no SMS gateway yet, customers reached by e-mail).
SMS_ALLOW_LOG_BACKEND = env.bool("SMS_ALLOW_LOG_BACKEND", default=False)  # noqa: F405
if SMS_BACKEND == "backoffice.notifications.sms.LogSmsBackend" and not SMS_ALLOW_LOG_BACKEND:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SMS_BACKEND is the log-only backend, which sends no SMS. Set SMS_BACKEND to your "
        "gateway's class, or SMS_ALLOW_LOG_BACKEND=true to run without SMS on purpose."
    )
