"""My hours: reporting extra hours, the list of reports and the verified totals."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.factories import ServicePointFactory
from volunteers import services
from volunteers.choices import Attendance, ReviewStatus
from volunteers.factories import ExtraHoursFactory, ShiftSignupFactory, VolunteerFactory
from volunteers.models import ExtraHours

pytestmark = pytest.mark.django_db

URL = reverse("volunteers:hours")


@pytest.fixture
def volunteer(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    return volunteer


def _report(client, **overrides):
    data = {
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "hours": "2.5",
        "description": "电话解答咨询",
        "point": "",
        **overrides,
    }
    return client.post(URL, data)


def test_hours_requires_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_hours_report_creates_pending_hours(client, volunteer):
    workstation = ServicePointFactory(workstation=True)

    response = _report(client, point=workstation.pk)

    assert response.status_code == 302
    extra = ExtraHours.objects.get(volunteer=volunteer)
    assert extra.hours == Decimal("2.5")
    assert extra.status == ReviewStatus.PENDING
    assert extra.point == workstation


def test_hours_report_refuses_a_future_date(client, volunteer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = _report(client, date=tomorrow.isoformat())

    assert response.status_code == 400
    assert "date" in response.context["form"].errors
    assert "error-summary" in response.content.decode()
    assert not ExtraHours.objects.exists()


@pytest.mark.parametrize("hours", ["0", "0.3", "1.2", "24.5", "-1"])
def test_hours_report_refuses_hours_off_the_half_hour_range(client, volunteer, hours):
    response = _report(client, hours=hours)

    assert "hours" in response.context["form"].errors
    assert not ExtraHours.objects.exists()


def test_hours_report_accepts_the_limits(client, volunteer):
    _report(client, hours="0.5")
    _report(client, hours="24")

    assert ExtraHours.objects.count() == 2


def test_hours_report_requires_a_description_of_at_most_500(client, volunteer):
    blank = _report(client, description="   ")
    too_long = _report(client, description="字" * 501)

    assert "description" in blank.context["form"].errors
    assert "description" in too_long.context["form"].errors
    assert not ExtraHours.objects.exists()


def test_hours_workstation_choices_are_workstations_only(client, volunteer):
    workstation = ServicePointFactory(workstation=True)
    special = ServicePointFactory(special_workstation=True)
    liaison = ServicePointFactory()

    choices = set(client.get(URL).context["form"].fields["point"].queryset)

    assert choices == {workstation, special}
    assert liaison not in choices
    assert "point" in _report(client, point=liaison.pk).context["form"].errors


def test_hours_lists_own_reports_only_with_status(client, volunteer):
    ExtraHoursFactory(volunteer=volunteer, description="我的报告", status=ReviewStatus.APPROVED)
    ExtraHoursFactory(description="别人的报告")

    content = client.get(URL).content.decode()

    assert "我的报告" in content
    assert "别人的报告" not in content
    assert "review-status--approved" in content


def test_hours_totals_equal_verified_hours(client, volunteer):
    ExtraHoursFactory(volunteer=volunteer, hours=2, status=ReviewStatus.APPROVED)
    ExtraHoursFactory(volunteer=volunteer, hours=5, status=ReviewStatus.PENDING)
    ShiftSignupFactory(volunteer=volunteer, attendance=Attendance.ATTENDED, hours=3)

    response = client.get(URL)

    totals = response.context["totals"]
    assert totals == services.verified_hours(volunteer)
    assert totals["hours"] == Decimal(5)


def test_hours_form_is_hidden_until_approved(client):
    volunteer = VolunteerFactory(applied=True)
    client.force_login(volunteer.user)

    response = _report(client)

    assert response.status_code == 200
    assert not ExtraHours.objects.exists()
    assert 'name="description"' not in response.content.decode()
