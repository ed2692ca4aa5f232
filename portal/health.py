"""`/healthz`: can this app server do its work? For the proxy and the load balancer.

Each probe is cheap: one trivial query, one cache round trip, one existence check
on each file storage (the first probe on a fresh storage writes a tiny marker
file). The answer names the checks and their outcome, never an error message:
those can hold host names or credentials and go to the log instead.
"""

import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

#: Written once per storage, then only looked up.
STORAGE_MARKER = "health/marker.txt"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer to SELECT 1")


def check_cache() -> None:
    key = f"healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def _check_storage(alias: str) -> None:
    storage = storages[alias]
    if storage.exists(STORAGE_MARKER):
        return
    name = storage.save(STORAGE_MARKER, ContentFile(b"ok\n"))
    if name != STORAGE_MARKER:
        # Another server wrote the marker at the same moment: keep theirs.
        storage.delete(name)
    if not storage.exists(STORAGE_MARKER):
        raise RuntimeError("the marker file just written cannot be found")


def check_storage() -> None:
    _check_storage("default")


def check_private_storage() -> None:
    _check_storage("private")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "private_storage": check_private_storage,
}


@never_cache
@require_safe
def healthz(request):
    """200 `{"status": "ok", "checks": {...}}` when every check passes, else 503."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("health check %s failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(outcome == "ok" for outcome in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
