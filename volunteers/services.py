"""Writes of the volunteer programme: vetting, shift sign-ups and waitlists, hours.

Capacity is guarded by locking the shift row (`select_for_update`) for every
sign-up, cancellation and promotion, so concurrent sign-ups never overfill a
shift: on PostgreSQL they queue on the lock; on SQLite writes are serialised.
Emails go out through django-tasks once the transaction has committed.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import Attendance, ReviewStatus, SignupStatus, VolunteerStatus
from .models import (
    HOLDING_STATUSES,
    ExtraHours,
    Shift,
    ShiftSignup,
    Volunteer,
    VolunteerStatusChange,
)

V = VolunteerStatus

#: Vetting moves staff may make, and whether a reason is required.
VETTING: dict[str, dict[str, bool]] = {
    V.APPLIED: {V.IN_REVIEW: False, V.REJECTED: True, V.WITHDRAWN: False},
    V.IN_REVIEW: {V.APPROVED: False, V.REJECTED: True, V.WITHDRAWN: False},
    V.APPROVED: {V.SUSPENDED: True, V.WITHDRAWN: False},
    V.SUSPENDED: {V.APPROVED: False, V.WITHDRAWN: False},
    V.REJECTED: {V.IN_REVIEW: False},
    V.WITHDRAWN: {},
}


def _on_commit_enqueue(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


# --- Vetting ---------------------------------------------------------------------------


def change_volunteer_status(volunteer_id: int, to_status: str, *, by, note: str = ""):
    """Move a volunteer through vetting; writes history and emails them the decision."""
    from .tasks import send_status_email_task

    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
        current = volunteer.status
        moves = VETTING.get(current, {})
        if to_status not in moves:
            raise ValidationError(
                gettext("A volunteer who is “%(current)s” cannot be moved to “%(target)s”.")
                % {
                    "current": VolunteerStatus(current).label,
                    "target": VolunteerStatus(to_status).label,
                }
            )
        if moves[to_status] and not note.strip():
            raise ValidationError({"note": _("Give the reason: the volunteer will read it.")})
        now = timezone.now()
        volunteer.status = to_status
        volunteer.status_reason = note.strip() if moves[to_status] else volunteer.status_reason
        volunteer.status_changed_at = now
        volunteer.save(update_fields=["status", "status_reason", "status_changed_at", "updated"])
        entry = VolunteerStatusChange.objects.create(
            volunteer=volunteer,
            actor=by,
            at=now,
            from_status=current,
            to_status=to_status,
            note=note.strip(),
        )
        if to_status in (V.SUSPENDED, V.WITHDRAWN):
            for signup in volunteer.signups.filter(
                status__in=(*HOLDING_STATUSES, SignupStatus.WAITLISTED), shift__start__gt=now
            ):
                _cancel_locked(signup, now=now)
        _on_commit_enqueue(send_status_email_task, entry.pk)
    return entry


# --- Shifts ----------------------------------------------------------------------------


class SignupRefused(ValidationError):
    """The volunteer may not take this shift; the message says why."""


def _overlapping(volunteer, shift):
    return ShiftSignup.objects.filter(
        volunteer=volunteer,
        status__in=(*HOLDING_STATUSES, SignupStatus.WAITLISTED),
        shift__start__lt=shift.end,
        shift__end__gt=shift.start,
    ).exclude(shift=shift)


def check_eligibility(volunteer, shift, *, now=None) -> None:
    """Raise `SignupRefused` with the reason if the volunteer cannot take the shift."""
    now = now or timezone.now()
    if volunteer.status != V.APPROVED:
        raise SignupRefused(_("Only approved volunteers can sign up for shifts."))
    if not shift.opportunity.is_published:
        raise SignupRefused(_("This shift is not open for sign-up."))
    if shift.start <= now:
        raise SignupRefused(_("This shift has already started."))
    missing_skills = set(shift.required_skills) - set(volunteer.skills)
    if missing_skills:
        raise SignupRefused(_("This shift needs skills you have not listed in your profile."))
    day = timezone.localtime(shift.start).date()
    for kind in shift.required_credentials:
        valid = [c for c in volunteer.credentials.all() if c.kind == kind and c.is_valid_on(day)]
        if not valid:
            raise SignupRefused(
                _(
                    "This shift needs a verified credential that is valid on the day; yours is "
                    "missing, not yet verified or expired."
                )
            )
    if _overlapping(volunteer, shift).exists():
        raise SignupRefused(_("You already have a shift at that time."))


def _holding_counts(shift) -> tuple[int, int, int]:
    """Places held: (all, by students, by supervisors)."""
    held = list(
        ShiftSignup.objects.filter(shift=shift, status__in=HOLDING_STATUSES).values_list(
            "volunteer__source", flat=True
        )
    )
    students = sum(1 for source in held if source == "student")
    supervisors = sum(1 for source in held if source not in ("student", "other"))
    return len(held), students, supervisors


def _has_place_for(shift, volunteer) -> bool:
    held, students, supervisors = _holding_counts(shift)
    if held >= shift.capacity:
        return False
    if volunteer.is_student and shift.students_per_supervisor:
        return students + 1 <= supervisors * shift.students_per_supervisor
    return True


def sign_up(shift_id: int, volunteer: Volunteer, *, now=None) -> ShiftSignup:
    """Give the volunteer a place, or a place on the waitlist when the shift is full.

    A student waits too when the shift has no supervisor place for them yet
    (students per supervisor); they are promoted when a supervisor signs up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        shift = Shift.objects.select_for_update().select_related("opportunity").get(pk=shift_id)
        check_eligibility(volunteer, shift, now=now)
        existing = ShiftSignup.objects.filter(
            shift=shift,
            volunteer=volunteer,
            status__in=(*HOLDING_STATUSES, SignupStatus.WAITLISTED),
        ).first()
        if existing:
            return existing
        status = (
            SignupStatus.CONFIRMED if _has_place_for(shift, volunteer) else SignupStatus.WAITLISTED
        )
        signup = ShiftSignup.objects.create(
            shift=shift, volunteer=volunteer, status=status, created=now
        )
        if volunteer.is_supervisor:
            # A new supervisor may make room for students waiting on the ratio.
            _promote(shift, now=now)
    return signup


def _promote(shift, *, now) -> list[ShiftSignup]:
    """Offer freed places to the waitlist in order; the shift row must be locked."""
    from .tasks import send_place_offered_email_task

    offered = []
    deadline = min(
        now + datetime.timedelta(hours=settings.VOLUNTEER_OFFER_HOURS),
        shift.start - datetime.timedelta(hours=1),
    )
    for waiting in ShiftSignup.objects.filter(shift=shift).waitlist().select_related("volunteer"):
        if not _has_place_for(shift, waiting.volunteer):
            if waiting.volunteer.is_student:
                continue  # a supervisor further down may still fit
            break
        waiting.status = SignupStatus.OFFERED
        waiting.offer_expires_at = deadline
        waiting.save(update_fields=["status", "offer_expires_at"])
        offered.append(waiting)
        _on_commit_enqueue(send_place_offered_email_task, waiting.pk)
    return offered


def _cancel_locked(signup, *, now):
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = now
    signup.save(update_fields=["status", "cancelled_at"])
    return _promote(signup.shift, now=now)


def cancel_signup(signup_id: int, *, volunteer, now=None) -> list[ShiftSignup]:
    """Cancel the volunteer's place (until the shift's deadline) and offer it to the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        signup = ShiftSignup.objects.select_related("shift").get(pk=signup_id, volunteer=volunteer)
        Shift.objects.select_for_update().get(pk=signup.shift_id)
        signup.refresh_from_db()
        if signup.status not in (*HOLDING_STATUSES, SignupStatus.WAITLISTED):
            raise SignupRefused(_("This sign-up is no longer active."))
        if signup.status != SignupStatus.WAITLISTED and now > signup.shift.cancel_deadline:
            raise SignupRefused(
                _("The cancellation deadline has passed: please call the centre instead.")
            )
        return _cancel_locked(signup, now=now)


def confirm_offer(signup_id: int, *, volunteer, now=None) -> ShiftSignup:
    """The volunteer takes the place they were offered from the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        signup = ShiftSignup.objects.get(pk=signup_id, volunteer=volunteer)
        Shift.objects.select_for_update().get(pk=signup.shift_id)
        signup.refresh_from_db()
        if signup.status != SignupStatus.OFFERED:
            raise SignupRefused(_("There is no place waiting for you on this shift."))
        if signup.offer_expires_at and signup.offer_expires_at < now:
            raise SignupRefused(_("The time to confirm this place has passed."))
        signup.status = SignupStatus.CONFIRMED
        signup.offer_expires_at = None
        signup.save(update_fields=["status", "offer_expires_at"])
    return signup


def expire_offers(*, now=None) -> int:
    """Release places offered but not confirmed in time to the next on the waitlist."""
    now = now or timezone.now()
    expired = 0
    shift_ids = set(
        ShiftSignup.objects.filter(
            status=SignupStatus.OFFERED, offer_expires_at__lt=now
        ).values_list("shift_id", flat=True)
    )
    for shift_id in shift_ids:
        with transaction.atomic():
            shift = Shift.objects.select_for_update().get(pk=shift_id)
            stale = ShiftSignup.objects.filter(
                shift=shift, status=SignupStatus.OFFERED, offer_expires_at__lt=now
            )
            expired += stale.update(status=SignupStatus.EXPIRED)
            _promote(shift, now=now)
    return expired


# --- Hours -----------------------------------------------------------------------------


def mark_attendance(signup_id: int, attendance: str, *, by, hours: Decimal | None = None):
    """Staff record whether the volunteer came; attended shifts count their hours."""
    with transaction.atomic():
        signup = ShiftSignup.objects.select_for_update().select_related("shift").get(pk=signup_id)
        if signup.status != SignupStatus.CONFIRMED:
            raise ValidationError(_("Only confirmed sign-ups can be marked."))
        if attendance not in Attendance.values:
            raise ValidationError(_("Choose attended or did not come."))
        signup.attendance = attendance
        if attendance == Attendance.ATTENDED:
            signup.hours = signup.shift.duration_hours if hours is None else hours
        else:
            signup.hours = Decimal(0)
        if not Decimal(0) <= signup.hours <= Decimal(24):
            raise ValidationError({"hours": _("Hours must be between 0 and 24.")})
        signup.marked_by = by
        signup.save(update_fields=["attendance", "hours", "marked_by"])
    return signup


def review_extra_hours(extra_id: int, decision: str, *, by, note: str = "") -> ExtraHours:
    """Staff approve or reject hours a volunteer reported; only approved hours count."""
    if decision not in (ReviewStatus.APPROVED, ReviewStatus.REJECTED):
        raise ValidationError(_("Choose approve or reject."))
    with transaction.atomic():
        extra = ExtraHours.objects.select_for_update().get(pk=extra_id)
        if extra.status != ReviewStatus.PENDING:
            raise ValidationError(_("These hours were already reviewed."))
        if decision == ReviewStatus.REJECTED and not note.strip():
            raise ValidationError({"review_note": _("Give the reason for rejecting.")})
        extra.status = decision
        extra.reviewed_by = by
        extra.reviewed_at = timezone.now()
        extra.review_note = note.strip()
        extra.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return extra


def verified_hours(volunteer, start=None, end=None) -> dict:
    """Attended shift hours plus approved extra hours in the period (DB aggregates)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import Coalesce

    shifts = ShiftSignup.objects.filter(volunteer=volunteer).attended()
    extra = ExtraHours.objects.filter(volunteer=volunteer, status=ReviewStatus.APPROVED)
    if start:
        shifts = shifts.filter(shift__start__date__gte=start)
        extra = extra.filter(date__gte=start)
    if end:
        shifts = shifts.filter(shift__start__date__lte=end)
        extra = extra.filter(date__lte=end)
    zero = Decimal(0)
    shift_totals = shifts.aggregate(hours=Coalesce(Sum("hours"), zero), count=Count("pk"))
    extra_totals = extra.aggregate(hours=Coalesce(Sum("hours"), zero), count=Count("pk"))
    return {
        "shift_hours": shift_totals["hours"],
        "shifts": shift_totals["count"],
        "extra_hours": extra_totals["hours"],
        "extra_entries": extra_totals["count"],
        "hours": shift_totals["hours"] + extra_totals["hours"],
        "activities": shift_totals["count"] + extra_totals["count"],
    }


def merge_hour_rows(key_names, shift_rows, extra_rows) -> list[dict]:
    """Merge grouped shift and extra-hours aggregates ({keys..., hours, count}) per key.

    Both lists come from `values(*keys).annotate(hours=Sum, count=Count)`, one
    row per group, so this loop runs over a handful of totals, not over records.
    Entries carry shift_hours, shifts, extra_hours, extra_entries and hours,
    most hours first.
    """
    merged = {}
    for kind, rows in (("shift", shift_rows), ("extra", extra_rows)):
        for row in rows:
            key = tuple(row[name] for name in key_names)
            entry = merged.setdefault(
                key,
                {
                    **dict(zip(key_names, key, strict=True)),
                    "shift_hours": Decimal(0),
                    "shifts": 0,
                    "extra_hours": Decimal(0),
                    "extra_entries": 0,
                },
            )
            if kind == "shift":
                entry["shift_hours"] += row["hours"]
                entry["shifts"] += row["count"]
            else:
                entry["extra_hours"] += row["hours"]
                entry["extra_entries"] += row["count"]
    for entry in merged.values():
        entry["hours"] = entry["shift_hours"] + entry["extra_hours"]
    return sorted(merged.values(), key=lambda entry: -entry["hours"])


def active_signups_q():
    return Q(status__in=(*HOLDING_STATUSES, SignupStatus.WAITLISTED))


def report_extra_hours(volunteer, *, date, hours, description, point=None) -> ExtraHours:
    """A volunteer reports hours outside a shift; they count once staff approve them."""
    if volunteer.status != V.APPROVED:
        raise ValidationError(_("Only approved volunteers can report hours."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("Hours cannot be reported for a future date.")})
    return ExtraHours.objects.create(
        volunteer=volunteer, date=date, hours=hours, description=description.strip(), point=point
    )
