"""Settings for Samverkan, read from environment variables (see README).

With nothing set: SQLite file, Celery tasks run eagerly in-process, email to the
console, DEBUG on. Production sets DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from common import env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.bool_var("DEBUG", default=True)

SECRET_KEY = env.str_var("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env.list_var(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated).")
CSRF_TRUSTED_ORIGINS = env.list_var("CSRF_TRUSTED_ORIGINS", [])

# The public address of the portal, used in emails and feeds. Unset, it is where `make run`
# serves (RUN_HOST, RUN_PORT), so links follow `make run RUN_PORT=8101`.
_RUN_HOST = env.str_var("RUN_HOST", "127.0.0.1")
_RUN_HOST = "127.0.0.1" if _RUN_HOST in {"0.0.0.0", "::", "[::]"} else _RUN_HOST
_RUN_ADDRESS = f"http://{_RUN_HOST}:{env.int_var('RUN_PORT', 8000)}"
SITE_URL = env.str_var("SITE_URL", _RUN_ADDRESS).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_ratelimit",
    "import_export",
    "audit",
    "agreements",
    "parties",
    "steering",
    "actionplan",
    "followup",
    "config.apps.PortalConfig",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too.
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    # Which agreement the address names (request.agreement; a prefix is taken off
    # path_info), and the guard around the rest of the request (config.agreement_routing).
    # Above the page cache, whose keys depend on the agreement.
    "config.agreement_routing.AgreementRoutingMiddleware",
    # A body larger than its path accepts is refused before it is read (REQUEST_BODY_*).
    "config.uploads.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache: below the security headers, which hits get
    # afresh, and above everything a hit does not need (sessions, CSRF, the database).
    "config.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: staff sessions end at their limits (below).
    "config.sessions.StaffSessionLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff without a second factor are sent to set one up.
    "config.mfa.RequireStaffSecondFactorMiddleware",
    # In the admin the guard holds the staff member's agreements (needs the user).
    "config.agreement_routing.AdminScopeMiddleware",
]

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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.database_var(
        "DATABASE_URL",
        default={
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        },
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int_var("CONN_MAX_AGE", 60 if not DEBUG else 0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A kept connection is checked before a request uses it, so a database restart between
# requests costs no error page; and connecting gives up after a few seconds, so /healthz
# answers 503 instead of hanging when the database host does not answer.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (gunicorn's workers, `make run` with a worker) write one file: take
    # the write lock when a transaction starts and wait for it, instead of failing with
    # "database is locked" halfway; readers do not block the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int_var("DATABASE_CONNECT_TIMEOUT", 5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every password a person chooses (sign-up, reset, change, the admin) passes these: allauth
# validates with them too. At least 12 characters (ASVS 2.1.1), none of the 20,000 most
# common passwords, not all digits, not like the person's own name or address.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# allauth: people sign in with their email address, which must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samverkan] "
ACCOUNT_ADAPTER = "config.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "config.accounts.PortalLoginForm"}
# Choosing a password through the emailed link signs the person in and sends them on to the
# page they came for (config.accounts), instead of asking for the new password at once.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Failed sign-ins (password or second-factor code) per minute from one address and per
# five minutes for one account; allauth counts them in the cache.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
LOGIN_REDIRECT_URL = "/"

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes.
# Compulsory for staff (config.mfa); contact persons may turn it on at /konto/2fa/.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samverkan"
MFA_FORMS = {
    "authenticate": "config.mfa_forms.AuthenticateCodeForm",
    "reauthenticate": "config.mfa_forms.ReauthenticateCodeForm",
    "activate_totp": "config.mfa_forms.ActivateTOTPCodeForm",
}
# One 30-second step either side, for phones whose clock is a little off.
MFA_TOTP_TOLERANCE = 1
LOGIN_URL = "account_login"

# Sessions (config.sessions). Staff: at most 12 hours after signing in and 30 minutes
# without activity. Everyone else: allauth asks "Kom ihåg mig" (ACCOUNT_SESSION_REMEMBER
# None); ticked, the session lasts SESSION_COOKIE_AGE, otherwise until the browser closes.
STAFF_SESSION_MAX_AGE = 12 * 60 * 60
STAFF_SESSION_IDLE_TIMEOUT = 30 * 60
ACCOUNT_SESSION_REMEMBER = None
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60

# Language: Swedish first, English complete. URLs carry no language prefix;
# the choice is kept in a cookie set by the language switch.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str_var("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str_var("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
_MB = 1024 * 1024
# Request bodies (config.uploads): one whose declared length is above its path's limit is
# answered 413 before a byte is read. The application form takes a PDF of at most 5 MB
# (parties.forms) and its fields; the admin imports action plans and takes attachments;
# every other form is text. The proxy in front of the stack allows the largest of these.
REQUEST_BODY_MAX_BYTES = 3 * _MB
REQUEST_BODY_LIMITS = {"/anslut/": 6 * _MB, "/admin/": 12 * _MB}
# Django's own: form fields besides files (checked as the body is parsed), and the size up
# to which an upload is held in memory rather than in a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * _MB)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * _MB
# Uploaded and generated files (attachments, report PDFs) are readable by the portal's own
# user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Email.
_email = env.email_var("EMAIL_URL")
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _key, _value in _email.items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.str_var("DEFAULT_FROM_EMAIL", "Samverkan <noreply@samverkan.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STEERING_GROUP_EMAIL = env.str_var("STEERING_GROUP_EMAIL", "styrgrupp@samverkan.example")

# Celery: without a broker, tasks run eagerly in the web process.
CELERY_BROKER_URL = env.broker_var("CELERY_BROKER_URL") or env.broker_var("REDIS_URL")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, a report is rendered in a thread after the click's request has returned
# (followup.reports.start_generation); the tests turn it off.
REPORT_GENERATION_IN_BACKGROUND = env.bool_var("REPORT_GENERATION_IN_BACKGROUND", True)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands a task whose worker died without acknowledging it (acks_late) to another
# worker after this many seconds. Longer than any task runs, including a retry's countdown.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int_var("CELERY_VISIBILITY_TIMEOUT", 60 * 60),
}

# Tasks that send email or render a report retry on temporary failures, waiting a random
# time up to TASK_RETRY_BACKOFF·2^n seconds, at most TASK_RETRY_BACKOFF_MAX (common.retrying).
# The cap stays below the visibility timeout, or Redis would hand a waiting retry to a
# second worker.
TASK_RETRY_BACKOFF = env.int_var("TASK_RETRY_BACKOFF", 60)
TASK_RETRY_BACKOFF_MAX = env.int_var("TASK_RETRY_BACKOFF_MAX", 600)
# Where the outbox (common.outbox) claims each email it sends, once.
OUTBOX_MODEL = "audit.SentNotification"

# The controller of personal data (the region) and its contacts, shown in the privacy notice.
DATA_CONTROLLER = {
    "name": env.str_var("DATA_CONTROLLER_NAME", "Region Norrådalen"),
    "org_number": env.str_var("DATA_CONTROLLER_ORGNR", "232100-0000"),
    "address": env.str_var("DATA_CONTROLLER_ADDRESS", "Box 100, 891 00 Norråstad"),
    "email": env.str_var("DATA_CONTROLLER_EMAIL", "registrator@region.example"),
    "phone": env.str_var("DATA_CONTROLLER_PHONE", "010-000 00 00"),
    "dpo_email": env.str_var("DATA_PROTECTION_OFFICER_EMAIL", "dataskyddsombud@region.example"),
}
# The agreement unprefixed addresses (today's links, e.g. /undertecknare/) redirect to, by its
# short name; empty: the oldest agreement hosted.
DEFAULT_AGREEMENT = env.str_var("DEFAULT_AGREEMENT", "")
ACCESSIBILITY_CONTACT_EMAIL = env.str_var(
    "ACCESSIBILITY_CONTACT_EMAIL", "tillganglighet@region.example"
)
# Personal data of rejected applications and of ended contact persons is erased this many
# days after the decision or the end (parties.retention, run nightly by beat).
PERSONAL_DATA_RETENTION_DAYS = env.int_var("PERSONAL_DATA_RETENTION_DAYS", 365)

# A shared cache (Redis) when one is configured: rate limits must count across processes.
_cache_url = env.broker_var("REDIS_URL") or CELERY_BROKER_URL
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "samverkan"}
    ),
    # Whole anonymous pages (config.pagecache), shared by every process so that a change
    # made through one shows at once in all: Redis, else files in PAGE_CACHE_DIR.
    "pages": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "pages",
        }
        if _cache_url
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str_var("PAGE_CACHE_DIR", str(BASE_DIR / ".pagecache")),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
}
# How long a cached page may be served at most (a safety net: every write to the database
# invalidates them at once anyway). 0 switches the page cache off.
PAGE_CACHE_SECONDS = env.int_var("PAGE_CACHE_SECONDS", 5 * 60)
# Applications per address and hour; django-ratelimit counts them in the cache.
APPLICATION_RATE_LIMIT = env.str_var("APPLICATION_RATE_LIMIT", "20/h")
# Handover invitations a party's contact person may send in 24 hours (one is open at a time).
CONTACT_INVITATIONS_PER_DAY = env.int_var("CONTACT_INVITATIONS_PER_DAY", 5)
# Days the link that confirms a contact role named in an application stays valid.
CONTACT_CONFIRMATION_DAYS = env.int_var("CONTACT_CONFIRMATION_DAYS", 60)
RATELIMIT_ENABLE = env.bool_var("RATELIMIT_ENABLE", default=True)
# The client's address (config.clientip): REMOTE_ADDR, or behind this many reverse proxies
# of ours, the address the nearest appended to X-Forwarded-For. Sign-in limits (allauth)
# and the application form's limit both key on it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int_var("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
RATELIMIT_IP_META_KEY = env.str_var("RATELIMIT_IP_META_KEY", "config.clientip.client_ip")
# django-ratelimit 4.1 predates Django's own RedisCache, which it uses fine (atomic incr).
# In-process development without Redis: the local-memory cache is good enough.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + (
    [] if _cache_url else ["django_ratelimit.E003"]
)

# Security headers on every response, in development too, so a page that breaks under
# them breaks on the developer's machine first. HSTS is production-only (below).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: they live in static/ (django-csp 4's format).
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        # data: for the QR code allauth's two-factor setup shows as an inline SVG image.
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}
# Browser features the portal never uses, switched off for it and anything it embeds.
# (publickey-credentials-* stay at the browser's default, 'self', for passkeys.)
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Production hardening, on whenever DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool_var("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Only a local stack without TLS (docker compose on a laptop) turns these off.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool_var("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int_var("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a commitment for the whole domain that its owner makes, not this app.
    SECURE_HSTS_PRELOAD = env.bool_var("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str_var("LOG_LEVEL", "INFO")},
    # WeasyPrint and the font subsetter log every font and layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
