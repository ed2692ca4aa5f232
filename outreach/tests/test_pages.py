"""Page types: where each may be created, how editors create them, how they render."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from outreach import factories
from outreach.models import (
    ArticleIndexPage,
    ArticlePage,
    BrochureIndexPage,
    CampaignIndexPage,
    CampaignPage,
    EventIndexPage,
    EventPage,
    HomePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

ALLOWED = [
    (StandardPage, HomePage),
    (StandardPage, StandardPage),
    (ArticleIndexPage, HomePage),
    (ArticlePage, ArticleIndexPage),
    (EventIndexPage, HomePage),
    (EventPage, EventIndexPage),
    (CampaignIndexPage, HomePage),
    (CampaignPage, CampaignIndexPage),
    (BrochureIndexPage, HomePage),
]
FORBIDDEN = [
    (ArticlePage, HomePage),
    (ArticlePage, EventIndexPage),
    (EventPage, HomePage),
    (EventPage, ArticleIndexPage),
    (CampaignPage, HomePage),
    (ArticleIndexPage, ArticleIndexPage),
    (StandardPage, ArticleIndexPage),
    (HomePage, HomePage),
]


@pytest.mark.parametrize(("child", "parent"), ALLOWED)
def test_page_type_can_be_created_under_its_parent(child, parent):
    assert parent in child.allowed_parent_page_models()
    assert child in parent.allowed_subpage_models()


@pytest.mark.parametrize(("child", "parent"), FORBIDDEN)
def test_page_type_cannot_be_created_elsewhere(child, parent):
    assert not (
        parent in child.allowed_parent_page_models() and child in parent.allowed_subpage_models()
    )


def _add_url(model, parent):
    return f"/admin/pages/add/outreach/{model._meta.model_name}/{parent.pk}/"


def _post_new_page(client, model, parent, **fields):
    data = nested_form_data(
        {
            "title": fields.pop("title"),
            "slug": fields.pop("slug"),
            "action-publish": "publish",
            **fields,
        }
    )
    return client.post(_add_url(model, parent), data)


def test_editor_creates_every_page_type_in_the_admin(client, superuser, home_page):
    client.force_login(superuser)
    body = streamfield([("heading", {"text": "标题", "level": "h2"})])
    _post_new_page(
        client,
        StandardPage,
        home_page,
        title="申请条件",
        slug="eligibility",
        intro="谁可以申请",
        body=body,
    )
    _post_new_page(client, ArticleIndexPage, home_page, title="新闻", slug="news")
    news = ArticleIndexPage.objects.get(slug="news")
    _post_new_page(
        client,
        ArticlePage,
        news,
        title="农民工维权",
        slug="a1",
        date="2021-01-05",
        kind="news",
        summary="摘要",
        body=body,
        tags="农民工",
        related_links={
            "TOTAL_FORMS": "0",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "1000",
        },
    )
    _post_new_page(client, CampaignIndexPage, home_page, title="专题", slug="campaigns")
    campaigns = CampaignIndexPage.objects.get(slug="campaigns")
    _post_new_page(
        client,
        CampaignPage,
        campaigns,
        title="农民工维权月",
        slug="c1",
        theme="migrant_workers_month",
        start_date="2021-01-01",
        end_date="2021-01-31",
        summary="摘要",
        goals=rich_text("<p>目标</p>"),
        body=body,
    )
    _post_new_page(client, EventIndexPage, home_page, title="活动", slug="events")
    events = EventIndexPage.objects.get(slug="events")
    _post_new_page(
        client,
        EventPage,
        events,
        title="咨询日",
        slug="e1",
        start="2030-05-01 09:00",
        end="2030-05-01 11:00",
        venue="广场",
        organiser="中心",
        summary="摘要",
        body=body,
    )
    _post_new_page(client, BrochureIndexPage, home_page, title="资料", slug="brochures")
    for model, slug in [
        (StandardPage, "eligibility"),
        (ArticlePage, "a1"),
        (CampaignPage, "c1"),
        (EventPage, "e1"),
        (BrochureIndexPage, "brochures"),
    ]:
        assert model.objects.get(slug=slug).live, model
    event = EventPage.objects.get(slug="e1")
    assert timezone.localtime(event.start).hour == 9
    assert event.start.utcoffset() is not None


def test_event_must_end_after_it_starts(client, superuser, home_page):
    client.force_login(superuser)
    events = factories.EventIndexPageFactory()
    response = _post_new_page(
        client,
        EventPage,
        events,
        title="咨询日",
        slug="bad",
        start="2030-05-01 11:00",
        end="2030-05-01 09:00",
        venue="广场",
        organiser="中心",
        summary="摘要",
        body=streamfield([]),
    )
    assert response.status_code == 200
    assert not EventPage.objects.filter(slug="bad").exists()


def test_article_index_lists_and_filters_by_tag(client):
    index = factories.ArticleIndexPageFactory()
    tagged = factories.ArticlePageFactory(parent=index, title="欠薪案例")
    tagged.tags.add("欠薪")
    tagged.save_revision().publish()
    factories.ArticlePageFactory(parent=index, title="工伤认定")
    html = client.get(index.url).content.decode()
    assert "欠薪案例" in html and "工伤认定" in html
    filtered = client.get(index.url, {"tag": "欠薪"}).content.decode()
    assert "欠薪案例" in filtered and "工伤认定" not in filtered


def test_article_index_paginates(client):
    index = factories.ArticleIndexPageFactory()
    for _ in range(12):
        factories.ArticlePageFactory(parent=index)
    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 2
    assert client.get(index.url, {"page": "abc"}).status_code == 200


def test_unpublished_article_is_not_listed(client):
    index = factories.ArticleIndexPageFactory()
    draft = factories.ArticlePageFactory(parent=index, title="草稿文章", live=False)
    assert "草稿文章" not in client.get(index.url).content.decode()
    assert client.get(f"{index.url}{draft.slug}/").status_code == 404


def test_event_index_separates_upcoming_and_past(client):
    index = factories.EventIndexPageFactory()
    factories.EventPageFactory(parent=index, title="下周咨询日")
    factories.EventPageFactory(parent=index, title="上月讲座", past=True)
    upcoming = client.get(index.url).content.decode()
    past = client.get(index.url + "past/").content.decode()
    assert "下周咨询日" in upcoming and "上月讲座" not in upcoming
    assert "上月讲座" in past and "下周咨询日" not in past


def test_event_month_view_groups_by_local_day(client):
    index = factories.EventIndexPageFactory()
    tz = timezone.get_current_timezone()
    # 07:00 in Shanghai is 23:00 UTC the previous day: it must show on the 2nd.
    start = datetime.datetime(2030, 5, 2, 7, 0, tzinfo=tz)
    factories.EventPageFactory(
        parent=index, title="清晨普法", start=start, end=start + datetime.timedelta(hours=2)
    )
    html = client.get(index.url + "month/2030/5/").content.decode()
    assert "清晨普法" in html
    assert 'datetime="2030-05-02"' in html
    assert client.get(index.url + "month/2030/13/").status_code == 404
    assert "清晨普法" not in client.get(index.url + "month/2030/6/").content.decode()


def test_event_page_shows_time_place_and_qr_code(client):
    event = factories.EventPageFactory(parent=factories.EventIndexPageFactory())
    html = client.get(event.url).content.decode()
    assert event.venue in html
    assert '<svg role="img"' in html
    assert "ical/" in html


def test_campaign_page_lists_its_events_and_articles(client):
    campaign = factories.CampaignPageFactory(parent=factories.CampaignIndexPageFactory())
    factories.EventPageFactory(
        parent=factories.EventIndexPageFactory(), campaign=campaign, title="维权月咨询"
    )
    factories.ArticlePageFactory(
        parent=factories.ArticleIndexPageFactory(), campaign=campaign, title="维权月新闻"
    )
    html = client.get(campaign.url).content.decode()
    assert "维权月咨询" in html and "维权月新闻" in html


def test_standard_page_renders_faq_and_table_blocks(client):
    body = [
        {
            "type": "faq",
            "value": {
                "title": "常见问题",
                "items": [{"question": "收费吗？", "answer": "<p>不收费。</p>"}],
            },
        },
        {
            "type": "table",
            "value": {
                "caption": "材料",
                "table": {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [["材料", "说明"], ["身份证", "原件"]],
                },
            },
        },
    ]
    page = factories.StandardPageFactory(body=body)
    html = client.get(page.url).content.decode()
    assert "<details" in html and "收费吗？" in html
    assert "<caption>材料</caption>" in html
    assert '<th scope="col">说明</th>' in html


def test_brochure_index_lists_only_published_brochures(client):
    index = factories.BrochureIndexPageFactory()
    factories.BrochureFactory(title="农民工讨薪手册", category="migrant_workers")
    factories.BrochureFactory(title="未审核手册", live=False)
    html = client.get(index.url).content.decode()
    assert "农民工讨薪手册" in html
    assert "未审核手册" not in html
    filtered = client.get(index.url, {"category": "elderly"}).content.decode()
    assert "农民工讨薪手册" not in filtered


def test_brochure_download_is_an_attachment_with_its_content_type(client):
    brochure = factories.BrochureFactory()
    response = client.get(brochure.document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("count", [5, 50])
def test_list_pages_make_the_same_queries_for_any_size(
    client, count, django_assert_num_queries, home_page
):
    articles = factories.ArticleIndexPageFactory()
    events = factories.EventIndexPageFactory()
    campaign = factories.CampaignPageFactory(parent=factories.CampaignIndexPageFactory())
    for _ in range(count):
        article = factories.ArticlePageFactory(parent=articles, campaign=campaign)
        article.tags.add("农民工")
        article.save()
        factories.EventPageFactory(parent=events, campaign=campaign)
    expected = {}
    for name, url in [
        ("articles", articles.url),
        ("events", events.url),
        ("campaign", campaign.url),
    ]:
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        expected[name] = len(queries)
    # The same pinned numbers hold for 5 and for 50 items of each kind.
    pinned = {
        "articles": QUERIES_ARTICLE_INDEX,
        "events": QUERIES_EVENT_INDEX,
        "campaign": QUERIES_CAMPAIGN_PAGE,
    }
    assert expected == pinned


# Counted on a warm request: site, page route, view restrictions, settings,
# the list and its tags/cover images/renditions, the content-version cache.
QUERIES_ARTICLE_INDEX = 12
QUERIES_EVENT_INDEX = 11
QUERIES_CAMPAIGN_PAGE = 16


def test_file_of_an_unreviewed_brochure_is_not_public(client, superuser):
    draft = factories.BrochureFactory(live=False)
    assert client.get(draft.document.url).status_code == 404
    client.force_login(superuser)
    assert client.get(draft.document.url).status_code == 200


def test_call_to_action_refuses_script_links():
    from django.core.exceptions import ValidationError

    from outreach.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python({"title": "t", "button_label": "b", "url": "javascript:alert(1)"})
    with pytest.raises(ValidationError):
        block.clean(value)
    ok = block.to_python({"title": "t", "button_label": "b", "url": "tel:12348"})
    assert block.clean(ok)["url"] == "tel:12348"


def test_event_links_to_its_service_point_in_the_directory(client):
    from partners.factories import ServicePointFactory

    point = ServicePointFactory(name="六镇法律援助工作站")
    event = factories.EventPageFactory(
        parent=factories.EventIndexPageFactory(), service_point=point
    )
    html = client.get(event.url).content.decode()
    assert f'href="/directory/point/{point.code}/"' in html
