"""The statistics pages and the year-end summary in Chromium: accessible, readable without JS."""

import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.factories import DEFAULT_PASSWORD, SuperuserFactory

from .conftest import ARTIFACTS

STAFF_EMAIL = "statistics@example.org"
REPORTS = [
    "/admin/reports/year-end/",
    "/admin/reports/referral-figures/",
    "/admin/reports/outreach-figures/",
    "/admin/reports/volunteer-figures/",
    "/admin/reports/coverage/",
    "/admin/",
]
#: The year-end screenshot kept with the project, to show what the summary looks like.
DOCUMENT_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def _log_in(page, base):
    SuperuserFactory(username="statistics", email=STAFF_EMAIL)
    page.goto(f"{base}/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(STAFF_EMAIL)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def _assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", REPORTS)
def test_report_pages_have_no_axe_violations(demo_site, desktop_page, path):
    _log_in(desktop_page, demo_site)
    desktop_page.goto(demo_site + path)
    _assert_no_axe_violations(desktop_page)


@pytest.mark.parametrize("path", REPORTS[:2])
def test_report_pages_fit_a_phone(demo_site, phone_page, path):
    _log_in(phone_page, demo_site)
    phone_page.goto(demo_site + path)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
    _assert_no_axe_violations(phone_page)


def test_charts_and_tables_read_without_javascript(demo_site, browser):
    # Sign in with JavaScript, then read the report in a context without it.
    signed_in = browser.new_context(viewport={"width": 1280, "height": 900})
    _log_in(signed_in.new_page(), demo_site)
    cookies = signed_in.cookies()
    signed_in.close()
    no_js = browser.new_context(viewport={"width": 1280, "height": 2000}, java_script_enabled=False)
    no_js.add_cookies(cookies)
    page = no_js.new_page()
    page.goto(f"{demo_site}/admin/reports/referral-figures/")
    charts = page.locator("figure.report-chart svg[role=img]")
    assert charts.count() == 5
    box = charts.first.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    # Each chart's figures are in a table right after it.
    assert page.locator("section[data-section=outcomes] table tbody tr").count() == 6
    no_js.close()


def test_year_end_summary_looks_like_a_document(demo_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 7000}, locale="zh-CN")
    page = context.new_page()
    _log_in(page, demo_site)
    page.goto(f"{demo_site}/admin/reports/year-end/?year=2020")
    document = page.locator("[data-year-end]")
    first = document.locator("[data-sentence]").first.inner_text()
    assert first.startswith("全年共开展法律援助宣传活动301场次，散发各种宣传资料")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "year-end-summary-2020.png"
    document.screenshot(path=str(path))
    DOCUMENT_SCREENSHOT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCUMENT_SCREENSHOT / "year-end-summary.png")
    # Printed, the admin chrome and the filters disappear: only the document remains.
    page.emulate_media(media="print")
    assert page.locator("form.report-filters").is_hidden()
    assert document.is_visible()
    context.close()
