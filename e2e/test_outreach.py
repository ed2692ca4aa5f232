"""The outreach site as the public uses it: campaigns, events, search, every page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar

PAGE_TYPES = [
    ("home", "/"),
    ("standard", "/how-to-apply/"),
    ("article-index", "/news/"),
    ("article", "/news/article-01/"),
    ("event-index", "/events/"),
    ("event-past", "/events/past/"),
    ("event-month", "/events/month/2020/12/"),
    ("event", "/events/event-01/"),
    ("campaign-index", "/campaigns/"),
    ("campaign", "/campaigns/migrant-month-2020/"),
    ("brochure-index", "/brochures/"),
    ("search", "/search/?q=农民工"),
    ("english-article-index", "/en/news/"),
    ("roster", "/directory/roster/"),
]


def test_home_to_campaign_to_event_to_calendar(demo_site, phone_page, screenshot):
    page = phone_page
    page.goto(demo_site + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="宣传活动专题").click()
    page.get_by_role("link", name="2026年农民工维权月法律援助宣传").click()
    assert page.locator("h1").inner_text() == "2026年农民工维权月法律援助宣传"
    screenshot(page, "-campaign")
    page.locator("#events-heading + .card-list .card__title a").first.click()
    title = page.locator("h1").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="添加到我的日历").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(download.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    screenshot(page, "-event")


def test_search_in_chinese(demo_site, phone_page, screenshot):
    page = phone_page
    page.goto(demo_site + "/")
    page.get_by_role("link", name="搜索").click()
    page.get_by_label("搜索文章、活动、宣传专题和办事指南").fill("维权")
    page.get_by_role("button", name="搜索").click()
    results = page.locator(".search-results li")
    assert results.count() >= 1
    assert page.locator(".search-results mark").first.inner_text() == "维权"
    assert "农民工维权月" in page.locator(".search-results").inner_text()
    screenshot(page, "-results")


@pytest.mark.parametrize(("name", "path"), PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_page_type_has_no_axe_violations_and_fits_a_phone(
    demo_site, browser, name, path, screenshot
):
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        response = page.goto(demo_site + path)
        assert response.status == 200
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"-{width}")
        context.close()
