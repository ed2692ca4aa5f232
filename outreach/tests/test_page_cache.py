"""The whole-page cache for anonymous visitors (outreach.page_cache)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from outreach.factories import ArticleIndexPageFactory, ArticlePageFactory, CampaignLogFactory
from outreach.page_cache import cache_key
from partners.factories import ServicePointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings, portal_settings):
    """The test settings turn the page cache off; these tests are about it.

    The site settings row exists first: creating it on the first request would
    bump the content version and retire that request's page at once.
    """
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(home_page):
    news = ArticleIndexPageFactory(slug="news")
    return ArticlePageFactory(parent=news, slug="first", title="第一篇新闻")


def x_cache(response) -> str | None:
    return response.headers.get("X-Cache")


def test_second_anonymous_request_is_a_hit_with_the_same_body(client, home_page):
    first = client.get("/")
    second = client.get("/")
    assert (first.status_code, x_cache(first)) == (200, "MISS")
    assert (second.status_code, x_cache(second)) == (200, "HIT")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]


def test_hit_keeps_the_security_headers(client, home_page):
    client.get("/")
    response = client.get("/")
    assert x_cache(response) == "HIT"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_head_is_answered_from_the_get_copy(client, home_page):
    client.get("/")
    assert x_cache(client.head("/")) == "HIT"


def test_languages_are_separate_entries(client, home_page, home_page_en):
    assert x_cache(client.get("/")) == "MISS"
    english = client.get("/en/")
    assert x_cache(english) == "MISS"
    assert '<html lang="en"' in english.content.decode()
    again = client.get("/en/")
    assert x_cache(again) == "HIT"
    assert '<html lang="en"' in again.content.decode()


def test_elder_mode_is_a_separate_entry(client, home_page):
    client.get("/")
    client.cookies["elder_mode"] = "1"
    elder = client.get("/")
    assert x_cache(elder) == "MISS"
    assert 'class="elder-mode"' in elder.content.decode()
    assert x_cache(client.get("/")) == "HIT"
    del client.cookies["elder_mode"]
    standard = client.get("/")
    assert x_cache(standard) == "HIT"
    assert 'class="elder-mode"' not in standard.content.decode()


def test_signed_in_user_neither_gets_nor_fills_the_cache(client, home_page, user):
    client.force_login(user)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert x_cache(response) is None
        assert reverse("account_logout") in response.content.decode()
    assert x_cache(Client().get("/")) == "MISS"


def test_cached_page_is_not_shown_to_a_signed_in_user(client, home_page, user):
    Client().get("/")
    client.force_login(user)
    response = client.get("/")
    assert x_cache(response) is None
    assert reverse("account_logout") in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/en/accounts/signup/",
        "/partners/",
        "/volunteers/me/",
        "/admin/",
        "/healthz",
        "/search/?q=法律援助",
        "/?utm_source=feed",
        "/?page=2&page=3",
        "/?page=abc",
    ],
)
def test_personal_and_other_addresses_are_never_cached(client, home_page, path):
    for _ in range(2):
        response = client.get(path)
        assert x_cache(response) is None, path


def test_page_number_is_part_of_the_key(client, article):
    assert x_cache(client.get("/news/?page=2")) == "MISS"
    assert x_cache(client.get("/news/?page=2")) == "HIT"
    assert x_cache(client.get("/news/")) == "MISS"


def test_post_is_never_cached(client, article):
    client.get(article.url)
    response = client.post(article.url, {"x": "1"})
    assert x_cache(response) is None
    assert x_cache(client.get(article.url)) == "HIT"


def test_publishing_a_page_shows_on_the_next_anonymous_request(client, article):
    client.get(article.url)
    assert x_cache(client.get(article.url)) == "HIT"
    article.title = "更正后的新闻标题"
    article.save_revision().publish()
    response = client.get(article.url)
    assert x_cache(response) == "MISS"
    assert "更正后的新闻标题" in response.content.decode()
    # The home page lists the latest articles: it is retired too.
    assert "更正后的新闻标题" in client.get("/").content.decode()


def test_unpublishing_a_page_removes_it_on_the_next_request(client, article):
    client.get(article.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_campaign_log_change_retires_cached_pages(client, home_page):
    client.get("/")
    CampaignLogFactory()
    assert x_cache(client.get("/")) == "MISS"


def test_site_settings_change_shows_on_the_next_anonymous_request(
    client, home_page, portal_settings
):
    client.get("/")
    portal_settings.hotline = "0453-12348"
    portal_settings.save()
    response = client.get("/")
    assert x_cache(response) == "MISS"
    assert 'href="tel:0453-12348"' in response.content.decode()


def test_saving_a_service_point_shows_on_the_next_anonymous_request(client):
    point = ServicePointFactory(workstation=True, name="六镇法律援助工作站")
    url = reverse("partners:point", args=[point.code])
    client.get(url)
    assert x_cache(client.get(url)) == "HIT"
    point.name = "六镇公共法律服务工作站"
    point.save()
    response = client.get(url)
    assert x_cache(response) == "MISS"
    assert "六镇公共法律服务工作站" in response.content.decode()


def test_directory_api_keys_on_accept_language(client):
    ServicePointFactory(workstation=True)
    url = reverse("directory-api:locations")
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert (x_cache(chinese), x_cache(english)) == ("MISS", "MISS")
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert x_cache(again) == "HIT"
    assert again["Content-Language"] == "en"


def test_page_that_embeds_a_csrf_token_is_not_stored(client, article):
    # A password-protected page shows a form with a CSRF token, which sets the cookie.
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="geheim-123"
    )
    first = client.get(article.url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "csrftoken" in first.cookies
    assert x_cache(client.get(article.url)) == "MISS"


def test_form_on_a_cached_page_can_be_posted(home_page):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")
    cached = browser.get("/")
    assert x_cache(cached) == "HIT"
    html = cached.content.decode()
    form = re.search(
        r'<form class="display-toggle" method="post" action="([^"]+)">(.*?)</form>', html, re.S
    )
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(2)))
    response = browser.post(form.group(1), fields)
    assert response.status_code == 302
    assert browser.cookies["elder_mode"].value == "1"
    assert 'class="elder-mode"' in browser.get("/").content.decode()


def test_session_cookie_bypasses_the_cache(rf, home_page):
    request = rf.get("/", HTTP_COOKIE="sessionid=abc")
    request.LANGUAGE_CODE = "zh-hans"
    assert cache_key(request) is None


def test_page_cache_can_be_turned_off(client, settings, home_page):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert x_cache(client.get("/")) is None
