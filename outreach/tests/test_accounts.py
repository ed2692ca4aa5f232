"""Accounts through allauth: email sign-up with mandatory verification, sign-in, reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from portal.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-passphrase-12348"


def _signup(client, email="lihua@example.org", prefix=""):
    return client.post(
        f"{prefix}/accounts/signup/",
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_signup_sends_a_chinese_verification_email_and_does_not_sign_in(client, mailoutbox):
    response = _signup(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="lihua@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["lihua@example.org"]
    assert "确认" in mailoutbox[0].subject
    assert "_auth_user_id" not in client.session


def test_unverified_account_cannot_sign_in(client, mailoutbox):
    _signup(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "lihua@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirming_email_verifies_and_signs_in(client, mailoutbox):
    _signup(client)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body)
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="lihua@example.org").verified
    assert client.session["_auth_user_id"]


def test_signup_rejects_weak_password_with_a_chinese_message(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "wang@example.org", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    assert not get_user_model().objects.filter(email="wang@example.org").exists()


def test_signup_in_english_answers_in_english(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "wang@example.org", "password1": "12345678", "password2": "12345678"},
    )
    assert "This password is too common" in response.content.decode()


def test_verified_user_signs_in_with_email(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_in_chinese(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-one"})
    assert response.status_code == 200
    assert "不正确" in response.content.decode()


def test_password_reset_mails_a_link_to_a_known_address(client, user, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_password_reset_for_unknown_address_looks_the_same(client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_use_the_site_layout(client, path):
    html = client.get(path).content.decode()
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert '<html lang="zh-hans"' in html


def test_admin_sends_anonymous_visitors_to_the_portal_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")
    legacy = client.get("/admin/login/?next=/admin/pages/")
    assert legacy["Location"] == "/accounts/login/?next=/admin/pages/"


def test_staff_see_the_wagtail_admin_in_chinese(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in html
    assert "控制面板" in html


def test_member_of_the_public_cannot_enter_the_admin(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
