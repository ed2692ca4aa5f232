"""Whole-page cache for anonymous visitors of the public pages.

Visitors who are not signed in get the public pages (Wagtail pages, the
directory and its open-data API) from the shared cache: Redis in production,
so every app server serves and invalidates the same copies; local memory in
development. A hit costs one round trip to the cache and no SQL.

Why not Django's `UpdateCacheMiddleware`/`FetchFromCacheMiddleware`: they key on
the URL and the response's `Vary` headers. Every public page varies on `Cookie`
(the session, the elder-mode preference), and Django's key then includes the
whole Cookie header, so any visitor with a `csrftoken` or another unrelated
cookie gets a private copy and the cache is useless. Their only invalidation is
the timeout. This middleware keys on exactly what changes the page: the address
(scheme, host, path and a page number), the language and the elder-friendly
display flag. Each copy carries the two version numbers (outreach.cache) it
was rendered under, which publishing a page or changing the directory (or
another row public pages show) bumps; a copy whose numbers are not current is
rendered anew, so a published change shows on the next request on every
server. The numbers and the copy are read in one round trip to Redis.

What is never served from or stored in the cache:

* visitors with a session cookie (signed in, or part-way through signing up)
  or with pending messages: they bypass it completely;
* anything but GET and HEAD (HEAD is answered from the GET copy);
* addresses outside the allowlist (`CACHEABLE_NAMESPACES`, Wagtail's page
  view): accounts, partner and volunteer pages, the admin, health checks,
  search;
* a query string other than a page number;
* responses other than a plain 200, responses that set a cookie (a page that
  embeds a CSRF token sets the csrftoken cookie, so it is never stored; the
  public pages carry none: the elder-mode form is CSRF-exempt and the language
  links are plain links), responses marked private/no-store/no-cache, and
  streaming responses.

Responses say `X-Cache: HIT` or `X-Cache: MISS` (for requests that could have
been served from the cache) for the benchmark and tests.

Place it after LocaleMiddleware (the key uses the active language) and before
CsrfViewMiddleware, so that a token used while rendering shows up as a cookie
on the response before this middleware decides whether to store it.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from partners.api import request_language

from .cache import versions_and_entry

# URL namespaces whose every view is public and the same for every anonymous visitor.
DIRECTORY_NAMESPACE = "partners"
API_NAMESPACE = "directory-api"
CACHEABLE_NAMESPACES = frozenset({DIRECTORY_NAMESPACE, API_NAMESPACE})
# Wagtail's catch-all page view (wagtail.urls).
WAGTAIL_SERVE = "wagtail_serve"
# Query parameters that may be part of a cached address; any other bypasses the cache.
PAGING_PARAMETERS = {
    DIRECTORY_NAMESPACE: frozenset({"page"}),
    API_NAMESPACE: frozenset({"page", "per_page"}),
    WAGTAIL_SERVE: frozenset({"page"}),
}
MAX_PAGING_DIGITS = 6
# Directives under which a response must not be shared with other visitors.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
KEY_PREFIX = "page-cache"
CACHE_HEADER = "X-Cache"


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _bypasses_cache(request) -> bool:
    """Visitors whose pages may differ from everyone else's."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _area(request) -> str | None:
    """The allowlist entry the address belongs to, or None when it is not cacheable."""
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _area_of(urlconf, request.path_info, translation.get_language())


# Resolving a path walks every URL pattern before Wagtail's catch-all: the largest
# part of a cache hit's own work. The answer depends only on these arguments.
@functools.lru_cache(maxsize=4096)
def _area_of(urlconf: str, path_info: str, language: str) -> str | None:
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    if match.url_name == WAGTAIL_SERVE:
        return WAGTAIL_SERVE
    namespace = match.namespaces[0] if match.namespaces else None
    return namespace if namespace in CACHEABLE_NAMESPACES else None


def _paging(request, area: str) -> str | None:
    """The query string as part of the key, or None when it has anything but a page number."""
    query = request.GET
    if not query:
        return ""
    allowed = PAGING_PARAMETERS[area]
    parts = []
    for name in sorted(query):
        values = query.getlist(name)
        if name not in allowed or len(values) != 1:
            return None
        value = values[0]
        if not (value.isascii() and value.isdigit() and len(value) <= MAX_PAGING_DIGITS):
            return None
        parts.append(f"{name}={value}")
    return "&".join(parts)


def cache_key(request) -> str | None:
    """The key of this request's page, or None when it must not touch the cache."""
    if request.method not in ("GET", "HEAD") or _bypasses_cache(request):
        return None
    area = _area(request)
    if area is None:
        return None
    paging = _paging(request, area)
    if paging is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # The API picks its language from Accept-Language, the pages from their address.
    language = request_language(request) if area == API_NAMESPACE else request.LANGUAGE_CODE
    elder = request.COOKIES.get(settings.ELDER_MODE_COOKIE) == "1"
    address = f"{request.scheme}://{host}{request.path}?{paging}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{KEY_PREFIX}:{language}:{int(elder)}:{digest}"


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    # SessionMiddleware, outside this one, would start a session for this visitor.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in PRIVATE_DIRECTIVES):
        return False
    if "*" in response.get("Vary", ""):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _rebuild(content, headers) -> HttpResponse:
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = _timeout()
        key = cache_key(request) if timeout > 0 else None
        if key is None:
            return self.get_response(request)

        # Read before rendering: a copy is stamped with the versions of the rows it shows.
        versions, stored = versions_and_entry(key)
        if stored is not None and stored[0] == versions:
            response = _rebuild(*stored[1:])
            response.headers[CACHE_HEADER] = "HIT"
        else:
            response = self.get_response(request)
            if _storable(request, response):
                headers = list(response.headers.items())
                cache.set(key, (versions, response.content, headers), timeout)
            response.headers[CACHE_HEADER] = "MISS"
        # The page served depends on cookies (session, elder mode): shared caches
        # downstream must not hand one visitor's copy to another.
        patch_vary_headers(response, ("Cookie",))
        return response
