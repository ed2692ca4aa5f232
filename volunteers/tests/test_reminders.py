import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from volunteers import sms
from volunteers.choices import SignupStatus, VolunteerStatus
from volunteers.factories import (
    CredentialFactory,
    ShiftFactory,
    ShiftSignupFactory,
)
from volunteers.reminders import (
    queue_credential_reminders,
    queue_shift_reminders,
    send_volunteer_reminders,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_sms(settings):
    settings.SMS_BACKEND = "volunteers.sms.LocmemSMSBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


# 23:30 in Shanghai (15:30 UTC): "tomorrow" must be the Shanghai date, not UTC's.
TODAY = datetime.date(2026, 5, 11)
NOW = local(TODAY, 23, 30)
TOMORROW = TODAY + datetime.timedelta(days=1)


def signup_at(start, **kwargs):
    shift = ShiftFactory(start=start, end=start + datetime.timedelta(hours=3))
    return ShiftSignupFactory(shift=shift, **kwargs)


def test_shift_reminders_email_and_text_tomorrows_confirmed_signups(
    django_capture_on_commit_callbacks, locmem_sms
):
    signup = signup_at(local(TOMORROW, 9), volunteer__mobile="13900000001")
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_shift_reminders(now=NOW) == 1
    signup.refresh_from_db()
    assert signup.reminded_at == NOW
    assert [m.to for m in mail.outbox] == [[signup.volunteer.user.email]]
    assert len(locmem_sms) == 1
    mobile, text = locmem_sms[0]
    assert mobile == "13900000001"
    assert "09:00" in text and signup.shift.place.name in text


def test_shift_reminders_are_sent_once_when_run_twice(
    django_capture_on_commit_callbacks, locmem_sms
):
    signup_at(local(TOMORROW, 9))
    with django_capture_on_commit_callbacks(execute=True):
        queue_shift_reminders(now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_shift_reminders(now=NOW + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    assert len(locmem_sms) == 1


def test_shift_reminders_skip_other_days_and_unconfirmed_signups(
    django_capture_on_commit_callbacks, locmem_sms
):
    signup_at(local(TODAY, 23, 45))  # later today
    signup_at(local(TOMORROW + datetime.timedelta(days=1), 0, 30))  # the day after
    signup_at(local(TOMORROW, 9), status=SignupStatus.WAITLISTED)
    signup_at(local(TOMORROW, 9), status=SignupStatus.OFFERED)
    signup_at(local(TOMORROW, 9), status=SignupStatus.CANCELLED)
    signup_at(local(TOMORROW, 9), volunteer__status=VolunteerStatus.SUSPENDED)
    due = signup_at(local(TOMORROW, 0, 30))  # tomorrow in Shanghai, still today in UTC
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_shift_reminders(now=NOW) == 1
    assert [m.to for m in mail.outbox] == [[due.volunteer.user.email]]


def test_roster_only_volunteer_gets_the_text_alone(django_capture_on_commit_callbacks, locmem_sms):
    signup_at(local(TOMORROW, 14), volunteer__user=None, volunteer__mobile="13900000002")
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_shift_reminders(now=NOW) == 1
    assert mail.outbox == []
    assert [mobile for mobile, _text in locmem_sms] == ["13900000002"]


def test_volunteer_without_a_mobile_gets_the_email_alone(
    django_capture_on_commit_callbacks, locmem_sms
):
    signup_at(local(TOMORROW, 14), volunteer__mobile="")
    with django_capture_on_commit_callbacks(execute=True):
        queue_shift_reminders(now=NOW)
    assert len(mail.outbox) == 1
    assert locmem_sms == []


def test_credential_reminder_at_thirty_days(django_capture_on_commit_callbacks):
    credential = CredentialFactory(expires_on=TODAY + datetime.timedelta(days=30))
    CredentialFactory(expires_on=TODAY + datetime.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_credential_reminders(now=NOW) == 1
    credential.refresh_from_db()
    assert credential.expiry_reminded_at == NOW
    assert [m.to for m in mail.outbox] == [[credential.volunteer.user.email]]
    assert (TODAY + datetime.timedelta(days=30)).isoformat() in mail.outbox[0].body


def test_credential_reminder_not_repeated_within_thirty_days(django_capture_on_commit_callbacks):
    CredentialFactory(expires_on=TODAY + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        queue_credential_reminders(now=NOW)
        assert queue_credential_reminders(now=NOW + datetime.timedelta(days=29)) == 0
    assert len(mail.outbox) == 1


def test_credential_reminded_again_once_it_has_expired(django_capture_on_commit_callbacks):
    credential = CredentialFactory(expires_on=TODAY + datetime.timedelta(days=30))
    later = NOW + datetime.timedelta(days=31)  # the day after it expired
    with django_capture_on_commit_callbacks(execute=True):
        queue_credential_reminders(now=NOW)
        assert queue_credential_reminders(now=later) == 1
    credential.refresh_from_db()
    assert credential.expiry_reminded_at == later
    assert len(mail.outbox) == 2


def test_credential_reminders_skip_long_expired_and_unapproved(django_capture_on_commit_callbacks):
    CredentialFactory(expires_on=TODAY - datetime.timedelta(days=2))
    CredentialFactory(expires_on=None)
    CredentialFactory(
        expires_on=TODAY + datetime.timedelta(days=5), volunteer__status=VolunteerStatus.APPLIED
    )
    CredentialFactory(expires_on=TODAY + datetime.timedelta(days=5), volunteer__user=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_credential_reminders(now=NOW) == 0
    assert mail.outbox == []


def test_send_volunteer_reminders_also_expires_stale_offers():
    signup = signup_at(
        local(TOMORROW, 9),
        status=SignupStatus.OFFERED,
        offer_expires_at=NOW - datetime.timedelta(minutes=1),
    )
    counts = send_volunteer_reminders(now=NOW)
    assert counts == {"offers expired": 1, "shift reminders": 0, "credential reminders": 0}
    signup.refresh_from_db()
    assert signup.status == SignupStatus.EXPIRED


def test_command_prints_counts(capsys):
    signup_at(local(timezone.localdate() + datetime.timedelta(days=1), 10))
    call_command("send_volunteer_reminders")
    out = capsys.readouterr().out
    assert "shift reminders: 1" in out
    assert "credential reminders: 0" in out
    assert "offers expired: 0" in out
