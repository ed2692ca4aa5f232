"""The volunteer's home page and the private calendar feed."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from volunteers.choices import Attendance, ReviewStatus, SignupStatus, VolunteerStatus
from volunteers.factories import (
    CredentialFactory,
    ExtraHoursFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """URLs reversed in a test match the Chinese pages, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


HOME = "/volunteers/me/"
CALENDAR = "/volunteers/me/calendar/"


def past_shift(days=7):
    start = timezone.now() - datetime.timedelta(days=days)
    return ShiftFactory(start=start, end=start + datetime.timedelta(hours=3))


def test_home_url_name():
    assert reverse("volunteers:home") == HOME


def test_home_sends_a_user_without_volunteer_record_to_apply(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == reverse("volunteers:apply")


def test_home_shows_status_and_reason(client):
    volunteer = VolunteerFactory(
        status=VolunteerStatus.REJECTED, status_reason="需要补充学生证明材料"
    )
    client.force_login(volunteer.user)
    html = client.get(HOME).content.decode()
    assert "需要补充学生证明材料" in html
    with translation.override("zh-hans"):
        expected = str(VolunteerStatus.REJECTED.label)
    assert expected == "未通过"
    assert f'<span class="status-badge status-badge--rejected">{expected}</span>' in html


def test_home_lists_upcoming_shifts_with_waitlist_position_and_offer(client):
    volunteer = VolunteerFactory()
    confirmed = ShiftSignupFactory(volunteer=volunteer)
    full = ShiftFactory(
        capacity=1,
        start=confirmed.shift.start + datetime.timedelta(days=1),
        end=confirmed.shift.start + datetime.timedelta(days=1, hours=2),
    )
    ShiftSignupFactory(shift=full)
    ShiftSignupFactory(shift=full, status=SignupStatus.WAITLISTED)
    waiting = ShiftSignupFactory(shift=full, volunteer=volunteer, status=SignupStatus.WAITLISTED)
    deadline = timezone.now() + datetime.timedelta(hours=20)
    offered = ShiftSignupFactory(
        volunteer=volunteer,
        status=SignupStatus.OFFERED,
        offer_expires_at=deadline,
        shift=ShiftFactory(
            start=confirmed.shift.start + datetime.timedelta(days=2),
            end=confirmed.shift.start + datetime.timedelta(days=2, hours=2),
        ),
    )
    client.force_login(volunteer.user)
    response = client.get(HOME)
    upcoming = {signup.pk: signup for signup in response.context["upcoming"]}
    assert set(upcoming) == {confirmed.pk, waiting.pk, offered.pk}
    assert upcoming[waiting.pk].position == 2
    html = response.content.decode()
    assert reverse("volunteers:signup-confirm", args=[offered.pk]) in html
    assert timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M") in html


def test_home_shows_past_attendance_and_verified_hours(client):
    volunteer = VolunteerFactory()
    ShiftSignupFactory(
        volunteer=volunteer,
        shift=past_shift(),
        attendance=Attendance.ATTENDED,
        hours=Decimal("3.0"),
    )
    ShiftSignupFactory(
        volunteer=volunteer, shift=past_shift(14), attendance=Attendance.NO_SHOW, hours=0
    )
    ExtraHoursFactory(volunteer=volunteer, hours=2, status=ReviewStatus.APPROVED)
    ExtraHoursFactory(volunteer=volunteer, hours=5, status=ReviewStatus.PENDING)
    client.force_login(volunteer.user)
    response = client.get(HOME)
    assert len(response.context["past"]) == 2
    assert response.context["hours"]["hours"] == Decimal("5.0")


def test_home_warns_about_expiring_and_expired_credentials(client):
    volunteer = VolunteerFactory()
    today = timezone.localdate()
    soon = CredentialFactory(volunteer=volunteer, expires_on=today + datetime.timedelta(days=10))
    gone = CredentialFactory(
        volunteer=volunteer, kind="mediator", expires_on=today - datetime.timedelta(days=1)
    )
    CredentialFactory(
        volunteer=volunteer, kind="student_card", expires_on=today + datetime.timedelta(days=90)
    )
    client.force_login(volunteer.user)
    response = client.get(HOME)
    assert {c.pk for c in response.context["credential_alerts"]} == {soon.pk, gone.pk}
    assert 'class="notice notice--warning"' in response.content.decode()


def test_home_links_to_the_other_volunteer_pages(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    html = client.get(HOME).content.decode()
    for name in ("opportunities", "hours", "certificate", "my-data"):
        assert reverse(f"volunteers:{name}") in html


def _home_queries(client, volunteer) -> int:
    client.force_login(volunteer.user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def _make_signups(volunteer, count):
    base = timezone.now() + datetime.timedelta(days=2)
    for n in range(count):
        start = base + datetime.timedelta(days=n)
        status = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.OFFERED][n % 3]
        ShiftSignupFactory(
            volunteer=volunteer,
            status=status,
            shift=ShiftFactory(start=start, end=start + datetime.timedelta(hours=2)),
        )
        past = timezone.now() - datetime.timedelta(days=n + 1)
        ShiftSignupFactory(
            volunteer=volunteer,
            attendance=Attendance.ATTENDED,
            hours=2,
            shift=ShiftFactory(start=past, end=past + datetime.timedelta(hours=2)),
        )
        CredentialFactory(volunteer=volunteer)


def test_home_query_count_does_not_grow_with_shifts(client):
    few, many = VolunteerFactory(), VolunteerFactory()
    _make_signups(few, 3)
    _make_signups(many, 30)
    _home_queries(client, few)  # warm caches (site, settings)
    assert _home_queries(client, few) == _home_queries(client, many)


# --- Calendar feed ----------------------------------------------------------------------


def test_calendar_token_is_shown_once_and_only_its_hash_kept(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    response = client.post(CALENDAR, {"action": "create"})
    assert response.status_code == 200
    feed_url = response.context["feed_url"]
    token = feed_url.rstrip("/").rsplit("/", 1)[1]
    volunteer.refresh_from_db()
    assert volunteer.calendar_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in client.get(CALENDAR).content.decode()
    assert "no-store" in response["Cache-Control"]


def test_calendar_feed_lists_confirmed_and_offered_shifts(client):
    volunteer = VolunteerFactory()
    confirmed = ShiftSignupFactory(volunteer=volunteer)
    later = confirmed.shift.start + datetime.timedelta(days=1)
    offered = ShiftSignupFactory(
        volunteer=volunteer,
        status=SignupStatus.OFFERED,
        shift=ShiftFactory(start=later, end=later + datetime.timedelta(hours=2)),
    )
    cancelled_start = later + datetime.timedelta(days=1)
    ShiftSignupFactory(
        volunteer=volunteer,
        status=SignupStatus.CANCELLED,
        shift=ShiftFactory(
            start=cancelled_start, end=cancelled_start + datetime.timedelta(hours=2)
        ),
    )
    client.force_login(volunteer.user)
    feed_url = client.post(CALENDAR, {"action": "create"}).context["feed_url"]
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 2
    event = next(e for uid, e in events.items() if f"signup-{confirmed.pk}@" in uid)
    assert any(f"signup-{offered.pk}@" in uid for uid in events)
    assert str(event["dtstart"].dt.tzinfo) == "Asia/Shanghai"
    assert event["dtstart"].dt == confirmed.shift.start
    place = confirmed.shift.place
    assert place.name in str(event["location"])
    assert place.address in str(event["location"])


def test_calendar_feed_is_404_for_unknown_and_revoked_tokens(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    feed_url = client.post(CALENDAR, {"action": "create"}).context["feed_url"]
    assert client.get("/volunteers/calendar/not-a-token/").status_code == 404
    response = client.post(CALENDAR, {"action": "revoke"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.calendar_token_hash == ""
    assert client.get(feed_url).status_code == 404


def test_calendar_token_regenerating_invalidates_the_old_address(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    first = client.post(CALENDAR, {"action": "create"}).context["feed_url"]
    second = client.post(CALENDAR, {"action": "create"}).context["feed_url"]
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
