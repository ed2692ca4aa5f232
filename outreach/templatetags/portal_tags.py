"""Template tags for the public layout."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Locale, Page

register = template.Library()


def _language_root(code: str) -> str:
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every site language.

    On a Wagtail page the link goes to its translation (or that language's home
    page when there is none); on other views Django's `translate_url` swaps the
    language prefix. Plain links, so the switcher works without JavaScript.
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = {
            p.locale.language_code: p.get_url(request)
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = translations.get(code) or _language_root(code)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page and its children marked "show in menus", in the reader's language."""
    from outreach.models import HomePage

    home = HomePage.objects.filter(locale=Locale.get_active()).first()
    items = list(home.get_children().live().public().in_menu()) if home else []
    return {"home": home, "items": items, "request": context["request"]}


@register.simple_tag
def page_description(page) -> str:
    """The page's description for search engines and link previews (160 characters)."""
    for field in ("search_description", "summary", "intro"):
        value = getattr(page, field, "")
        if value:
            return Truncator(strip_tags(str(value))).chars(160)
    return ""
