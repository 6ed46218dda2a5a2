"""CareerPath settings: one file, read from the environment (see .env.example).

Development works with no variables at all. With DJANGO_DEBUG off, start-up refuses to run
without a real secret key and allowed hosts, so a misconfigured deploy fails loudly.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_int(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 9 or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}.")
    return int(value)


DEBUG = env_flag("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "careers.apps.CareersConfig",
    "ladders.apps.LaddersConfig",
    "assessments.apps.AssessmentsConfig",
    "growth.apps.GrowthConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "import_export",
    "django_tasks",
    # django-ninja's API docs page serves Swagger UI from our static files, not a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (static files come precompressed from whitenoise, above). It pads
    # each response by a random length against BREACH; see docs/performance.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so a person signed out for inactivity is told why on the sign-in page.
    "careers.middleware.SessionExpiryMiddleware",
    "careers.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careers.urls"
WSGI_APPLICATION = "careers.wsgi.application"

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
                "careers.context_processors.navigation",
            ],
        },
    }
]


def database_from_env() -> dict:
    """DATABASE_URL (postgres:// or sqlite:///path) or the local SQLite file by default."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    else:
        try:
            config = dj_database_url.parse(url)
        except Exception as exc:  # the library raises several types for a bad URL
            raise ImproperlyConfigured(
                f"DATABASE_URL could not be understood ({exc}). Use postgres://USER:PASSWORD"
                "@HOST:PORT/NAME or sqlite:///path/to/file.sqlite3."
            ) from exc
        if not config.get("ENGINE"):
            raise ImproperlyConfigured("DATABASE_URL names no database engine.")
    # Each web worker keeps its connection between requests: opening one costs more than most
    # pages' queries (for SQLite, Django registers its SQL functions and the pragmas below run
    # once per connection, not per request). A connection found broken is replaced before use.
    # The development and test servers still close theirs after every request.
    config["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 600, minimum=0)
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE makes concurrent writers queue instead of failing with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests use a file too, not Django's shared in-memory default: the live server's
        # threads then get connections of their own, as in production. One file per process.
        config["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"careerpath-test-{os.getpid()}.sqlite3")
        }
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "careers.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes goes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "careers.backends.PasswordBackend",
    # Single sign-on (careers/sso.py); it authenticates nobody while SSO is off.
    "careers.sso.OIDCBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# Every sentence is written in British English, and nothing is translated, so Django skips its
# translation machinery (about 0.3 ms of every page, docs/performance.md). Dates and numbers
# still follow en-gb's formats.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.staticfiles.StaticFilesStorage"
        )
    },
}

# Production hardening; all on whenever debug is off.
SECURE_SSL_REDIRECT = not DEBUG and env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
if env_flag("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # SECURE_SSL_REDIRECT may be turned off behind a TLS-terminating proxy; check --deploy
    # cannot know that the proxy redirects for us, so we silence only that one warning.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

# robots.txt disallows every crawler unless this is on (an internal tool by default).
ROBOTS_ALLOW = env_flag("DJANGO_ROBOTS_ALLOW", False)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sign-in throttling (django-axes), on the site's sign-in and the admin's alike. A username
# is locked after this many failures whatever the address, and an address whatever the
# usernames tried; unknown usernames count like real ones, so the answers never differ.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "careers.views.locked_out"
# The client address is REMOTE_ADDR unless a trusted proxy stands in front; otherwise anyone
# could pick a fresh X-Forwarded-For for every guess.
if env_flag("DJANGO_BEHIND_TLS_PROXY", False):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions end after this much inactivity, and in any case this long after signing in.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("DJANGO_SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("DJANGO_SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())

# Sessions are written to the database and read from a cache of files that every web worker
# on this machine shares, so a page reads no session row, and signing out (which deletes both)
# ends the session for every worker at once. Several app servers must share the folder, or
# turn the cache off (DJANGO_SESSION_CACHE=false), else one could still hold a signed-out
# session. The ladder pages keep what they compute per published version there too.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_CACHE_DIR", "").strip()
        or str(Path(tempfile.gettempdir()) / "careerpath-cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env_flag("DJANGO_SESSION_CACHE", True)
    else "django.contrib.sessions.backends.db"
)

# Single sign-on through the company's OpenID Connect provider (careers/sso.py, with
# mozilla-django-oidc). Off unless OIDC_RP_CLIENT_ID is set; then the sign-in page offers
# "Sign in with <OIDC_PROVIDER_NAME>" and passwords keep working for the demo and for
# break-glass admin access. Endpoints come from OIDC_OP_DISCOVERY_URL or are given one by one.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = os.environ.get("OIDC_OP_DISCOVERY_URL", "").strip()
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256").strip()
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile").strip()
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "your company account").strip()
OIDC_CREATE_USER = env_flag("OIDC_CREATE_USERS", False)
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username").strip()
OIDC_USE_PKCE = env_flag("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = 10  # seconds; the library waits forever by default, holding a web worker
AXES_WHITELIST_CALLABLE = "careers.sso.is_sso_callback"
if OIDC_RP_CLIENT_ID:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_RP_CLIENT_SECRET must be set with OIDC_RP_CLIENT_ID.")
    _endpoints = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
        "OIDC_OP_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
    }
    if OIDC_RP_SIGN_ALGO.startswith("HS"):  # signed with the client secret: no keys to fetch
        del _endpoints["OIDC_OP_JWKS_ENDPOINT"]
    _missing = [name for name, value in _endpoints.items() if not value]
    if _missing and not OIDC_OP_DISCOVERY_URL:
        raise ImproperlyConfigured(
            "Single sign-on needs OIDC_OP_DISCOVERY_URL or every endpoint; missing: "
            + ", ".join(_missing)
        )

# Email (password reset, invitations, notifications): printed to the console unless an SMTP
# host is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10  # a stalled mail server must not hold a web worker for long
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CareerPath <noreply@localhost>")

# Notifications (assessments/notifications.py) go through django-tasks. By default each email
# is sent at once, in the request that caused it. With DJANGO_TASKS_BACKEND=database they are
# queued in the database and sent by `python manage.py db_worker` (django-tasks-db), so a
# slow mail server never holds a page.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "immediate").strip() or "immediate"
if TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_BACKEND == "database":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("DJANGO_TASKS_BACKEND must be immediate or database.")
# Reminders (`python manage.py send_reminders`, hourly from cron): to start, this many days
# after an invitation; to finish, this many days after starting; to retake, this many months
# after the latest result.
REMINDER_START_AFTER_DAYS = env_int("DJANGO_REMINDER_START_DAYS", 7)
REMINDER_FINISH_AFTER_DAYS = env_int("DJANGO_REMINDER_FINISH_DAYS", 3)
REMINDER_RETAKE_AFTER_MONTHS = env_int("DJANGO_REMINDER_RETAKE_MONTHS", 6)

# Content-Security-Policy (django-csp). Scripts and stylesheets come only from our own static
# files. Style *attributes* stay allowed: bars, progress and the ladder grid place themselves
# with style="width: …" / grid positions computed per page. Style *elements* are refused
# (style-src-elem), so injected markup cannot bring its own stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# How long results (with their answers) are kept, in days; empty keeps them forever.
# `python manage.py prune_results` deletes older ones (run it daily from cron).
RESULT_RETENTION_DAYS = env_int("DJANGO_RESULT_RETENTION_DAYS", 0) or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes announces itself on every start, which would clutter each command's output;
    # its warnings about failed and refused sign-ins still come through.
    # WeasyPrint (PDFs) logs each rendering step, and skips the screen-only media queries of
    # the site's stylesheets with a warning each; only its errors are news.
    "loggers": {
        "axes.apps": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
    },
}
