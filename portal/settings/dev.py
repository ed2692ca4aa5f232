"""Development settings: work with no environment at all."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Development only: production has no default and refuses to start without one.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
PERSONAL_DATA_KEYS = env.list("DJANGO_PERSONAL_DATA_KEYS", default=[SECRET_KEY])
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Authentication: the demo accounts of `make run` sign in without two-factor; set
# DJANGO_MFA_REQUIRED=true to try the TOTP setup locally.
MFA_REQUIRED_FOR_STAFF = env.bool("DJANGO_MFA_REQUIRED", default=False)
