"""The network directory as the public uses it: from the home page to a village's notice board.

The demo data has areas but (for now) no service points, so the `network`
fixture adds a small network on top with the partners factories, reusing the
demo's points when they exist (same codes as the demo network: `qh-centre`,
`centre-<county>`, `ws-<township>`, `lp-<village>`). Locators use addresses and
data, not interface wording, so they hold whatever the translation says.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from partners.choices import AreaLevel, PointKind
from partners.factories import (
    AreaFactory,
    LiaisonOfficerFactory,
    ServicePointFactory,
    city_area,
)
from partners.models import Area, ServicePoint

COUNTY_CODE = "230121000000"  # 平安县
TOWNSHIP_CODE = "230121002000"  # 六镇
CONSENTED_PHONE = "13900012348"
PRIVATE_PHONE = "13900099999"
# An A4 page in PDF points (210 × 297 mm), as Chromium writes it.
A4_POINTS = (595, 842)


def _point(code, **create):
    """The demo's point with this code, or a new one made by the factory."""
    return ServicePoint.objects.filter(code=code).first() or ServicePointFactory(
        code=code, **create
    )


@pytest.fixture
def network(demo_site):
    city = city_area()
    county = Area.objects.get(code=COUNTY_CODE)
    township = Area.objects.get(code=TOWNSHIP_CODE)
    centre = _point("qh-centre", city_centre=True, area=city, hours=True, services=["consultation"])
    county_centre = _point(
        f"centre-{COUNTY_CODE[:6]}", county_centre=True, area=county, parent=centre, hours=True
    )
    workstation = _point(
        f"ws-{TOWNSHIP_CODE[:9]}",
        workstation=True,
        area=township,
        parent=county_centre,
        hours=True,
        services=["consultation", "application", "referral"],
        groups_served=["elderly", "migrant-workers"],
    )
    village = Area.objects.filter(parent=township, name="大殷村").first() or AreaFactory(
        parent=township, name="大殷村", level=AreaLevel.VILLAGE
    )
    point = ServicePoint.objects.filter(
        area=village, kind=PointKind.LIAISON_POINT, is_active=True
    ).first() or ServicePointFactory(
        code=f"lp-{village.code}",
        area=village,
        parent=workstation,
        address="六镇大殷村村委会",
        phone="0451-55550001",
        hours=True,
        services=["consultation", "referral", "outreach"],
        groups_served=["elderly"],
        latitude="45.123456",
        longitude="126.654321",
    )
    LiaisonOfficerFactory(point=point, name="张秀兰", phone=CONSENTED_PHONE)
    LiaisonOfficerFactory(point=point, name="王建国", phone=PRIVATE_PHONE, without_consent=True)
    return {
        "base": demo_site,
        "county": county,
        "township": township,
        "workstation": workstation,
        "village": village,
        "point": point,
    }


def _area_link(page, area):
    return page.locator(f'main a[href="/directory/area/{area.code}/"]').first


def _point_link(page, point):
    return page.locator(f'main a[href="/directory/point/{point.code}/"]').first


def test_home_to_county_to_township_to_point_to_notice_board(network, phone_page, screenshot):
    page, point = phone_page, network["point"]
    page.goto(network["base"] + "/")
    menu_link = page.locator('nav.site-nav a[href="/directory/"]')
    assert menu_link.count() == 1, "add the directory link to templates/includes/main_menu.html"
    menu_link.click()  # click 1
    page.wait_for_url("**/directory/")
    _area_link(page, network["county"]).click()  # click 2
    assert page.locator("h1").inner_text() == network["county"].name
    _area_link(page, network["township"]).click()  # click 3
    assert page.locator("h1").inner_text() == network["township"].name
    # The township lists its villages' liaison points directly: the village's point,
    # its address and the consented phone are on screen after three clicks.
    card = page.locator(".point-card").filter(
        has=page.locator(f'a[href="/directory/point/{point.code}/"]')
    )
    assert card.is_visible()
    assert CONSENTED_PHONE in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "-township")

    _point_link(page, point).click()
    assert page.locator("h1").inner_text() == point.name
    assert page.locator(f'a[href="tel:{CONSENTED_PHONE}"]').is_visible()
    assert PRIVATE_PHONE not in page.content()
    assert page.locator(".hours-table tbody tr").count() == 7
    assert page.locator(".open-status").count() == 1
    assert page.locator('.directory-qr svg[role="img"]').is_visible()
    screenshot(page, "-point")

    page.locator(f'a[href="/directory/point/{point.code}/notice-board/"]').click()
    assert page.locator("h1").inner_text() == point.name
    assert PRIVATE_PHONE not in page.content()
    print_button = page.locator("button[data-print]")
    # print.js is deferred: wait until it has revealed the button.
    expect(print_button).to_be_visible()
    page.evaluate("window.print = () => { window.printed = true; }")
    print_button.click()
    assert page.evaluate("window.printed") is True
    screenshot(page, "-notice-board")

    page.emulate_media(media="print")
    # What fits between A4's 15 mm margins: 180 × 267 mm at 96 dpi.
    page.set_viewport_size({"width": 680, "height": 1009})
    assert not page.locator(".site-header").is_visible()
    assert not print_button.is_visible()
    assert page.locator(".sheet__qr svg").is_visible()
    screenshot(page, "-notice-board-print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(pages) == 1, "the notice board must fit one sheet"
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and (round(float(box[1])), round(float(box[2]))) in {A4_POINTS, (596, 842)}


def test_search_for_a_village_in_chinese(network, phone_page, screenshot):
    page, point = phone_page, network["point"]
    page.goto(network["base"] + "/directory/")
    page.locator("#filter-q").fill("大殷村")
    page.locator(".search-form__row button").click()
    page.wait_for_url(re.compile(r"q="))
    assert _point_link(page, point).is_visible()
    screenshot(page, "-village")
    page.locator("#filter-q").fill("六镇")
    page.locator(".search-form__row button").click()
    page.wait_for_url(re.compile(r"q=%E5%85%AD%E9%95%87"))
    assert _point_link(page, point).is_visible()
    assert _point_link(page, network["workstation"]).is_visible()


def test_filters_work_without_javascript(network, no_js_page, screenshot):
    page = no_js_page
    page.goto(network["base"] + f"/directory/area/{COUNTY_CODE}/")
    page.locator(".directory-filter__more summary").click()
    page.locator("#filter-kind").select_option(PointKind.LIAISON_POINT.value)
    page.locator(".directory-filter__more button").click()
    page.wait_for_url(re.compile(r"kind=liaison_point"))
    kinds = page.locator(".point-card__meta").all_inner_texts()
    assert kinds
    assert _point_link(page, network["point"]).is_visible()
    assert _point_link(page, network["workstation"]).count() == 0
    screenshot(page, "-liaison-points")


def test_notice_board_without_javascript_hides_the_print_button(network, no_js_page):
    page = no_js_page
    page.goto(network["base"] + f"/directory/point/{network['point'].code}/notice-board/")
    assert not page.locator("button[data-print]").is_visible()
    assert page.locator(".sheet").is_visible()


PAGES = [
    ("index", lambda n: "/directory/"),
    ("county", lambda n: f"/directory/area/{n['county'].code}/"),
    ("township", lambda n: f"/directory/area/{n['township'].code}/"),
    ("search", lambda n: "/directory/?q=六镇&group=elderly"),
    ("point", lambda n: f"/directory/point/{n['point'].code}/"),
    ("notice-board", lambda n: f"/directory/point/{n['point'].code}/notice-board/"),
    ("english-point", lambda n: f"/en/directory/point/{n['point'].code}/"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[n for n, _ in PAGES])
def test_directory_page_has_no_axe_violations_and_fits_a_phone(
    network, browser, name, path, screenshot
):
    url = network["base"] + path(network)
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        response = page.goto(url)
        assert response.status == 200
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"-{width}")
        context.close()


@pytest.mark.parametrize("name", ["township", "point", "notice-board"])
def test_directory_fits_320_px_in_elder_friendly_mode(network, browser, name, screenshot):
    path = dict(PAGES)[name](network)
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="zh-CN")
    context.add_cookies([{"name": "elder_mode", "value": "1", "url": network["base"]}])
    page = context.new_page()
    page.goto(network["base"] + path)
    assert "elder-mode" in page.locator("html").get_attribute("class")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, "-320-elder")
    context.close()
