"""Version numbers that retire cached fragments and cached pages.

Fragments that list pages (the main menu, the home page's lists, the language
links) are cached under a key that includes the content version. Publishing,
unpublishing, moving or deleting content bumps it, so every app server sharing
the cache (Redis in production) stops using the old fragments at once, without
knowing which fragments a change touched.

Whole public pages (outreach.page_cache) are stored with the content version
and the data version they were rendered under, and served only while both are
current. The data version changes with the rows public pages show that are not
published through Wagtail: the directory (areas, service points, their opening
hours, liaison officers, partner organisations, the roster), the site settings
and the campaign logs a campaign page totals. The fragments show none of those,
so it leaves them alone.

A change made inside a transaction bumps the version twice: at once, and again
when the transaction commits. A request that read the first new number but the
old rows (the commit had not happened yet) stored its page under numbers the
second bump retires, so the next request after the commit renders afresh.
"""

from django.core.cache import cache
from django.db import transaction

CONTENT_VERSION_KEY = "outreach:content-version"
DATA_VERSION_KEY = "outreach:data-version"


def content_version() -> int:
    return cache.get_or_set(CONTENT_VERSION_KEY, 1, timeout=None)


def versions_and_entry(key: str) -> tuple[tuple[int, int], object]:
    """The content and data versions, and the entry under `key` (None if absent).

    One cache round trip (a Redis MGET): the page cache reads this for every request
    it may answer, and a second round trip would cost more than the rest of a hit.
    """
    keys = [CONTENT_VERSION_KEY, DATA_VERSION_KEY]
    found = cache.get_many([*keys, key])
    if not all(name in found for name in keys):
        # add(), not set(): a bump on another server between get and add must win.
        for name in keys:
            if name not in found:
                cache.add(name, 1, timeout=None)
        found = {**cache.get_many(keys), key: found.get(key)}
    return (found.get(CONTENT_VERSION_KEY, 1), found.get(DATA_VERSION_KEY, 1)), found.get(key)


def _increment(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # the key expired or was never set
        cache.set(key, 2, timeout=None)


def _bump(key: str) -> None:
    _increment(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _increment(key))


def bump_content_version(**kwargs) -> None:
    """Signal receiver: any published content changed."""
    _bump(CONTENT_VERSION_KEY)


def bump_data_version(**kwargs) -> None:
    """Signal receiver: a row public pages show (not a published page) changed."""
    _bump(DATA_VERSION_KEY)


def bump_data_version_on_change(created=False, **kwargs) -> None:
    """post_save receiver for the site settings: the row made on first use changes nothing."""
    if not created:
        _bump(DATA_VERSION_KEY)
