"""Vetting, sign-ups, waitlists, capacity under concurrency, and hours."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from volunteers import services
from volunteers.choices import Attendance, ReviewStatus, SignupStatus, VolunteerStatus
from volunteers.factories import (
    CredentialFactory,
    ExtraHoursFactory,
    OpportunityFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import ShiftSignup, VolunteerStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages of the services."""
    with translation.override("en"):
        yield


V = VolunteerStatus


def test_vetting_moves_follow_the_table_and_email_the_volunteer(
    staff_user, django_capture_on_commit_callbacks
):
    volunteer = VolunteerFactory(applied=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_volunteer_status(volunteer.pk, V.IN_REVIEW, by=staff_user)
        services.change_volunteer_status(volunteer.pk, V.APPROVED, by=staff_user, note="欢迎")
    volunteer.refresh_from_db()
    assert volunteer.status == V.APPROVED
    assert list(volunteer.history.values_list("to_status", flat=True)) == [V.IN_REVIEW, V.APPROVED]
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == [volunteer.user.email]
    assert "欢迎" in mail.outbox[-1].body


def test_vetting_refuses_moves_outside_the_table(staff_user):
    volunteer = VolunteerFactory(applied=True)
    with pytest.raises(ValidationError) as error:
        services.change_volunteer_status(volunteer.pk, V.SUSPENDED, by=staff_user, note="x")
    assert "cannot be moved" in str(error.value)
    assert not VolunteerStatusChange.objects.exists()


def test_rejection_needs_a_reason(staff_user):
    volunteer = VolunteerFactory(status=V.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.change_volunteer_status(volunteer.pk, V.REJECTED, by=staff_user, note=" ")
    assert "note" in error.value.message_dict


def test_full_shift_waitlists_and_cancellation_offers_the_place_in_order(
    django_capture_on_commit_callbacks,
):
    shift = ShiftFactory(capacity=2)
    first, second, third, fourth = VolunteerFactory.create_batch(4, source="teacher")
    assert services.sign_up(shift.pk, first).status == SignupStatus.CONFIRMED
    assert services.sign_up(shift.pk, second).status == SignupStatus.CONFIRMED
    waiting = services.sign_up(shift.pk, third)
    later = services.sign_up(shift.pk, fourth)
    assert (waiting.status, later.status) == (SignupStatus.WAITLISTED, SignupStatus.WAITLISTED)
    signup = ShiftSignup.objects.get(shift=shift, volunteer=first)
    with django_capture_on_commit_callbacks(execute=True):
        offered = services.cancel_signup(signup.pk, volunteer=first)
    assert [s.pk for s in offered] == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.OFFERED
    assert waiting.offer_expires_at is not None
    assert mail.outbox[-1].to == [third.user.email]
    services.confirm_offer(waiting.pk, volunteer=third)
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert (waiting.status, later.status) == (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED)


def test_expired_offer_goes_to_the_next_volunteer():
    shift = ShiftFactory(capacity=1)
    holder, next_one, after = VolunteerFactory.create_batch(3, source="teacher")
    services.sign_up(shift.pk, holder)
    services.sign_up(shift.pk, next_one)
    services.sign_up(shift.pk, after)
    services.cancel_signup(ShiftSignup.objects.get(volunteer=holder).pk, volunteer=holder)
    later = timezone.now() + datetime.timedelta(hours=25)
    assert services.expire_offers(now=later) == 1
    statuses = dict(ShiftSignup.objects.filter(shift=shift).values_list("volunteer", "status"))
    assert statuses[next_one.pk] == SignupStatus.EXPIRED
    assert statuses[after.pk] == SignupStatus.OFFERED
    with pytest.raises(services.SignupRefused):
        services.confirm_offer(
            ShiftSignup.objects.get(volunteer=next_one).pk, volunteer=next_one, now=later
        )


def test_overlapping_shift_is_refused():
    first = ShiftFactory()
    overlapping = ShiftFactory(
        start=first.start + datetime.timedelta(hours=1), end=first.end + datetime.timedelta(hours=1)
    )
    volunteer = VolunteerFactory()
    services.sign_up(first.pk, volunteer)
    with pytest.raises(services.SignupRefused) as error:
        services.sign_up(overlapping.pk, volunteer)
    assert "already have a shift" in str(error.value)


def test_expired_required_credential_blocks_sign_up():
    shift = ShiftFactory(required_credentials=["legal_qualification"])
    volunteer = VolunteerFactory(source="lawyer")
    CredentialFactory(
        volunteer=volunteer, expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(services.SignupRefused) as error:
        services.sign_up(shift.pk, volunteer)
    assert "credential" in str(error.value)
    CredentialFactory(volunteer=volunteer)  # a valid, verified one
    assert services.sign_up(shift.pk, volunteer).status == SignupStatus.CONFIRMED


@pytest.mark.parametrize("status", [V.APPLIED, V.IN_REVIEW, V.SUSPENDED, V.REJECTED])
def test_only_approved_volunteers_sign_up(status):
    with pytest.raises(services.SignupRefused):
        services.sign_up(ShiftFactory().pk, VolunteerFactory(status=status))


def test_students_wait_for_a_supervisor_when_the_shift_has_a_ratio():
    shift = ShiftFactory(capacity=5, students_per_supervisor=2)
    students = VolunteerFactory.create_batch(3)
    assert services.sign_up(shift.pk, students[0]).status == SignupStatus.WAITLISTED
    teacher = VolunteerFactory(teacher=True)
    assert services.sign_up(shift.pk, teacher).status == SignupStatus.CONFIRMED
    # The teacher's place makes room for two students: the waiting one is offered a place.
    assert ShiftSignup.objects.get(volunteer=students[0]).status == SignupStatus.OFFERED
    assert services.sign_up(shift.pk, students[1]).status == SignupStatus.CONFIRMED
    assert services.sign_up(shift.pk, students[2]).status == SignupStatus.WAITLISTED


def test_cancellation_after_the_deadline_is_refused():
    shift = ShiftFactory(start=timezone.now() + datetime.timedelta(hours=5), capacity=2)
    volunteer = VolunteerFactory()
    signup = services.sign_up(shift.pk, volunteer)
    with pytest.raises(services.SignupRefused) as error:
        services.cancel_signup(signup.pk, volunteer=volunteer)
    assert "deadline" in str(error.value)


def test_withdrawing_a_volunteer_releases_their_future_places(staff_user):
    shift = ShiftFactory(capacity=1)
    volunteer, waiting = VolunteerFactory.create_batch(2)
    services.sign_up(shift.pk, volunteer)
    services.sign_up(shift.pk, waiting)
    services.change_volunteer_status(volunteer.pk, V.WITHDRAWN, by=staff_user)
    assert ShiftSignup.objects.get(volunteer=waiting).status == SignupStatus.OFFERED


def test_hours_count_attended_shifts_and_approved_extra_hours(staff_user):
    volunteer = VolunteerFactory()
    past = timezone.now() - datetime.timedelta(days=10)
    attended = ShiftSignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(start=past, end=past + datetime.timedelta(hours=3, minutes=30)),
    )
    missed = ShiftSignupFactory(
        volunteer=volunteer,
        shift=ShiftFactory(
            start=past - datetime.timedelta(days=2),
            end=past - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
        ),
    )
    services.mark_attendance(attended.pk, Attendance.ATTENDED, by=staff_user)
    services.mark_attendance(missed.pk, Attendance.NO_SHOW, by=staff_user)
    approved = ExtraHoursFactory(volunteer=volunteer, hours=Decimal("2.5"))
    rejected = ExtraHoursFactory(volunteer=volunteer, hours=4)
    ExtraHoursFactory(volunteer=volunteer, hours=1)  # still pending
    services.review_extra_hours(approved.pk, ReviewStatus.APPROVED, by=staff_user)
    with pytest.raises(ValidationError):
        services.review_extra_hours(rejected.pk, ReviewStatus.REJECTED, by=staff_user)
    services.review_extra_hours(rejected.pk, ReviewStatus.REJECTED, by=staff_user, note="重复")
    totals = services.verified_hours(volunteer)
    assert totals["shift_hours"] == Decimal("3.5")
    assert totals["extra_hours"] == Decimal("2.5")
    assert totals["hours"] == Decimal("6.0")
    assert totals["activities"] == 2


def test_extra_hours_cannot_be_in_the_future():
    with pytest.raises(ValidationError):
        services.report_extra_hours(
            VolunteerFactory(),
            date=timezone.localdate() + datetime.timedelta(days=1),
            hours=2,
            description="x",
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_twenty_concurrent_sign_ups_for_the_last_three_places_twenty_times():
    opportunity = OpportunityFactory()
    volunteers = VolunteerFactory.create_batch(20, source="teacher")
    for run in range(20):
        start = timezone.now() + datetime.timedelta(days=30 + run)
        shift = ShiftFactory(
            opportunity=opportunity,
            start=start,
            end=start + datetime.timedelta(hours=2),
            capacity=5,
        )
        for holder in VolunteerFactory.create_batch(2, source="teacher"):
            ShiftSignupFactory(shift=shift, volunteer=holder)
        barrier = threading.Barrier(len(volunteers))
        errors = []

        def take(volunteer, shift_id=shift.pk, barrier=barrier, errors=errors):
            try:
                barrier.wait()
                services.sign_up(shift_id, volunteer)
            except Exception as error:
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=take, args=(v,)) for v in volunteers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        statuses = list(
            ShiftSignup.objects.filter(shift=shift, volunteer__in=volunteers).values_list(
                "status", flat=True
            )
        )
        assert statuses.count(SignupStatus.CONFIRMED) == 3, f"run {run}"
        assert statuses.count(SignupStatus.WAITLISTED) == 17, f"run {run}"
