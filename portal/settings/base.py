"""Settings shared by every environment.

Every value that differs between machines is read from the environment through
one typed reader (django-environ). The defaults here are safe for development;
`production.py` removes the defaults for secrets and hosts.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; real deployments set the process environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps, lowest layer first: partners <- volunteers <- outreach.
    "partners",
    "volunteers",
    "outreach",
    # The project package as an app for its management commands (backup_portal,
    # restore_portal); it has no models.
    "portal",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
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
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Lists a user's sessions and lets the portal end them (deactivated partners).
    "allauth.usersessions",
    # Data exchange and background work
    "import_export",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Content-Security-Policy (its system checks catch settings in the old 3.x format).
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers (see "Security headers" below and portal/headers.py).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "portal.headers.AreaCSPMiddleware",
    "portal.headers.PersonalDataNoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Whole public pages for anonymous visitors (see "Page cache" below): after the
    # language is known, before CSRF marks a page that used a token.
    "outreach.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Authentication hardening (see "Authentication" below and portal/authentication.py).
    "portal.authentication.SessionLifetimeMiddleware",
    "portal.authentication.MFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "outreach.context_processors.display_mode",
                "outreach.context_processors.fragment_cache",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Form choice lists iterate querysets; server-side cursors would cost three round
    # trips each (DECLARE, FETCH, CLOSE) and break behind a transaction-pooling proxy.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's check, with an error message that has a Chinese translation.
        "NAME": "portal.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Staff sign in through allauth too: one login page, one set of protections.
WAGTAILADMIN_LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Internationalisation: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static and media files. Nothing is loaded from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Volunteers' ID and certificate scans: outside MEDIA_ROOT, never at a public URL;
# served only through permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}

# Email
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Where django.core.mail.backends.filebased.EmailBackend writes one file per message
# (the multi-instance test reads the address-confirmation link from there).
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="法律援助中心 <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work through Django's task API (django-tasks backport).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Email tasks retry on SMTP/network errors (portal/tasks.py): attempts in all, and the
# delay in seconds before the second one, doubled after each failure.
EMAIL_TASK_MAX_ATTEMPTS = env.int("EMAIL_TASK_MAX_ATTEMPTS", default=5)
EMAIL_TASK_RETRY_DELAY = env.int("EMAIL_TASK_RETRY_DELAY", default=60)

# Accounts (django-allauth): email login, mandatory verification.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

# --- Authentication ------------------------------------------------------------------
# Staff (anyone who can open the Wagtail admin) and partner coordinators must set up
# an authenticator app (TOTP) before any other page; setting it up shows recovery
# codes. Enforced by portal.authentication.MFARequiredMiddleware; off in dev and test.
MFA_REQUIRED_FOR_STAFF = env.bool("DJANGO_MFA_REQUIRED", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Also accept the code of the 30-second step before or after: phone clocks drift.
MFA_TOTP_TOLERANCE = 1
# Rate limits (allauth; counters live in the cache, Redis in production, so every app
# server shares them). Each is a sliding window: an attacker can delay sign-ins for at
# most the window (the cool-off), never lock an account for good, and a password reset
# clears an account's failed-login counter. Wrong two-factor codes are limited the same
# way, per account. Wagtail's own login is redirected to allauth's (portal/urls.py).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/5m/ip,5/15m/key",
    "signup": "20/h/ip",
    "reset_password": "10/15m/ip,3/15m/key",
    "reset_password_from_key": "20/15m/ip",
    "confirm_email": "1/3m/key",
}
# The client address for those limits: X-Forwarded-For is trusted only for this many
# proxies of our own (0: use the socket address; 1 behind nginx), or a single header
# set by the proxy (e.g. X-Real-IP) when DJANGO_TRUSTED_CLIENT_IP_HEADER names one.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("DJANGO_TRUSTED_CLIENT_IP_HEADER", default="") or None
# A reset request for an unknown address looks exactly like one for a known address
# and sends nothing (ACCOUNT_PREVENT_ENUMERATION above covers the page itself).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Wagtail's password reset would bypass allauth's limits: staff use allauth's.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Sessions end after this many minutes without a request and this many hours after
# signing in (portal.authentication.SessionLifetimeMiddleware); the cookie and the
# stored session expire with the idle limit too. No "remember me": the cookie also
# ends with the browser, for shared computers in centres and workstations.
SESSION_IDLE_MINUTES = env.int("DJANGO_SESSION_IDLE_MINUTES", default=60)
SESSION_MAX_HOURS = env.int("DJANGO_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# The last-activity time is written at most this often (seconds): one session write
# a minute instead of one per request; the idle limit is exact to a minute.
SESSION_SEEN_RESOLUTION_SECONDS = 60
ACCOUNT_SESSION_REMEMBER = False

# Referrals and personal data (PIPL). Keys encrypt ID numbers: newest first, so
# a new key can be put in front of the old ones; every key still decrypts.
PERSONAL_DATA_KEYS = env.list("DJANGO_PERSONAL_DATA_KEYS", default=[])
REFERRAL_REVIEW_DAYS = env.int("REFERRAL_REVIEW_DAYS", default=7)
REFERRAL_DUPLICATE_DAYS = env.int("REFERRAL_DUPLICATE_DAYS", default=90)
# Personal fields of finished referrals are anonymised after this many months.
REFERRAL_RETENTION_MONTHS = env.int("REFERRAL_RETENTION_MONTHS", default=36)
PARTNER_INVITATION_DAYS = env.int("PARTNER_INVITATION_DAYS", default=14)

# Volunteers
# Hours a waitlisted volunteer has to confirm a place that freed up.
VOLUNTEER_OFFER_HOURS = env.int("VOLUNTEER_OFFER_HOURS", default=24)
VOLUNTEER_UPLOAD_MAX_BYTES = env.int("VOLUNTEER_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# A CJK font file embedded (subset) in certificates of service; Debian's fonts-noto-cjk.
CERTIFICATE_FONT = env.str(
    "CERTIFICATE_FONT", default="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
)
# Outgoing text messages: the console backend prints them; plug in a provider's class.
SMS_BACKEND = env.str("SMS_BACKEND", default="volunteers.sms.ConsoleSMSBackend")

# Wagtail
WAGTAIL_SITE_NAME = _("Legal aid network")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatar requests to an outside service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_FINDERS = []
# The end of the two-step review publishes (see outreach.workflows). An edit made
# during review needs both approvals again, so nothing unreviewed is published.
WAGTAIL_FINISH_WORKFLOW_ACTION = "outreach.workflows.publish_after_review"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "jpg", "png"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document downloads as an attachment (never rendered inside the site).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Display preferences
ELDER_MODE_COOKIE = "elder_mode"

# --- Page cache ----------------------------------------------------------------------
# Public pages (Wagtail pages, the directory and its API) are served to anonymous
# visitors from the cache for at most this many seconds; publishing or a directory
# change retires them at once (outreach.page_cache, outreach.cache). 0 turns it off.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=300)
# --- end of page cache ---------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Task start/finish and page publish lines drown the useful output.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "jieba": {"level": "WARNING"},
    },
}

# --- Security headers ----------------------------------------------------------------
# Strict Content-Security-Policy on every public, volunteer and partner page: nothing
# inline, nothing from another origin. Scripts live in static/js/, styles in
# static/css/ (pygal's chart CSS too, see portal.charts), so no nonce is needed and
# cached pages stay byte-identical. `data:` images: allauth's TOTP QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Only under /admin/ (portal.headers.AreaCSPMiddleware): Wagtail's admin uses inline
# scripts and styles, `data:`/`blob:` images (upload previews) and frames its own
# preview pages.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Features no page uses are switched off for the page and anything it embeds.
# Nothing asks for the visitor's location (the directory searches by area), so
# geolocation is off too. Only features Chromium knows on every platform: an
# unknown one (e.g. "bluetooth" on Linux) is logged as an error on every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
