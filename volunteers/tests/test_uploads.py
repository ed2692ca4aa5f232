"""Scans: checked by content and size, stored privately, served only to owner and staff."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from partners.models import AuditEvent
from portal.factories import StaffUserFactory
from volunteers.factories import VolunteerFactory
from volunteers.models import Credential, VolunteerFile
from volunteers.uploads import UploadRefused, inspect_upload, store_volunteer_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """URLs reversed in a test match the Chinese pages, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


URL = "/volunteers/me/files/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def consenting():
    return VolunteerFactory(scan_consent_at=timezone.now())


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_file_upload_url_names():
    assert reverse("volunteers:file-upload") == URL
    assert reverse("volunteers:file", args=[3]) == "/volunteers/files/3/"


@pytest.mark.parametrize(
    ("content", "expected"),
    [(PDF, "application/pdf"), (png_bytes(), "image/png"), (jpeg_bytes(), "image/jpeg")],
)
def test_inspect_upload_accepts_pdf_png_jpeg_by_content(content, expected):
    facts = inspect_upload(upload("scan.bin", content, "application/octet-stream"))
    assert facts["content_type"] == expected
    assert facts["size"] == len(content)
    assert len(facts["sha256"]) == 64


def test_inspect_upload_refuses_an_image_that_does_not_decode():
    broken = png_bytes()[:40]
    with pytest.raises(UploadRefused):
        inspect_upload(upload("scan.png", broken, "image/png"))


def test_file_upload_stores_a_pdf_privately(client, consenting, settings):
    client.force_login(consenting.user)
    response = client.post(URL, {"kind": "id_scan", "file": upload("身份证.pdf", PDF)})
    assert response.status_code == 302
    stored = VolunteerFile.objects.get(volunteer=consenting)
    assert stored.content_type == "application/pdf"
    assert stored.size == len(PDF)
    assert "身份证" not in stored.file.name
    files = stored_files(settings)
    assert len(files) == 1
    assert files[0].read_bytes() == PDF


def test_file_upload_refuses_an_exe_renamed_pdf_and_stores_nothing(client, consenting, settings):
    client.force_login(consenting.user)
    response = client.post(URL, {"kind": "id_scan", "file": upload("scan.pdf", EXE)})
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["file"][0].code == "bad_type"
    assert not VolunteerFile.objects.exists()
    assert stored_files(settings) == []


def test_file_upload_refuses_an_oversize_file_and_stores_nothing(client, consenting, settings):
    settings.VOLUNTEER_UPLOAD_MAX_BYTES = 1000
    client.force_login(consenting.user)
    big = PDF + b"0" * 2000
    response = client.post(URL, {"kind": "certificate", "file": upload("big.pdf", big)})
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["file"][0].code == "too_large"
    assert not VolunteerFile.objects.exists()
    assert stored_files(settings) == []


def test_file_upload_requires_scan_consent(client, settings):
    volunteer = VolunteerFactory(scan_consent_at=None)
    client.force_login(volunteer.user)
    response = client.post(URL, {"kind": "id_scan", "file": upload("scan.pdf", PDF)})
    assert response.status_code == 400
    assert not VolunteerFile.objects.exists()
    assert stored_files(settings) == []


def test_file_upload_records_an_unverified_credential(client, consenting):
    client.force_login(consenting.user)
    response = client.post(
        URL,
        {
            "kind": "certificate",
            "file": upload("cert.png", png_bytes(), "image/png"),
            "credential_kind": "mediator",
            "credential_number": "TJ-2024-001",
            "issued_on": "2024-01-01",
            "expires_on": "2027-01-01",
        },
    )
    assert response.status_code == 302
    credential = Credential.objects.get(volunteer=consenting)
    assert credential.verified is False
    assert credential.number == "TJ-2024-001"
    assert credential.scan == VolunteerFile.objects.get()


def test_file_upload_refuses_expiry_before_issue(client, consenting, settings):
    client.force_login(consenting.user)
    response = client.post(
        URL,
        {
            "kind": "certificate",
            "file": upload("cert.pdf", PDF),
            "credential_kind": "mediator",
            "issued_on": "2024-01-01",
            "expires_on": "2023-01-01",
        },
    )
    assert response.status_code == 400
    assert not Credential.objects.exists()
    assert stored_files(settings) == []


def test_store_volunteer_file_removes_the_file_when_the_row_fails(consenting, settings):
    with pytest.raises(Exception):  # noqa: B017 - any database error
        store_volunteer_file(
            consenting, "id_scan", upload("a.pdf", PDF), credential={"kind": "not-a-kind"}
        )
    assert stored_files(settings) == []
    assert not VolunteerFile.objects.exists()


@pytest.fixture
def stored(consenting):
    return store_volunteer_file(consenting, "id_scan", upload("a.pdf", PDF))


def test_file_download_serves_the_owner_as_attachment(client, stored):
    client.force_login(stored.volunteer.user)
    response = client.get(reverse("volunteers:file", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    assert not AuditEvent.objects.exists()


def test_file_download_is_404_for_another_volunteer(client, stored):
    other = VolunteerFactory()
    client.force_login(other.user)
    assert client.get(reverse("volunteers:file", args=[stored.pk])).status_code == 404


def test_file_download_is_404_for_staff_without_permission(client, stored):
    client.force_login(StaffUserFactory())
    assert client.get(reverse("volunteers:file", args=[stored.pk])).status_code == 404


def test_file_download_by_permitted_staff_is_audited(client, stored):
    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_volunteer"))
    client.force_login(staff)
    path = reverse("volunteers:file", args=[stored.pk])
    response = client.get(path)
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.subject) == (staff, "view", "volunteer-file")
    assert event.object_id == str(stored.pk)
    assert event.context == path


def test_file_download_sends_anonymous_visitors_to_login(client, stored):
    response = client.get(reverse("volunteers:file", args=[stored.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_withdrawing_scan_consent_deletes_the_scans(
    client, settings, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(applied=True, scan_consent_at=timezone.now(), mobile="13911113333")
    store_volunteer_file(volunteer, "id_scan", upload("a.pdf", PDF))
    assert stored_files(settings)
    client.force_login(volunteer.user)
    data = {
        "real_name": volunteer.real_name,
        "mobile": volunteer.mobile,
        "source": "teacher",
        "has_legal_qualification": "no",
        "accept_code": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:apply"), data)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.scan_consent_at is None
    assert not VolunteerFile.objects.exists()
    assert stored_files(settings) == []
