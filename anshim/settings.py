"""Anshim settings: one module, configured by environment variables.

SQLite (WAL) under ``var/`` is the embedded default; ``DATABASE_URL`` switches to
PostgreSQL. ``DJANGO_DEBUG`` is off unless set, so a forgotten variable never
exposes debug pages.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ANSHIM_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("ANSHIM_PRODUCTION"):
        raise RuntimeError("DJANGO_SECRET_KEY must be set in production")
    # A local-only key: the run and test commands never serve beyond loopback.
    SECRET_KEY = "anshim-local-development-key-not-for-production-use-0000"  # noqa: S105

# The public address links in emails, texts and 알림톡 messages start with.
ANSHIM_SITE_URL = os.environ.get("ANSHIM_SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

# Kakao and Naver sign-in are switched on only where their client ids are configured.
SOCIAL_PROVIDERS = {
    provider: {
        "APPS": [
            {
                "client_id": os.environ[f"ANSHIM_{provider.upper()}_CLIENT_ID"],
                "secret": os.environ.get(f"ANSHIM_{provider.upper()}_SECRET", ""),
            }
        ]
    }
    for provider in ("kakao", "naver")
    if os.environ.get(f"ANSHIM_{provider.upper()}_CLIENT_ID")
}
SOCIAL_PROVIDER_APPS = [f"allauth.socialaccount.providers.{provider}" for provider in SOCIAL_PROVIDERS]
# The sign-in buttons POST to us and are redirected to the provider's consent screen; the CSP's
# form-action applies to that redirect too, so each configured provider's origin is allowed there.
SOCIAL_AUTHORIZE_ORIGINS = {"kakao": "https://kauth.kakao.com", "naver": "https://nid.naver.com"}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Only so /api/docs serves Swagger UI from ninja's bundled static files, not a CDN (CSP).
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Before allauth, so its Korean templates override allauth's own.
    "anshim.accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    *SOCIAL_PROVIDER_APPS,
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "anshim.geo",
    "anshim.catalog",
    "anshim.programs",
    "anshim.content",
    "anshim.portal",
    "anshim.operations",
    "anshim.notifications",
    "anshim.doorguard",
    "anshim.companion",
    # Model-change history of what officials edit (AUDITLOG_INCLUDE_TRACKING_MODELS below).
    "auditlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each audited change (after authentication, so the actor is known).
    "auditlog.middleware.AuditlogMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a refused submit (accounts.ratelimits) into the Korean 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so it can turn a locked-out sign-in from any form into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anshim.urls"
WSGI_APPLICATION = "anshim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide overrides of third-party templates (the admin's base_site).
        "DIRS": [BASE_DIR / "anshim" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anshim.portal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("ANSHIM_SQLITE_PATH", str(VAR_DIR / "anshim.sqlite3")),
            "OPTIONS": {
                # WAL lets readers proceed while one writer commits; IMMEDIATE avoids
                # the "database is locked" upgrade deadlock between two writers.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes comes first so a locked-out person is refused before any password is checked;
# officials sign in to the admin by username, citizens on the portal by email.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"

# --- Citizen sign-in (django-allauth) ---------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Development lets people in before they confirm; production requires the confirmation mail.
ACCOUNT_EMAIL_VERIFICATION = os.environ.get(
    "ANSHIM_EMAIL_VERIFICATION", "mandatory" if env_bool("ANSHIM_PRODUCTION") else "optional"
)
# Reset and sign-up answer the same whether or not an address is registered.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
# Per-account lockout is django-axes' job (below); allauth keeps only a flood limit per address,
# so a locked-out person always sees the lockout page, not a second, different message.
# The other limits stop scripted sign-ups and reset-mail floods; a refusal renders our Korean
# 429.html (allauth renders the template "429.html" with status 429).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip",
    "login": "30/m/ip",
    "signup": "5/10m/ip",
    "reset_password": "5/10m/ip,3/10m/key",
    "reset_password_from_key": "10/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[서울 1인가구 포털] "
SOCIALACCOUNT_PROVIDERS = SOCIAL_PROVIDERS

# --- Cache: shared by every gunicorn worker, so rate limits hold across them ---
# No memcached or Redis is part of the platform; the database cache is shared and persistent.
# Its increments are not atomic, so a burst can slip a request or two past a limit: acceptable
# for flood control (django_ratelimit's check says so as E003, which is why it is not installed as
# an app). `manage.py createcachetable` creates the table; the test runner does it on its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "anshim_cache"}}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "anshim.portal.views.rate_limited"
# Every citizen or official submit (accounts.ratelimits.limit_submits): per signed-in user, else per address.
ANSHIM_SUBMIT_RATE = os.environ.get("ANSHIM_SUBMIT_RATE", "30/m")

# --- Sign-in lockout (django-axes): 5 failures lock that account from that address ---
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "anshim.accounts.security.attempted_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Background work (django-tasks on the database; `manage.py db_worker` runs them) ---
TASKS = {"default": {"BACKEND": os.environ.get("ANSHIM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Email: printed to the console unless a real backend is configured ---
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "서울 1인가구 포털 <no-reply@localhost>")

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ANSHIM_STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm (package-lock.json) and are served from their
# dist folders under stable prefixes; nothing is copied into the repository.
STATICFILES_DIRS = [
    ("vendor/krds", NODE_MODULES / "krds-uiux" / "resources"),
    # krds-uiux 1.1.0's component.css points its icons at ../../img/img/…; this alias makes
    # those references resolve without patching the package.
    ("vendor/krds/img/img", NODE_MODULES / "krds-uiux" / "resources" / "img"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/pretendard", NODE_MODULES / "pretendard" / "dist" / "web" / "variable"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "ANSHIM_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("ANSHIM_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Notice attachments: what officials may upload and how large.
ANSHIM_ATTACHMENT_MAX_BYTES = int(os.environ.get("ANSHIM_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
ANSHIM_ATTACHMENT_EXTENSIONS = ["pdf", "hwp", "hwpx", "docx", "xlsx", "png", "jpg", "jpeg"]
ANSHIM_IMPORT_MAX_BYTES = int(os.environ.get("ANSHIM_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Maps -----------------------------------------------------------------
# Empty means "no background tiles": the district polygons still draw. Tests and
# offline machines run without tiles; production sets an approved tile server.
ANSHIM_MAP_TILE_URL = os.environ.get("ANSHIM_MAP_TILE_URL", "")
ANSHIM_MAP_TILE_ATTRIBUTION = os.environ.get("ANSHIM_MAP_TILE_ATTRIBUTION", "")

# --- Paging -----------------------------------------------------------------
ANSHIM_PAGE_SIZE = 12

# --- Content Security Policy (django-csp 4) ----------------------------------
# Nothing inline: every script and style is a static file of ours or of an npm package.
# htmx's own indicator <style> is switched off in the base template (htmx-config) and the
# indicator rules live in portal.css. /api/docs uses ninja's bundled Swagger UI (static files).
# Leaflet's {s} subdomain placeholder becomes a CSP wildcard host (https://*.tile.example).
_tile = urlsplit(ANSHIM_MAP_TILE_URL.replace("{s}", "*"))
_MAP_TILE_ORIGIN = f"{_tile.scheme}://{_tile.netloc}" if _tile.scheme and _tile.netloc else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *(SOCIAL_AUTHORIZE_ORIGINS[provider] for provider in SOCIAL_PROVIDERS)],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Audit trail (django-auditlog): the models officials change ----------------
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "catalog.Policy",
    "catalog.PolicyRule",
    "programs.Program",
    "programs.Center",
    "content.Notice",
    "accounts.StaffRole",
    # 병원 안심동행 rule versions: the city's edits decide fees and limits.
    "companion.RuleSet",
    # Never the password hash, nor the last-login stamp every sign-in rewrites.
    {"model": "accounts.User", "exclude_fields": ["password", "last_login"]},
)

# --- Security headers and cookies ------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Production hardening -------------------------------------------------
if env_bool("ANSHIM_PRODUCTION"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("ANSHIM_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ANSHIM_LOG_LEVEL", "WARNING")},
}
