"""Production settings: several stateless app servers on PostgreSQL and Redis.

Secrets and hosts have no defaults. A missing one stops the process at start
with a one-line message that names the variable.
"""

from .base import *  # noqa: F403
from .base import env


def _required(name: str, cast=str):
    """Read a variable that production cannot run without."""
    raw = env.str(name, default="").strip()
    if not raw:
        raise SystemExit(
            f"ImproperlyConfigured: the environment variable {name} must be set "
            "in production (see .env.example)."
        )
    return env.list(name) if cast is list else raw


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = _required("DJANGO_ALLOWED_HOSTS", cast=list)
_required("DATABASE_URL")
PERSONAL_DATA_KEYS = _required("DJANGO_PERSONAL_DATA_KEYS", cast=list)
REDIS_URL = _required("REDIS_URL")

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal",
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}

# --- Sessions and shared files (several app servers) --------------------------
# Sessions: `cached_db` reads them from Redis and writes them through to
# PostgreSQL. Every app server sees the same session, reads cost no database
# query, and a Redis restart or `cache.clear()` signs nobody out (the session is
# reloaded from the database), which a pure cache session would.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def _s3_storage(bucket: str, **options) -> dict:
    """An S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS ...).

    Without DJANGO_S3_ACCESS_KEY_ID the credentials come from boto3's usual
    chain (AWS_ACCESS_KEY_ID, an instance role ...). Names are never
    overwritten: a second upload with the same name gets a suffix, as on disk.
    """
    config = {
        "bucket_name": bucket,
        "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("DJANGO_S3_REGION", default="") or None,
        "addressing_style": env.str("DJANGO_S3_ADDRESSING_STYLE", default="") or None,
        "file_overwrite": False,
        # No ACL header: objects get the bucket's own policy (buckets with ACLs
        # disabled refuse uploads that carry one).
        "default_acl": None,
        **options,
    }
    access_key = env.str("DJANGO_S3_ACCESS_KEY_ID", default="")
    if access_key:
        config["access_key"] = access_key
        config["secret_key"] = _required("DJANGO_S3_SECRET_ACCESS_KEY")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": config}


# Uploaded images and documents: a bucket when DJANGO_MEDIA_S3_BUCKET is set,
# otherwise MEDIA_ROOT, which must then be one volume shared by every app server.
_media_bucket = env.str("DJANGO_MEDIA_S3_BUCKET", default="")
if _media_bucket:
    MEDIA_STORAGE = _s3_storage(
        _media_bucket,
        # Public objects at plain URLs (the bucket policy allows reading them),
        # optionally through a CDN or the portal's own media domain.
        custom_domain=env.str("DJANGO_MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
        querystring_auth=False,
    )
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Volunteers' ID and certificate scans: a private bucket (no public access, no
# ACL) when DJANGO_PRIVATE_S3_BUCKET is set, otherwise PRIVATE_MEDIA_ROOT. The
# portal streams them through a permission-checked view and never links to the
# bucket; should anything ask for a URL, it gets one signed for a minute only.
_private_bucket = env.str("DJANGO_PRIVATE_S3_BUCKET", default="")
if _private_bucket and _private_bucket == _media_bucket:
    raise SystemExit(
        "ImproperlyConfigured: DJANGO_PRIVATE_S3_BUCKET must not be the public media bucket "
        "DJANGO_MEDIA_S3_BUCKET."
    )
if _private_bucket:
    PRIVATE_STORAGE = _s3_storage(
        _private_bucket,
        querystring_auth=True,
        querystring_expire=60,
    )

STORAGES = {
    "default": MEDIA_STORAGE,
    # Static files stay in the app: whitenoise serves them with hashed names.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
# The proxy's health probe may use plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# --- end of sessions and shared files ------------------------------------------

# Background work runs in its own process: `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)

# HTTPS is terminated at the proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# nosniff, Referrer-Policy, X-Frame-Options and the CSP are set in base.py for every
# environment; production adds only what needs HTTPS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "upgrade-insecure-requests": True,
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],  # noqa: F405
        "upgrade-insecure-requests": True,
    }
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Authentication: the client address for rate limits comes from X-Forwarded-For as
# set by our one nginx in front (raise for more proxies of our own, 0 for none).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
