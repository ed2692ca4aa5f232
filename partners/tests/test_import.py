"""Network spreadsheets: import by code, all or nothing, re-import, export and round trips."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.models import ModelLogEntry

from partners.choices import AreaLevel, OrganisationKind, PointKind, PointLevel, ProviderKind
from partners.models import (
    Area,
    LiaisonOfficer,
    OpeningHours,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    ServicePoint,
    ServiceType,
)
from partners.resources import (
    CONSENTED_PHONE_COLUMN,
    AreaResource,
    LiaisonOfficerResource,
    PartnerOrganisationResource,
    ProviderRosterResource,
    ServicePointResource,
    format_opening_hours,
    parse_opening_hours,
)
from portal.imports import export_spreadsheet, import_spreadsheet, spreadsheet_template

pytestmark = pytest.mark.django_db

POINT_HEADERS = ServicePointResource.column_names()
CITY, COUNTY, TOWNSHIP, VILLAGE = "230100000000", "230102000000", "230102001000", "230102001001"


def _area(code, name, level, parent=None):
    return Area.objects.create(code=code, name=name, level=level, parent=parent)


@pytest.fixture
def areas(db):
    city = _area(CITY, "清河市", AreaLevel.CITY)
    county = _area(COUNTY, "东城区", AreaLevel.COUNTY, city)
    township = _area(TOWNSHIP, "东升街道", AreaLevel.TOWNSHIP, county)
    village = _area(VILLAGE, "大殷社区", AreaLevel.VILLAGE, township)
    return {"city": city, "county": county, "township": township, "village": village}


@pytest.fixture
def womens_federation(areas):
    return PartnerOrganisation.objects.create(
        code="qh-womens",
        name="清河市妇女联合会",
        short_name="市妇联",
        kind=OrganisationKind.WOMENS_FEDERATION,
        area=areas["city"],
    )


def _point_row(code, **changes):
    """The cells of one good point row, as text (what a CSV holds)."""
    row = {
        "代码": code,
        "名称": f"{code} 法律援助工作站",
        "类型": "乡镇(街道)法律援助工作站",
        "层级": "乡镇级",
        "区划代码": TOWNSHIP,
        "上级网点代码": "",
        "承办单位代码": "",
        "服务人群": "老年人、残疾人",
        "服务项目": "consultation,application",
        "地址": "东升街道人民路12号",
        "纬度": "45.774210",
        "经度": "126.662650",
        "电话": "0453-6225148",
        "开放时间": "周一至周五 08:30-12:00,13:30-17:30",
        "值班安排": "周三上午律师值班",
        "说明": "",
        "是否启用": "是",
    }
    row.update(changes)
    return row


def _csv_file(rows, headers=POINT_HEADERS, name="points.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def _xlsx_file(rows, headers=POINT_HEADERS, name="points.xlsx"):
    """An XLSX as Excel saves it: division codes and coordinates typed into number cells."""
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        cells = []
        for header in headers:
            value = row.get(header, "")
            if header in ("区划代码", "纬度", "经度") and value:
                value = int(value) if header == "区划代码" else float(value)
            cells.append(value)
        dataset.append(cells)
    return SimpleUploadedFile(name, dataset.export("xlsx"))


def _import(resource, upload, user=None, *, dry_run=False):
    return import_spreadsheet(resource, upload, by=user, dry_run=dry_run)


def _issues(outcome):
    return [(issue.row, issue.column) for issue in outcome.issues]


def _point_values(point):
    return (
        point.code,
        point.name,
        point.kind,
        point.level,
        point.area.code,
        point.parent.code if point.parent else None,
        point.host_organisation.code if point.host_organisation else None,
        sorted(point.groups_served.values_list("code", flat=True)),
        sorted(point.services.values_list("code", flat=True)),
        point.address,
        point.latitude,
        point.longitude,
        point.phone,
        sorted(point.opening_hours.values_list("weekday", "opens", "closes")),
        point.duty_schedule,
        point.description,
        point.is_active,
    )


# Service points: a correct file


def test_import_points_xlsx_creates_every_row(areas, womens_federation, superuser):
    rows = [
        _point_row("ws-dongsheng"),
        _point_row(
            "sp-womens",
            类型="专项法律援助工作站",
            层级="县级",
            区划代码=COUNTY,
            承办单位代码="qh-womens",
            上级网点代码="ws-dongsheng",
            服务人群="妇女, minors",
            服务项目="",
            纬度="",
            经度="",
            开放时间="周一、周三 09:00-11:30；周六 09:00-12:00",
            是否启用="否",
        ),
    ]
    outcome = _import(ServicePointResource(), _xlsx_file(rows), superuser)

    assert outcome.ok, outcome.issues
    assert (outcome.format, outcome.created, outcome.updated, outcome.skipped) == ("xlsx", 2, 0, 0)
    workstation = ServicePoint.objects.get(code="ws-dongsheng")
    assert _point_values(workstation)[2:] == (
        PointKind.WORKSTATION,
        PointLevel.TOWNSHIP,
        TOWNSHIP,
        None,
        None,
        ["disabled", "elderly"],
        ["application", "consultation"],
        "东升街道人民路12号",
        Decimal("45.774210"),
        Decimal("126.662650"),
        "0453-6225148",
        sorted(
            [(day, datetime.time(8, 30), datetime.time(12)) for day in range(5)]
            + [(day, datetime.time(13, 30), datetime.time(17, 30)) for day in range(5)]
        ),
        "周三上午律师值班",
        "",
        True,
    )
    special = ServicePoint.objects.get(code="sp-womens")
    assert (special.parent, special.host_organisation, special.is_active) == (
        workstation,
        womens_federation,
        False,
    )
    assert sorted(special.groups_served.values_list("code", flat=True)) == ["minors", "women"]
    assert special.latitude is None
    assert format_opening_hours(
        special.opening_hours.values_list("weekday", "opens", "closes")
    ) == ("周一、周三 09:00-11:30；周六 09:00-12:00")


def test_import_dry_run_previews_what_each_row_does_and_saves_nothing(areas, superuser):
    _import(ServicePointResource(), _csv_file([_point_row("ws-a")]), superuser)
    rows = [_point_row("ws-a"), _point_row("ws-b"), _point_row("ws-a2")]
    rows[0]["电话"] = "12348"
    outcome = _import(ServicePointResource(), _csv_file(rows[:2]), superuser, dry_run=True)

    assert outcome.ok, outcome.issues
    assert [(item.row, item.action) for item in outcome.preview] == [(2, "update"), (3, "new")]
    assert outcome.created == 0
    assert ServicePoint.objects.get(code="ws-a").phone == "0453-6225148"
    assert not ServicePoint.objects.filter(code="ws-b").exists()


def test_import_records_who_created_and_changed_each_point(areas, superuser):
    _import(ServicePointResource(), _csv_file([_point_row("ws-a")]), superuser)
    _import(ServicePointResource(), _csv_file([_point_row("ws-a", 电话="12348")]), superuser)
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(ServicePoint.objects.get().pk))
        .order_by("pk")
        .values_list("action", "user")
    )
    assert actions == [("wagtail.create", superuser.pk), ("wagtail.edit", superuser.pk)]


# Service points: all or nothing, each bad row named


def test_import_with_unknown_area_and_repeated_code_imports_nothing(areas, superuser):
    rows = [_point_row(f"ws-{n}") for n in range(6)]
    rows[1]["区划代码"] = "999999999999"  # spreadsheet row 3
    rows[4]["代码"] = "ws-0"  # row 6 repeats row 2
    with translation.override("en"):
        outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
        assert [str(issue) for issue in outcome.issues] == [
            "Row 3 · 区划代码 · No area has the division code “999999999999”.",
            "Row 6 · 代码 · The code is used on row 2 already.",
        ]
    assert outcome.created == 0
    assert not ServicePoint.objects.exists()
    assert not OpeningHours.objects.exists()


def test_import_names_the_column_and_reason_of_each_bad_row(areas, superuser):
    rows = [
        _point_row("ws-ok"),
        _point_row("ws-parent", 上级网点代码="no-such-point"),  # row 3
        _point_row("ws-latitude", 纬度="91"),  # row 4
        _point_row("ws-kind", 类型="流动站"),  # row 5
        _point_row("ws-host", 承办单位代码="no-such-partner"),  # row 6
        _point_row("ws-groups", 服务人群="老年人、外星人"),  # row 7
        _point_row("ws-hours", 开放时间="周一 17:00-08:00"),  # row 8
        _point_row("ws-active", 是否启用="也许"),  # row 9
        _point_row("ws-lonely", 经度=""),  # row 10: latitude without longitude
        _point_row("Not A Slug!"),  # row 11
        _point_row("ws-address", 地址=""),  # row 12
    ]
    with translation.override("en"):
        outcome = _import(ServicePointResource(), _csv_file(rows), superuser, dry_run=True)

    assert _issues(outcome) == [
        (3, "上级网点代码"),
        (4, "纬度"),
        (5, "类型"),
        (6, "承办单位代码"),
        (7, "服务人群"),
        (8, "开放时间"),
        (9, "是否启用"),
        (10, "经度"),
        (11, "代码"),
        (12, "地址"),
    ]
    messages = [issue.message for issue in outcome.issues]
    assert "no-such-point" in messages[0]
    assert messages[1] == "Ensure this value is less than or equal to 90."
    assert "流动站" in messages[2]
    assert "外星人" in messages[4]
    assert "closes before it opens" in messages[5]
    assert not ServicePoint.objects.exists()


def test_import_reasons_follow_the_active_language(areas, superuser):
    rows = [_point_row("ws-a", 纬度="北纬45度")]
    with translation.override("zh-hans"):
        outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
    # Django's own catalogue: this needs no project translation.
    assert [issue.message for issue in outcome.issues] == ["输入一个数字。"]


def test_import_reports_a_row_without_a_code(areas, superuser):
    rows = [_point_row("ws-a"), _point_row(""), _point_row("ws-b")]
    outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
    assert _issues(outcome) == [(3, "代码")]
    assert not ServicePoint.objects.exists()


def test_import_requires_the_columns_a_new_point_needs(areas, superuser):
    headers = [h for h in POINT_HEADERS if h not in ("地址", "层级")] + ["负责人"]
    outcome = _import(ServicePointResource(), _csv_file([_point_row("ws-a")], headers), superuser)
    assert set(_issues(outcome)) == {(1, "地址"), (1, "层级"), (1, "负责人")}


@pytest.mark.parametrize(
    "kind", ["村(社区)法律援助联系点", "liaison_point", "Village liaison point", " LIAISON_POINT "]
)
def test_import_accepts_a_choice_by_chinese_name_english_label_or_code(areas, superuser, kind):
    rows = [_point_row("lp-a", 类型=kind, 层级="village", 区划代码=VILLAGE)]
    outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
    assert outcome.ok, outcome.issues
    point = ServicePoint.objects.get()
    assert (point.kind, point.level) == (PointKind.LIAISON_POINT, PointLevel.VILLAGE)


@pytest.mark.parametrize(
    "cell",
    ["老年人、残疾人", "elderly,disabled", "残疾人，Older people", "elderly；disabled；elderly"],
)
def test_import_reads_groups_by_code_or_name_with_any_separator(areas, superuser, cell):
    outcome = _import(ServicePointResource(), _csv_file([_point_row("ws-a", 服务人群=cell)]))
    assert outcome.ok, outcome.issues
    groups = ServicePoint.objects.get().groups_served.values_list("code", flat=True)
    assert sorted(groups) == ["disabled", "elderly"]


def test_import_puts_parents_first_wherever_they_stand(areas, superuser):
    rows = [
        _point_row("lp-a", 上级网点代码="ws-a", 区划代码=VILLAGE),
        _point_row("ws-a", 上级网点代码="cc-a"),
        _point_row("cc-a", 类型="县(区)法律援助中心", 层级="县级", 区划代码=COUNTY),
    ]
    outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
    assert outcome.ok, outcome.issues
    assert [item.row for item in outcome.preview] == [2, 3, 4]
    assert ServicePoint.objects.get(code="lp-a").parent.parent.code == "cc-a"


def test_import_reports_parents_that_form_a_loop(areas, superuser):
    rows = [
        _point_row("ws-a", 上级网点代码="ws-b"),
        _point_row("ws-b", 上级网点代码="ws-a"),
        _point_row("ws-c", 上级网点代码="ws-c"),
    ]
    with translation.override("en"):
        outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
    assert _issues(outcome) == [(2, "上级网点代码"), (3, "上级网点代码"), (4, "上级网点代码")]
    assert "loop" in outcome.issues[0].message
    assert not ServicePoint.objects.exists()


def test_import_reports_a_parent_that_lies_below_the_row(areas, superuser):
    rows = [_point_row("ws-a"), _point_row("ws-b", 上级网点代码="ws-a")]
    _import(ServicePointResource(), _csv_file(rows), superuser)
    with translation.override("en"):
        outcome = _import(
            ServicePointResource(), _csv_file([_point_row("ws-a", 上级网点代码="ws-b")]), superuser
        )
    assert _issues(outcome) == [(2, "上级网点代码")]
    assert "loop" in outcome.issues[0].message
    assert ServicePoint.objects.get(code="ws-a").parent is None


# Re-import: matched by code, unchanged rows skipped


def test_reimport_of_the_same_file_changes_nothing(areas, womens_federation, superuser):
    rows = [
        _point_row(f"ws-{n}", 上级网点代码="ws-0" if n else "", 承办单位代码="qh-womens")
        for n in range(5)
    ]
    assert _import(ServicePointResource(), _xlsx_file(rows), superuser).created == 5
    before = dict(ServicePoint.objects.values_list("code", "updated"))
    hours_before = set(OpeningHours.objects.values_list("pk", flat=True))

    outcome = _import(ServicePointResource(), _xlsx_file(rows), superuser)

    assert outcome.ok, outcome.issues
    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 0, 5)
    assert dict(ServicePoint.objects.values_list("code", "updated")) == before
    assert set(OpeningHours.objects.values_list("pk", flat=True)) == hours_before
    assert ModelLogEntry.objects.filter(action="wagtail.edit").count() == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("服务人群", "老年人"),
        ("服务项目", "consultation"),
        ("开放时间", "周一至周五 08:30-12:00"),
        ("纬度", "45.774211"),
        ("上级网点代码", "ws-1"),
        ("是否启用", "否"),
    ],
)
def test_reimport_updates_only_the_changed_row(areas, superuser, column, value):
    rows = [_point_row("ws-0"), _point_row("ws-1")]
    _import(ServicePointResource(), _csv_file(rows), superuser)
    untouched = ServicePoint.objects.get(code="ws-1").updated
    rows[0][column] = value

    outcome = _import(ServicePointResource(), _csv_file(rows), superuser)

    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 1, 1)
    assert ServicePoint.objects.count() == 2
    assert ServicePoint.objects.get(code="ws-1").updated == untouched


def test_reimport_leaves_columns_the_file_does_not_have(areas, superuser):
    _import(ServicePointResource(), _csv_file([_point_row("ws-0")]), superuser)
    headers = ["代码", "名称", "类型", "层级", "区划代码", "地址", "电话"]
    outcome = _import(
        ServicePointResource(), _csv_file([_point_row("ws-0", 电话="12348")], headers), superuser
    )
    assert (outcome.updated, outcome.skipped) == (1, 0)
    point = ServicePoint.objects.get()
    assert point.phone == "12348"
    assert point.opening_hours.count() == 10
    assert point.groups_served.count() == 2


def test_import_rounds_coordinates_to_the_stored_precision(areas, superuser):
    rows = [_point_row("ws-0", 纬度="45.7742104", 经度="126.66265")]
    _import(ServicePointResource(), _csv_file(rows), superuser)
    assert ServicePoint.objects.get().latitude == Decimal("45.774210")
    outcome = _import(ServicePointResource(), _csv_file(rows), superuser)
    assert outcome.skipped == 1


# Export and round trips


def _network_points(areas, womens_federation):
    groups = {group.code: group for group in PopulationGroup.objects.all()}
    services = {service.code: service for service in ServiceType.objects.all()}
    centre = ServicePoint.objects.create(
        code="cc-dongcheng",
        name="东城区法律援助中心",
        kind=PointKind.COUNTY_CENTRE,
        level=PointLevel.COUNTY,
        area=areas["county"],
        address='=HYPERLINK("http://evil.example","点击")',
        phone="+86 453 12348",
        latitude=Decimal("45.100000"),
        longitude=Decimal("126.500000"),
        description="-2+3",
    )
    centre.services.set([services["consultation"], services["application"]])
    centre.save()
    special = ServicePoint.objects.create(
        code="sp-womens",
        name="东城区妇联法律援助工作站",
        kind=PointKind.SPECIAL_WORKSTATION,
        level=PointLevel.COUNTY,
        area=areas["county"],
        parent=centre,
        host_organisation=womens_federation,
        address="文化路8号",
        duty_schedule="@每周三",
        is_active=False,
    )
    special.groups_served.set([groups["women"], groups["minors"]])
    special.save()
    for weekday, opens, closes in [
        (0, "08:30", "12:00"),
        (0, "13:30", "17:30"),
        (5, "09:00", "12:00"),
    ]:
        OpeningHours.objects.create(
            point=special,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
    return [centre, special]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_reimport_changes_nothing(areas, womens_federation, superuser, fmt):
    _network_points(areas, womens_federation)
    before = dict(ServicePoint.objects.values_list("code", "updated"))
    exported = export_spreadsheet(ServicePointResource(), ServicePoint.objects.all(), fmt)

    outcome = _import(
        ServicePointResource(), SimpleUploadedFile(exported.filename, exported.content)
    )

    assert outcome.ok, outcome.issues
    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 0, 2)
    assert dict(ServicePoint.objects.values_list("code", "updated")) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_network_round_trips(areas, womens_federation, fmt):
    originals = sorted(_point_values(point) for point in _network_points(areas, womens_federation))
    exported = export_spreadsheet(ServicePointResource(), ServicePoint.objects.all(), fmt)
    OpeningHours.objects.all().delete()
    ServicePoint.objects.filter(parent__isnull=False).delete()
    ServicePoint.objects.all().delete()

    outcome = _import(
        ServicePointResource(), SimpleUploadedFile(exported.filename, exported.content)
    )

    assert outcome.ok, outcome.issues
    assert outcome.created == 2
    assert sorted(_point_values(point) for point in ServicePoint.objects.all()) == originals


def test_export_writes_chinese_names_and_escapes_formulas_in_text_only(areas, womens_federation):
    _network_points(areas, womens_federation)
    exported = export_spreadsheet(ServicePointResource(), ServicePoint.objects.all(), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == POINT_HEADERS
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    centre, special = rows["cc-dongcheng"], rows["sp-womens"]
    assert centre["地址"].value == '\'=HYPERLINK("http://evil.example","点击")'
    assert centre["电话"].value == "'+86 453 12348"
    assert centre["说明"].value == "'-2+3"
    assert centre["纬度"].value == 45.1  # a number, not text
    assert centre["类型"].value == "县(区)法律援助中心"
    assert centre["服务项目"].value == "法律咨询、受理法律援助申请"
    assert special["值班安排"].value == "'@每周三"
    assert special["服务人群"].value == "妇女、未成年人"
    assert special["开放时间"].value == "周一 08:30-12:00,13:30-17:30；周六 09:00-12:00"
    assert special["是否启用"].value == "否"
    assert special["上级网点代码"].value == "cc-dongcheng"


def test_export_csv_has_a_byte_order_mark_and_escapes_formulas(areas, womens_federation):
    _network_points(areas, womens_federation)
    exported = export_spreadsheet(ServicePointResource(), ServicePoint.objects.all(), "csv")
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0]["地址"].startswith("'=HYPERLINK")


def test_template_has_chinese_headers_instructions_and_an_example_that_imports(areas, superuser):
    template = spreadsheet_template(ServicePointResource())
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == POINT_HEADERS
    assert len(rows) == 3
    guide = dict(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert "周一至周五 08:30-12:00,13:30-17:30" in guide["开放时间"]
    assert "老年人(elderly)" in guide["服务人群"]
    outcome = _import(ServicePointResource(), SimpleUploadedFile("t.xlsx", template.content))
    assert outcome.ok, outcome.issues
    assert outcome.created == 2


# Opening hours in one cell


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("周一至周五 08:30-12:00,13:30-17:30", "周一至周五 08:30-12:00,13:30-17:30"),
        ("周一 至 五 ８：３０－１２：００", "周一至周五 08:30-12:00"),
        ("Mon-Fri 8:30-17:00\nSat 9:00-12:00", "周一至周五 08:30-17:00；周六 09:00-12:00"),
        ("星期六、星期日：9:00~11:30", "周六、周日 09:00-11:30"),
        ("每天 09:00-17:00", "周一至周日 09:00-17:00"),
        ("周五至周一 10:00-11:00", "周一、周五至周日 10:00-11:00"),
        (
            "周一至周五 08:30-12:00；周三 13:30-17:00",
            "周一、周二、周四、周五 08:30-12:00；周三 08:30-12:00,13:30-17:00",
        ),
        ("", ""),
    ],
)
def test_opening_hours_cell_parses_and_formats_canonically(text, canonical):
    rows = parse_opening_hours(text)
    assert format_opening_hours(rows) == canonical
    assert parse_opening_hours(canonical) == rows


@pytest.mark.parametrize(
    "text",
    [
        "周八 08:00-09:00",
        "08:00-09:00",
        "周一 08:00",
        "周一 12:00-08:00",
        "周一 08:00-12:00,11:00-13:00",
        "周一 25:00-26:00",
    ],
)
def test_opening_hours_cell_rejects_what_it_cannot_read(text):
    with pytest.raises(ValueError):
        parse_opening_hours(text)


# Areas


def _area_rows(*rows):
    return [
        dict(zip(["区划代码", "名称", "级别", "上级区划代码"], row, strict=True)) for row in rows
    ]


def test_area_import_checks_codes_nest_under_larger_divisions(areas, superuser):
    rows = _area_rows(
        ("230102002000", "西林镇", "乡镇(街道)", COUNTY),
        ("230103001000", "错码镇", "乡镇(街道)", COUNTY),  # row 3: not under 230102
        ("230102003000", "倒挂镇", "township", VILLAGE),  # row 4: parent is smaller
        ("2301020", "短码镇", "乡镇(街道)", COUNTY),  # row 5
        ("230102004000", "无名镇", "乡镇(街道)", "230999000000"),  # row 6
    )
    headers = AreaResource.column_names()
    outcome = _import(AreaResource(), _csv_file(rows, headers), superuser)
    assert _issues(outcome) == [
        (3, "上级区划代码"),
        (4, "上级区划代码"),
        (5, "区划代码"),
        (6, "上级区划代码"),
    ]
    assert Area.objects.count() == 4


def test_area_export_round_trips_and_reimport_skips(areas, superuser):
    exported = export_spreadsheet(AreaResource(), Area.objects.all(), "xlsx")
    upload = SimpleUploadedFile(exported.filename, exported.content)
    outcome = _import(AreaResource(), upload, superuser)
    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 0, 4)

    Area.objects.filter(level=AreaLevel.VILLAGE).delete()
    outcome = _import(AreaResource(), SimpleUploadedFile("a.xlsx", exported.content), superuser)
    assert (outcome.created, outcome.skipped) == (1, 3)
    village = Area.objects.get(code=VILLAGE)
    assert (village.name, village.level, village.parent) == (
        "大殷社区",
        AreaLevel.VILLAGE,
        areas["township"],
    )


# Partner organisations and the roster


def test_organisation_export_round_trips_and_reimport_skips(areas, womens_federation, superuser):
    PartnerOrganisation.objects.create(
        code="dc-womens",
        name="东城区妇女联合会",
        kind=OrganisationKind.WOMENS_FEDERATION,
        parent=womens_federation,
        area=areas["county"],
        is_committee_member=True,
        committee_duties="=1+1",
        agreement_signed_on=datetime.date(2021, 3, 8),
    )
    fields = [f.name for f in PartnerOrganisation._meta.fields if f.name not in ("id", "updated")]
    originals = sorted(PartnerOrganisation.objects.values_list(*fields))
    exported = export_spreadsheet(
        PartnerOrganisationResource(), PartnerOrganisation.objects.order_by("name"), "xlsx"
    )
    outcome = _import(PartnerOrganisationResource(), SimpleUploadedFile("o.xlsx", exported.content))
    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 0, 2)

    PartnerOrganisation.objects.filter(parent__isnull=False).delete()
    PartnerOrganisation.objects.all().delete()
    outcome = _import(PartnerOrganisationResource(), SimpleUploadedFile("o.xlsx", exported.content))
    assert outcome.ok, outcome.issues
    new = sorted(PartnerOrganisation.objects.values_list(*fields))
    # Parents get new primary keys; compare everything else, and the parent by code.
    assert [row[:4] + row[5:] for row in new] == [row[:4] + row[5:] for row in originals]
    assert PartnerOrganisation.objects.get(code="dc-womens").parent.code == "qh-womens"


def test_organisation_import_reports_a_name_used_by_another_code(womens_federation, superuser):
    rows = [{"代码": "other", "名称": "清河市妇女联合会", "类型": "妇联"}]
    headers = ["代码", "名称", "类型"]
    outcome = _import(PartnerOrganisationResource(), _csv_file(rows, headers), superuser)
    assert _issues(outcome) == [(2, "名称")]


def test_roster_import_creates_then_skips(areas, superuser):
    rows = [
        {
            "代码": "lawyer-zhang",
            "姓名": "张伟",
            "类型": "律师",
            "执业机构": "清河正义律师事务所",
            "执业领域": "劳动争议",
            "区划代码": COUNTY,
            "办公电话": "0453-6998877",
            "是否在册": "",
        }
    ]
    headers = ProviderRosterResource.column_names()
    assert _import(ProviderRosterResource(), _csv_file(rows, headers), superuser).created == 1
    entry = ProviderRosterEntry.objects.get()
    assert (entry.kind, entry.area, entry.is_active) == (ProviderKind.LAWYER, areas["county"], True)
    outcome = _import(ProviderRosterResource(), _csv_file(rows, headers), superuser)
    assert outcome.skipped == 1


# Liaison officers: export only, phone numbers with consent only


def test_officer_export_blanks_the_phone_of_officers_without_consent(areas):
    point = ServicePoint.objects.create(
        code="lp-a",
        name="大殷社区法律援助联系点",
        kind=PointKind.LIAISON_POINT,
        level=PointLevel.VILLAGE,
        area=areas["village"],
        address="大殷社区",
    )
    LiaisonOfficer.objects.create(point=point, name="王芳", phone="13900000001", phone_consent=True)
    LiaisonOfficer.objects.create(point=point, name="李强", phone="13900000002")
    exported = export_spreadsheet(LiaisonOfficerResource(), LiaisonOfficer.objects.all(), "csv")
    text = exported.content.decode("utf-8-sig")
    rows = {row["姓名"]: row for row in csv.DictReader(io.StringIO(text))}

    assert "13900000002" not in text
    assert rows["王芳"][CONSENTED_PHONE_COLUMN] == "13900000001"
    assert rows["李强"][CONSENTED_PHONE_COLUMN] == ""
    assert (rows["李强"]["网点代码"], rows["李强"]["区划代码"]) == ("lp-a", VILLAGE)
