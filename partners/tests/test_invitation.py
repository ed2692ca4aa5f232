"""Joining a partner organisation from an emailed invitation link."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext

from partners.choices import MembershipRole
from partners.factories import PartnerMembershipFactory, PartnerOrganisationFactory
from partners.models import PartnerInvitation, PartnerMembership
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lantern-Orchard-4471"


def invite(email="new.partner@example.org", **kwargs):
    token, token_hash = PartnerInvitation.new_token()
    invitation = PartnerInvitation.objects.create(
        email=email,
        organisation=kwargs.pop("organisation", None) or PartnerOrganisationFactory(),
        role=kwargs.pop("role", MembershipRole.COORDINATOR),
        token_hash=token_hash,
        expires_at=timezone.now() + datetime.timedelta(days=14),
        **kwargs,
    )
    return invitation, f"/partners/invitation/{token}/"


def test_invitation_new_user_sets_a_password_and_is_signed_in(client):
    invitation, url = invite()
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/partners/"
    user = get_user_model().objects.get(email=invitation.email)
    assert user.check_password(NEW_PASSWORD)
    membership = PartnerMembership.objects.get(user=user)
    assert membership.is_active
    assert membership.organisation == invitation.organisation
    assert membership.role == MembershipRole.COORDINATOR
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/partners/").status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitation_weak_password_is_refused_with_a_message(client):
    invitation, url = invite()
    response = client.post(url, {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "password1_errors" in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


@pytest.mark.parametrize("state", ["accepted", "expired", "revoked"])
def test_invitation_unusable_token_is_refused(client, state):
    past = timezone.now() - datetime.timedelta(days=1)
    fields = {
        "accepted": {"accepted_at": past},
        "expired": {"expires_at": past},
        "revoked": {"revoked_at": past},
    }[state]
    invitation, url = invite()
    PartnerInvitation.objects.filter(pk=invitation.pk).update(**fields)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert 'class="site-header"' in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_invitation_unknown_token_is_404_with_the_same_message(client):
    response = client.get("/en/partners/invitation/not-a-real-token/")
    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()


def test_invitation_existing_user_must_sign_in_first(client):
    user = UserFactory()
    _invitation, url = invite(email=user.email)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/partners/invitation/")
    client.post(url)
    assert not PartnerMembership.objects.filter(user=user).exists()


def test_invitation_existing_user_confirms_when_signed_in(client):
    user = UserFactory()
    invitation, url = invite(email=user.email.upper(), role=MembershipRole.REPORTER)
    client.force_login(user)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    membership = PartnerMembership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (
        invitation.organisation,
        MembershipRole.REPORTER,
    )


def test_invitation_signed_in_as_someone_else_is_refused(client):
    invitation, url = invite()
    other = UserFactory()
    client.force_login(other)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    assert not PartnerMembership.objects.filter(user=other).exists()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_invitation_service_refusal_is_shown_as_a_message(client):
    member = PartnerMembershipFactory()
    invitation, url = invite(email=member.user.email)
    client.force_login(member.user)
    response = client.post(url, follow=True)
    with translation.override("zh-hans"):
        expected = gettext("You already belong to another partner organisation.")
    assert expected == "您已属于另一个合作单位。"
    assert expected in response.content.decode()
    member.refresh_from_db()
    assert member.organisation != invitation.organisation
