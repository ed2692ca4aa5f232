"""Chinese search: jieba segmentation on both sides of Wagtail's database backend."""

import pytest

from outreach import factories
from portal.chinese import highlight, segment_for_index, segment_query

pytestmark = pytest.mark.django_db

TITLE = "农民工维权月法律援助宣传"


def test_index_segmentation_exposes_words_inside_compounds():
    words = segment_for_index(TITLE).split()
    assert {"农民工", "维权", "法律援助", "宣传"} <= set(words)


def test_query_segmentation_keeps_legal_terms_whole():
    assert segment_query("农民工欠薪") == "农民工 欠薪"
    assert segment_query("  ") == ""


def test_index_segmentation_finds_long_terms_inside_longer_ones():
    assert "法律援助" in segment_for_index("县法律援助工作站").split()


def test_highlight_never_splits_html_entities():
    assert highlight("a < b", ["lt"]) == "a &lt; b"


def test_highlight_marks_words_and_escapes_html():
    snippet = highlight("<b>农民工</b>维权月", ["农民工"])
    assert "<mark>农民工</mark>" in snippet
    assert "&lt;b&gt;" in snippet


@pytest.fixture
def campaign_page():
    return factories.CampaignPageFactory(parent=factories.CampaignIndexPageFactory(), title=TITLE)


@pytest.mark.parametrize("query", ["农民工", "维权", "法律援助", "农民工维权"])
def test_search_finds_chinese_words_inside_a_title(client, campaign_page, query):
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert campaign_page.url in html
    assert "<mark>" in html


def test_search_does_not_match_unrelated_words(client, campaign_page):
    html = client.get("/search/", {"q": "离婚"}).content.decode()
    assert campaign_page.url not in html
    assert "没有找到" in html or "Nothing found" in html


def test_english_query_finds_english_content(client, home_page_en):
    factories.ArticlePageFactory(
        parent=factories.ArticleIndexPageFactory(parent=home_page_en),
        title="Migrant workers claiming wages",
        summary="Exempt from the financial check.",
    )
    html = client.get("/en/search/", {"q": "wages"}).content.decode()
    assert "Migrant workers claiming" in html


def test_search_only_shows_pages_in_the_readers_language(client, campaign_page):
    html = client.get("/en/search/", {"q": "农民工"}).content.decode()
    assert campaign_page.url not in html


def test_empty_query_shows_a_prompt(client):
    response = client.get("/search/", {"q": ""})
    assert response.status_code == 200
    assert "search-results" not in response.content.decode()


def test_overlong_query_gets_a_clear_message(client):
    response = client.get("/search/", {"q": "维" * 500})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "搜索内容过长" in html or "too long" in html


def test_search_results_are_paginated(client):
    index = factories.ArticleIndexPageFactory()
    for n in range(13):
        factories.ArticlePageFactory(parent=index, title=f"农民工欠薪案例 {n}")
    first = client.get("/search/", {"q": "欠薪"}).content.decode()
    second = client.get("/search/", {"q": "欠薪", "page": 2}).content.decode()
    assert first.count("<li>\n                    <h2") == 10
    assert second.count("<li>\n                    <h2") == 3
    assert "q=%E6%AC%A0%E8%96%AA&amp;page=2" in first


def test_unpublished_pages_are_not_found(client):
    factories.ArticlePageFactory(
        parent=factories.ArticleIndexPageFactory(), title="草稿农民工文章", live=False
    )
    assert "草稿农民工文章" not in client.get("/search/", {"q": "农民工"}).content.decode()
