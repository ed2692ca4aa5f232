"""Background work of the volunteer programme (django-tasks): emails and reminders."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from portal.emails import absolute_url, send_bilingual
from portal.tasks import email_task

from .models import Credential, ShiftSignup, VolunteerStatusChange
from .sms import send_sms


def _links(name: str, *args) -> dict:
    with translation.override("zh-hans"):
        path = reverse(name, args=args)
    return {"url": absolute_url(path), "url_en": absolute_url("/en" + path)}


@email_task()
def send_status_email_task(change_id: int) -> int:
    """Tell the volunteer about a vetting decision (with the reason, when there is one)."""
    change = VolunteerStatusChange.objects.select_related("volunteer__user").get(pk=change_id)
    user = change.volunteer.user
    if user is None:
        return 0
    context = {"change": change, "volunteer": change.volunteer, **_links("volunteers:home")}
    return send_bilingual("volunteers/email/status", context, [user.email])


@email_task()
def send_place_offered_email_task(signup_id: int) -> int:
    """A place freed up: ask the next volunteer on the waitlist to confirm in time."""
    signup = ShiftSignup.objects.select_related(
        "volunteer__user", "shift__opportunity", "shift__point", "shift__opportunity__point"
    ).get(pk=signup_id)
    user = signup.volunteer.user
    if user is None or signup.status != "offered":
        return 0
    context = {"signup": signup, "shift": signup.shift, **_links("volunteers:home")}
    return send_bilingual("volunteers/email/place_offered", context, [user.email])


@email_task()
def send_shift_reminder_task(signup_id: int) -> int:
    """The day before a shift: when and where."""
    signup = ShiftSignup.objects.select_related(
        "volunteer__user", "shift__opportunity", "shift__point", "shift__opportunity__point"
    ).get(pk=signup_id)
    user = signup.volunteer.user
    if user is None or signup.status != "confirmed":
        return 0
    context = {"signup": signup, "shift": signup.shift, **_links("volunteers:home")}
    return send_bilingual("volunteers/email/shift_reminder", context, [user.email])


def _shift_reminder_text(shift) -> str:
    """The reminder as one short Chinese text message (the provider adds its signature)."""
    start = timezone.localtime(shift.start)
    with translation.override("zh-hans"):
        return gettext(
            "Legal aid volunteer reminder: your shift “%(title)s” is tomorrow %(start)s–%(end)s "
            "at %(place)s. If you cannot come, please cancel on your volunteer page."
        ) % {
            "title": shift.opportunity.title,
            "start": f"{start:%H:%M}",
            "end": f"{timezone.localtime(shift.end):%H:%M}",
            "place": shift.place.name,
        }


@task()
def send_shift_reminder_sms_task(signup_id: int) -> int:
    """The day before a shift, a text message to the volunteer's mobile, when they gave one."""
    signup = ShiftSignup.objects.select_related(
        "volunteer", "shift__opportunity", "shift__point", "shift__opportunity__point"
    ).get(pk=signup_id)
    volunteer = signup.volunteer
    if signup.status != "confirmed" or not volunteer.mobile or volunteer.anonymised_at:
        return 0
    return send_sms(volunteer.mobile, _shift_reminder_text(signup.shift))


@email_task()
def send_credential_expiry_task(credential_id: int) -> int:
    """A credential expires within a month (or just did): ask the volunteer to renew it."""
    credential = Credential.objects.select_related("volunteer__user").get(pk=credential_id)
    volunteer = credential.volunteer
    if volunteer.user is None or volunteer.anonymised_at or credential.expires_on is None:
        return 0
    context = {
        "credential": credential,
        "volunteer": volunteer,
        "expired": credential.expires_on < timezone.localdate(),
        **_links("volunteers:home"),
    }
    return send_bilingual("volunteers/email/credential_expiry", context, [volunteer.user.email])
