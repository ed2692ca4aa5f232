"""The public directory: browsing, filters, Chinese search, opening hours, consent, queries."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partners.choices import AreaLevel, PointKind, Weekday
from partners.factories import (
    AreaFactory,
    LiaisonOfficerFactory,
    OpeningHoursFactory,
    PartnerOrganisationFactory,
    ServicePointFactory,
    city_area,
    create_network,
)
from partners.models import Area, ServicePoint
from partners.templatetags.directory_tags import geo_href, tel_href

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Monday 15 March 2021, 10:00 in Shanghai (02:00 UTC), and the Sunday before.
MONDAY_MORNING = datetime.datetime(2021, 3, 15, 10, 0, tzinfo=SHANGHAI)
SUNDAY_MORNING = datetime.datetime(2021, 3, 14, 10, 0, tzinfo=SHANGHAI)
CONSENTED_PHONE = "13900000001"
PRIVATE_PHONE = "13900000002"


@pytest.fixture
def network():
    """平安县 › 六镇 › 大殷村 and 小王村, with a centre at every level and a special workstation."""
    city = city_area()
    county = AreaFactory(code="230121000000", name="平安县", level=AreaLevel.COUNTY, parent=city)
    other_county = AreaFactory(
        code="230122000000", name="六合县", level=AreaLevel.COUNTY, parent=city
    )
    township = AreaFactory(
        code="230121002000", name="六镇", level=AreaLevel.TOWNSHIP, parent=county
    )
    other_township = AreaFactory(
        code="230121003000", name="大殷乡", level=AreaLevel.TOWNSHIP, parent=county
    )
    dayin = AreaFactory(code="230121002201", name="大殷村", parent=township)
    xiaowang = AreaFactory(code="230121002202", name="小王村", parent=township)
    empty_village = AreaFactory(code="230121002203", name="空村", parent=township)
    centre = ServicePointFactory(
        city_centre=True, code="qh-centre", name="清河市法律援助中心", hours=True
    )
    county_centre = ServicePointFactory(
        county_centre=True, code="centre-230121", area=county, parent=centre, hours=True
    )
    workstation = ServicePointFactory(
        workstation=True,
        code="ws-230121002",
        area=township,
        parent=county_centre,
        hours=True,
        services=["consultation", "application"],
        groups_served=["elderly", "migrant-workers"],
    )
    dayin_point = ServicePointFactory(
        code="lp-230121002201",
        area=dayin,
        parent=workstation,
        address="六镇大殷村村委会",
        phone="0451-55550001",
        hours=True,
        services=["consultation", "referral"],
        groups_served=["elderly"],
        latitude="45.123456",
        longitude="126.654321",
    )
    LiaisonOfficerFactory(point=dayin_point, name="张秀兰", phone=CONSENTED_PHONE)
    LiaisonOfficerFactory(
        point=dayin_point, name="王建国", phone=PRIVATE_PHONE, without_consent=True
    )
    xiaowang_point = ServicePointFactory(code="lp-230121002202", area=xiaowang, parent=workstation)
    women = PartnerOrganisationFactory(
        womens_federation=True, name="平安县妇女联合会", short_name="县妇联"
    )
    special = ServicePointFactory(
        special_workstation=True,
        code="sp-women",
        area=county,
        host_organisation=women,
        name="平安县妇联法律援助工作站",
        groups_served=["women"],
    )
    other_centre = ServicePointFactory(
        county_centre=True, code="centre-230122", area=other_county, parent=centre
    )
    closed = ServicePointFactory(
        code="lp-closed", area=xiaowang, name="已撤销联络点", inactive=True
    )
    return {
        "city": city,
        "county": county,
        "other_county": other_county,
        "township": township,
        "other_township": other_township,
        "dayin": dayin,
        "empty_village": empty_village,
        "centre": centre,
        "county_centre": county_centre,
        "workstation": workstation,
        "dayin_point": dayin_point,
        "xiaowang_point": xiaowang_point,
        "special": special,
        "other_centre": other_centre,
        "closed": closed,
    }


def _html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _point_codes(html) -> set[str]:
    return set(re.findall(r'href="/directory/point/([\w-]+)/"', html))


def _freeze(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


INDEX = "/directory/"


def _area(area):
    return reverse("partners:area", args=[area.code])


def _point(point):
    return reverse("partners:point", args=[point.code])


def _board(point):
    return reverse("partners:notice-board", args=[point.code])


# ---------------------------------------------------------------------------
# Browsing


def test_directory_urls_are_under_the_language_prefix():
    assert reverse("partners:index") == "/directory/"
    with translation.override("en"):
        assert reverse("partners:index") == "/en/directory/"


def test_index_lists_counties_with_their_number_of_active_points(client, network):
    html = _html(client, INDEX)
    # 平安县: county centre, special and township workstations, two liaison points
    # (not the closed one).
    assert re.search(r"平安县</a>\s*<span class=\"area-list__count\">5 ", html)
    assert re.search(r"六合县</a>\s*<span class=\"area-list__count\">1 ", html)
    assert f'href="{_area(network["county"])}"' in html


def test_index_shows_the_city_centre_but_not_county_points(client, network):
    codes = _point_codes(_html(client, INDEX))
    assert codes == {"qh-centre"}


def test_county_page_lists_its_centre_workstations_and_townships(client, network):
    html = _html(client, _area(network["county"]))
    assert _point_codes(html) == {"centre-230121", "sp-women", "ws-230121002"}
    assert f'href="{_area(network["township"])}"' in html
    assert f'href="{_area(network["other_township"])}"' in html
    assert html.index("平安县法律援助中心") < html.index("六镇法律援助工作站")


def test_township_page_lists_the_liaison_points_of_its_villages(client, network):
    """Home → directory → county → township: a village's point in three clicks."""
    html = _html(client, _area(network["township"]))
    assert _point_codes(html) == {"ws-230121002", "lp-230121002201", "lp-230121002202"}
    assert "大殷村法律援助联络点" in html
    assert f'href="{_area(network["dayin"])}"' in html


def test_pages_link_down_from_index_to_township(client, network):
    index = _html(client, INDEX)
    assert f'href="{_area(network["county"])}"' in index
    county = _html(client, _area(network["county"]))
    assert f'href="{_area(network["township"])}"' in county


def test_village_without_a_point_sends_people_to_its_township(client, network):
    html = _html(client, _area(network["empty_village"]))
    assert _point_codes(html) == set()
    assert f'href="{_area(network["township"])}"' in html
    assert "12348" in html


def test_area_trail_leads_back_to_county_and_directory(client, network):
    html = _html(client, _area(network["dayin"]))
    trail = html[html.index('class="breadcrumb directory-trail"') :]
    trail = trail[: trail.index("</nav>")]
    assert 'href="/directory/"' in trail
    assert f'href="{_area(network["county"])}"' in trail
    assert f'href="{_area(network["dayin"])}" aria-current="page"' in trail


def test_city_area_redirects_to_the_index(client, network):
    response = client.get(_area(network["city"]))
    assert response.status_code == 302
    assert response["Location"] == "/directory/"


@pytest.mark.parametrize("code", ["999999999999", "230100", "nonsense"])
def test_unknown_area_is_not_found(client, network, code):
    assert client.get(f"/directory/area/{code}/").status_code == 404


def test_english_directory_is_served_in_english(client, network):
    response = client.get("/en/directory/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


# ---------------------------------------------------------------------------
# Filters and search


def test_group_filter_keeps_the_points_serving_that_group(client, network):
    html = _html(client, INDEX, group="elderly")
    assert _point_codes(html) == {"ws-230121002", "lp-230121002201"}
    assert re.search(r"平安县</a>\s*<span class=\"area-list__count\">2 ", html)


def test_kind_filter_keeps_that_kind_in_the_area(client, network):
    html = _html(client, _area(network["county"]), kind=PointKind.LIAISON_POINT)
    assert _point_codes(html) == {"lp-230121002201", "lp-230121002202"}


def test_filters_carry_over_to_the_area_links(client, network):
    html = _html(client, INDEX, group="women")
    assert f'href="{_area(network["county"])}?group=women"' in html


def test_unknown_group_code_is_ignored(client, network):
    html = _html(client, INDEX, group="no-such-group", kind=PointKind.COUNTY_CENTRE)
    assert _point_codes(html) == {"centre-230121", "centre-230122"}


def test_search_finds_a_village_point_by_the_village_name(client, network):
    assert _point_codes(_html(client, INDEX, q="大殷村")) == {"lp-230121002201"}


def test_search_finds_the_village_points_by_the_township_name(client, network):
    codes = _point_codes(_html(client, INDEX, q="六镇"))
    assert codes == {"ws-230121002", "lp-230121002201", "lp-230121002202"}


def test_search_segments_a_phrase_and_requires_every_word(client, network):
    # jieba cuts this into 平安县 / 六镇 / 大 / 殷村: county, township and village names.
    assert _point_codes(_html(client, INDEX, q="平安县六镇大殷村")) == {"lp-230121002201"}
    assert _point_codes(_html(client, INDEX, q="六镇 小王村")) == {"lp-230121002202"}
    assert _point_codes(_html(client, INDEX, q="小王村 妇联")) == set()


def test_search_matches_the_host_organisation(client, network):
    assert _point_codes(_html(client, INDEX, q="县妇联")) == {"sp-women"}


def test_search_within_an_area_stays_in_that_area(client, network):
    html = _html(client, _area(network["other_county"]), q="大殷村")
    assert _point_codes(html) == set()


def test_search_never_lists_inactive_points(client, network):
    assert _point_codes(_html(client, INDEX, q="已撤销")) == set()


def test_overlong_search_is_refused_with_a_message(client, network):
    html = _html(client, INDEX, q="村" * 101)
    assert 'class="form-error"' in html


def test_search_results_are_paginated(client, network):
    township = network["township"]
    for _ in range(30):
        ServicePointFactory(area=AreaFactory(parent=township))
    first = _html(client, INDEX, q="六镇")
    assert len(_point_codes(first)) == 25
    assert 'href="?q=%E5%85%AD%E9%95%87&amp;page=2"' in first
    second = _html(client, INDEX, q="六镇", page=2)
    assert len(_point_codes(second)) == 33 - 25


# ---------------------------------------------------------------------------
# Point page and notice board


def test_point_page_shows_how_to_reach_the_point(client, network):
    point = network["dayin_point"]
    html = _html(client, _point(point))
    assert "<h1>大殷村法律援助联络点</h1>" in html
    assert "六镇大殷村村委会" in html
    assert 'href="tel:0451-55550001"' in html
    assert 'href="geo:45.123456,126.654321"' in html
    assert f'href="{_point(network["workstation"])}"' in html
    assert f'href="{_board(point)}"' in html
    assert '<svg role="img"' in html


def test_point_page_lists_services_groups_and_host(client, network):
    html = _html(client, _point(network["workstation"]))
    assert "受理法律援助申请" in html
    assert "农民工" in html
    assert "平安县妇女联合会" in _html(client, _point(network["special"]))


def test_workstation_lists_its_active_liaison_points(client, network):
    html = _html(client, _point(network["workstation"]))
    assert f'href="{_point(network["dayin_point"])}"' in html
    assert f'href="{_point(network["xiaowang_point"])}"' in html
    assert "已撤销联络点" not in html


def test_opening_hours_table_has_every_weekday_with_headers(client, network):
    html = _html(client, _point(network["dayin_point"]))
    table = html[html.index('<table class="data-table hours-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == 7
    assert table.count('<th scope="col">') == 2
    assert "08:30" in table
    assert "17:30" in table


def test_point_is_open_at_uses_shanghai_time(network):
    point = ServicePoint.objects.prefetch_related("opening_hours").get(code="lp-230121002201")
    assert point.is_open_at(MONDAY_MORNING)
    # 02:00 UTC on Monday is 10:00 in Shanghai.
    assert point.is_open_at(datetime.datetime(2021, 3, 15, 2, 0, tzinfo=datetime.UTC))
    assert not point.is_open_at(SUNDAY_MORNING)
    assert not point.is_open_at(MONDAY_MORNING.replace(hour=12, minute=30))


def test_point_page_says_open_now_during_opening_hours(client, network, monkeypatch):
    _freeze(monkeypatch, MONDAY_MORNING)
    html = _html(client, _point(network["dayin_point"]))
    assert "open-status--open" in html
    assert "open-status--closed" not in html
    assert 'class="hours-table__today"' in html


def test_point_page_says_closed_now_outside_opening_hours(client, network, monkeypatch):
    _freeze(monkeypatch, SUNDAY_MORNING)
    html = _html(client, _point(network["dayin_point"]))
    assert "open-status--closed" in html
    assert "open-status--open" not in html


def test_lists_show_open_status_and_say_nothing_without_hours(client, network, monkeypatch):
    _freeze(monkeypatch, MONDAY_MORNING)
    html = _html(client, _area(network["township"]))
    assert html.count("open-status--open") == 2  # the workstation and 大殷村
    assert "open-status--closed" not in html  # 小王村 publishes no hours


def test_split_day_hours_count_both_periods(network):
    point = ServicePointFactory()
    OpeningHoursFactory(point=point, weekday=Weekday.TUESDAY, opens="08:00", closes="09:00")
    OpeningHoursFactory(point=point, weekday=Weekday.TUESDAY, opens="15:00", closes="16:00")
    tuesday = MONDAY_MORNING + datetime.timedelta(days=1)
    assert point.is_open_at(tuesday.replace(hour=8, minute=30))
    assert not point.is_open_at(tuesday.replace(hour=10))
    assert point.is_open_at(tuesday.replace(hour=15, minute=59))


def test_notice_board_has_everything_for_the_sheet(client, network, portal_settings):
    portal_settings.hotline = "12348"
    portal_settings.save()
    html = _html(client, _board(network["dayin_point"]))
    assert "大殷村法律援助联络点" in html
    assert "张秀兰" in html
    assert f'href="tel:{CONSENTED_PHONE}"' in html
    assert 'href="tel:0451-55550001"' in html
    assert 'href="tel:12348"' in html
    assert "法律咨询" in html
    assert '<th scope="row">' in html
    assert '<svg role="img"' in html
    assert 'class="notice-board-page"' in html


def test_notice_board_print_button_uses_a_static_script(client, network):
    html = _html(client, _board(network["dayin_point"]))
    assert re.search(r'<script src="/static/js/print\.js" defer></script>', html)
    assert "<button" in html and "data-print" in html
    # No inline script: the content security policy forbids it.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "onclick" not in html


def test_hotline_on_the_notice_board_comes_from_the_site_settings(client, network, portal_settings):
    portal_settings.hotline = "0451-12348"
    portal_settings.save()
    html = _html(client, _board(network["dayin_point"]))
    assert 'href="tel:0451-12348"' in html


# ---------------------------------------------------------------------------
# Personal data: officers' phones only with consent


@pytest.mark.parametrize(
    "url",
    [
        lambda n: _point(n["dayin_point"]),
        lambda n: _board(n["dayin_point"]),
        lambda n: _area(n["township"]),
        lambda n: _area(n["dayin"]),
        lambda n: INDEX + "?q=大殷村",
        lambda n: _area(n["county"]) + "?kind=liaison_point",
    ],
    ids=["point", "notice-board", "township-list", "village-list", "search", "filtered-list"],
)
def test_officer_phone_appears_only_with_consent(client, network, url):
    html = _html(client, url(network))
    assert "王建国" in html  # the officer is named ...
    assert PRIVATE_PHONE not in html  # ... but their number stays private
    assert CONSENTED_PHONE in html


def test_withdrawn_consent_hides_the_phone(client, network):
    officer = network["dayin_point"].officers.get(phone=CONSENTED_PHONE)
    officer.phone_consent = False
    officer.save()
    assert CONSENTED_PHONE not in _html(client, _point(network["dayin_point"]))


# ---------------------------------------------------------------------------
# Not found


@pytest.mark.parametrize("view", ["partners:point", "partners:notice-board"])
def test_unknown_and_inactive_points_are_not_found(client, network, view):
    assert client.get(reverse(view, args=["no-such-point"])).status_code == 404
    assert client.get(reverse(view, args=[network["closed"].code])).status_code == 404


def test_inactive_parent_is_not_linked(client, network):
    workstation = network["workstation"]
    workstation.is_active = False
    workstation.save()
    html = _html(client, _point(network["dayin_point"]))
    assert f'href="{_point(workstation)}"' not in html


# ---------------------------------------------------------------------------
# Queries: the same number whatever the size of the network


# Each page's own queries plus two of the layout (site and portal settings); the menu
# fragment is cached by the warm-up request.
EXPECTED_QUERIES = {"index": 10, "township": 11, "search": 12, "workstation": 8, "notice-board": 7}


def _network_of(size: int) -> dict[str, str]:
    centre = ServicePointFactory(city_centre=True, hours=True, services=["consultation"])
    county = AreaFactory(level=AreaLevel.COUNTY)
    ServicePointFactory(county_centre=True, area=county, parent=centre, hours=True)
    township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
    workstation = ServicePointFactory(
        workstation=True, area=township, parent=centre, groups_served=["elderly"], hours=True
    )
    villages = [AreaFactory(parent=township) for _ in range(max(size // 10, 1))]
    for number in range(size):
        point = ServicePointFactory(
            area=villages[number % len(villages)],
            parent=workstation,
            hours=True,
            services=["consultation", "referral"],
            groups_served=["elderly", "women"],
            host_organisation=None,
        )
        LiaisonOfficerFactory(point=point)
        LiaisonOfficerFactory(point=point, without_consent=True)
    return {
        "index": INDEX,
        "township": _area(township),
        "search": f"{INDEX}?q={township.name}&group=elderly",
        "workstation": _point(workstation),
        "notice-board": _board(workstation),
    }


@pytest.mark.parametrize("size", [10, 500])
def test_directory_pages_make_the_same_queries_for_any_size(
    client, size, django_assert_num_queries
):
    urls = _network_of(size)
    assert ServicePoint.objects.count() == size + 3
    for name, url in urls.items():
        client.get(url)  # warm the per-process caches (site, settings, menu fragment)
        with django_assert_num_queries(EXPECTED_QUERIES[name]):
            response = client.get(url)
        assert response.status_code == 200, name


# ---------------------------------------------------------------------------
# Template helpers and factories


def test_tel_href_keeps_only_what_is_dialled():
    assert tel_href("0451-8888 1234") == "tel:0451-88881234"
    assert tel_href("+86 139 0000 0001") == "tel:+8613900000001"
    assert tel_href("12348") == "tel:12348"


def test_geo_href_needs_both_coordinates(network):
    point = network["dayin_point"]
    point.refresh_from_db()
    assert geo_href(point) == "geo:45.123456,126.654321"
    assert geo_href(network["xiaowang_point"]) == ""


def test_area_factory_codes_nest_by_prefix():
    village = AreaFactory()
    township, county = village.parent, village.parent.parent
    assert (village.level, township.level, county.level) == ("village", "township", "county")
    assert village.code.startswith(township.code[:9])
    assert township.code.startswith(county.code[:6])
    assert county.parent.code == "230100000000"
    sibling = AreaFactory(parent=township)
    assert sibling.code != village.code and sibling.code.startswith(township.code[:9])


def test_create_network_builds_every_level():
    made = create_network(counties=2, townships=3, villages=7, special_per_county=2)
    assert made == {
        "city centres": 1,
        "county centres": 2,
        "workstations": 3,
        "special": 4,
        "liaison": 7,
    }
    assert Area.objects.filter(level=AreaLevel.VILLAGE).count() == 7
    for point in ServicePoint.objects.filter(kind=PointKind.LIAISON_POINT):
        assert point.area.code.startswith(point.parent.area.code[:9])


def test_roster_lists_active_providers_by_county(client):
    from partners.factories import AreaFactory
    from partners.models import ProviderRosterEntry

    county = AreaFactory(level="county", name="白河县")
    ProviderRosterEntry.objects.create(
        code="r1",
        name="徐涛",
        kind="lawyer",
        office="民生律师事务所",
        practice_areas="工伤赔偿",
        area=county,
        office_phone="0453-1234567",
    )
    ProviderRosterEntry.objects.create(
        code="r2",
        name="已退出",
        kind="lawyer",
        office="某所",
        practice_areas="刑事",
        area=county,
        is_active=False,
    )
    html = client.get("/directory/roster/").content.decode()
    assert "白河县" in html and "徐涛" in html and "工伤赔偿" in html
    assert "已退出" not in html
