"""Template context every public page needs."""

from django.conf import settings

from .cache import content_version


def display_mode(request):
    """Whether the reader chose the elder-friendly display (适老化模式)."""
    return {"elder_mode": request.COOKIES.get(settings.ELDER_MODE_COOKIE) == "1"}


def fragment_cache(request):
    """The version that keys the cached page-list fragments (one cache read, no SQL)."""
    return {"content_version": content_version()}
