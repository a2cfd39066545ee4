"""Settings for every environment, read from the process environment.

``DATABASE_URL`` picks the database (PostgreSQL in production); without it tanacs uses a
SQLite file under ``TANACS_HOME`` (default ``./.tanacs``), so a first run installs nothing.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TANACS_HOME = Path(os.environ.get("TANACS_HOME", Path.cwd() / ".tanacs"))


def _env_flag(name: str, default: bool) -> bool:
    """``1``/``0`` (or true/false, yes/no, on/off); anything else stops tanacs with a message."""
    text = os.environ.get(name, "").strip().lower()
    if not text:
        return default
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0; got {text!r}.")


def _env_int(name: str, default: int, *, least: int = 0) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < least:
        raise ImproperlyConfigured(f"{name} must be a whole number from {least}; got {text!r}.")
    return int(text)


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# Local mode: the demo, `tanacs serve` bound to this machine, commands that serve nothing,
# and the tests (the `tanacs` command and tanacs.config.local set TANACS_LOCAL=1). Only there
# may tanacs run without a secret key and allowed hosts. TANACS_PRODUCTION=1 overrides it.
PRODUCTION = _env_flag("TANACS_PRODUCTION", False)
LOCAL = _env_flag("TANACS_LOCAL", False) and not PRODUCTION
DEBUG = _env_flag("TANACS_DEBUG", False)

LOCAL_SECRET_KEY = "tanacs-local-only-not-for-production"
SECRET_KEY = os.environ.get("TANACS_SECRET_KEY", "")
ALLOWED_HOSTS = _env_list("TANACS_ALLOWED_HOSTS")
if not LOCAL:
    missing = [
        name
        for name, value in (
            ("TANACS_SECRET_KEY", SECRET_KEY),
            ("TANACS_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"{' and '.join(missing)} must be set to serve tanacs: TANACS_SECRET_KEY to 50 or "
            "more random characters, TANACS_ALLOWED_HOSTS to the host names it answers to "
            "(comma-separated). Without them only the local demo, `tanacs serve` on 127.0.0.1 "
            "and the tests run. See docs/configuration.md."
        )
    if SECRET_KEY == LOCAL_SECRET_KEY:
        raise ImproperlyConfigured("TANACS_SECRET_KEY is the published local key; choose another.")
else:
    SECRET_KEY = SECRET_KEY or LOCAL_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = _env_list("TANACS_CSRF_TRUSTED_ORIGINS")

# HTTPS. Outside local mode every protection is on unless a variable turns it off on purpose
# (a proxy that terminates TLS and redirects itself, say); turning one off also silences the
# deploy check that would flag it, since the choice is then written in the environment.
_SECURE = not LOCAL
SECURE_SSL_REDIRECT = _env_flag("TANACS_SSL_REDIRECT", _SECURE)
SECURE_HSTS_SECONDS = _env_int("TANACS_HSTS_SECONDS", 31_536_000 if _SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("TANACS_HSTS_INCLUDE_SUBDOMAINS", _SECURE)
SECURE_HSTS_PRELOAD = _env_flag("TANACS_HSTS_PRELOAD", _SECURE)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_flag("TANACS_SECURE_COOKIES", _SECURE)
if _env_flag("TANACS_PROXY_SSL_HEADER", False):
    # Trust X-Forwarded-Proto only from a proxy that always sets it (and strips the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    check
    for check, name, value in (
        ("security.W008", "TANACS_SSL_REDIRECT", SECURE_SSL_REDIRECT),
        ("security.W004", "TANACS_HSTS_SECONDS", SECURE_HSTS_SECONDS),
        ("security.W005", "TANACS_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", "TANACS_HSTS_PRELOAD", SECURE_HSTS_PRELOAD),
        ("security.W012", "TANACS_SECURE_COOKIES", SESSION_COOKIE_SECURE),
        ("security.W016", "TANACS_SECURE_COOKIES", CSRF_COOKIE_SECURE),
    )
    if not LOCAL and not value and os.environ.get(name, "").strip()
]
# Pages load only their own styles and images: no inline scripts or styles, no other hosts.
CONTENT_SECURITY_POLICY = os.environ.get(
    "TANACS_CSP",
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'",
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tanacs.core",
    "tanacs.journal",
    "tanacs.federation",
    "tanacs.membership",
    "tanacs.delegation",
    "tanacs.ballots",
    "tanacs.decisions",
    "tanacs.strikes",
    "tanacs.negotiations",
    "tanacs.broadcast",
    "tanacs.web",
    "tanacs.api",
    "tanacs.cli",
]

MIDDLEWARE = [
    "tanacs.config.middleware.SlowRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tanacs.config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tanacs.config.middleware.RefuseNul",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tanacs.config.urls"
WSGI_APPLICATION = "tanacs.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        TANACS_HOME.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{TANACS_HOME / 'tanacs.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.postgresql":
        # The cast's statements are prepared once per connection (tanacs.core.db); a
        # transaction-pooling PgBouncer older than 1.21 needs TANACS_DB_PREPARED=0.
        prepared = _env_flag("TANACS_DB_PREPARED", True)
        options = config.get("OPTIONS")  # e.g. sslmode, from the URL's query string
        config["OPTIONS"] = {
            **(options if isinstance(options, dict) else {}),
            "prepare_threshold": 5 if prepared else None,
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock when a transaction starts, so concurrent writers
        # queue instead of failing half-way with "database is locked".
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            # secure_delete: a deleted row (a mixed choice's queue row) is overwritten, not
            # left in a free page where a copy of the file would still show it.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every password a person sets (sign-up, `tanacs createsuperuser`, `tanacs changepassword`)
# passes all four; the demo's printed logins are created by the loader, which sets them as is.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
AUTHENTICATION_BACKENDS = ["tanacs.core.signin.ThrottledModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = _env_int("TANACS_LOGIN_FAILURES_PER_ACCOUNT", 5, least=1)
LOGIN_FAILURES_PER_ADDRESS = _env_int("TANACS_LOGIN_FAILURES_PER_ADDRESS", 20, least=1)
LOGIN_LOCKOUT_SECONDS = _env_int("TANACS_LOGIN_LOCKOUT_SECONDS", 900, least=1)
# A proxy's header naming the client (e.g. X-Forwarded-For); its last entry is trusted.
CLIENT_ADDRESS_HEADER = (
    "HTTP_" + os.environ["TANACS_CLIENT_ADDRESS_HEADER"].strip().upper().replace("-", "_")
    if os.environ.get("TANACS_CLIENT_ADDRESS_HEADER", "").strip()
    else ""
)


def _cache() -> dict[str, object]:
    """Local memory unless TANACS_CACHE_URL names a shared Redis (redis://host:port/db)."""
    url = os.environ.get("TANACS_CACHE_URL", "").strip()
    if not url or url == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"TANACS_CACHE_URL must be redis://host:port/db or locmem://; got {url!r}."
    )


CACHES = {"default": _cache()}
if os.environ.get("TANACS_FAST_HASHER") == "1":
    # Tests and the generated demo only: real deployments keep the default PBKDF2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = TANACS_HOME / "static"
# whitenoise serves the apps' static files straight from their directories (no collectstatic
# needed for `tanacs serve`, the demo or tests); `tanacs collectstatic` still fills STATIC_ROOT
# for a deployment that serves it some other way. Until then STATIC_ROOT may not exist.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tanacs.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "tanacs API",
    "DESCRIPTION": "Councils, members, delegates and the journal of a tanacs federation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed package, not a CDN: /api/docs/ works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One named enum of every error code, referenced by the Error body of every error answer.
    "ENUM_NAME_OVERRIDES": {
        "ErrorCode": "tanacs.api.serializers.ERROR_CODES",
        # Several answers have a ``status``; each lifecycle keeps its own name.
        "MotionStatus": "tanacs.decisions.models.MotionStatus",
        "AmendmentStatus": "tanacs.decisions.models.AmendmentStatus",
        "ElectionStatus": "tanacs.decisions.models.ElectionStatus",
        "PetitionStatus": "tanacs.decisions.models.PetitionStatus",
        "MandatePosition": "tanacs.decisions.models.MandatePosition",
        "DemandStatus": "tanacs.negotiations.models.DemandStatus",
    },
}

try:
    SLOW_REQUEST_SECONDS = float(os.environ.get("TANACS_SLOW_REQUEST_SECONDS", "").strip() or 2)
except ValueError:
    raise ImproperlyConfigured("TANACS_SLOW_REQUEST_SECONDS must be a number of seconds.") from None

# Who did what is in the journal; the log has what the operator needs: server errors with
# their traceback (django.request), slow requests (tanacs.slow), refused actions with their
# code and actor id (tanacs.refused, never a message, a secret or a ballot choice) and
# sign-in lockouts (tanacs.signin). All to stderr, where gunicorn and systemd collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TANACS_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "tanacs": {"level": os.environ.get("TANACS_APP_LOG_LEVEL", "INFO")},
    },
}

# The scheduler: Celery with Redis (``tanacs.config.celery``; docs/deploy.md). Secret ballots'
# choices wait in a queue until the mixer moves them, so the mixing interval is how long a
# cast stays linkable to its voter in a copy of the database (see ballots/secrecy.py).
TANACS_MIX_SECONDS = float(os.environ.get("TANACS_MIX_SECONDS", "5"))
TANACS_CLOSE_DUE_SECONDS = float(os.environ.get("TANACS_CLOSE_DUE_SECONDS", "30"))
CELERY_BROKER_URL = os.environ.get("TANACS_REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE_FILENAME = str(TANACS_HOME / "celerybeat-schedule")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # A run that waited longer than its interval is dropped: the next one does the same work.
    "mix-secret-choices": {
        "task": "tanacs.ballots.tasks.mix_choices",
        "schedule": TANACS_MIX_SECONDS,
        "options": {"expires": TANACS_MIX_SECONDS},
    },
    "close-due-ballots": {
        "task": "tanacs.ballots.tasks.close_due",
        "schedule": TANACS_CLOSE_DUE_SECONDS,
        "options": {"expires": TANACS_CLOSE_DUE_SECONDS},
    },
}
