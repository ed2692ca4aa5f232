"""Data rights: export everything, delete the account without leaving personal values behind."""

import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from partners.choices import AreaLevel
from partners.factories import AreaFactory
from portal.factories import DEFAULT_PASSWORD, UserFactory
from volunteers.choices import Attendance, ReviewStatus, SignupStatus, VolunteerStatus
from volunteers.factories import (
    CredentialFactory,
    ExtraHoursFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import (
    ANONYMISED_NAME,
    Certificate,
    Credential,
    ExtraHours,
    ShiftSignup,
    Volunteer,
    VolunteerFile,
)
from volunteers.privacy import delete_volunteer_account
from volunteers.services import change_volunteer_status, verified_hours
from volunteers.uploads import store_volunteer_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """URLs reversed in a test match the Chinese pages, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

DISTINCT = {
    "real_name": "测试独特姓名",
    "mobile": "13987654321",
    "institution": "独特测试大学",
    "college": "独特法学院",
    "grade": "独特2031级",
    "supervisor_name": "独特导师",
    "qualification_number": "QX987654321",
    "languages": "独特方言",
    "emergency_contact_name": "独特联系人",
    "emergency_contact_phone": "13900001111",
}
EMAIL = "unique.person.42@example.org"
SECOND_EMAIL = "unique.alt.42@example.org"
CREDENTIAL_NUMBER = "CRED-UNIQUE-777"
EXTRA_TEXT = "独特的额外服务描述"
REVIEW_NOTE = "独特审核意见"
STATUS_NOTE = "独特状态备注"


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def person(staff_user):
    """A volunteer with distinctive values in every personal field and related row."""
    user = UserFactory(username="unique42", email=EMAIL)
    EmailAddress.objects.create(user=user, email=SECOND_EMAIL, verified=False, primary=False)
    volunteer = VolunteerFactory(
        user=user,
        status=VolunteerStatus.IN_REVIEW,
        scan_consent_at=timezone.now(),
        skills=["sign_language"],
        availability=["evenings"],
        **DISTINCT,
    )
    volunteer.preferred_areas.add(AreaFactory(level=AreaLevel.COUNTY))
    change_volunteer_status(volunteer.pk, VolunteerStatus.APPROVED, by=staff_user)
    volunteer.refresh_from_db()
    volunteer.history.update(note=STATUS_NOTE)
    volunteer.status_reason = STATUS_NOTE
    volunteer.calendar_token_hash = "a" * 64
    volunteer.save()
    scan = store_volunteer_file(
        volunteer, "certificate", SimpleUploadedFile("c.pdf", PDF, "application/pdf")
    )
    CredentialFactory(volunteer=volunteer, number=CREDENTIAL_NUMBER, scan=scan)
    past = timezone.now() - datetime.timedelta(days=10)
    ShiftSignupFactory(
        volunteer=volunteer,
        attendance=Attendance.ATTENDED,
        hours=Decimal("3.0"),
        shift=ShiftFactory(start=past, end=past + datetime.timedelta(hours=3)),
    )
    ExtraHoursFactory(
        volunteer=volunteer,
        hours=Decimal("2.0"),
        description=EXTRA_TEXT,
        status=ReviewStatus.APPROVED,
        review_note=REVIEW_NOTE,
    )
    Certificate.objects.create(
        number="QH-2026-00042",
        volunteer=volunteer,
        name_initial=volunteer.name_initial,
        period_start=past.date(),
        period_end=past.date(),
        hours=Decimal("5.0"),
        activities=2,
        issuing_centre="清河市法律援助中心",
    )
    return volunteer


def personal_values() -> list[str]:
    return [
        *DISTINCT.values(),
        EMAIL,
        SECOND_EMAIL,
        "unique42",
        CREDENTIAL_NUMBER,
        EXTRA_TEXT,
        REVIEW_NOTE,
        STATUS_NOTE,
        "测*****",
    ]


def find_personal_values() -> list[str]:
    """Every `table.column: value` in the whole database that still holds a personal value."""
    values = personal_values()
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            rows = model._base_manager.all()
            if isinstance(field, models.JSONField):
                # Stored with ASCII escapes, so search the decoded values.
                for stored in rows.values_list(field.name, flat=True):
                    text = json.dumps(stored, ensure_ascii=False).lower()
                    found += [
                        f"{model._meta.db_table}.{field.name}: {v}"
                        for v in values
                        if v.lower() in text
                    ]
            elif isinstance(field, models.CharField | models.TextField):
                query = models.Q()
                for value in values:
                    query |= models.Q(**{f"{field.name}__icontains": value})
                for stored in rows.filter(query).values_list(field.name, flat=True):
                    found += [
                        f"{model._meta.db_table}.{field.name}: {v}"
                        for v in values
                        if v.lower() in str(stored).lower()
                    ]
    return found


def programme_hours() -> Decimal:
    return sum(
        (verified_hours(volunteer)["hours"] for volunteer in Volunteer.objects.all()),
        Decimal(0),
    )


def test_person_fixture_puts_the_values_in_the_database(person):
    """The scan below could not fail if the values were never stored."""
    found = find_personal_values()
    for value in (*DISTINCT.values(), EMAIL, CREDENTIAL_NUMBER, EXTRA_TEXT, STATUS_NOTE):
        assert any(value in hit for hit in found), value


def test_delete_volunteer_account_leaves_no_personal_value_anywhere(
    person, settings, django_capture_on_commit_callbacks
):
    other = VolunteerFactory()
    ShiftSignupFactory(
        volunteer=other,
        attendance=Attendance.ATTENDED,
        hours=Decimal("4.0"),
        shift=ShiftFactory(
            start=timezone.now() - datetime.timedelta(days=3),
            end=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=4),
        ),
    )
    before = programme_hours()
    user_pk = person.user.pk
    assert stored_files(settings)

    with django_capture_on_commit_callbacks(execute=True):
        delete_volunteer_account(person, by=person.user)

    assert find_personal_values() == []
    assert stored_files(settings) == []
    assert not VolunteerFile.objects.exists()
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not EmailAddress.objects.filter(user_id=user_pk).exists()
    person.refresh_from_db()
    assert person.real_name == ANONYMISED_NAME
    assert person.anonymised_at is not None
    assert person.skills == [] and person.availability == []
    assert not person.preferred_areas.exists()
    assert person.source == "student"
    assert person.calendar_token_hash == ""
    assert Credential.objects.get(volunteer=person).number == ""
    assert ExtraHours.objects.get(volunteer=person).description == ""
    assert Certificate.objects.get(volunteer=person).name_initial == "*"
    # De-identified statistics stay: programme totals are unchanged.
    assert programme_hours() == before == Decimal("9.0")
    assert verified_hours(person)["hours"] == Decimal("5.0")


def test_delete_volunteer_account_releases_future_places_to_the_waitlist(person):
    shift = ShiftFactory(capacity=1, start=timezone.now() + datetime.timedelta(hours=2))
    shift.end = shift.start + datetime.timedelta(hours=2)
    shift.save()
    mine = ShiftSignupFactory(shift=shift, volunteer=person)
    waiting = ShiftSignupFactory(shift=shift, status=SignupStatus.WAITLISTED)
    delete_volunteer_account(person, by=person.user)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == SignupStatus.CANCELLED  # even past the cancellation deadline
    assert waiting.status == SignupStatus.OFFERED
    past = ShiftSignup.objects.get(volunteer=person, attendance=Attendance.ATTENDED)
    assert past.status == SignupStatus.CONFIRMED


def test_account_delete_view_needs_confirmation_and_password(client, person):
    client.force_login(person.user)
    url = reverse("volunteers:account-delete")
    response = client.post(url, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "confirm" in response.context["delete_form"].errors
    response = client.post(url, {"confirm": "on", "password": "wrong-password"})
    assert response.status_code == 400
    assert "password" in response.context["delete_form"].errors
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_account_delete_view_deletes_and_signs_out(client, person):
    client.force_login(person.user)
    response = client.post(
        reverse("volunteers:account-delete"), {"confirm": "on", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert person.user is None
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("volunteers:home")).status_code == 302


def test_account_delete_is_post_only(client, person):
    client.force_login(person.user)
    assert client.get(reverse("volunteers:account-delete")).status_code == 405


def test_my_data_page_explains_and_offers_both_actions(client, person):
    client.force_login(person.user)
    response = client.get(reverse("volunteers:my-data"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("volunteers:data-export") in html
    assert reverse("volunteers:account-delete") in html


def test_data_export_zip_holds_data_json_and_files(client, person):
    client.force_login(person.user)
    response = client.post(reverse("volunteers:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["real_name"] == "测试独特姓名"
    assert data["profile"]["mobile"] == "13987654321"
    assert data["account"]["email"] == EMAIL
    assert {entry["to_status"] for entry in data["history"]} == {"approved"}
    assert data["credentials"][0]["number"] == CREDENTIAL_NUMBER
    assert data["signups"][0]["attendance"] == "attended"
    assert data["extra_hours"][0]["description"] == EXTRA_TEXT
    assert data["certificates"][0]["number"] == "QH-2026-00042"
    datetime.datetime.fromisoformat(data["profile"]["applied_at"])
    file_name = data["files"][0]["name_in_archive"]
    assert archive.read(file_name) == PDF


def test_data_export_is_post_only(client, person):
    client.force_login(person.user)
    assert client.get(reverse("volunteers:data-export")).status_code == 405
