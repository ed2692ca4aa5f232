"""Roster spreadsheets: import matched on mobile, all or nothing, clear errors, safe export."""

import io

import openpyxl
import pytest
import tablib
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partners.choices import AuditAction
from partners.models import AuditEvent
from portal.factories import UserFactory
from portal.imports import export_spreadsheet
from volunteers.choices import VolunteerSource, VolunteerStatus
from volunteers.factories import VolunteerFactory
from volunteers.models import Volunteer
from volunteers.resources import VolunteerRosterResource
from volunteers.roster import import_roster

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "手机号", "学校", "学院", "年级", "指导老师", "来源", "技能", "邮箱"]


def _row(name, mobile, **changes):
    row = {
        "姓名": name,
        "手机号": mobile,
        "学校": "清河师范学院",
        "学院": "法学院",
        "年级": "2023级",
        "指导老师": "王老师",
        "来源": "",
        "技能": "法律咨询、调解",
        "邮箱": "",
    }
    row.update(changes)
    return row


def _xlsx(rows, headers=HEADERS) -> ContentFile:
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(header, "") for header in headers])
    return ContentFile(dataset.export("xlsx"), name="roster.xlsx")


def _csv(rows, encoding="utf-8", headers=HEADERS) -> ContentFile:
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(header, "") for header in headers])
    return ContentFile(dataset.export("csv").encode(encoding), name="roster.csv")


def _import(file, **kwargs):
    return import_roster(file, by=None, dry_run=kwargs.pop("dry_run", False), **kwargs)


def test_roster_import_creates_applied_volunteers():
    outcome = _import(
        _xlsx(
            [
                _row("张三", "13812345678"),
                _row("李四", "+86 139-1234-5678", 来源="执业律师", 技能="代理"),
            ]
        )
    )
    assert outcome.ok, outcome.issues
    assert outcome.created == 2
    zhang = Volunteer.objects.get(mobile="13812345678")
    assert zhang.real_name == "张三"
    assert zhang.status == VolunteerStatus.APPLIED
    assert zhang.source == VolunteerSource.STUDENT
    assert zhang.skills == ["consultation", "mediation"]
    li = Volunteer.objects.get(mobile="13912345678")
    assert li.source == VolunteerSource.LAWYER
    assert li.skills == ["representation"]


def test_roster_dry_run_previews_without_saving():
    outcome = _import(_xlsx([_row("张三", "13812345678")]), dry_run=True)
    assert outcome.ok
    assert [item.action for item in outcome.preview] == ["new"]
    assert not Volunteer.objects.exists()


def test_roster_reimport_updates_without_duplicating_or_changing_status():
    volunteer = VolunteerFactory(mobile="13812345678", real_name="张三", institution="旧学校")
    rows = [_row("张三", "13812345678"), _row("王五", "13700000001")]
    outcome = _import(_xlsx(rows))
    assert outcome.ok, outcome.issues
    assert (outcome.created, outcome.updated) == (1, 1)
    volunteer.refresh_from_db()
    assert volunteer.institution == "清河师范学院"
    assert volunteer.status == VolunteerStatus.APPROVED
    again = _import(_xlsx(rows))
    assert (again.created, again.updated, again.skipped) == (0, 0, 2)
    assert Volunteer.objects.count() == 2


def test_roster_blank_source_keeps_a_stored_volunteers_source():
    VolunteerFactory(mobile="13812345678", teacher=True)
    assert _import(_xlsx([_row("张老师", "13812345678", 来源="")])).ok
    assert Volunteer.objects.get().source == VolunteerSource.TEACHER


def test_roster_bad_mobile_is_reported_by_row_and_nothing_is_imported():
    outcome = _import(_xlsx([_row("张三", "13812345678"), _row("李四", "1234"), _row("王五", "")]))
    assert not outcome.ok
    messages = [str(issue) for issue in outcome.issues]
    assert [(issue.row, issue.column) for issue in outcome.issues] == [(3, "手机号"), (4, "手机号")]
    assert "11" in messages[0]
    assert not Volunteer.objects.exists()


def test_roster_unknown_source_and_skill_are_row_errors():
    outcome = _import(_xlsx([_row("张三", "13812345678", 来源="宇航员", 技能="法律咨询、飞行")]))
    assert {(issue.row, issue.column) for issue in outcome.issues} == {(2, "来源"), (2, "技能")}
    [skills] = [issue for issue in outcome.issues if issue.column == "技能"]
    with translation.override("zh-hans"):
        expected = gettext("Unknown skills: %(items)s. Use the names from the instructions.") % {
            "items": "飞行"
        }
    assert expected == "无法识别的专长：飞行。请使用说明中的名称。"
    assert skills.message == expected
    assert not Volunteer.objects.exists()


def test_roster_repeated_mobile_in_one_file_is_an_error():
    outcome = _import(_xlsx([_row("张三", "13812345678"), _row("张三", "138 1234 5678")]))
    assert [(issue.row, issue.column) for issue in outcome.issues] == [(3, "手机号")]
    assert not Volunteer.objects.exists()


def test_roster_missing_required_column_is_one_file_level_error():
    headers = [header for header in HEADERS if header != "手机号"]
    outcome = _import(_xlsx([_row("张三", "13812345678")], headers=headers))
    assert len(outcome.issues) == 1
    issue = outcome.issues[0]
    assert issue.row is None
    assert "手机号" in str(issue)
    assert not Volunteer.objects.exists()


def test_roster_gbk_csv_is_refused_with_instructions():
    """A GBK roster could be read as garbled names: refuse it and say how to save UTF-8."""
    outcome = _import(_csv([_row("张三", "13812345678", 来源="高校教师")], encoding="gbk"))
    assert not outcome.ok
    assert len(outcome.issues) == 1
    with translation.override("zh-hans"):
        message = str(outcome.issues[0])
    assert "UTF-8" in message and "GBK" in message
    assert not Volunteer.objects.exists()


def test_roster_csv_in_another_encoding_asks_for_utf8():
    content = "姓名,手机号\n".encode() + b"\xff\xfe\xfa\n"
    outcome = _import(ContentFile(content, name="roster.csv"))
    assert len(outcome.issues) == 1
    assert "UTF-8" in str(outcome.issues[0])
    assert not Volunteer.objects.exists()


def test_roster_email_links_an_existing_account():
    user = UserFactory(email="zhang@example.org")
    assert _import(_xlsx([_row("张三", "13812345678", 邮箱="ZHANG@example.org")])).ok
    assert Volunteer.objects.get().user == user


def test_roster_export_escapes_formulas_and_round_trips():
    VolunteerFactory(real_name="=cmd|' /C calc'!A0", mobile="13812345678", institution="+SUM(1)")
    spreadsheet = export_spreadsheet(VolunteerRosterResource(), Volunteer.objects.all(), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheet.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][2] == "'+SUM(1)"
    assert rows[1][7] == "法律咨询、普法宣传"
    again = _import(ContentFile(spreadsheet.content, name="roster.xlsx"))
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)
    assert Volunteer.objects.get().real_name == "=cmd|' /C calc'!A0"


# --- Admin pages -------------------------------------------------------------------------


def test_roster_admin_import_previews_then_imports(client, superuser):
    client.force_login(superuser)
    url = reverse("volunteer-people:import")
    upload = SimpleUploadedFile("roster.xlsx", _xlsx([_row("张三", "13812345678")]).read())
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "张三" in response.content.decode()
    assert not Volunteer.objects.exists()
    token = response.context["token"]
    response = client.post(url, {"token": token})
    assert response.status_code == 302
    assert Volunteer.objects.get().status == VolunteerStatus.APPLIED


def test_roster_admin_import_lists_problems(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("roster.xlsx", _xlsx([_row("张三", "12")]).read())
    response = client.post(reverse("volunteer-people:import"), {"file": upload})
    content = response.content.decode()
    assert 'data-row="2"' in content
    assert 'data-column="手机号"' in content
    assert not Volunteer.objects.exists()


def test_roster_admin_import_asks_for_utf8_csv(client, superuser):
    client.force_login(superuser)
    content = "姓名,手机号\n".encode() + b"\xff\xfe\xfa\n"
    upload = SimpleUploadedFile("roster.csv", content)
    response = client.post(reverse("volunteer-people:import"), {"file": upload})
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_roster_admin_template_and_export_download(client, superuser):
    VolunteerFactory(real_name="=HYPERLINK(1)")
    client.force_login(superuser)
    template = client.get(reverse("volunteer-people:template"))
    assert template.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    export = client.get(reverse("volunteer-people:export"), {"format": "csv"})
    assert export.status_code == 200
    assert "'=HYPERLINK(1)" in export.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.subject, event.row_count) == ("volunteer", 1)
