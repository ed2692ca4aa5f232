"""Partner accounts in the admin: invitations and the deactivation of memberships."""

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partners.choices import MembershipRole
from partners.factories import PartnerMembershipFactory, PartnerOrganisationFactory
from partners.models import PartnerInvitation
from portal.factories import DEFAULT_PASSWORD, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITATIONS = "/admin/partner-invitations/"


@pytest.fixture
def officer_client(client):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Referral officers"))
    client.force_login(user)
    return client


def test_invitations_refuse_staff_without_permission(client):
    client.force_login(StaffUserFactory())
    assert client.get(INVITATIONS).status_code in (302, 403)
    assert client.get(INVITATIONS + "new/").status_code in (302, 403)


def test_invitations_anonymous_is_sent_to_login(client):
    response = client.get(INVITATIONS)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_invitation_form_sends_the_email_with_a_link(
    officer_client, django_capture_on_commit_callbacks
):
    organisation = PartnerOrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            INVITATIONS + "new/",
            {"email": "Liu@Example.org", "organisation": organisation.pk, "role": "coordinator"},
        )
    assert response.status_code == 302
    invitation = PartnerInvitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.role) == (
        "liu@example.org",
        organisation,
        MembershipRole.COORDINATOR,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["liu@example.org"]
    assert "http://testserver/" in mail.outbox[0].body
    assert "/invitation/" in mail.outbox[0].body


def test_invitation_form_shows_the_service_refusal(officer_client):
    member = PartnerMembershipFactory()
    response = officer_client.post(
        INVITATIONS + "new/",
        {
            "email": member.user.email,
            "organisation": PartnerOrganisationFactory().pk,
            "role": "reporter",
        },
    )
    assert response.status_code == 200
    assert not PartnerInvitation.objects.exists()
    assert not mail.outbox


def test_invitation_list_shows_status_and_filters(officer_client):
    organisation = PartnerOrganisationFactory()
    now = timezone.now()
    PartnerInvitation.objects.create(
        email="sent@example.org",
        organisation=organisation,
        role="reporter",
        token_hash="a" * 64,
        expires_at=now + datetime.timedelta(days=3),
    )
    PartnerInvitation.objects.create(
        email="old@example.org",
        organisation=organisation,
        role="reporter",
        token_hash="b" * 64,
        expires_at=now - datetime.timedelta(days=1),
    )
    content = officer_client.get(INVITATIONS).content.decode()
    assert "sent@example.org" in content and "old@example.org" in content
    content = officer_client.get(INVITATIONS, {"status": "expired"}).content.decode()
    assert "old@example.org" in content
    assert "sent@example.org" not in content


def test_invitations_cannot_be_edited_or_deleted(officer_client):
    assert officer_client.get(INVITATIONS + "edit/1/").status_code == 404
    assert officer_client.get(INVITATIONS + "delete/1/").status_code == 404


def test_deactivate_ends_sessions_and_partner_access(client, officer_client):
    member = PartnerMembershipFactory()
    partner_client = type(client)()
    # Through the login form: allauth records the session (UserSession) there.
    response = partner_client.post(
        reverse("account_login"), {"login": member.user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert UserSession.objects.filter(user=member.user).exists()
    url = reverse("network-memberships:deactivate", args=[member.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url)
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert not UserSession.objects.filter(user=member.user).exists()
    # The old session is gone: back to the login page.
    response = partner_client.get("/partners/")
    assert response.status_code == 302
    # Signed in again, the person has no partner access any more.
    partner_client.force_login(member.user)
    assert partner_client.get("/partners/").status_code == 403


def test_deactivate_needs_change_permission(client):
    member = PartnerMembershipFactory()
    client.force_login(StaffUserFactory())
    url = reverse("network-memberships:deactivate", args=[member.pk])
    assert client.post(url).status_code in (302, 403)
    member.refresh_from_db()
    assert member.is_active


def test_membership_list_offers_deactivate(officer_client):
    member = PartnerMembershipFactory()
    content = officer_client.get("/admin/network/memberships/").content.decode()
    assert reverse("network-memberships:deactivate", args=[member.pk]) in content


def test_non_staff_cannot_reach_partner_admin(client):
    client.force_login(UserFactory())
    assert client.get(INVITATIONS).status_code in (302, 403)
