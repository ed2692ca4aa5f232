"""Shift admin: the shift form, attendance marking, extra-hours review and the hours report."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.factories import StaffUserFactory
from volunteers.admin_views import hours_totals
from volunteers.choices import Attendance, ReviewStatus, SignupStatus, VolunteerSource
from volunteers.factories import (
    ExtraHoursFactory,
    OpportunityFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import Shift, ShiftSignup
from volunteers.services import verified_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Volunteer coordinators"))
    return user


def _shift_data(opportunity, start="2030-03-02 09:00", end="2030-03-02 12:00", **changes):
    data = {
        "opportunity": opportunity.pk,
        "start": start,
        "end": end,
        "point": "",
        "capacity": 4,
        "required_skills": ["consultation", "mediation"],
        "required_credentials": ["student_card"],
        "students_per_supervisor": 3,
        "cancel_deadline_hours": 24,
    }
    data.update(changes)
    return data


# --- Shifts ---------------------------------------------------------------------------------


def test_shift_add_saves_checkbox_lists(client, coordinator):
    opportunity = OpportunityFactory()
    client.force_login(coordinator)
    response = client.post(reverse("volunteer-shifts:add"), _shift_data(opportunity))
    assert response.status_code == 302, response.context["form"].errors
    shift = Shift.objects.get()
    assert shift.required_skills == ["consultation", "mediation"]
    assert shift.required_credentials == ["student_card"]
    assert shift.duration_hours == Decimal("3.0")


def test_shift_edit_shows_stored_choices_checked(client, coordinator):
    shift = ShiftFactory(required_skills=["mediation"])
    client.force_login(coordinator)
    response = client.get(reverse("volunteer-shifts:edit", args=[shift.pk]))
    assert response.context["form"]["required_skills"].value() == ["mediation"]


def test_shift_must_end_after_it_starts(client, coordinator):
    opportunity = OpportunityFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("volunteer-shifts:add"),
        _shift_data(opportunity, start="2030-03-02 12:00", end="2030-03-02 09:00"),
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert not Shift.objects.exists()


def test_shift_list_filters_by_opportunity(client, coordinator):
    first, second = ShiftFactory(), ShiftFactory()
    client.force_login(coordinator)
    response = client.get(reverse("volunteer-shifts:index"), {"opportunity": first.opportunity.pk})
    content = response.content.decode()
    assert reverse("volunteer-shifts:edit", args=[first.pk]) in content
    assert reverse("volunteer-shifts:edit", args=[second.pk]) not in content


# --- Attendance ---------------------------------------------------------------------------


def test_attendance_marks_the_whole_shift_in_one_post(client, coordinator):
    shift = ShiftFactory()
    came, stayed_away, unmarked = (ShiftSignupFactory(shift=shift) for _ in range(3))
    waiting = ShiftSignupFactory(shift=shift, status=SignupStatus.WAITLISTED)
    client.force_login(coordinator)
    url = reverse("volunteer-shifts:attendance", args=[shift.pk])
    content = client.get(url).content.decode()
    assert f'data-signup="{waiting.pk}"' not in content
    assert waiting.volunteer.real_name in content  # read-only on the waitlist
    response = client.post(
        url,
        {
            f"signup-{came.pk}-attendance": Attendance.ATTENDED,
            f"signup-{came.pk}-hours": "",
            f"signup-{stayed_away.pk}-attendance": Attendance.NO_SHOW,
            f"signup-{stayed_away.pk}-hours": "",
        },
    )
    assert response.status_code == 302
    came.refresh_from_db()
    stayed_away.refresh_from_db()
    unmarked.refresh_from_db()
    assert (came.attendance, came.hours, came.marked_by) == (
        "attended",
        Decimal("3.0"),
        coordinator,
    )
    assert (stayed_away.attendance, stayed_away.hours) == ("no_show", Decimal(0))
    assert unmarked.attendance == Attendance.UNMARKED
    assert verified_hours(came.volunteer)["hours"] == Decimal("3.0")


def test_attendance_uses_hours_given(client, coordinator):
    signup = ShiftSignupFactory()
    client.force_login(coordinator)
    client.post(
        reverse("volunteer-shifts:attendance", args=[signup.shift.pk]),
        {f"signup-{signup.pk}-attendance": "attended", f"signup-{signup.pk}-hours": "1.5"},
    )
    assert verified_hours(signup.volunteer)["hours"] == Decimal("1.5")


def test_attendance_with_a_bad_row_saves_nothing(client, coordinator):
    shift = ShiftFactory()
    good, bad = ShiftSignupFactory(shift=shift), ShiftSignupFactory(shift=shift)
    client.force_login(coordinator)
    response = client.post(
        reverse("volunteer-shifts:attendance", args=[shift.pk]),
        {
            f"signup-{good.pk}-attendance": "attended",
            f"signup-{bad.pk}-attendance": "attended",
            f"signup-{bad.pk}-hours": "30",
        },
    )
    assert response.status_code == 200
    assert not ShiftSignup.objects.filter(attendance="attended").exists()


def test_attendance_needs_change_permission_to_save(client, admin_user_without_signups):
    signup = ShiftSignupFactory()
    client.force_login(admin_user_without_signups)
    response = client.post(
        reverse("volunteer-shifts:attendance", args=[signup.shift.pk]),
        {f"signup-{signup.pk}-attendance": "attended"},
    )
    assert response.status_code in (302, 403)
    signup.refresh_from_db()
    assert signup.attendance == Attendance.UNMARKED


@pytest.fixture
def admin_user_without_signups(db):
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="Shift planners")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_shift"),
    )
    user = StaffUserFactory()
    user.groups.add(group)
    return user


# --- Extra hours --------------------------------------------------------------------------


def test_extra_hours_list_shows_pending_by_default(client, coordinator):
    pending = ExtraHoursFactory(description="待审核的工作")
    ExtraHoursFactory(description="已经批准的工作", status=ReviewStatus.APPROVED)
    client.force_login(coordinator)
    url = reverse("volunteer-extra-hours:index")
    content = client.get(url).content.decode()
    assert "待审核的工作" in content
    assert "已经批准的工作" not in content
    assert reverse("volunteer-extra-hours:review", args=[pending.pk]) in content
    assert "已经批准的工作" in client.get(url, {"status": "approved"}).content.decode()


def test_extra_hours_approve_counts_them(client, coordinator):
    extra = ExtraHoursFactory(hours=2)
    client.force_login(coordinator)
    url = reverse("volunteer-extra-hours:review", args=[extra.pk])
    assert client.post(url, {"decision": "approved", "note": ""}).status_code == 302
    extra.refresh_from_db()
    assert (extra.status, extra.reviewed_by) == (ReviewStatus.APPROVED, coordinator)
    assert verified_hours(extra.volunteer)["extra_hours"] == Decimal(2)


def test_extra_hours_reject_needs_a_reason(client, coordinator):
    extra = ExtraHoursFactory()
    client.force_login(coordinator)
    url = reverse("volunteer-extra-hours:review", args=[extra.pk])
    response = client.post(url, {"decision": "rejected", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    extra.refresh_from_db()
    assert extra.status == ReviewStatus.PENDING
    assert client.post(url, {"decision": "rejected", "note": "无法核实"}).status_code == 302
    extra.refresh_from_db()
    assert (extra.status, extra.review_note) == (ReviewStatus.REJECTED, "无法核实")


# --- Hours report -------------------------------------------------------------------------


@pytest.fixture
def hours_data(db):
    student = VolunteerFactory(real_name="学生甲")
    teacher = VolunteerFactory(real_name="老师乙", teacher=True)
    last_month = timezone.now() - datetime.timedelta(days=30)
    shift = ShiftFactory(start=last_month, end=last_month + datetime.timedelta(hours=3))
    ShiftSignupFactory(shift=shift, volunteer=student, attendance="attended", hours=3)
    ShiftSignupFactory(shift=shift, volunteer=teacher, attendance="attended", hours=2)
    ShiftSignupFactory(shift=shift, attendance="no_show", hours=0)
    ExtraHoursFactory(volunteer=student, hours=Decimal("1.5"), status=ReviewStatus.APPROVED)
    ExtraHoursFactory(volunteer=teacher, hours=4)  # pending: not counted
    return {"student": student, "teacher": teacher, "shift": shift}


def test_hours_totals_by_volunteer_source_and_workstation(hours_data):
    totals = hours_totals()
    by_volunteer = {entry["name"]: entry["hours"] for entry in totals["by_volunteer"]}
    assert by_volunteer == {"学生甲": Decimal("4.5"), "老师乙": Decimal(2)}
    by_source = {entry["source"]: entry["hours"] for entry in totals["by_source"]}
    assert by_source == {VolunteerSource.STUDENT: Decimal("4.5"), VolunteerSource.TEACHER: 2}
    by_point = {entry["workstation"]: entry["hours"] for entry in totals["by_point"]}
    assert by_point == {hours_data["shift"].place.name: Decimal(5), None: Decimal("1.5")}
    assert totals["total"]["hours"] == Decimal("6.5")


def test_hours_totals_respect_the_period(hours_data):
    today = timezone.localdate()
    totals = hours_totals(date_from=today - datetime.timedelta(days=7), date_to=today)
    assert {entry["name"] for entry in totals["by_volunteer"]} == {"学生甲"}
    assert totals["total"]["hours"] == Decimal("1.5")


def test_hours_totals_take_a_fixed_number_of_queries(hours_data, django_assert_num_queries):
    with django_assert_num_queries(6):
        hours_totals()


def test_hours_report_page_and_xlsx_export(client, coordinator, hours_data):
    client.force_login(coordinator)
    url = reverse("volunteer-hours:index")
    content = client.get(url).content.decode()
    assert "学生甲" in content
    assert 'data-total-hours="6.5"' in content
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "学生甲"
    assert rows[1][2] == 4.5
    assert len(workbook.worksheets) == 3
