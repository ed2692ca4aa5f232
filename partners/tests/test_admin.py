"""The network in the Wagtail admin: views, permissions, filters, import, export, inline hours."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from partners.choices import AreaLevel, MembershipRole, OrganisationKind, PointKind, PointLevel
from partners.models import (
    Area,
    LiaisonOfficer,
    OpeningHours,
    PartnerMembership,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    ServicePoint,
)
from partners.resources import CONSENTED_PHONE_COLUMN, ServicePointResource
from portal.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

VIEWSETS = [
    "network-points",
    "network-areas",
    "network-organisations",
    "network-officers",
    "network-memberships",
    "network-roster",
]
SPREADSHEET_VIEWSETS = [
    "network-points",
    "network-areas",
    "network-organisations",
    "network-roster",
]
CITY, COUNTY, OTHER_COUNTY = "230100000000", "230102000000", "230121000000"
TOWNSHIP, VILLAGE = "230102001000", "230102001001"


def _area(code, name, level, parent=None):
    return Area.objects.create(code=code, name=name, level=level, parent=parent)


def _point(code, area, **fields):
    fields.setdefault("name", f"{area.name}法律援助工作站")
    fields.setdefault("kind", PointKind.WORKSTATION)
    fields.setdefault("level", PointLevel.TOWNSHIP)
    fields.setdefault("address", f"{area.name}人民路1号")
    return ServicePoint.objects.create(code=code, area=area, **fields)


@pytest.fixture
def network(db):
    """One row of every model the admin lists, keyed by viewset name."""
    city = _area(CITY, "清河市", AreaLevel.CITY)
    county = _area(COUNTY, "东城区", AreaLevel.COUNTY, city)
    other_county = _area(OTHER_COUNTY, "平安县", AreaLevel.COUNTY, city)
    township = _area(TOWNSHIP, "东升街道", AreaLevel.TOWNSHIP, county)
    village = _area(VILLAGE, "大殷社区", AreaLevel.VILLAGE, township)
    organisation = PartnerOrganisation.objects.create(
        code="qh-womens",
        name="清河市妇女联合会",
        short_name="市妇联",
        kind=OrganisationKind.WOMENS_FEDERATION,
        area=city,
        is_committee_member=True,
    )
    workstation = _point("ws-dongsheng", township, phone="0453-6225148")
    workstation.groups_served.set(PopulationGroup.objects.filter(code="elderly"))
    workstation.save()
    OpeningHours.objects.create(
        point=workstation, weekday=0, opens=datetime.time(8, 30), closes=datetime.time(12)
    )
    liaison = _point(
        "lp-dayin",
        village,
        name="大殷社区法律援助联系点",
        kind=PointKind.LIAISON_POINT,
        level=PointLevel.VILLAGE,
        parent=workstation,
    )
    special = _point(
        "sp-pingan",
        other_county,
        name="平安县妇联法律援助工作站",
        kind=PointKind.SPECIAL_WORKSTATION,
        level=PointLevel.COUNTY,
        host_organisation=organisation,
        is_active=False,
    )
    officer = LiaisonOfficer.objects.create(
        point=liaison, name="王芳", phone="13900000001", phone_consent=True
    )
    LiaisonOfficer.objects.create(point=liaison, name="李强", phone="13900000002")
    member = UserFactory(username="member-xiaohong", first_name="小红")
    membership = PartnerMembership.objects.create(
        user=member, organisation=organisation, role=MembershipRole.REPORTER
    )
    roster = ProviderRosterEntry.objects.create(
        code="lawyer-zhang",
        name="张伟",
        kind="lawyer",
        office="清河正义律师事务所",
        practice_areas="劳动争议",
        area=county,
    )
    return {
        "network-points": workstation,
        "network-areas": township,
        "network-organisations": organisation,
        "network-officers": officer,
        "network-memberships": membership,
        "network-roster": roster,
        "liaison": liaison,
        "special": special,
        "county": county,
        "other_county": other_county,
    }


@pytest.fixture
def admin_only_user(db):
    """A staff member who may enter the admin but has no network permissions."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = StaffUserFactory()
    user.groups.add(group)
    return user


def _url(viewset, view, obj=None):
    return reverse(f"{viewset}:{view}", args=[obj.pk] if obj is not None else [])


def _html(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


# Every view loads for a superuser and is refused to others


@pytest.mark.parametrize("viewset", VIEWSETS)
@pytest.mark.parametrize("view", ["index", "inspect", "edit"])
def test_admin_view_loads_for_a_superuser(client, superuser, network, viewset, view):
    obj = network[viewset]
    client.force_login(superuser)
    response = client.get(_url(viewset, view, None if view == "index" else obj))
    assert response.status_code == 200
    assert str(obj) in response.content.decode()


@pytest.mark.parametrize("viewset", VIEWSETS)
@pytest.mark.parametrize("view", ["index", "inspect", "edit"])
def test_admin_view_sends_a_member_of_the_public_to_sign_in(client, network, viewset, view):
    client.force_login(UserFactory())
    response = client.get(_url(viewset, view, None if view == "index" else network[viewset]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("viewset", VIEWSETS)
@pytest.mark.parametrize("view", ["index", "inspect", "edit"])
def test_admin_view_refuses_staff_without_network_permissions(
    client, admin_only_user, network, viewset, view
):
    client.force_login(admin_only_user)
    response = client.get(_url(viewset, view, None if view == "index" else network[viewset]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("viewset", SPREADSHEET_VIEWSETS)
@pytest.mark.parametrize("view", ["import", "template", "export"])
def test_spreadsheet_views_load_for_a_superuser_only(
    client, superuser, admin_only_user, network, viewset, view
):
    client.force_login(superuser)
    assert client.get(_url(viewset, view)).status_code == 200
    client.force_login(admin_only_user)
    assert client.get(_url(viewset, view)).status_code == 302
    client.force_login(UserFactory())
    assert client.get(_url(viewset, view))["Location"].startswith(reverse("account_login"))


def test_officers_export_but_do_not_import(client, superuser, network):
    client.force_login(superuser)
    assert client.get(_url("network-officers", "export")).status_code == 200
    with pytest.raises(NoReverseMatch):
        _url("network-officers", "import")
    html = _html(client, _url("network-officers", "index"))
    assert _url("network-officers", "export") in html


def test_memberships_are_listed_and_edited_but_not_added_here(client, superuser, network):
    membership = network["network-memberships"]
    client.force_login(superuser)
    with pytest.raises(NoReverseMatch):
        _url("network-memberships", "add")
    assert "/new/" not in _html(client, _url("network-memberships", "index"))

    response = client.post(
        _url("network-memberships", "edit", membership),
        {"organisation": membership.organisation.pk, "role": "coordinator", "is_active": ""},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.is_active) == (MembershipRole.COORDINATOR, False)


def test_admin_menu_groups_the_network_under_one_item(client, superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(superuser)
    html = _html(client, reverse("wagtailadmin_home"))
    assert "Network" in html
    for viewset in VIEWSETS:
        assert _url(viewset, "index") in html


# Lists: filters, search, queries


@pytest.mark.parametrize(
    ("viewset", "params", "shown", "hidden"),
    [
        ("network-points", {"kind": "liaison_point"}, ["lp-dayin"], ["ws-dongsheng", "sp-pingan"]),
        ("network-points", {"level": "county"}, ["sp-pingan"], ["ws-dongsheng"]),
        ("network-points", {"is_active": "false"}, ["sp-pingan"], ["ws-dongsheng"]),
        ("network-points", {"groups_served": "elderly"}, ["ws-dongsheng"], ["lp-dayin"]),
        ("network-points", {"q": "大殷"}, ["lp-dayin"], ["ws-dongsheng"]),
        ("network-areas", {"level": "village"}, [VILLAGE], [TOWNSHIP]),
        ("network-areas", {"q": TOWNSHIP}, ["东升街道"], ["大殷社区"]),
        ("network-organisations", {"kind": "court"}, [], ["清河市妇女联合会"]),
        ("network-organisations", {"is_committee_member": "true"}, ["清河市妇女联合会"], []),
        ("network-officers", {"phone_consent": "false"}, ["李强"], ["王芳"]),
        ("network-memberships", {"role": "coordinator"}, [], ["member-xiaohong"]),
        ("network-memberships", {"q": "xiaohong"}, ["member-xiaohong"], []),
        ("network-roster", {"kind": "legal_service_worker"}, [], ["张伟"]),
        ("network-roster", {"q": "劳动"}, ["张伟"], []),
    ],
)
def test_admin_list_filters_and_searches(
    client, superuser, network, viewset, params, shown, hidden
):
    if "groups_served" in params:
        group = PopulationGroup.objects.get(code=params["groups_served"])
        params = {"groups_served": group.pk}
    client.force_login(superuser)
    html = _html(client, _url(viewset, "index"), params)
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_point_list_filters_by_county_including_everything_below(client, superuser, network):
    client.force_login(superuser)
    html = _html(client, _url("network-points", "index"), {"area": network["county"].pk})
    assert "ws-dongsheng" in html
    assert "lp-dayin" in html  # a village of the county
    assert "sp-pingan" not in html


def test_officer_list_filters_by_county(client, superuser, network):
    client.force_login(superuser)
    html = _html(client, _url("network-officers", "index"), {"area": network["other_county"].pk})
    assert "王芳" not in html


def test_point_list_query_count_does_not_grow_with_rows(client, superuser, network):
    client.force_login(superuser)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("network-points", "index")).status_code == 200
        return len(queries)

    few = count_queries()
    host = network["network-organisations"]
    for n in range(15):
        _point(f"ws-extra-{n}", network["county"], host_organisation=host)
    assert count_queries() == few


def test_point_list_header_offers_import_template_and_filtered_export(client, superuser, network):
    client.force_login(superuser)
    html = _html(client, _url("network-points", "index"), {"kind": "workstation"})
    assert _url("network-points", "import") in html
    assert _url("network-points", "template") in html
    assert f"{_url('network-points', 'export')}?kind=workstation&amp;format=xlsx" in html


# Editing a point with its opening hours inline


def test_point_edit_saves_opening_hours_inline(client, superuser, network):
    point = network["network-points"]
    elderly, disabled = PopulationGroup.objects.filter(code__in=["elderly", "disabled"])
    monday = point.opening_hours.get()
    client.force_login(superuser)
    data = nested_form_data(
        {
            "code": point.code,
            "name": "东升街道法律援助工作站（新址）",
            "kind": "workstation",
            "level": "township",
            "area": point.area.pk,
            "parent": "",
            "host_organisation": "",
            "is_active": "on",
            "address": "东升街道文化路2号",
            "latitude": "45.1",
            "longitude": "126.5",
            "phone": "12348",
            "duty_schedule": "",
            "description": "",
            "opening_hours": inline_formset(
                [
                    {
                        "id": monday.pk,
                        "weekday": "0",
                        "opens": "08:30",
                        "closes": "12:00",
                        "DELETE": "on",
                    },
                    {"weekday": "1", "opens": "09:00", "closes": "11:30"},
                    {"weekday": "3", "opens": "14:00", "closes": "17:00"},
                ],
                initial=1,
            ),
        }
    )
    data["groups_served"] = [str(elderly.pk), str(disabled.pk)]

    response = client.post(_url("network-points", "edit", point), data)

    assert response.status_code == 302
    point.refresh_from_db()
    assert point.name == "东升街道法律援助工作站（新址）"
    assert sorted(point.opening_hours.values_list("weekday", "opens", "closes")) == [
        (1, datetime.time(9), datetime.time(11, 30)),
        (3, datetime.time(14), datetime.time(17)),
    ]
    assert point.groups_served.count() == 2


def test_point_inspect_shows_groups_and_opening_hours(client, superuser, network):
    client.force_login(superuser)
    html = _html(client, _url("network-points", "inspect", network["network-points"]))
    assert "老年人" in html
    assert "08:30" in html


# Import through the admin: check, preview, confirm


def _points_csv(rows, name="points.csv"):
    headers = ServicePointResource.column_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def _row(code, **changes):
    row = {
        "代码": code,
        "名称": f"{code} 工作站",
        "类型": "乡镇(街道)法律援助工作站",
        "层级": "乡镇级",
        "区划代码": TOWNSHIP,
        "地址": "东升街道人民路12号",
        "开放时间": "周一至周五 08:30-12:00",
        "服务人群": "老年人",
    }
    row.update(changes)
    return row


def test_point_import_lists_every_bad_row_and_saves_nothing(client, superuser, network):
    client.force_login(superuser)
    rows = [_row("ws-new-1"), _row("ws-new-2", 区划代码="999999999999"), _row("ws-new-1")]
    response = client.post(_url("network-points", "import"), {"file": _points_csv(rows)})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-row="3" data-column="区划代码"' in html
    assert "999999999999" in html
    assert 'data-row="4" data-column="代码"' in html
    assert 'name="token"' not in html
    assert not ServicePoint.objects.filter(code__startswith="ws-new").exists()


def test_point_import_previews_then_imports_on_confirmation(client, superuser, network):
    client.force_login(superuser)
    rows = [_row("ws-new-1"), _row("ws-dongsheng", 名称="东升街道法律援助工作站（新）")]
    response = client.post(_url("network-points", "import"), {"file": _points_csv(rows)})
    html = response.content.decode()
    assert 'data-action="new"' in html
    assert 'data-action="update"' in html
    assert not ServicePoint.objects.filter(code="ws-new-1").exists()

    response = client.post(
        _url("network-points", "import"), {"token": response.context["token"]}, follow=True
    )

    assert response.redirect_chain[-1][0] == _url("network-points", "index")
    assert ServicePoint.objects.get(code="ws-new-1").opening_hours.count() == 5
    assert ServicePoint.objects.get(code="ws-dongsheng").name.endswith("（新）")
    message = str(next(iter(response.context["messages"])))
    assert "1" in message


def test_point_import_of_an_unchanged_file_offers_nothing_to_confirm(client, superuser, network):
    client.force_login(superuser)
    export = client.get(_url("network-points", "export"), {"format": "xlsx"})
    upload = SimpleUploadedFile("points.xlsx", export.content)

    response = client.post(_url("network-points", "import"), {"file": upload})
    html = response.content.decode()

    assert response.context["counts"] == {"new": 0, "update": 0, "skip": 3}
    assert "data-import-nothing-to-do" in html
    assert 'data-action="skip"' not in html  # counted, not listed
    assert "Confirm import" not in html and "确认导入" not in html


def test_import_needs_add_and_change_permissions(client, admin_only_user, network):
    group = admin_only_user.groups.get()
    group.permissions.add(
        *Permission.objects.filter(codename__in=["add_servicepoint", "view_servicepoint"])
    )
    client.force_login(admin_only_user)
    response = client.post(_url("network-points", "import"), {"file": _points_csv([_row("x")])})
    assert response.status_code == 302
    assert not ServicePoint.objects.filter(code="x").exists()
    assert client.get(_url("network-points", "export")).status_code == 200
    assert _url("network-points", "import") not in _html(client, _url("network-points", "index"))


# Export and template through the admin


def test_point_export_downloads_the_filtered_list(client, superuser, network):
    client.force_login(superuser)
    response = client.get(
        _url("network-points", "export"), {"format": "csv", "kind": "workstation"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="service-points-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["代码"] for row in rows] == ["ws-dongsheng"]
    assert rows[0]["开放时间"] == "周一 08:30-12:00"


def test_officer_export_leaves_out_numbers_without_consent(client, superuser, network):
    client.force_login(superuser)
    response = client.get(_url("network-officers", "export"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = {row["姓名"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["王芳"][CONSENTED_PHONE_COLUMN] == "13900000001"
    assert rows["李强"][CONSENTED_PHONE_COLUMN] == ""
    assert "13900000002" not in text


def test_export_escapes_formulas(client, superuser, network):
    organisation = network["network-organisations"]
    organisation.coordinator = '=HYPERLINK("http://evil.example")'
    organisation.save()
    client.force_login(superuser)
    response = client.get(_url("network-organisations", "export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert row["联络人"] == '\'=HYPERLINK("http://evil.example")'
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


@pytest.mark.parametrize(
    ("viewset", "headers"),
    [
        ("network-areas", ["区划代码", "名称", "级别", "上级区划代码"]),
        (
            "network-points",
            ["代码", "名称", "类型", "层级", "区划代码", "上级网点代码", "承办单位代码"],
        ),
        ("network-organisations", ["代码", "名称", "简称", "类型", "上级单位代码", "所在区划代码"]),
        ("network-roster", ["代码", "姓名", "类型", "执业机构", "执业领域", "区划代码"]),
    ],
)
def test_template_download_has_the_chinese_headers(client, superuser, network, viewset, headers):
    client.force_login(superuser)
    response = client.get(_url(viewset, "template"))
    assert response["Content-Disposition"].endswith('-template.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    first_row = [cell.value for cell in workbook.worksheets[0][1]]
    assert first_row[: len(headers)] == headers
    assert len(workbook.worksheets) == 2  # the instructions
