"""Public views that are not Wagtail pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from portal.chinese import highlight, segment_query

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


MAX_QUERY_LENGTH = 100
SEARCH_PAGE_SIZE = 10


def search(request):
    """Search every published outreach page in the reader's language.

    The query is segmented into words with jieba, like the index, so a Chinese
    word inside a longer phrase is found.
    """
    query = request.GET.get("q", "").strip()
    error = ""
    results = None
    words: list[str] = []
    if len(query) > MAX_QUERY_LENGTH:
        error = _("Your search is too long. Please use at most %(max)d characters.") % {
            "max": MAX_QUERY_LENGTH
        }
    elif query:
        segmented = segment_query(query)
        words = segmented.split()
        if words:
            pages = (
                Page.objects.live()
                .public()
                .filter(locale=Locale.get_active())
                .specific()
                .search(segmented, operator="and")
            )
            results = Paginator(pages, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
            for page in results:
                text = page.readable_text() if hasattr(page, "readable_text") else ""
                page.search_snippet = highlight(text, words)
                page.search_title = highlight(page.title, words, width=200)
    return TemplateResponse(
        request,
        "outreach/search.html",
        {
            "search_query": query[:MAX_QUERY_LENGTH],
            "results": results,
            "error": error,
            "page_query": urlencode({"q": query[:MAX_QUERY_LENGTH]}),
        },
    )
