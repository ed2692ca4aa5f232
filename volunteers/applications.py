"""Writes of the volunteer application: submitting it and editing it before review.

Only the application's own fields are written here; the status always starts
at `applied` and only vetting (`services.change_volunteer_status`) moves it.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import VolunteerStatus
from .models import Volunteer, VolunteerStatusChange
from .uploads import delete_volunteer_files

#: The application's own fields; status, vetting and consent records are never posted.
APPLICATION_FIELDS = [
    "real_name",
    "mobile",
    "source",
    "institution",
    "college",
    "grade",
    "supervisor_name",
    "has_legal_qualification",
    "qualification_number",
    "skills",
    "languages",
    "preferred_areas",
    "availability",
    "emergency_contact_name",
    "emergency_contact_phone",
]

EDITABLE = set(APPLICATION_FIELDS) - {"preferred_areas"}

MOBILE_TAKEN = _("This mobile number is already registered to another volunteer.")


def _code_acceptance(code_page, now) -> dict:
    """What the volunteer accepted: the code page and the revision live at that moment."""
    return {
        "code_page_id": code_page.pk if code_page else None,
        "code_revision_id": code_page.live_revision_id if code_page else None,
        "code_accepted_at": now,
    }


def _clean_data(data: dict) -> dict:
    unknown = set(data) - EDITABLE
    if unknown:
        raise ValueError(f"Not application fields: {sorted(unknown)}")
    return data


def submit_application(
    user, data: dict, *, preferred_areas=(), code_page=None, scan_consent=False, now=None
) -> Volunteer:
    """Create the person's volunteer record in status `applied`, with its first history row."""
    now = now or timezone.now()
    data = _clean_data(data)
    try:
        with transaction.atomic():
            if Volunteer.objects.filter(user=user).exists():
                raise ValidationError(_("You have already applied."), code="already_applied")
            volunteer = Volunteer.objects.create(
                user=user,
                status=VolunteerStatus.APPLIED,
                status_changed_at=now,
                applied_at=now,
                scan_consent_at=now if scan_consent else None,
                **_code_acceptance(code_page, now),
                **data,
            )
            volunteer.preferred_areas.set(preferred_areas)
            VolunteerStatusChange.objects.create(
                volunteer=volunteer,
                actor=user,
                at=now,
                from_status="",
                to_status=VolunteerStatus.APPLIED,
            )
    except IntegrityError:
        # A concurrent application took the mobile number after the form checked it.
        raise ValidationError({"mobile": MOBILE_TAKEN}) from None
    return volunteer


def update_application(
    volunteer_id: int, data: dict, *, by, preferred_areas=(), code_page=None, scan_consent=False
) -> Volunteer:
    """Change an application that staff have not started reviewing.

    Withdrawing consent to scans deletes the scans already uploaded.
    """
    now = timezone.now()
    data = _clean_data(data)
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
            if volunteer.status != VolunteerStatus.APPLIED:
                raise ValidationError(
                    _("Your application is being reviewed and can no longer be changed."),
                    code="not_editable",
                )
            for name, value in data.items():
                setattr(volunteer, name, value)
            for name, value in _code_acceptance(code_page, now).items():
                setattr(volunteer, name, value)
            if scan_consent and not volunteer.scan_consent_at:
                volunteer.scan_consent_at = now
            elif not scan_consent and volunteer.scan_consent_at:
                volunteer.scan_consent_at = None
                delete_volunteer_files(volunteer)
            volunteer.save()
            volunteer.preferred_areas.set(preferred_areas)
    except IntegrityError:
        raise ValidationError({"mobile": MOBILE_TAKEN}) from None
    return volunteer
