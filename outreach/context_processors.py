"""Template context every public page needs."""

from django.conf import settings


def display_mode(request):
    """Whether the reader chose the elder-friendly display (适老化模式)."""
    return {"elder_mode": request.COOKIES.get(settings.ELDER_MODE_COOKIE) == "1"}
