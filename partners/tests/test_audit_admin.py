"""The audit log in the admin: readable by data protection officers, never changed by anyone."""

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from partners import audit
from partners.choices import AuditAction
from partners.models import AuditEvent
from portal.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = "/admin/audit-events/"


@pytest.fixture
def event(superuser):
    return audit.record(superuser, AuditAction.VIEW, "referral", object_id=41, context="/x/")


@pytest.fixture
def dpo(db):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Data protection officers"))
    return user


def test_audit_log_anonymous_is_sent_to_login(client, event):
    response = client.get(LOG)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("make_user", [UserFactory, StaffUserFactory])
def test_audit_log_refuses_users_without_permission(client, event, make_user):
    client.force_login(make_user())
    response = client.get(LOG)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].split("?")[0] in (
            "/admin/",
            "/accounts/login/",
            "/admin/login/",
        )


def test_audit_log_refuses_referral_officers(client, event):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Referral officers"))
    client.force_login(user)
    assert client.get(LOG).status_code in (302, 403)


@pytest.mark.parametrize("who", ["dpo", "superuser"])
def test_audit_log_lists_events(client, event, who, dpo, superuser):
    client.force_login(dpo if who == "dpo" else superuser)
    response = client.get(LOG)
    assert response.status_code == 200
    assert "/x/" in response.content.decode()


def test_audit_log_filters_by_action(client, event, superuser):
    audit.record(superuser, AuditAction.EXPORT, "referral", row_count=7, context="/export-x/")
    client.force_login(superuser)
    content = client.get(LOG, {"action": AuditAction.EXPORT}).content.decode()
    assert "/export-x/" in content
    assert "/x/<" not in content and ">/x/" not in content


def test_audit_log_has_no_add_edit_or_delete_even_for_superusers(client, event, superuser):
    client.force_login(superuser)
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit-events:{name}", args=[] if name == "add" else [event.pk])
    for path in ("new/", f"edit/{event.pk}/", f"delete/{event.pk}/", f"inspect/{event.pk}/"):
        assert client.get(LOG + path).status_code == 404
        assert client.post(LOG + path, {"subject": "changed"}).status_code == 404
    assert client.post(LOG, {"subject": "changed"}).status_code == 405
    event.refresh_from_db()
    assert event.subject == "referral"
    assert AuditEvent.objects.count() == 1


def test_audit_permission_policy_denies_writes_to_superusers(superuser):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(AuditEvent)
    assert policy.user_has_permission(superuser, "view")
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(superuser, action)
