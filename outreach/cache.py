"""A content version number for template fragment caches.

Fragments that list pages (the main menu, the home page's lists, the language
links) are cached under a key that includes this number. Publishing,
unpublishing, moving or deleting content bumps it, so every app server sharing
the cache (Redis in production) stops using the old fragments at once, without
knowing which fragments a change touched.
"""

from django.core.cache import cache

CONTENT_VERSION_KEY = "outreach:content-version"


def content_version() -> int:
    return cache.get_or_set(CONTENT_VERSION_KEY, 1, timeout=None)


def bump_content_version(**kwargs) -> None:
    """Signal receiver: any published content changed."""
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # the key expired or was never set
        cache.set(CONTENT_VERSION_KEY, 2, timeout=None)
