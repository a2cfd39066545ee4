"""Settings for every environment, read from the process environment.

``DATABASE_URL`` picks the database (PostgreSQL in production); without it tanacs uses a
SQLite file under ``TANACS_HOME`` (default ``./.tanacs``), so a first run installs nothing.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
TANACS_HOME = Path(os.environ.get("TANACS_HOME", Path.cwd() / ".tanacs"))

DEBUG = os.environ.get("TANACS_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("TANACS_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("TANACS_PRODUCTION") == "1":
        raise RuntimeError("TANACS_SECRET_KEY must be set in production")
    SECRET_KEY = "tanacs-local-only-not-for-production"
ALLOWED_HOSTS = os.environ.get("TANACS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
    "tanacs.core",
    "tanacs.journal",
    "tanacs.federation",
    "tanacs.membership",
    "tanacs.delegation",
    "tanacs.ballots",
    "tanacs.decisions",
    "tanacs.web",
    "tanacs.api",
    "tanacs.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
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
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TANACS_LOG_LEVEL", "WARNING")},
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
