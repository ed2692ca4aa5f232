"""Volunteer admin: who may use which page, the record page, vetting moves and credentials."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from partners.choices import AuditAction
from partners.models import AuditEvent
from portal.factories import StaffUserFactory, UserFactory
from volunteers.choices import VolunteerStatus
from volunteers.factories import (
    CredentialFactory,
    ExtraHoursFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import Volunteer, VolunteerStatusChange

pytestmark = pytest.mark.django_db

COORDINATORS = "Volunteer coordinators"


@pytest.fixture
def coordinator(db):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def admin_only_user(db):
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = StaffUserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def objects(db):
    volunteer = VolunteerFactory(applied=True)
    shift = ShiftFactory()
    return {
        "volunteer": volunteer,
        "shift": shift,
        "opportunity": shift.opportunity,
        "extra": ExtraHoursFactory(volunteer=volunteer),
    }


#: (url name, the fixture key of its object or None): every admin page of this app.
PAGES = [
    ("volunteer-people:index", None),
    ("volunteer-people:inspect", "volunteer"),
    ("volunteer-people:edit", "volunteer"),
    ("volunteer-opportunities:index", None),
    ("volunteer-opportunities:add", None),
    ("volunteer-opportunities:edit", "opportunity"),
    ("volunteer-shifts:index", None),
    ("volunteer-shifts:add", None),
    ("volunteer-shifts:edit", "shift"),
    ("volunteer-shifts:attendance", "shift"),
    ("volunteer-extra-hours:index", None),
    ("volunteer-extra-hours:review", "extra"),
    ("volunteer-hours:index", None),
]
#: Pages for whoever may add and change volunteers (a superuser), not coordinators.
ROSTER_PAGES = ["volunteer-people:import", "volunteer-people:template"]


def _url(name, objects, key):
    return reverse(name, args=[objects[key].pk] if key else [])


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_admin_page_sends_anonymous_visitors_to_sign_in(client, objects, name, key):
    response = client.get(_url(name, objects, key))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_admin_page_sends_a_member_of_the_public_to_sign_in(client, objects, name, key):
    client.force_login(UserFactory())
    response = client.get(_url(name, objects, key))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_admin_page_refuses_staff_without_volunteer_permissions(
    client, admin_only_user, objects, name, key
):
    client.force_login(admin_only_user)
    response = client.get(_url(name, objects, key))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_admin_page_loads_for_a_volunteer_coordinator(client, coordinator, objects, name, key):
    client.force_login(coordinator)
    assert client.get(_url(name, objects, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_admin_page_loads_for_a_superuser(client, superuser, objects, name, key):
    client.force_login(superuser)
    assert client.get(_url(name, objects, key)).status_code == 200


@pytest.mark.parametrize("name", ROSTER_PAGES)
def test_roster_import_is_for_those_who_may_add_volunteers(client, superuser, coordinator, name):
    client.force_login(superuser)
    assert client.get(reverse(name)).status_code == 200
    client.force_login(coordinator)
    assert client.get(reverse(name)).status_code in (302, 403)


def test_volunteers_have_no_add_or_delete_page(client, superuser, objects):
    client.force_login(superuser)
    content = client.get(reverse("volunteer-people:index")).content.decode()
    assert "volunteers/people/new/" not in content
    assert client.get("/admin/volunteers/people/new/").status_code == 404


def test_menu_groups_the_programme_under_volunteers(client, coordinator):
    client.force_login(coordinator)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("volunteer-people:index") in content
    assert reverse("volunteer-hours:index") in content


def test_volunteer_list_filters_by_status_and_searches_mobile(client, superuser):
    applied = VolunteerFactory(applied=True, real_name="甲申请人")
    approved = VolunteerFactory(real_name="乙已批准")
    client.force_login(superuser)
    url = reverse("volunteer-people:index")
    content = client.get(url, {"status": "applied"}).content.decode()
    assert applied.real_name in content
    assert approved.real_name not in content
    content = client.get(url, {"q": approved.mobile}).content.decode()
    assert approved.real_name in content
    assert applied.real_name not in content


# --- The record page ----------------------------------------------------------------------


def test_record_page_is_audited_and_shows_files_credentials_and_hours(client, coordinator, objects):
    volunteer = objects["volunteer"]
    CredentialFactory(volunteer=volunteer, number="A20190001234", verified=False)
    signup = ShiftSignupFactory(volunteer=volunteer, attendance="attended", hours=3)
    client.force_login(coordinator)
    url = reverse("volunteer-people:inspect", args=[volunteer.pk])
    content = client.get(url).content.decode()
    assert "A20190001234" in content
    assert 'data-volunteer-hours="3' in content
    assert signup.pk
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.subject, event.object_id, event.context) == (
        coordinator,
        AuditAction.VIEW,
        "volunteer",
        str(volunteer.pk),
        url,
    )


def test_record_page_offers_exactly_the_moves_of_the_vetting_table(client, coordinator):
    volunteer = VolunteerFactory(applied=True)
    client.force_login(coordinator)
    content = client.get(reverse("volunteer-people:inspect", args=[volunteer.pk])).content.decode()
    for move in ("in_review", "rejected", "withdrawn"):
        assert f'data-vetting-move="{move}"' in content
    assert 'data-vetting-move="approved"' not in content


def test_vetting_move_changes_status_and_writes_history(client, coordinator):
    volunteer = VolunteerFactory(applied=True)
    client.force_login(coordinator)
    url = reverse("volunteer-people:inspect", args=[volunteer.pk])
    response = client.post(url, {"move": "in_review", "move-in_review-note": ""})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.IN_REVIEW
    entry = VolunteerStatusChange.objects.get(volunteer=volunteer)
    assert (entry.from_status, entry.to_status, entry.actor) == (
        "applied",
        "in_review",
        coordinator,
    )


def test_vetting_rejection_needs_a_reason(client, coordinator):
    volunteer = VolunteerFactory(status=VolunteerStatus.IN_REVIEW)
    client.force_login(coordinator)
    url = reverse("volunteer-people:inspect", args=[volunteer.pk])
    response = client.post(url, {"move": "rejected", "move-rejected-note": "  "})
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = gettext("Give the reason: the volunteer will read it.")
    assert expected == "请填写理由：志愿者会看到。"
    assert expected in response.content.decode()
    assert Volunteer.objects.get(pk=volunteer.pk).status == VolunteerStatus.IN_REVIEW
    response = client.post(url, {"move": "rejected", "move-rejected-note": "资料不全"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.status_reason) == ("rejected", "资料不全")


def test_vetting_refuses_a_move_the_table_does_not_allow(client, coordinator):
    volunteer = VolunteerFactory(applied=True)
    client.force_login(coordinator)
    url = reverse("volunteer-people:inspect", args=[volunteer.pk])
    response = client.post(url, {"move": "approved", "move-approved-note": ""}, follow=True)
    assert Volunteer.objects.get(pk=volunteer.pk).status == VolunteerStatus.APPLIED
    assert not VolunteerStatusChange.objects.exists()
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1


def test_vetting_needs_change_permission(client, coordinator):
    coordinator.groups.clear()
    group = Group.objects.create(name="Readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_volunteer"),
    )
    coordinator.groups.add(group)
    volunteer = VolunteerFactory(applied=True)
    client.force_login(coordinator)
    url = reverse("volunteer-people:inspect", args=[volunteer.pk])
    assert "data-vetting-move" not in client.get(url).content.decode()
    assert client.post(url, {"move": "in_review"}).status_code in (302, 403)
    assert Volunteer.objects.get(pk=volunteer.pk).status == VolunteerStatus.APPLIED


def test_credential_verify_sets_verified_by(client, coordinator):
    credential = CredentialFactory(verified=False)
    client.force_login(coordinator)
    url = reverse("volunteer-people:inspect", args=[credential.volunteer.pk])
    assert client.post(url, {"verify_credential": credential.pk}).status_code == 302
    credential.refresh_from_db()
    assert (credential.verified, credential.verified_by) == (True, coordinator)


def test_contact_edit_validates_the_mobile_number(client, coordinator):
    volunteer = VolunteerFactory()
    client.force_login(coordinator)
    url = reverse("volunteer-people:edit", args=[volunteer.pk])
    data = {"real_name": "新名字", "mobile": "12345"}
    response = client.post(url, data)
    assert response.status_code == 200
    data["mobile"] = "+86 138 0000 1111"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    volunteer.refresh_from_db()
    assert (volunteer.real_name, volunteer.mobile) == ("新名字", "13800001111")
    assert volunteer.status == VolunteerStatus.APPROVED
