"""Settings shared by every environment. Values that differ per deployment come from the
environment (see README "Configuration"); the defaults here are the embedded, single-machine setup."""

from pathlib import Path

import environ

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "backoffice",
    "portal",
    "knowledge",
    "demo",
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a body: a request over REQUEST_MAX_BYTES is refused with 413.
    "config.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second factor?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs staff out after the idle or absolute session limit (backoffice/signin/sessions.py),
    # before the second factor is asked of a session that has already ended.
    "backoffice.signin.sessions.StaffSessionTimeoutMiddleware",
    # After the password alone, only the sign-in and second-factor screens of the admin open.
    "backoffice.mfa.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns repeated failed staff logins into a lockout.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed staff logins (backoffice/signin/throttle.py): per (username, address) and, higher,
# per address; a stranger elsewhere cannot lock a colleague out. 30 minutes' cool-off.
AXES_HANDLER = "backoffice.signin.throttle.StaffLoginHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_CALLABLE = "backoffice.signin.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies, how many of ours append to X-Forwarded-For (nginx: 1). 0 trusts none.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.login_client_ip"
AXES_VERBOSE = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The embedded default is SQLite under var/; production sets DATABASE_URL to PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # A task worker may write beside the web process: WAL and IMMEDIATE avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "backoffice.screens.login.StaffLoginForm"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The project catalogue first; then Chinese for Wagtail admin strings its own catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence is personal data: it lives outside any public URL and is served by a
# permission-checked view, never from MEDIA_URL.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = env("SITE_NAME", default="顾客投诉服务中心")
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGIN_URL = "wagtailadmin_login"
# Staff sessions end after this long without a request, and this long after signing in.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)
# The e-mail address is changed in a panel that asks for the current password
# (backoffice/signin/account.py), not in Wagtail's "Name and Email" panel.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# Second factor (README "Second factor"): every admin session passes a TOTP code or a recovery
# code after the password. Only config/settings/dev.py may switch it off, for the demo;
# `check --deploy` refuses that.
MFA_REQUIRED = True
MFA_MAX_ATTEMPTS = 5  # codes per challenge; then the password again
MFA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="投诉服务中心 <complaints@example.com>")
# SMS goes through a pluggable backend; the default writes each message to the log.
SMS_BACKEND = env("SMS_BACKEND", default="backoffice.notifications.sms.LogSmsBackend")

# Background work: the embedded default runs tasks in-process right after commit; production
# uses the database queue and `manage.py run_worker` (backoffice/worker.py).
TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    }
}
# How often a worker writes its heartbeat, and after how long without one it counts as dead
# (/healthz and the dashboard say "stale"; its RUNNING task is reclaimed by another worker).
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=10)
WORKER_STALE_AFTER_SECONDS = env.float("WORKER_STALE_AFTER_SECONDS", default=60)
# A RUNNING task claimed by a worker that never wrote a heartbeat (the plain db_worker) is
# taken for lost after this long.
WORKER_TASK_TIMEOUT_SECONDS = env.float("WORKER_TASK_TIMEOUT_SECONDS", default=3600)
# Lost tasks safe to run twice are put back in the queue; every other lost task is marked
# failed (WorkerLost), never run a second time behind anyone's back.
WORKER_REQUEUE_LOST_TASKS = env.list(
    "WORKER_REQUEUE_LOST_TASKS",
    default=["backoffice.tasks.deliver_outbox", "wagtail.tasks.update_reference_index_task"],
)
# The longest wait between reconnection attempts while the database is away.
WORKER_BACKOFF_MAX_SECONDS = env.float("WORKER_BACKOFF_MAX_SECONDS", default=30)

# The public site is strict; the Wagtail admin is not strict-CSP clean (STACK.md), so it only
# reports.
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/documents/"],
    "DIRECTIVES": _CSP_DIRECTIVES,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Uploads: limits shown to customers on the form and enforced by content checks.
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=5)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# A whole request (all files and fields together): larger ones get 413 before anything reads
# them (config.request_limits).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=25 * 1024 * 1024)
# Files kept from a refused form are deleted when untouched this long (portal.holding).
UPLOAD_HOLD_HOURS = env.float("UPLOAD_HOLD_HOURS", default=2)
# Django's own parser limits, answered with a page in the user's language (413/400). The text
# fields of a form never need megabytes: files are not counted here. The longest demo page in
# the Wagtail editor posts about 150 fields; a site with much longer pages may raise the last.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=200)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Per client address: failed tracking lookups per minute and per hour (also failed staff API
# tokens per hour), submissions per hour. Nothing is counted per reference.
RATE_LIMIT_TRACK_FAILURES_PER_MINUTE = env.int("RATE_LIMIT_TRACK_FAILURES_PER_MINUTE", default=10)
RATE_LIMIT_TRACK_PER_HOUR = env.int("RATE_LIMIT_TRACK_PER_HOUR", default=20)
RATE_LIMIT_SUBMIT_PER_HOUR = env.int("RATE_LIMIT_SUBMIT_PER_HOUR", default=10)

PDF_FONT_DIR = BASE_DIR / "static" / "fonts"

# Every record is cleaned of tracking codes and query strings (config/logredact.py): on the
# console handler, and on the loggers that write request lines (django.server for runserver,
# django.request for 4xx/5xx) before any handler, theirs or Django's, sees them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "config.logredact.RedactSecretsFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_secrets"],
        },
        "django.request": {"filters": ["redact_secrets"]},
        "backoffice.sms": {"filters": ["redact_secrets"]},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

SITE_NAME = _("Customer complaint service")
TRACKING_KEY = env("TRACKING_KEY", default=SECRET_KEY)
REPEAT_WINDOW_DAYS = env.int("REPEAT_WINDOW_DAYS", default=30)
