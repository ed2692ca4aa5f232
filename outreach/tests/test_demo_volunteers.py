import datetime
import itertools
import random

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from outreach import demo
from outreach.demo_network import load_network
from outreach.demo_volunteers import (
    UNIVERSITIES,
    ensure_demo_volunteer_accounts,
    load_volunteers,
)
from volunteers.choices import Attendance, SignupStatus, VolunteerSource, VolunteerStatus
from volunteers.models import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    Credential,
    ExtraHours,
    Shift,
    ShiftSignup,
    Volunteer,
    VolunteerSettings,
    VolunteerStatusChange,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(site):
    """The network and the volunteers alone: faster than the whole demo load."""
    rng = random.Random(demo.DEMO_SEED)  # noqa: S311 - demo data, not secrets
    demo._areas()
    load_network(rng)
    return load_volunteers(rng, password="a-demo-password-123")


def test_demo_volunteers_come_from_every_source_and_vetting_state(loaded):
    assert 280 <= Volunteer.objects.count() <= 320
    assert set(Volunteer.objects.values_list("status", flat=True)) == set(VolunteerStatus.values)
    sources = set(Volunteer.objects.values_list("source", flat=True))
    assert {
        VolunteerSource.STUDENT,
        VolunteerSource.TEACHER,
        VolunteerSource.RETIRED_POLICE,
        VolunteerSource.RETIRED_PROCURATORATE,
        VolunteerSource.RETIRED_COURT,
        VolunteerSource.RETIRED_JUSTICE,
        VolunteerSource.LAWYER,
    } <= sources
    students = Volunteer.objects.filter(source=VolunteerSource.STUDENT)
    assert set(students.values_list("institution", flat=True)) == set(UNIVERSITIES)
    assert not students.filter(Q(college="") | Q(grade="") | Q(supervisor_name="")).exists()
    approved = Volunteer.objects.filter(status=VolunteerStatus.APPROVED).count()
    assert approved > Volunteer.objects.count() / 2


def test_demo_vetting_history_ends_in_the_current_status_with_reasons(loaded):
    for volunteer in Volunteer.objects.prefetch_related("history"):
        steps = list(volunteer.history.all())
        assert steps[0].to_status == VolunteerStatus.APPLIED
        assert steps[-1].to_status == volunteer.status
        if volunteer.status in (VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED):
            assert volunteer.status_reason
            assert steps[-1].note == volunteer.status_reason
    assert VolunteerStatusChange.objects.count() > Volunteer.objects.count()


def test_demo_shifts_are_never_over_capacity(loaded):
    shifts = Shift.objects.annotate(
        held=Count("signups", filter=Q(signups__status__in=HOLDING_STATUSES))
    )
    assert shifts.count() > 100
    assert all(shift.held <= shift.capacity for shift in shifts)
    # Full shifts with a waitlist, and places on offer, are part of the picture.
    assert ShiftSignup.objects.filter(status=SignupStatus.WAITLISTED).exists()
    assert ShiftSignup.objects.filter(status=SignupStatus.OFFERED).exists()


def test_demo_signups_respect_overlaps_ratio_and_vetting(loaded):
    active = ShiftSignup.objects.filter(status__in=ACTIVE_STATUSES).select_related(
        "shift", "volunteer"
    )
    assert not active.exclude(volunteer__status=VolunteerStatus.APPROVED).exists()
    by_volunteer = {}
    for signup in active:
        by_volunteer.setdefault(signup.volunteer_id, []).append(signup.shift)
    for shifts in by_volunteer.values():
        shifts.sort(key=lambda s: s.start)
        assert all(b.start >= a.end for a, b in itertools.pairwise(shifts))
    for shift in Shift.objects.filter(students_per_supervisor__isnull=False):
        held = [s.volunteer for s in active if s.shift_id == shift.pk and s.status != "waitlisted"]
        students = sum(v.is_student for v in held)
        assert students <= sum(v.is_supervisor for v in held) * shift.students_per_supervisor


def test_demo_hours_only_on_attended_past_signups(loaded):
    now = timezone.now()
    assert not ShiftSignup.objects.exclude(attendance=Attendance.ATTENDED).exclude(hours=0).exists()
    assert (
        not ShiftSignup.objects.filter(shift__start__gt=now)
        .exclude(attendance=Attendance.UNMARKED)
        .exists()
    )
    marked = ShiftSignup.objects.filter(shift__end__lt=now, status=SignupStatus.CONFIRMED)
    attended = marked.filter(attendance=Attendance.ATTENDED).count()
    no_shows = marked.filter(attendance=Attendance.NO_SHOW).count()
    assert attended > no_shows > 0
    assert set(ExtraHours.objects.values_list("status", flat=True)) == {
        "approved",
        "pending",
        "rejected",
    }


def test_demo_credentials_include_some_expiring_and_some_expired(loaded):
    today = timezone.localdate()
    soon = Credential.objects.filter(
        expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=30)
    )
    assert soon.filter(volunteer__status=VolunteerStatus.APPROVED).exists()
    assert Credential.objects.filter(expires_on__lt=today).exists()


def test_first_demo_volunteer_account_has_upcoming_confirmed_shifts(loaded, client):
    volunteer = Volunteer.objects.get(user__email="zhiyuanzhe1@example.org")
    assert volunteer.status == VolunteerStatus.APPROVED
    upcoming = volunteer.signups.filter(
        status=SignupStatus.CONFIRMED, shift__start__gt=timezone.now()
    )
    assert upcoming.count() >= 2
    assert Volunteer.objects.filter(user__isnull=False).count() == 20
    assert client.login(username="zhiyuanzhe1", password="a-demo-password-123")


def test_ensure_demo_volunteer_accounts_labels_each_account(loaded):
    rows = ensure_demo_volunteer_accounts("another-password-456")
    assert len(rows) == 20
    email, label = rows[0]
    assert email == "zhiyuanzhe1@example.org"
    assert Volunteer.objects.get(user__email=email).real_name in label


def test_demo_load_sets_the_volunteer_code_and_rerunning_changes_nothing(site):
    counts = demo.load_demo_data()
    assert counts["volunteers"] == Volunteer.objects.count()
    code_page = VolunteerSettings.for_site(site).code_page
    assert code_page.title == "志愿者守则"
    assert set(Volunteer.objects.values_list("code_page_id", flat=True)) == {code_page.pk}
    before = (Volunteer.objects.count(), Shift.objects.count(), ShiftSignup.objects.count())
    demo.load_demo_data()
    after = (Volunteer.objects.count(), Shift.objects.count(), ShiftSignup.objects.count())
    assert after == before
