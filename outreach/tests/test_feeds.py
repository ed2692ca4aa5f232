"""RSS/Atom, sitemap, robots.txt and link previews."""

import pytest
from defusedxml import ElementTree as ET

from outreach import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    index = factories.ArticleIndexPageFactory()
    factories.ArticlePageFactory(parent=index, title="农民工维权月新闻")
    factories.ArticlePageFactory(parent=index, title="未发布", live=False)
    return index


def test_rss_feed_lists_published_articles(client, news):
    response = client.get(news.url + "feed/rss/")
    assert response.status_code == 200
    titles = [t.text for t in ET.fromstring(response.content).iter("title")]
    assert "农民工维权月新闻" in titles
    assert "未发布" not in titles


def test_atom_feed_is_atom(client, news):
    response = client.get(news.url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "农民工维权月新闻" in response.content.decode()


def test_sitemap_lists_live_pages(client, news):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert news.full_url in response.content.decode()


def test_robots_txt_points_to_the_sitemap_and_hides_accounts(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_article_has_open_graph_tags(client, news):
    article = news.get_children().live().first().specific
    html = client.get(article.url).content.decode()
    assert '<meta property="og:title" content="农民工维权月新闻">' in html
    assert f'<meta property="og:url" content="{article.full_url}">' in html
    assert '<meta property="og:type" content="article">' in html


def test_sitemap_lists_directory_points_and_areas(client):
    from partners.factories import ServicePointFactory

    point = ServicePointFactory()
    text = client.get("/sitemap.xml").content.decode()
    assert f"/directory/point/{point.code}/" in text
    assert f"/directory/area/{point.area.code}/" in text
