"""Scheduled reminders of the volunteer programme, run by `send_volunteer_reminders`.

Each reminder is claimed with a conditional UPDATE (only rows not yet reminded)
before its task is enqueued, so running the command twice, or two copies at
once, sends each reminder once. That is why the command can run hourly: offers
not confirmed in time are released within the hour, and the day-before shift
reminders still go out once, on the first run of the day.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .choices import SignupStatus, VolunteerStatus
from .models import Credential, ShiftSignup
from .services import expire_offers
from .tasks import (
    send_credential_expiry_task,
    send_shift_reminder_sms_task,
    send_shift_reminder_task,
)

#: Credentials expiring within this many days are reminded about...
CREDENTIAL_NOTICE_DAYS = 30
#: ...and again at most this often while they stay unrenewed.
CREDENTIAL_REPEAT_DAYS = 30


def _local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end of `day` in the portal's time zone (Asia/Shanghai)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=1)


def queue_shift_reminders(*, now=None) -> int:
    """Remind volunteers confirmed on a shift starting tomorrow (local date), once each.

    An email goes to volunteers with an account, a text message to those with a
    mobile number (roster-only volunteers get the text alone). Returns how many
    sign-ups were reminded.
    """
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start, end = _local_day_bounds(tomorrow)
    due = ShiftSignup.objects.filter(
        status=SignupStatus.CONFIRMED,
        reminded_at__isnull=True,
        shift__start__gte=start,
        shift__start__lt=end,
        volunteer__status=VolunteerStatus.APPROVED,
        volunteer__anonymised_at__isnull=True,
    ).values_list("pk", "volunteer__user_id", "volunteer__mobile")
    queued = 0
    for signup_id, user_id, mobile in due:
        with transaction.atomic():
            claimed = ShiftSignup.objects.filter(pk=signup_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another run got there first
            if user_id:
                transaction.on_commit(lambda pk=signup_id: send_shift_reminder_task.enqueue(pk))
            if mobile:
                transaction.on_commit(lambda pk=signup_id: send_shift_reminder_sms_task.enqueue(pk))
        queued += 1
    return queued


def queue_credential_reminders(*, now=None) -> int:
    """Email approved volunteers whose credential expires within 30 days or expired yesterday.

    A volunteer is reminded again only if the credential is still unrenewed
    30 days after the last reminder. Returns how many reminders were queued.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    repeat_after = now - datetime.timedelta(days=CREDENTIAL_REPEAT_DAYS)
    not_recently = Q(expiry_reminded_at__isnull=True) | Q(expiry_reminded_at__lt=repeat_after)
    due = Credential.objects.filter(
        not_recently,
        expires_on__gte=today - datetime.timedelta(days=1),
        expires_on__lte=today + datetime.timedelta(days=CREDENTIAL_NOTICE_DAYS),
        volunteer__status=VolunteerStatus.APPROVED,
        volunteer__user__isnull=False,
        volunteer__anonymised_at__isnull=True,
    ).values_list("pk", flat=True)
    queued = 0
    for credential_id in due:
        with transaction.atomic():
            claimed = (
                Credential.objects.filter(pk=credential_id)
                .filter(not_recently)
                .update(expiry_reminded_at=now)
            )
            if not claimed:
                continue
            transaction.on_commit(lambda pk=credential_id: send_credential_expiry_task.enqueue(pk))
        queued += 1
    return queued


def send_volunteer_reminders(*, now=None) -> dict[str, int]:
    """Everything the scheduled command does, in order; returns counts by kind."""
    now = now or timezone.now()
    return {
        # First, so places released from stale offers are offered on before the reminders.
        "offers expired": expire_offers(now=now),
        "shift reminders": queue_shift_reminders(now=now),
        "credential reminders": queue_credential_reminders(now=now),
    }
