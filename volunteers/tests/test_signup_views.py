"""Shift pages and the sign-up, cancel and confirm buttons."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from volunteers.choices import SignupStatus
from volunteers.factories import (
    CredentialFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import ShiftSignup

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _sign_up(client, volunteer, shift):
    client.force_login(volunteer.user)
    return client.post(reverse("volunteers:shift-signup", args=[shift.pk]))


def test_shift_detail_shows_the_shift_to_anyone(client):
    shift = ShiftFactory(opportunity__title="周六值班")

    response = client.get(reverse("volunteers:shift", args=[shift.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "周六值班" in content
    assert reverse("partners:point", args=[shift.place.code]) in content


def test_shift_detail_of_unpublished_shift_is_404(client):
    shift = ShiftFactory(opportunity__is_published=False)

    response = client.get(reverse("volunteers:shift", args=[shift.pk]))

    assert response.status_code == 404


def test_shift_signup_of_unpublished_shift_is_404(client):
    shift = ShiftFactory(opportunity__is_published=False)

    response = _sign_up(client, VolunteerFactory(), shift)

    assert response.status_code == 404
    assert not ShiftSignup.objects.exists()


def test_shift_signup_requires_sign_in(client):
    shift = ShiftFactory()

    response = client.post(reverse("volunteers:shift-signup", args=[shift.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_shift_signup_is_post_only(client):
    shift = ShiftFactory()
    client.force_login(VolunteerFactory().user)

    response = client.get(reverse("volunteers:shift-signup", args=[shift.pk]))

    assert response.status_code == 405


def test_shift_signup_confirms_a_free_place(client):
    shift = ShiftFactory()
    volunteer = VolunteerFactory()

    response = _sign_up(client, volunteer, shift)

    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:shift", args=[shift.pk])
    assert ShiftSignup.objects.get(volunteer=volunteer).status == SignupStatus.CONFIRMED
    assert len(_messages(response)) == 1


def test_shift_signup_of_full_shift_puts_on_waitlist_with_position(client):
    shift = ShiftFactory(capacity=1)
    ShiftSignupFactory(shift=shift)
    ShiftSignupFactory(shift=shift, status=SignupStatus.WAITLISTED)
    volunteer = VolunteerFactory()

    response = _sign_up(client, volunteer, shift)

    assert ShiftSignup.objects.get(volunteer=volunteer).status == SignupStatus.WAITLISTED
    [message] = _messages(response)
    assert "2" in message
    page = client.get(reverse("volunteers:shift", args=[shift.pk]))
    assert page.context["position"] == 2


def test_cancel_promotes_the_next_who_confirms(client):
    shift = ShiftFactory(capacity=1)
    first = VolunteerFactory()
    second = VolunteerFactory()
    _sign_up(client, first, shift)
    _sign_up(client, second, shift)
    first_signup = ShiftSignup.objects.get(volunteer=first)
    second_signup = ShiftSignup.objects.get(volunteer=second)
    assert second_signup.status == SignupStatus.WAITLISTED

    client.force_login(first.user)
    client.post(reverse("volunteers:signup-cancel", args=[first_signup.pk]))

    first_signup.refresh_from_db()
    second_signup.refresh_from_db()
    assert first_signup.status == SignupStatus.CANCELLED
    assert second_signup.status == SignupStatus.OFFERED

    client.force_login(second.user)
    page = client.get(reverse("volunteers:shift", args=[shift.pk]))
    assert reverse("volunteers:signup-confirm", args=[second_signup.pk]) in page.content.decode()
    client.post(reverse("volunteers:signup-confirm", args=[second_signup.pk]))

    second_signup.refresh_from_db()
    assert second_signup.status == SignupStatus.CONFIRMED


def test_shift_signup_refuses_an_overlapping_shift(client):
    volunteer = VolunteerFactory()
    taken = ShiftFactory()
    ShiftSignupFactory(shift=taken, volunteer=volunteer)
    overlapping = ShiftFactory(
        start=taken.start + datetime.timedelta(hours=1),
        end=taken.end + datetime.timedelta(hours=1),
    )

    response = _sign_up(client, volunteer, overlapping)

    assert not ShiftSignup.objects.filter(shift=overlapping).exists()
    [message] = _messages(response)
    with translation.override("zh-hans"):
        expected = gettext("You already have a shift at that time.")
    assert expected == "您在这个时间已有其他值班。"
    assert message == expected
    page = client.get(reverse("volunteers:shift", args=[overlapping.pk]))
    assert "message--error" in page.content.decode()


def test_shift_signup_refuses_an_expired_required_credential(client):
    volunteer = VolunteerFactory()
    CredentialFactory(
        volunteer=volunteer,
        kind="mediator",
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    shift = ShiftFactory(required_credentials=["mediator"])

    response = _sign_up(client, volunteer, shift)

    assert not ShiftSignup.objects.exists()
    [message] = _messages(response)
    with translation.override("zh-hans"):
        expected = gettext(
            "This shift needs a verified credential that is valid on the day; yours is "
            "missing, not yet verified or expired."
        )
    assert expected == "本班次需要经核实且当天有效的证书；您的证书缺失、尚未核实或已过期。"
    assert message == expected


def test_shift_signup_accepts_a_valid_required_credential(client):
    volunteer = VolunteerFactory()
    CredentialFactory(volunteer=volunteer, kind="mediator")
    shift = ShiftFactory(required_credentials=["mediator"])

    _sign_up(client, volunteer, shift)

    assert ShiftSignup.objects.get(volunteer=volunteer).status == SignupStatus.CONFIRMED


def test_shift_signup_refuses_a_volunteer_not_yet_approved(client):
    volunteer = VolunteerFactory(applied=True)
    shift = ShiftFactory()

    response = _sign_up(client, volunteer, shift)

    assert not ShiftSignup.objects.exists()
    [message] = _messages(response)
    with translation.override("zh-hans"):
        expected = gettext("Only approved volunteers can sign up for shifts.")
    assert expected == "只有已获批准的志愿者才能报名值班。"
    assert message == expected


def test_shift_detail_tells_an_unapproved_volunteer_to_wait(client):
    volunteer = VolunteerFactory(applied=True)
    shift = ShiftFactory()
    client.force_login(volunteer.user)

    response = client.get(reverse("volunteers:shift", args=[shift.pk]))

    assert reverse("volunteers:shift-signup", args=[shift.pk]) not in response.content.decode()


def test_signup_cancel_of_another_volunteers_signup_is_404(client):
    signup = ShiftSignupFactory()
    client.force_login(VolunteerFactory().user)

    response = client.post(reverse("volunteers:signup-cancel", args=[signup.pk]))

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_signup_confirm_of_another_volunteers_signup_is_404(client):
    signup = ShiftSignupFactory(status=SignupStatus.OFFERED)
    client.force_login(VolunteerFactory().user)

    response = client.post(reverse("volunteers:signup-confirm", args=[signup.pk]))

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignupStatus.OFFERED


def test_signup_cancel_after_the_deadline_is_refused(client):
    start = timezone.now() + datetime.timedelta(hours=5)
    shift = ShiftFactory(start=start, cancel_deadline_hours=24)
    signup = ShiftSignupFactory(shift=shift)
    client.force_login(signup.volunteer.user)

    response = client.post(reverse("volunteers:signup-cancel", args=[signup.pk]))

    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED
    [message] = _messages(response)
    with translation.override("zh-hans"):
        expected = gettext("The cancellation deadline has passed: please call the centre instead.")
    assert expected == "已过取消期限，请致电中心。"
    assert message == expected


def test_shift_detail_in_english(client):
    shift = ShiftFactory()

    # The override restores the active language: LocaleMiddleware leaves English on.
    url = "/en" + reverse("volunteers:shift", args=[shift.pk])
    with translation.override("en"):
        response = client.get(url)

    assert response.status_code == 200
    assert "Your place" in response.content.decode()
