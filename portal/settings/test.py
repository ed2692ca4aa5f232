"""Test settings: fast hashing, in-memory email, immediate tasks.

`DATABASE_URL` selects PostgreSQL for the second run of the suite; SQLite otherwise.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
PERSONAL_DATA_KEYS = [SECRET_KEY, "test-only-older-key"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/legal-aid-portal-test-media")  # noqa: S108
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Authentication: tests that need two-factor turn it on with the `settings` fixture
# (portal/tests/test_authentication.py); the rest sign staff in with force_login.
MFA_REQUIRED_FOR_STAFF = False

# Page cache: off, so tests that change rows without a publish signal see the change;
# outreach/tests/test_page_cache.py turns it on with the `settings` fixture.
PAGE_CACHE_SECONDS = 0

# Query-count tests compare requests made seconds or minutes apart on a busy machine:
# the once-a-minute last-activity write must not land between them.
SESSION_SEEN_RESOLUTION_SECONDS = 24 * 3600
