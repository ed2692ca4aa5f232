"""The volunteer's data rights under the Personal Information Protection Law (PIPL).

`export_volunteer_data` gives a copy of everything held about the volunteer;
`delete_volunteer_account` deletes the account and personal data while
keeping the de-identified facts the programme reports on (source, attended
shifts and their hours, approved extra hours), so programme totals still add up.
"""

import io
import json
import zipfile

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from partners.audit import record
from partners.choices import AuditAction

from .choices import VolunteerStatus
from .models import (
    ACTIVE_STATUSES,
    ANONYMISED_NAME,
    Certificate,
    Credential,
    Shift,
    ShiftSignup,
    Volunteer,
    VolunteerStatusChange,
)
from .services import _cancel_locked
from .uploads import ALLOWED_TYPES, delete_volunteer_files, open_volunteer_file

#: Personal fields of `Volunteer` and what they become when the account is deleted.
BLANKED_FIELDS = {
    "real_name": ANONYMISED_NAME,
    "mobile": "",
    "institution": "",
    "college": "",
    "grade": "",
    "supervisor_name": "",
    "qualification_number": "",
    "languages": "",
    "emergency_contact_name": "",
    "emergency_contact_phone": "",
    "status_reason": "",
    "calendar_token_hash": "",
}


def _iso(value):
    return value.isoformat() if value is not None else None


def export_volunteer_data(volunteer) -> dict:
    """Everything held about the volunteer, as JSON-ready values (dates in ISO 8601)."""
    user = volunteer.user
    signups = ShiftSignup.objects.filter(volunteer=volunteer).select_related(
        "shift__opportunity__point", "shift__point"
    )
    return {
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email if user else "",
            "email_addresses": (
                [
                    {"email": address.email, "verified": address.verified}
                    for address in user.emailaddress_set.all()
                ]
                if user
                else []
            ),
            "date_joined": _iso(user.date_joined) if user else None,
        },
        "profile": {
            "real_name": volunteer.real_name,
            "mobile": volunteer.mobile,
            "source": volunteer.source,
            "institution": volunteer.institution,
            "college": volunteer.college,
            "grade": volunteer.grade,
            "supervisor_name": volunteer.supervisor_name,
            "has_legal_qualification": volunteer.has_legal_qualification,
            "qualification_number": volunteer.qualification_number,
            "skills": list(volunteer.skills),
            "languages": volunteer.languages,
            "preferred_areas": [
                {"code": area.code, "name": area.name} for area in volunteer.preferred_areas.all()
            ],
            "availability": list(volunteer.availability),
            "emergency_contact_name": volunteer.emergency_contact_name,
            "emergency_contact_phone": volunteer.emergency_contact_phone,
            "code_page_id": volunteer.code_page_id,
            "code_revision_id": volunteer.code_revision_id,
            "code_accepted_at": _iso(volunteer.code_accepted_at),
            "scan_consent_at": _iso(volunteer.scan_consent_at),
            "status": volunteer.status,
            "status_reason": volunteer.status_reason,
            "status_changed_at": _iso(volunteer.status_changed_at),
            "applied_at": _iso(volunteer.applied_at),
            "calendar_feed_active": bool(volunteer.calendar_token_hash),
        },
        "history": [
            {
                "at": _iso(change.at),
                "from_status": change.from_status,
                "to_status": change.to_status,
                "note": change.note,
            }
            for change in volunteer.history.all()
        ],
        "credentials": [
            {
                "kind": credential.kind,
                "number": credential.number,
                "issued_on": _iso(credential.issued_on),
                "expires_on": _iso(credential.expires_on),
                "verified": credential.verified,
                "scan_file_id": credential.scan_id,
            }
            for credential in volunteer.credentials.all()
        ],
        "files": [
            {
                "id": stored.pk,
                "kind": stored.kind,
                "content_type": stored.content_type,
                "size": stored.size,
                "sha256": stored.sha256,
                "uploaded_at": _iso(stored.uploaded_at),
                "name_in_archive": _archive_name(stored),
            }
            for stored in volunteer.files.all()
        ],
        "signups": [
            {
                "shift": str(signup.shift.opportunity),
                "place": signup.shift.place.name,
                "start": _iso(signup.shift.start),
                "end": _iso(signup.shift.end),
                "status": signup.status,
                "signed_up_at": _iso(signup.created),
                "cancelled_at": _iso(signup.cancelled_at),
                "attendance": signup.attendance,
                "hours": str(signup.hours),
            }
            for signup in signups
        ],
        "extra_hours": [
            {
                "date": _iso(extra.date),
                "hours": str(extra.hours),
                "description": extra.description,
                "status": extra.status,
                "review_note": extra.review_note,
                "reported_at": _iso(extra.created),
            }
            for extra in volunteer.extra_hours.all()
        ],
        "certificates": [
            {
                "number": certificate.number,
                "period_start": _iso(certificate.period_start),
                "period_end": _iso(certificate.period_end),
                "hours": str(certificate.hours),
                "activities": certificate.activities,
                "issuing_centre": certificate.issuing_centre,
                "issued_at": _iso(certificate.issued_at),
            }
            for certificate in volunteer.certificates.all()
        ],
    }


def _archive_name(stored) -> str:
    return f"files/{stored.kind}-{stored.pk}.{ALLOWED_TYPES.get(stored.content_type, 'bin')}"


def build_export_zip(volunteer) -> bytes:
    """A ZIP archive with `data.json` and every file the volunteer uploaded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = export_volunteer_data(volunteer)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for stored in volunteer.files.all():
            try:
                with open_volunteer_file(stored) as handle:
                    archive.writestr(_archive_name(stored), handle.read())
            except FileNotFoundError:
                continue  # listed in data.json; the stored file is gone
    return buffer.getvalue()


def _release_future_signups(volunteer, *, now) -> int:
    """Cancel the volunteer's places and waitlist turns on shifts not yet started.

    Ignores the cancellation deadline (the person is leaving); each shift row is
    locked so its freed place goes to the waitlist exactly as a cancellation would.
    """
    released = 0
    signup_ids = list(
        ShiftSignup.objects.filter(
            volunteer=volunteer, status__in=ACTIVE_STATUSES, shift__start__gt=now
        ).values_list("pk", flat=True)
    )
    for signup_id in signup_ids:
        signup = ShiftSignup.objects.select_related("shift").get(pk=signup_id)
        Shift.objects.select_for_update().get(pk=signup.shift_id)
        signup.refresh_from_db(fields=["status"])
        if signup.status in ACTIVE_STATUSES:
            _cancel_locked(signup, now=now)
            released += 1
    return released


def _scrub_admin_log(volunteer):
    """Wagtail's change log labels rows with `str(volunteer)`, i.e. the real name."""
    from wagtail.models import ModelLogEntry

    content_type = ContentType.objects.get_for_model(Volunteer)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(volunteer.pk)).update(
        label=ANONYMISED_NAME, data={}
    )


def delete_volunteer_account(volunteer, *, by=None) -> Volunteer:
    """Delete the volunteer's account and personal data, keeping de-identified statistics.

    Future shifts are released to their waitlists, scans are deleted from
    storage, personal fields are blanked, and the user account with its email
    addresses is deleted. Attended shifts, their hours and approved extra hours
    stay, attached to the anonymised record.
    """
    now = timezone.now()
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        user = volunteer.user
        # Staff deleting on a volunteer's behalf are named; self-service is not, since
        # the acting account is the one being deleted.
        actor = by if by is not None and (user is None or by.pk != user.pk) else None
        _release_future_signups(volunteer, now=now)
        delete_volunteer_files(volunteer)

        Credential.objects.filter(volunteer=volunteer).update(number="", scan=None)
        volunteer.extra_hours.update(description="", review_note="")
        Certificate.objects.filter(volunteer=volunteer).update(name_initial="*")
        VolunteerStatusChange.objects.filter(volunteer=volunteer).update(note="")

        previous_status = volunteer.status
        for name, value in BLANKED_FIELDS.items():
            setattr(volunteer, name, value)
        volunteer.skills = []
        volunteer.availability = []
        volunteer.scan_consent_at = None
        volunteer.anonymised_at = now
        volunteer.user = None
        if previous_status != VolunteerStatus.WITHDRAWN:
            volunteer.status = VolunteerStatus.WITHDRAWN
            volunteer.status_changed_at = now
            VolunteerStatusChange.objects.create(
                volunteer=volunteer,
                actor=None,
                at=now,
                from_status=previous_status,
                to_status=VolunteerStatus.WITHDRAWN,
            )
        volunteer.save()
        volunteer.preferred_areas.clear()
        _scrub_admin_log(volunteer)

        if user is not None:
            from allauth.account.models import EmailAddress

            from partners.models import AuditEvent

            # The audit trail keeps what was done, not the deleted person's address.
            AuditEvent.objects.filter(actor=user).update(actor_label=f"deleted-user-{user.pk}")
            EmailAddress.objects.filter(user=user).delete()
            user.delete()
        record(
            actor,
            AuditAction.ANONYMISE,
            "volunteer",
            object_id=volunteer.pk,
            context="privacy.delete_volunteer_account",
        )
    return volunteer
