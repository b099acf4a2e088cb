"""Fast, deterministic settings for the test suite. DATABASE_URL switches it to PostgreSQL."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}  # noqa: F405
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="complaints-test-media-"))  # noqa: F405
# A worker started by a fault test (tests/faults/) needs the database queue.
TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")  # noqa: F405
    }
}
ALLOWED_HOSTS = ["*"]
LANGUAGE_CODE = "zh-hans"
WAGTAILADMIN_BASE_URL = "http://testserver"
# The production filters (tracking codes and query strings out of logs), quieter.
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
# Login throttling is switched on in the test that checks it.
AXES_ENABLED = False
