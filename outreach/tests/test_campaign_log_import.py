"""Campaign log spreadsheets: import validation, all-or-nothing, export, round trip, admin views."""

import csv
import datetime
import io

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from outreach.choices import ActivityType, CampaignTheme, MediaLevel
from outreach.factories import CampaignLogFactory, MediaReportFactory
from outreach.models import CampaignIndexPage, CampaignLog, CampaignPage
from outreach.resources import CampaignLogResource, unescape_formula
from outreach.services import (
    MAX_IMPORT_BYTES,
    check_spreadsheet_upload,
    export_campaign_logs,
    import_campaign_logs,
)
from partners.choices import AreaLevel
from partners.models import Area
from portal.factories import StaffUserFactory
from portal.spreadsheets import escape_formula

pytestmark = pytest.mark.django_db

HEADERS = CampaignLogResource.column_names()
IMPORT_URL = "/admin/campaign-logs/import/"
EXPORT_URL = "/admin/campaign-logs/export/"
TEMPLATE_URL = "/admin/campaign-logs/template/"


@pytest.fixture
def township(db):
    return Area.objects.create(code="230102001000", name="北关镇", level=AreaLevel.TOWNSHIP)


@pytest.fixture
def campaign(home_page):
    index = home_page.add_child(instance=CampaignIndexPage(title="宣传活动", slug="campaigns"))
    return index.add_child(
        instance=CampaignPage(
            title="2021年农民工维权月",
            slug="migrant-workers-2021",
            theme=CampaignTheme.MIGRANT_WORKERS_MONTH,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2021, 1, 31),
            summary="集中受理农民工欠薪案件。",
        )
    )


def _row(n, township, campaign, **changes):
    """The cells of one good data row, as text (what a CSV holds)."""
    row = {
        "日期": "2021-03-15",
        "地点": f"北关镇文化广场 {n}",
        "区划代码": township.code,
        "活动类型": "摆摊咨询",
        "所属活动": campaign.title,
        "组织单位": "县法律援助中心",
        "受众人数": str(100 + n),
        "宣传单": "300",
        "宣传册": "50",
        "海报": "4",
        "其他资料": "",
        "咨询人次": "12",
        "媒体名称": "",
        "媒体级别": "",
        "报道链接": "",
        "备注": "",
    }
    row.update(changes)
    return row


def _csv_file(rows, headers=HEADERS, encoding="utf-8", name="logs.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def _xlsx_file(rows, name="logs.xlsx"):
    """An XLSX with native cells, as Excel saves it: date cells and number cells.

    The division code goes in as a number too, as it does when typed into Excel.
    """
    dataset = tablib.Dataset(headers=HEADERS)
    for row in rows:
        cells = []
        for header in HEADERS:
            value = row.get(header, "")
            if header == "日期":
                value = datetime.date.fromisoformat(value)
            elif (
                header in ("区划代码", "受众人数", "宣传单", "宣传册", "海报", "咨询人次") and value
            ):
                value = int(value)
            cells.append(value)
        dataset.append(cells)
    return SimpleUploadedFile(name, dataset.export("xlsx"))


def _good_rows(count, township, campaign):
    return [_row(n, township, campaign) for n in range(count)]


def _hundred_rows_three_bad(township, campaign):
    rows = _good_rows(100, township, campaign)
    rows[9]["日期"] = "2021-02-30"  # spreadsheet row 11
    rows[49]["活动类型"] = "放风筝"  # row 51
    rows[89]["受众人数"] = "-5"  # row 91
    return rows


def _log_values(log):
    reports = [(r.outlet, r.level, r.url) for r in log.media_reports.order_by("sort_order", "pk")]
    return (
        log.date,
        log.place,
        log.area_id,
        log.activity_type,
        log.campaign_id,
        log.organiser,
        log.people_reached,
        log.leaflets,
        log.brochures,
        log.posters,
        log.other_materials,
        log.consultations,
        log.notes,
        reports[:1],
    )


# Import: validation and all-or-nothing


def test_import_of_hundred_rows_with_three_bad_reports_each_and_saves_nothing(
    township, campaign, superuser
):
    upload = _csv_file(_hundred_rows_three_bad(township, campaign))
    with translation.override("en"):
        outcome = import_campaign_logs(upload, by=superuser, dry_run=False)

    assert not outcome.ok
    assert outcome.total_rows == 100
    assert [(issue.row, issue.column) for issue in outcome.issues] == [
        (11, "日期"),
        (51, "活动类型"),
        (91, "受众人数"),
    ]
    assert outcome.issues[0].message == "Enter a valid date."
    assert "放风筝" in outcome.issues[1].message
    assert "greater than or equal to 0" in outcome.issues[2].message
    with translation.override("en"):
        assert str(outcome.issues[0]) == "Row 11 · 日期 · Enter a valid date."
    with translation.override("zh-hans"):
        assert str(outcome.issues[0]).startswith("第 11 行 · 日期 · ")
    assert outcome.created == 0
    assert not CampaignLog.objects.exists()


def test_import_reasons_follow_the_active_language(township, campaign, superuser):
    upload = _csv_file(_hundred_rows_three_bad(township, campaign))
    with translation.override("zh-hans"):
        outcome = import_campaign_logs(upload, by=superuser, dry_run=True)
    # Django's own catalogue: these need no project translation.
    assert outcome.issues[0].message == "输入一个有效的日期。"
    assert outcome.issues[1].message.startswith("选择一个有效的选项。")
    assert outcome.issues[2].message == "确保该值大于或等于0。"


def test_import_of_good_csv_creates_every_row(township, campaign, superuser):
    rows = _good_rows(100, township, campaign)
    rows[0].update(
        {"媒体名称": "清河日报", "媒体级别": "市级", "报道链接": "https://news.example.org/1"}
    )
    outcome = import_campaign_logs(_csv_file(rows), by=superuser, dry_run=False)

    assert outcome.ok, outcome.issues
    assert outcome.created == 100
    assert CampaignLog.objects.count() == 100
    log = CampaignLog.objects.get(place="北关镇文化广场 0")
    assert (log.date, log.area, log.campaign.specific, log.activity_type) == (
        datetime.date(2021, 3, 15),
        township,
        campaign,
        ActivityType.STREET_STALL,
    )
    assert (log.people_reached, log.materials_total, log.consultations) == (100, 354, 12)
    assert [(r.outlet, r.level, r.url) for r in log.media_reports.all()] == [
        ("清河日报", MediaLevel.CITY, "https://news.example.org/1")
    ]


def test_import_of_good_xlsx_creates_every_row(township, campaign, superuser):
    outcome = import_campaign_logs(
        _xlsx_file(_good_rows(100, township, campaign)), by=superuser, dry_run=False
    )
    assert outcome.ok, outcome.issues
    assert outcome.format == "xlsx"
    assert CampaignLog.objects.count() == 100
    log = CampaignLog.objects.get(people_reached=199)
    assert (log.date, log.area, log.materials_total) == (datetime.date(2021, 3, 15), township, 354)


def test_import_reads_gb18030_csv_saved_by_chinese_excel(township, campaign, superuser):
    upload = _csv_file(_good_rows(3, township, campaign), encoding="gb18030")
    outcome = import_campaign_logs(upload, by=superuser, dry_run=False)
    assert outcome.ok, outcome.issues
    assert set(CampaignLog.objects.values_list("organiser", flat=True)) == {"县法律援助中心"}


def test_import_dry_run_previews_rows_and_saves_nothing(township, campaign, superuser):
    outcome = import_campaign_logs(
        _csv_file(_good_rows(5, township, campaign)), by=superuser, dry_run=True
    )
    assert outcome.ok
    assert [item.row for item in outcome.preview] == [2, 3, 4, 5, 6]
    assert outcome.preview[0].log.place == "北关镇文化广场 0"
    assert outcome.created == 0
    assert not CampaignLog.objects.exists()


def test_import_records_who_created_each_log(township, campaign, superuser):
    import_campaign_logs(_csv_file(_good_rows(2, township, campaign)), by=superuser, dry_run=False)
    entries = ModelLogEntry.objects.filter(action="wagtail.create")
    assert entries.count() == 2
    assert {entry.user for entry in entries} == {superuser}


@pytest.mark.parametrize("name", ["lecture", "法律讲座", "Legal lecture", " LECTURE "])
def test_import_accepts_activity_type_by_code_sheet_name_or_label(
    township, campaign, superuser, name
):
    upload = _csv_file([_row(1, township, campaign, 活动类型=name)])
    outcome = import_campaign_logs(upload, by=superuser, dry_run=False)
    assert outcome.ok, outcome.issues
    assert CampaignLog.objects.get().activity_type == ActivityType.LECTURE


def test_import_reports_unknown_area_code_and_campaign(township, campaign, superuser):
    upload = _csv_file(
        [_row(1, township, campaign, 区划代码="999999999999", 所属活动="不存在的活动")]
    )
    with translation.override("en"):
        outcome = import_campaign_logs(upload, by=superuser, dry_run=True)
    assert [(issue.row, issue.column) for issue in outcome.issues] == [
        (2, "区划代码"),
        (2, "所属活动"),
    ]
    assert "999999999999" in outcome.issues[0].message
    assert "不存在的活动" in outcome.issues[1].message


@pytest.mark.parametrize("count", ["十二", "12.5", "abc"])
def test_import_reports_non_integer_counts(township, campaign, superuser, count):
    upload = _csv_file([_row(1, township, campaign, 宣传单=count)])
    with translation.override("en"):
        outcome = import_campaign_logs(upload, by=superuser, dry_run=True)
    assert [(i.row, i.column, i.message) for i in outcome.issues] == [
        (2, "宣传单", "Enter a whole number.")
    ]


def test_import_requires_people_reached(township, campaign, superuser):
    upload = _csv_file([_row(1, township, campaign, 受众人数="")])
    outcome = import_campaign_logs(upload, by=superuser, dry_run=True)
    assert [(i.row, i.column) for i in outcome.issues] == [(2, "受众人数")]


def test_import_reports_future_dates(township, campaign, superuser):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    upload = _csv_file([_row(1, township, campaign, 日期=tomorrow.isoformat())])
    outcome = import_campaign_logs(upload, by=superuser, dry_run=True)
    assert [(i.row, i.column) for i in outcome.issues] == [(2, "日期")]


def test_import_reports_media_columns(township, campaign, superuser):
    rows = [
        _row(1, township, campaign, 媒体级别="市级"),  # level but no outlet
        _row(2, township, campaign, 媒体名称="清河日报", 媒体级别="乡级"),
        _row(3, township, campaign, 媒体名称="清河日报", 媒体级别="市级", 报道链接="not a url"),
    ]
    with translation.override("en"):
        outcome = import_campaign_logs(_csv_file(rows), by=superuser, dry_run=True)
    assert [(i.row, i.column) for i in outcome.issues] == [
        (2, "媒体名称"),
        (3, "媒体级别"),
        (4, "报道链接"),
    ]
    assert outcome.issues[2].message == "Enter a valid URL."


def test_import_skips_blank_rows_but_keeps_spreadsheet_row_numbers(township, campaign, superuser):
    rows = [_row(1, township, campaign), {}, _row(2, township, campaign, 日期="someday")]
    outcome = import_campaign_logs(_csv_file(rows), by=superuser, dry_run=True)
    assert outcome.total_rows == 2
    assert [(i.row, i.column) for i in outcome.issues] == [(4, "日期")]


def test_import_reports_missing_and_unknown_columns_on_row_one(superuser):
    headers = [h for h in HEADERS if h != "受众人数"] + ["负责人"]
    upload = _csv_file([{"日期": "2021-03-15"}], headers=headers)
    outcome = import_campaign_logs(upload, by=superuser, dry_run=False)
    assert {(i.row, i.column) for i in outcome.issues} == {(1, "负责人"), (1, "受众人数")}
    assert not CampaignLog.objects.exists()


def test_import_of_a_header_only_file_reports_no_data(superuser):
    outcome = import_campaign_logs(_csv_file([]), by=superuser, dry_run=True)
    assert [i.row for i in outcome.issues] == [None]


# Upload checks


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logs.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),  # an image renamed .csv
        ("logs.xlsx", "日期,地点\n2021-03-15,广场\n".encode()),  # a CSV renamed .xlsx
        ("logs.xlsx", b"PK\x03\x04 not really a zip"),
        ("logs.txt", "日期,地点\n".encode()),
        ("logs.csv", b""),
        ("logs.csv", b"a" * (MAX_IMPORT_BYTES + 1)),
    ],
)
def test_check_spreadsheet_upload_judges_content_not_just_the_name(name, content):
    with pytest.raises(ValidationError):
        check_spreadsheet_upload(name, content)


def test_check_spreadsheet_upload_accepts_real_csv_and_xlsx(township, campaign):
    rows = _good_rows(1, township, campaign)
    assert check_spreadsheet_upload("a.CSV", _csv_file(rows).read()) == "csv"
    assert check_spreadsheet_upload("a.xlsx", _xlsx_file(rows).read()) == "xlsx"


# Export


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_every_value(township, campaign, superuser, fmt):
    first = CampaignLogFactory(
        area=township,
        campaign=campaign,
        activity_type=ActivityType.PRESS_CONFERENCE,
        notes='=HYPERLINK("http://x")\n第二行',
        organiser="@SUM(1)",
        place="-1+2 广场",
    )
    MediaReportFactory(log=first, outlet="清河日报", level=MediaLevel.CITY)
    CampaignLogFactory(
        date=datetime.date(2020, 12, 4),
        activity_type=ActivityType.OTHER,
        people_reached=0,
        leaflets=0,
        brochures=0,
        posters=0,
        consultations=0,
    )
    original_pks = list(CampaignLog.objects.values_list("pk", flat=True))
    originals = sorted(_log_values(log) for log in CampaignLog.objects.all())
    exported = export_campaign_logs(CampaignLog.objects.all(), fmt)

    upload = SimpleUploadedFile(exported.filename, exported.content)
    outcome = import_campaign_logs(upload, by=superuser, dry_run=False)

    assert outcome.ok, outcome.issues
    imported = CampaignLog.objects.exclude(pk__in=original_pks)
    assert imported.count() == 2
    assert sorted(_log_values(log) for log in imported) == originals


def test_export_csv_escapes_formulas_in_text_only():
    CampaignLogFactory(
        place='=HYPERLINK("http://x")', organiser="@SUM(1)", notes="-1+2", people_reached=0
    )
    exported = export_campaign_logs(CampaignLog.objects.all(), "csv")
    text = exported.content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["地点"] == '\'=HYPERLINK("http://x")'
    assert row["组织单位"] == "'@SUM(1)"
    assert row["备注"] == "'-1+2"
    assert row["受众人数"] == "0"
    assert row["日期"] == "2021-03-15"
    assert exported.content.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for UTF-8


def test_export_xlsx_writes_no_formula_cells_and_keeps_numbers_and_dates():
    CampaignLogFactory(place='=HYPERLINK("http://x")', organiser="+cmd", notes="\t=1+1")
    exported = export_campaign_logs(CampaignLog.objects.all(), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert cells["地点"].value == '\'=HYPERLINK("http://x")'
    assert cells["组织单位"].value == "'+cmd"
    assert cells["备注"].value == "'\t=1+1"
    assert cells["受众人数"].value == 200
    assert cells["日期"].value.date() == datetime.date(2021, 3, 15)
    assert cells["活动类型"].value == "摆摊咨询"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'plain", "plain", ""])
def test_import_unescapes_what_export_escaped(value):
    assert unescape_formula(escape_formula(value)) == value


def test_export_writes_the_first_media_report_only():
    log = CampaignLogFactory()
    MediaReportFactory(log=log, outlet="第一家", level=MediaLevel.NATIONAL, sort_order=0)
    MediaReportFactory(log=log, outlet="第二家", sort_order=1)
    exported = export_campaign_logs(CampaignLog.objects.all(), "csv")
    row = next(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert (row["媒体名称"], row["媒体级别"]) == ("第一家", "国家级")


# Admin views


def test_import_view_shows_every_problem_in_chinese_and_imports_nothing(
    client, superuser, township, campaign
):
    client.force_login(superuser)
    upload = _csv_file(_hundred_rows_three_bad(township, campaign))
    response = client.post(IMPORT_URL, {"file": upload})
    html = response.content.decode()

    assert response.status_code == 200
    for row, column, reason in [
        (11, "日期", "输入一个有效的日期。"),
        (51, "活动类型", "放风筝"),
        (91, "受众人数", "确保该值大于或等于0。"),
    ]:
        assert f'data-row="{row}" data-column="{column}"' in html
        assert reason in html
    assert 'name="token"' not in html
    assert not CampaignLog.objects.exists()


def test_import_view_previews_then_imports_on_confirmation(client, superuser, township, campaign):
    client.force_login(superuser)
    response = client.post(IMPORT_URL, {"file": _xlsx_file(_good_rows(4, township, campaign))})
    assert response.status_code == 200
    assert "北关镇文化广场 3" in response.content.decode()
    assert not CampaignLog.objects.exists()
    token = response.context["token"]

    response = client.post(IMPORT_URL, {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == "/admin/campaign-logs/"
    assert CampaignLog.objects.count() == 4
    assert "4" in str(next(iter(response.context["messages"])))


def test_import_view_confirmation_cannot_import_twice(client, superuser, township, campaign):
    client.force_login(superuser)
    response = client.post(IMPORT_URL, {"file": _csv_file(_good_rows(2, township, campaign))})
    token = response.context["token"]
    client.post(IMPORT_URL, {"token": token})
    client.post(IMPORT_URL, {"token": token})
    assert CampaignLog.objects.count() == 2


def test_import_view_token_is_bound_to_the_uploader(client, superuser, township, campaign):
    client.force_login(superuser)
    response = client.post(IMPORT_URL, {"file": _csv_file(_good_rows(2, township, campaign))})
    token = response.context["token"]
    other = StaffUserFactory(is_superuser=True)
    client.force_login(other)
    client.post(IMPORT_URL, {"token": token})
    assert not CampaignLog.objects.exists()


def test_import_view_rejects_a_file_that_is_not_a_spreadsheet(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("logs.csv", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/csv")
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not CampaignLog.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_view_downloads_the_filtered_list(client, superuser, fmt):
    CampaignLogFactory(place="讲座现场", activity_type=ActivityType.LECTURE)
    CampaignLogFactory(place="摆摊现场", activity_type=ActivityType.STREET_STALL)
    client.force_login(superuser)
    response = client.get(EXPORT_URL, {"format": fmt, "activity_type": "lecture"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    dataset = tablib.Dataset().load(
        response.content.decode("utf-8-sig") if fmt == "csv" else response.content, format=fmt
    )
    assert dataset.headers == HEADERS
    assert dataset["地点"] == ["讲座现场"]


def test_template_download_has_headers_and_an_example_that_imports(client, superuser, township):
    client.force_login(superuser)
    response = client.get(TEMPLATE_URL)

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    assert len(workbook.worksheets) == 2  # the instructions
    upload = SimpleUploadedFile("template.xlsx", response.content)
    assert import_campaign_logs(upload, by=superuser, dry_run=True).ok


@pytest.fixture
def admin_only_user(db):
    """A staff member who may enter the admin but has no campaign log permissions."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = StaffUserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def viewer(admin_only_user):
    admin_only_user.groups.first().permissions.add(
        Permission.objects.get(codename="view_campaignlog")
    )
    return admin_only_user


@pytest.mark.parametrize("url", [IMPORT_URL, f"{EXPORT_URL}?format=csv", TEMPLATE_URL])
def test_spreadsheet_views_are_denied_without_permissions(client, admin_only_user, url):
    client.force_login(admin_only_user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_import_post_is_denied_without_add_permission(client, viewer, township, campaign):
    client.force_login(viewer)
    response = client.post(IMPORT_URL, {"file": _csv_file(_good_rows(2, township, campaign))})
    assert response.status_code == 302
    assert not CampaignLog.objects.exists()


def test_export_is_allowed_with_view_permission(client, viewer):
    CampaignLogFactory()
    client.force_login(viewer)
    response = client.get(EXPORT_URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
