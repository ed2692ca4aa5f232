import csv
import datetime
import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator

from partners import api
from partners.models import LiaisonOfficer, ServicePoint

from . import hsds_schemas as schemas
from .network_data import many_liaison_points, network

pytestmark = pytest.mark.django_db

INDEX = reverse("directory-api:index")
ORGANIZATIONS = reverse("directory-api:organizations")
LOCATIONS = reverse("directory-api:locations")
LOCATIONS_CSV = reverse("directory-api:locations-csv")
SERVICES = reverse("directory-api:services")
SERVICE_AT_LOCATIONS = reverse("directory-api:service-at-locations")
LISTS = [ORGANIZATIONS, LOCATIONS, SERVICES, SERVICE_AT_LOCATIONS]
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def net(db):
    return network()


def get_json(client, url, params=None, language="zh-CN", status=200):
    response = client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, response.content.decode()
    return response.json()


def location_url(point):
    return reverse("directory-api:location", args=[api.location_id(point.code)])


def centre_org_id(point):
    return api.organization_id(("centre", point.code))


def partner_org_id(organisation):
    return api.organization_id(("partner", organisation.code))


def by_id(items):
    return {item["id"]: item for item in items}


def every_url(client) -> list[str]:
    """Every address of the API with data in it: index, lists, each detail, the CSV."""
    urls = [INDEX, LOCATIONS_CSV] + [f"{url}?per_page=100" for url in LISTS]
    for url, name in [
        (ORGANIZATIONS, "directory-api:organization"),
        (LOCATIONS, "directory-api:location"),
        (SERVICES, "directory-api:service"),
    ]:
        for item in get_json(client, url, {"per_page": 100})["contents"]:
            urls.append(reverse(name, args=[item["id"]]))
    return urls


# --- ids --------------------------------------------------------------------------


def test_hsds_id_is_uuid5_of_the_entity_and_code_under_the_fixed_namespace():
    derived = uuid.uuid5(uuid.NAMESPACE_URL, "urn:legal-aid-portal:open-data-api")
    assert derived == api.ID_NAMESPACE
    assert api.location_id("qh-centre") == str(uuid.uuid5(api.ID_NAMESPACE, "location/qh-centre"))
    # Pinned: changing it would change every id data users have stored.
    assert api.location_id("qh-centre") == "641ef03e-0e30-53c7-a3fa-164b99b70ab3"


def test_location_ids_are_the_same_on_every_request(client, net):
    first = [item["id"] for item in get_json(client, LOCATIONS)["contents"]]
    second = [item["id"] for item in get_json(client, LOCATIONS)["contents"]]
    assert first == second
    assert api.location_id(net["liaison"].code) in first


# --- index ------------------------------------------------------------------------


def test_index_lists_endpoints_version_and_vocabularies(client, net):
    data = get_json(client, INDEX)
    schemas.validate(data, schemas.INDEX)
    assert data["version"] == "3.1"
    assert data["endpoints"]["locations"] == f"http://testserver{LOCATIONS}"
    assert data["endpoints"]["locations_csv"] == f"http://testserver{LOCATIONS_CSV}"
    assert set(data["endpoints"]) == {
        "organizations",
        "locations",
        "locations_csv",
        "services",
        "service_at_locations",
    }
    vocabularies = {t["name"]: [term["code"] for term in t["terms"]] for t in data["taxonomies"]}
    assert "migrant-workers" in vocabularies["legal-aid-groups"]
    assert "duty-lawyer" in vocabularies["legal-aid-services"]


# --- schemas ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        schemas.INDEX,
        schemas.ORGANIZATION,
        schemas.LOCATION,
        schemas.SERVICE,
        schemas.SERVICE_AT_LOCATION,
        schemas.ORGANIZATION_PAGE,
        schemas.LOCATION_PAGE,
        schemas.SERVICE_PAGE,
        schemas.SERVICE_AT_LOCATION_PAGE,
        schemas.ERROR,
    ],
)
def test_hsds_schemas_are_valid_draft_2020_12(schema):
    Draft202012Validator.check_schema(schema)


def test_hsds_schema_rejects_a_location_without_its_longitude():
    location = {
        "id": api.location_id("x"),
        "location_type": "physical",
        "name": "x",
        "addresses": [],
        "last_modified": "2026-01-01T00:00:00.000Z",
        "latitude": 44.5,
    }
    with pytest.raises(Exception, match="longitude"):
        schemas.validate(location, schemas.LOCATION)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_every_endpoint_matches_its_hsds_schema(client, net, language):
    checked = 0
    pages = {
        ORGANIZATIONS: schemas.ORGANIZATION_PAGE,
        LOCATIONS: schemas.LOCATION_PAGE,
        SERVICES: schemas.SERVICE_PAGE,
        SERVICE_AT_LOCATIONS: schemas.SERVICE_AT_LOCATION_PAGE,
    }
    details = {
        ORGANIZATIONS: ("directory-api:organization", schemas.ORGANIZATION),
        LOCATIONS: ("directory-api:location", schemas.LOCATION),
        SERVICES: ("directory-api:service", schemas.SERVICE),
    }
    for url, page_schema in pages.items():
        page = get_json(client, url, {"per_page": 100}, language=language)
        schemas.validate(page, page_schema)
        assert page["contents"]
        checked += 1
        if url in details:
            name, schema = details[url]
            for item in page["contents"]:
                schemas.validate(
                    get_json(client, reverse(name, args=[item["id"]]), language=language), schema
                )
                checked += 1
    schemas.validate(get_json(client, INDEX, language=language), schemas.INDEX)
    assert checked == 4 + 4 + 7 + 8  # lists, organizations, locations, services


# --- organizations --------------------------------------------------------------------


def test_organizations_are_the_active_centres_then_the_partners(client, net):
    data = get_json(client, ORGANIZATIONS)
    assert [item["name"] for item in data["contents"]] == [
        "清河市法律援助中心",
        "东城区法律援助中心",
        "平安县法律援助中心",
        "清河市妇女联合会",
    ]


def test_county_centre_organization_points_to_the_city_centre(client, net):
    data = get_json(
        client, reverse("directory-api:organization", args=[centre_org_id(net["dongcheng_centre"])])
    )
    assert data["parent_organization_id"] == centre_org_id(net["city_centre"])
    assert data["phones"][0]["number"] == "0453-8123456"
    assert data["organization_identifiers"][0]["identifier"] == "centre-230102"


def test_partner_organization_carries_its_short_name_and_phone(client, net):
    data = get_json(
        client, reverse("directory-api:organization", args=[partner_org_id(net["womens"])])
    )
    assert data["name"] == "清河市妇女联合会"
    assert data["alternate_name"] == "市妇联"
    assert data["phones"][0]["number"] == "0453-6221234"


def test_organization_detail_of_an_unknown_id_is_a_json_404(client, net):
    data = get_json(
        client, reverse("directory-api:organization", args=[str(uuid.uuid4())]), status=404
    )
    schemas.validate(data, schemas.ERROR)


def test_organizations_filtered_by_taxonomy_term_are_those_responsible_for_a_match(client, net):
    data = get_json(client, ORGANIZATIONS, {"taxonomy_term_id": "women"})
    assert [item["id"] for item in data["contents"]] == [partner_org_id(net["womens"])]


def test_organizations_search_matches_names(client, net):
    data = get_json(client, ORGANIZATIONS, {"search": "平安县法律援助中心"})
    assert [item["id"] for item in data["contents"]] == [centre_org_id(net["pingan_centre"])]


# --- locations --------------------------------------------------------------------------


def test_locations_list_only_active_points(client, net):
    data = get_json(client, LOCATIONS)
    codes = {item["external_identifier"] for item in data["contents"]}
    assert data["total_items"] == 7
    assert "lp-closed" not in codes
    get_json(client, location_url(net["closed"]), status=404)


def test_location_address_follows_the_division_hierarchy(client, net):
    data = get_json(client, location_url(net["liaison"]))
    assert data["addresses"] == [
        {
            "id": api.hsds_id("address", "lp-230102001001"),
            "location_id": data["id"],
            "address_1": "大殷社区村委会",
            "city": "清河市",
            "region": "东城区",
            "state_province": "北江省",
            "postal_code": "",
            "country": "CN",
            "address_type": "physical",
        }
    ]


def test_location_coordinates_only_when_both_are_set(client, net):
    ServicePoint.objects.filter(pk=net["dongcheng_centre"].pk).update(latitude=44.5)
    centre = get_json(client, location_url(net["city_centre"]))
    half = get_json(client, location_url(net["dongcheng_centre"]))
    assert (centre["latitude"], centre["longitude"]) == (44.588, 129.608)
    assert "latitude" not in half
    assert "longitude" not in half


def test_location_schedules_group_weekdays_with_the_same_hours(client, net):
    data = get_json(client, location_url(net["city_centre"]))
    weekly = [s for s in data["schedules"] if "freq" in s]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("MO,TU,WE,TH,FR", "08:30+08:00", "12:00+08:00"),
        ("MO,TU,WE,TH,FR", "13:30+08:00", "17:30+08:00"),
    ]
    assert all(s["freq"] == "WEEKLY" for s in weekly)
    assert {"description": "工作日全天有律师值班。"}.items() <= data["schedules"][-1].items()


def test_workstation_schedule_lists_only_its_days(client, net):
    data = get_json(client, location_url(net["workstation"]))
    assert [(s["byday"], s["opens_at"]) for s in data["schedules"]] == [("TU,TH", "09:00+08:00")]


def test_location_phone_and_taxonomy_attributes(client, net):
    data = get_json(client, location_url(net["city_centre"]))
    assert [p["number"] for p in data["phones"]] == ["0453-12348"]
    terms = [
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in data["attributes"]
    ]
    assert terms == [
        ("legal-aid-groups", "elderly"),
        ("legal-aid-groups", "migrant-workers"),
        ("legal-aid-services", "consultation"),
        ("legal-aid-services", "application"),
    ]


@pytest.mark.parametrize(
    "point, responsible",
    [
        ("city_centre", ("centre", "qh-centre")),
        ("dongcheng_centre", ("centre", "centre-230102")),
        ("workstation", ("centre", "centre-230102")),
        ("liaison", ("centre", "centre-230102")),
        ("pingan_liaison", ("centre", "centre-230121")),
        ("special", ("partner", "qh-womens-federation")),
    ],
)
def test_location_organization_is_host_or_own_or_covering_centre(client, net, point, responsible):
    data = get_json(client, location_url(net[point]))
    assert data["organization_id"] == api.organization_id(responsible)


def test_location_detail_of_an_unknown_id_is_a_json_404(client, net):
    data = get_json(client, reverse("directory-api:location", args=["qh-centre"]), status=404)
    assert data["parameter"] is None


# --- liaison officers and consent ----------------------------------------------------------


def test_location_contacts_list_officers_with_consented_phones_only(client, net):
    data = get_json(client, location_url(net["liaison"]))
    contacts = {c["name"]: c for c in data["contacts"]}
    assert set(contacts) == {"王秀兰", "赵建国"}
    assert [p["number"] for p in contacts["王秀兰"]["phones"]] == ["13900001111"]
    assert contacts["赵建国"]["phones"] == []


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_unconsented_phone_never_appears_anywhere(client, net, language):
    urls = every_url(client)
    assert len(urls) == 2 + 4 + 4 + 7 + 8
    bodies = []
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        bodies.append(response.content.decode("utf-8"))
    everything = "\n".join(bodies)
    assert "13955557777" not in everything
    # Nor the partner's named coordinator: the API publishes bodies, not their staff.
    assert "孙科长" not in everything
    # The consented number is there, in the JSON and in the CSV.
    assert everything.count("13900001111") >= 2


# --- services and service_at_locations -------------------------------------------------


def test_services_are_one_per_service_type_and_responsible_organization(client, net):
    data = get_json(client, SERVICES)
    pairs = {(item["organization_id"], item["name"]) for item in data["contents"]}
    assert data["total_items"] == 8
    assert (centre_org_id(net["dongcheng_centre"]), "转介与协助申请") in pairs
    assert (partner_org_id(net["womens"]), "法律咨询") in pairs
    assert all(item["status"] == "active" for item in data["contents"])


def test_service_last_modified_is_the_latest_of_its_locations(client, net):
    early = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    late = datetime.datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    ServicePoint.objects.update(updated=early)
    ServicePoint.objects.filter(pk=net["workstation"].pk).update(updated=late)
    service = api.service_id(("centre", "centre-230102"), "consultation")
    data = get_json(client, reverse("directory-api:service", args=[service]))
    assert data["last_modified"] == "2026-03-01T10:00:00.123Z"


def test_service_detail_nests_its_service_at_locations(client, net):
    service = api.service_id(("centre", "centre-230102"), "consultation")
    data = get_json(client, reverse("directory-api:service", args=[service]))
    assert {link["location_id"] for link in data["service_at_locations"]} == {
        api.location_id("centre-230102"),
        api.location_id("ws-230102001"),
    }
    assert data["attributes"][0]["taxonomy_term"]["code"] == "consultation"


def test_service_at_locations_link_every_offered_service_to_its_location(client, net):
    data = get_json(client, SERVICE_AT_LOCATIONS)
    services = by_id(get_json(client, SERVICES)["contents"])
    locations = by_id(get_json(client, LOCATIONS)["contents"])
    assert data["total_items"] == 9
    for link in data["contents"]:
        assert link["service_id"] in services
        assert link["location_id"] in locations
    special = api.location_id(net["special"].code)
    offered_there = [link for link in data["contents"] if link["location_id"] == special]
    assert [services[link["service_id"]]["organization_id"] for link in offered_there] == [
        partner_org_id(net["womens"])
    ]


def test_services_filtered_by_service_type_keep_only_that_type(client, net):
    data = get_json(client, SERVICES, {"taxonomy_term_id": "referral"})
    assert {item["name"] for item in data["contents"]} == {"转介与协助申请"}
    assert data["total_items"] == 2


# --- pagination ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_list_is_an_hsds_page(client, net, url):
    data = get_json(client, url)
    assert set(data) == PAGE_KEYS
    assert data["page_number"] == 1
    assert data["first_page"] is True
    assert data["last_page"] is True
    assert data["size"] == len(data["contents"]) == data["total_items"]


def test_pages_split_the_rows(client, net):
    last = get_json(client, LOCATIONS, {"per_page": 2, "page": 4})
    assert {k: last[k] for k in PAGE_KEYS - {"contents"}} == {
        "total_items": 7,
        "total_pages": 4,
        "page_number": 4,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    pages = [get_json(client, LOCATIONS, {"per_page": 2, "page": n})["contents"] for n in (1, 2, 3)]
    seen = [item["id"] for page in [*pages, last["contents"]] for item in page]
    assert len(seen) == len(set(seen)) == 7


def test_per_page_above_the_maximum_is_capped(client, net):
    many_liaison_points(101, net["village"])
    data = get_json(client, LOCATIONS, {"per_page": 1000})
    assert data["size"] == 100
    assert data["total_pages"] == 2


def test_no_match_is_an_empty_first_page(client, net):
    data = get_json(client, LOCATIONS, {"search": "火星基地"})
    assert data["empty"] is True
    assert (data["total_items"], data["total_pages"], data["contents"]) == (0, 1, [])


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "1.5"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"page": "9"}, "page"),
    ],
)
def test_bad_page_parameters_are_a_400_naming_the_parameter(client, net, params, parameter):
    data = get_json(client, LOCATIONS, params, language="en", status=400)
    schemas.validate(data, schemas.ERROR)
    assert data["parameter"] == parameter
    assert parameter in data["error"] or "Page 9" in data["error"]


def test_non_integer_page_error_is_in_the_request_language(client, net):
    response = client.get(LOCATIONS, {"page": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["error"] == "page must be a whole number."
    assert response["Content-Language"] == "en"


# --- query parameters ------------------------------------------------------------------------


def test_unknown_parameter_is_a_400_listing_the_allowed_ones(client, net):
    data = get_json(client, LOCATIONS, {"format": "xml"}, language="en", status=400)
    assert data["parameter"] == "format"
    for allowed in api.LIST_PARAMETERS:
        assert allowed in data["error"]


def test_detail_takes_no_parameters(client, net):
    data = get_json(client, location_url(net["liaison"]), {"page": "1"}, status=400)
    assert data["parameter"] == "page"


def test_parameter_given_twice_is_a_400(client, net):
    response = client.get(f"{LOCATIONS}?page=1&page=2")
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"


def test_search_segments_chinese_and_requires_every_word(client, net):
    data = get_json(client, LOCATIONS, {"search": "东城区联系点"})
    assert [item["external_identifier"] for item in data["contents"]] == ["lp-230102001001"]


def test_search_matches_address_and_area_names(client, net):
    by_address = get_json(client, LOCATIONS, {"search": "李家村村委会"})
    by_area = get_json(client, LOCATIONS, {"search": "平安县"})
    assert [i["external_identifier"] for i in by_address["contents"]] == ["lp-230121101001"]
    assert {i["external_identifier"] for i in by_area["contents"]} == {
        "centre-230121",
        "lp-230121101001",
    }


@pytest.fixture
def liaison_changed_last(net):
    ServicePoint.objects.update(updated=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    LiaisonOfficer.objects.update(updated=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    ServicePoint.objects.filter(pk=net["liaison"].pk).update(
        updated=datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)
    )
    return net


@pytest.mark.parametrize(
    "value, found",
    [
        ("2026-01-01", True),
        ("2026-03-01T10:00:00Z", True),  # on or after
        ("2026-03-01T10:00:00.001Z", False),
        ("2026-03-01T18:00:00", True),  # naive: the site's time zone (UTC+8)
        ("2026-03-01T18:00:00+08:00", True),
        ("2026-03-01T18:00:00 08:00", True),  # "+" sent unencoded arrives as a space
        ("2027-01-01", False),
    ],
)
def test_modified_after_selects_points_changed_on_or_after(
    client, liaison_changed_last, value, found
):
    data = get_json(client, LOCATIONS, {"modified_after": value})
    codes = [item["external_identifier"] for item in data["contents"]]
    assert codes == (["lp-230102001001"] if found else [])


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-02-30T10:00"])
def test_bad_modified_after_is_a_400_naming_it(client, net, value):
    data = get_json(client, LOCATIONS, {"modified_after": value}, status=400)
    assert data["parameter"] == "modified_after"


def test_last_modified_can_be_fed_back_as_modified_after(client, liaison_changed_last):
    item = get_json(client, location_url(liaison_changed_last["liaison"]))
    again = get_json(client, LOCATIONS, {"modified_after": item["last_modified"]})
    assert [i["id"] for i in again["contents"]] == [item["id"]]


@pytest.mark.parametrize(
    "term, codes",
    [
        ("women", {"sp-womens-230102"}),
        ("referral", {"lp-230102001001", "lp-230121101001"}),
        (api.term_id("legal-aid-services", "referral"), {"lp-230102001001", "lp-230121101001"}),
        ("migrant-workers", {"qh-centre", "ws-230102001"}),
    ],
)
def test_taxonomy_term_filters_by_group_or_service_code_or_id(client, net, term, codes):
    data = get_json(client, LOCATIONS, {"taxonomy_term_id": term})
    assert {item["external_identifier"] for item in data["contents"]} == codes


@pytest.mark.parametrize("url", [*LISTS, LOCATIONS_CSV])
def test_unknown_taxonomy_term_is_a_400(client, net, url):
    data = get_json(client, url, {"taxonomy_term_id": "astronauts"}, status=400)
    assert data["parameter"] == "taxonomy_term_id"
    assert "astronauts" in data["error"]


# --- language ----------------------------------------------------------------------------------


def test_names_follow_accept_language(client, net):
    zh = get_json(client, location_url(net["liaison"]), language="zh-CN,zh;q=0.9")
    en = get_json(client, location_url(net["liaison"]), language="en-GB,en;q=0.8")
    assert zh["attributes"][0]["taxonomy_term"]["name"] == "老年人"
    assert en["attributes"][0]["taxonomy_term"]["name"] == "Older people"
    assert en["attributes"][0]["taxonomy_term"]["language"] == "en"


def test_language_cookie_does_not_change_a_publicly_cached_response(client, net):
    client.cookies["portal_language"] = "en"
    response = client.get(location_url(net["liaison"]), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response["Content-Language"] == "zh-hans"
    assert response.json()["attributes"][0]["taxonomy_term"]["name"] == "老年人"


# --- HTTP ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("url", [INDEX, LOCATIONS, LOCATIONS_CSV, SERVICE_AT_LOCATIONS])
def test_anything_but_get_is_a_405(net, method, url):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]


def test_head_is_answered_like_get(client, net):
    response = client.head(LOCATIONS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_every_response_has_open_data_headers_and_no_cookies(client, net):
    for url in every_url(client):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cache-Control"] == "public, max-age=300"
        assert "Accept-Language" in response["Vary"]
        assert not response.cookies, url
        assert "Set-Cookie" not in response.headers
        if url != LOCATIONS_CSV:
            assert response["Content-Type"] == "application/json; charset=utf-8"


def test_json_is_readable_chinese_not_escapes(client, net):
    body = client.get(location_url(net["liaison"])).content.decode("utf-8")
    assert "大殷社区村委会" in body
    assert "\\u" not in body


def test_error_response_is_not_cached_and_sets_no_cookies(client, net):
    response = client.get(LOCATIONS, {"page": "x"})
    assert response["Cache-Control"] == "no-store"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies


# --- CSV -----------------------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_is_an_excel_friendly_attachment_with_a_row_per_location(client, net):
    response = client.get(LOCATIONS_CSV, HTTP_ACCEPT_LANGUAGE="en")
    rows = read_csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="legal-aid-locations-')
    assert len(rows) == 7
    liaison = next(row for row in rows if row["Code"] == "lp-230102001001")
    assert liaison["Open data id"] == api.location_id("lp-230102001001")
    assert liaison["County / district"] == "东城区"
    assert liaison["Liaison officers"] == "王秀兰 13900001111, 赵建国"
    assert liaison["Responsible organisation"] == "东城区法律援助中心"
    centre = next(row for row in rows if row["Code"] == "qh-centre")
    workdays = "Monday, Tuesday, Wednesday, Thursday, Friday"
    assert centre["Opening hours"] == f"{workdays} 08:30–12:00; {workdays} 13:30–17:30"
    assert (centre["Latitude"], centre["Longitude"]) == ("44.588000", "129.608000")


def test_csv_takes_the_same_filters(client, net):
    rows = read_csv(client.get(LOCATIONS_CSV, {"taxonomy_term_id": "women"}))
    assert [next(iter(row.values())) for row in rows] == ["sp-womens-230102"]


def test_csv_rejects_paging_parameters(client, net):
    response = client.get(LOCATIONS_CSV, {"page": "2"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"


def test_csv_escapes_spreadsheet_formulas(client, net):
    ServicePoint.objects.filter(pk=net["liaison"].pk).update(
        name='=HYPERLINK("http://evil.example","点我")', description="@SUM(A1)", phone="+86 1"
    )
    rows = read_csv(client.get(LOCATIONS_CSV, HTTP_ACCEPT_LANGUAGE="en"))
    liaison = next(row for row in rows if row["Code"] == "lp-230102001001")
    assert liaison["Name"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert liaison["Description"] == "'@SUM(A1)"
    assert liaison["Phone"] == "'+86 1"


# --- query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, params, queries",
    [
        (LOCATIONS, {"per_page": 100}, 8),
        (LOCATIONS, {"per_page": 100, "taxonomy_term_id": "elderly"}, 10),
        (ORGANIZATIONS, {"per_page": 100}, 3),
        (SERVICES, {"per_page": 100}, 3),
        (SERVICE_AT_LOCATIONS, {"per_page": 100}, 3),
        (LOCATIONS_CSV, {}, 7),
    ],
)
@pytest.mark.parametrize("rows", [10, 200])
def test_list_queries_do_not_grow_with_rows(
    client, net, django_assert_num_queries, url, params, queries, rows
):
    many_liaison_points(rows, net["village"])
    with django_assert_num_queries(queries):
        response = client.get(url, params)
    assert response.status_code == 200
    if url != LOCATIONS_CSV:
        assert response.json()["size"] == min(100, response.json()["total_items"])


def test_withdrawn_phone_consent_reaches_modified_after(client, liaison_changed_last):
    """An officer's edit makes the location count as changed for incremental syncs."""
    officer = LiaisonOfficer.objects.filter(point=liaison_changed_last["liaison"]).first()
    if officer is None:
        officer = LiaisonOfficer.objects.create(
            point=liaison_changed_last["liaison"], name="王建国", phone="13800000000"
        )
    officer.phone_consent = False
    officer.save()
    data = get_json(client, LOCATIONS, {"modified_after": "2026-06-01"})
    assert [item["external_identifier"] for item in data["contents"]] == ["lp-230102001001"]
