import pytest
from wagtail.models import Page

from outreach.models import HomePage

pytestmark = pytest.mark.django_db


def test_migration_replaces_welcome_page_with_home_pages_in_both_languages(site):
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()
    languages = set(HomePage.objects.values_list("locale__language_code", flat=True))
    assert languages == {"zh-hans", "en"}


def test_home_page_renders_in_chinese_at_root(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in html
    assert home_page.title in html
    assert "法律援助热线" in html
    assert "跳到主要内容" in html


def test_home_page_renders_in_english_under_en(client, home_page_en):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert home_page_en.title in html
    assert "Legal aid hotline" in html
    assert "法律援助热线" not in html


def test_hotline_comes_from_site_settings(client, portal_settings):
    portal_settings.hotline = "0453-12348"
    portal_settings.save()
    html = client.get("/").content.decode()
    assert 'href="tel:0453-12348"' in html


def test_layout_has_landmarks_and_skip_link(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html


def test_language_switcher_links_to_the_translated_home_page(client):
    html = client.get("/").content.decode()
    assert 'href="/en/" lang="en" hreflang="en"' in html
    html_en = client.get("/en/").content.decode()
    assert 'href="/" lang="zh-hans" hreflang="zh-hans"' in html_en


def test_language_switcher_on_account_pages_swaps_the_prefix(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/en/accounts/login/"' in html


def test_home_page_query_count_stays_small(client, django_assert_max_num_queries):
    client.get("/")  # warm per-process caches (site root paths, settings)
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200


def test_only_one_home_page_per_language_can_exist(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())
