"""Public views that are not Wagtail pages."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

ONE_YEAR = 365 * 24 * 60 * 60


# CSRF-exempt on purpose: the form only flips a display preference cookie, grants
# nothing and reads nothing, and public pages then carry no per-visitor token, so
# they stay cacheable. The redirect target is checked against our own host.
@csrf_exempt
@require_POST
def set_display_mode(request):
    """Turn the elder-friendly display on or off; works as a plain form post."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == "elder":
        response.set_cookie(
            settings.ELDER_MODE_COOKIE,
            "1",
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(settings.ELDER_MODE_COOKIE, samesite="Lax")
    return response
