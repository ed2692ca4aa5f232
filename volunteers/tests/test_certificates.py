"""Certificates of service: numbering, the PDF, the missing-font page, public verification."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from volunteers import certificates, services
from volunteers.choices import Attendance, ReviewStatus
from volunteers.factories import ExtraHoursFactory, ShiftSignupFactory, VolunteerFactory
from volunteers.models import Certificate

pytestmark = pytest.mark.django_db

URL = reverse("volunteers:certificate")


def _last_week(hour=9):
    day = timezone.localdate() - datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def volunteer():
    """A volunteer with a 3-hour attended shift and 2 approved extra hours last week."""
    volunteer = VolunteerFactory(real_name="王小明")
    start = _last_week()
    ShiftSignupFactory(
        volunteer=volunteer,
        shift__start=start,
        shift__end=start + datetime.timedelta(hours=3),
        attendance=Attendance.ATTENDED,
        hours=Decimal(3),
    )
    ExtraHoursFactory(
        volunteer=volunteer,
        date=timezone.localdate() - datetime.timedelta(days=3),
        hours=Decimal(2),
        status=ReviewStatus.APPROVED,
    )
    ExtraHoursFactory(volunteer=volunteer, hours=Decimal(4), status=ReviewStatus.PENDING)
    return volunteer


def _period():
    today = timezone.localdate()
    return today - datetime.timedelta(days=30), today


def test_issue_certificate_numbers_in_sequence(volunteer):
    start, end = _period()
    year = timezone.localdate().year

    first = certificates.issue_certificate(volunteer, start, end, by=volunteer.user)
    second = certificates.issue_certificate(volunteer, start, end, by=volunteer.user)

    assert first.number == f"ZY{year}-000001"
    assert second.number == f"ZY{year}-000002"


def test_issue_certificate_continues_after_the_years_last_number(volunteer):
    start, end = _period()
    year = timezone.localdate().year
    Certificate.objects.create(
        number=f"ZY{year}-000122",
        name_initial="李*",
        period_start=start,
        period_end=end,
        hours=1,
        activities=1,
        issuing_centre="中心",
    )

    issued = certificates.issue_certificate(volunteer, start, end, by=None)

    assert issued.number == f"ZY{year}-000123"


def test_issue_certificate_takes_the_next_number_on_collision(volunteer, monkeypatch):
    start, end = _period()
    taken = certificates.issue_certificate(volunteer, start, end, by=None)
    numbers = iter([taken.number, "ZY2099-000777"])
    monkeypatch.setattr(certificates, "_next_number", lambda year: next(numbers))

    issued = certificates.issue_certificate(volunteer, start, end, by=None)

    assert issued.number == "ZY2099-000777"


def test_issue_certificate_records_what_it_states(volunteer, site):
    start, end = _period()

    issued = certificates.issue_certificate(volunteer, start, end, by=volunteer.user)

    totals = services.verified_hours(volunteer, start, end)
    assert issued.hours == totals["hours"] == Decimal(5)
    assert issued.activities == 2
    assert issued.name_initial == "王**"
    assert issued.issuing_centre == "清河市法律援助中心"


def test_issue_certificate_refuses_a_period_without_hours():
    volunteer = VolunteerFactory()
    start, end = _period()

    with pytest.raises(ValidationError):
        certificates.issue_certificate(volunteer, start, end, by=None)


def test_certificate_page_defaults_to_this_year(client, volunteer):
    client.force_login(volunteer.user)

    response = client.get(URL)

    year = timezone.localdate().year
    assert response.context["start"] == datetime.date(year, 1, 1)
    assert response.context["end"] == datetime.date(year, 12, 31)


def test_certificate_page_shows_verified_hours_and_activities(client, volunteer):
    client.force_login(volunteer.user)
    start, end = _period()

    response = client.get(URL, {"start": start.isoformat(), "end": end.isoformat()})

    assert response.context["totals"]["hours"] == Decimal(5)
    assert len(response.context["activities"]) == 2


def test_certificate_download_is_a_pdf_with_the_cjk_font_and_verified_hours(client, volunteer):
    client.force_login(volunteer.user)
    start, end = _period()

    response = client.post(URL, {"start": start.isoformat(), "end": end.isoformat()})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    issued = Certificate.objects.get()
    assert response["Content-Disposition"] == f'attachment; filename="{issued.number}.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile" in pdf
    assert b"NotoSansCJK" in pdf
    assert issued.hours == services.verified_hours(volunteer, start, end)["hours"]
    assert issued.volunteer == volunteer
    assert issued.issued_by == volunteer.user


def test_certificate_download_without_hours_issues_nothing(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    start, end = _period()

    response = client.post(URL, {"start": start.isoformat(), "end": end.isoformat()})

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Certificate.objects.exists()


def test_certificate_download_without_the_font_answers_503(client, volunteer, settings):
    settings.CERTIFICATE_FONT = "/nonexistent/NotoSansCJK-Regular.ttc"
    client.force_login(volunteer.user)
    start, end = _period()

    response = client.post(URL, {"start": start.isoformat(), "end": end.isoformat()})

    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()
    assert not Certificate.objects.exists()


def test_certificate_verify_shows_the_initial_not_the_full_name(client, volunteer):
    start, end = _period()
    issued = certificates.issue_certificate(volunteer, start, end, by=None)

    response = client.get(reverse("volunteers:certificate-verify", args=[issued.verification_code]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "王**" in content
    assert "王小明" not in content
    assert issued.number in content
    assert "5.0" in content
    assert issued.issuing_centre in content


def test_certificate_verify_of_unknown_code_is_404(client):
    response = client.get(reverse("volunteers:certificate-verify", args=["no-such-code"]))

    assert response.status_code == 404


def test_certificate_verification_url_is_absolute(volunteer):
    start, end = _period()
    issued = certificates.issue_certificate(volunteer, start, end, by=None)

    url = certificates.verification_url(issued)

    assert url == "http://testserver" + reverse(
        "volunteers:certificate-verify", args=[issued.verification_code]
    )
