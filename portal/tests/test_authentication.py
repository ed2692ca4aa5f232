"""Sign-in hardening: required two-factor, rate limits, session lifetimes, no enumeration."""

import re
import time

import pytest
from allauth.core.internal.ratelimit import parse_rates
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model

from partners.factories import PartnerMembershipFactory
from portal.authentication import IDLE_TIMEOUT_MESSAGE, MAX_AGE_MESSAGE, MFA_REQUIRED_MESSAGE
from portal.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_activity_resolution(settings):
    """Test settings write the last-activity time once a day; here it is once a minute again."""
    settings.SESSION_SEEN_RESOLUTION_SECONDS = 60


LOGIN = "/accounts/login/"
TOTP_SETUP = "/accounts/2fa/totp/activate/"
MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"
REAUTHENTICATE = "/accounts/reauthenticate/"
RESET = "/accounts/password/reset/"
# A page only a signed-in person can open, cheap to render.
PRIVATE = "/accounts/email/"
TOO_MANY_FAILURES = "登录失败次数过多，请稍后重试。"


@pytest.fixture
def clock(monkeypatch):
    """Move `time.time()` forward: the clock of allauth's rate limits and of our sessions."""

    class Clock:
        offset = 0.0

        def advance(self, *, minutes=0, hours=0):
            self.offset += minutes * 60 + hours * 3600

    fake = Clock()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + fake.offset)
    return fake


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def _rates(action):
    """The configured limits of an allauth action, e.g. {"ip": Rate(10, 300, "ip"), ...}."""
    from django.conf import settings

    return {rate.per: rate for rate in parse_rates(settings.ACCOUNT_RATE_LIMITS[action])}


def _login(client, email, password=DEFAULT_PASSWORD, ip="192.0.2.1", **extra):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip, **extra)


def _totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _signed_in(client):
    return "_auth_user_id" in client.session


# --- Two-factor required for staff and partner coordinators ------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/", "/partners/", "/en/"])
def test_staff_without_authenticator_is_sent_to_totp_setup(client, staff_user, mfa_required, path):
    client.force_login(staff_user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] in (TOTP_SETUP, "/en" + TOTP_SETUP)


def test_totp_setup_page_says_why(client, superuser, mfa_required):
    client.force_login(superuser)
    response = client.get("/admin/", follow=True)
    # allauth asks for the password once more before showing the setup form.
    assert response.redirect_chain[0] == (TOTP_SETUP, 302)
    assert response.request["PATH_INFO"] == REAUTHENTICATE
    assert str(MFA_REQUIRED_MESSAGE) in response.content.decode()


def test_partner_coordinator_without_authenticator_is_sent_to_totp_setup(client, mfa_required):
    membership = PartnerMembershipFactory(coordinator=True)
    client.force_login(membership.user)
    response = client.get("/partners/")
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP


def test_reporters_and_the_public_need_no_authenticator(client, user, mfa_required):
    reporter = PartnerMembershipFactory().user
    client.force_login(reporter)
    assert client.get("/partners/").status_code == 200
    client.force_login(user)
    assert client.get(PRIVATE).status_code == 200


def test_requirement_can_be_switched_off(client, superuser, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_staff_without_authenticator_can_still_sign_out(client, staff_user, mfa_required):
    client.force_login(staff_user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not _signed_in(client)


def test_staff_sets_up_totp_gets_recovery_codes_then_reaches_the_admin(
    client, superuser, mfa_required
):
    assert _login(client, superuser.email).status_code == 302
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == REAUTHENTICATE
    response = client.post(
        f"{REAUTHENTICATE}?next={TOTP_SETUP}", {"password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.request["PATH_INFO"] == TOTP_SETUP
    assert 'name="code"' in response.content.decode()
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(TOTP_SETUP, {"code": "000000" if _totp_code(secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=superuser).exists()

    response = client.post(TOTP_SETUP, {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get(response["Location"]).content.decode()
    assert Authenticator.objects.filter(user=superuser, type=Authenticator.Type.TOTP).exists()
    recovery = Authenticator.objects.get(user=superuser, type=Authenticator.Type.RECOVERY_CODES)
    codes = recovery.wrap().get_unused_codes()
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_must_enter_the_code_after_the_password(client, superuser, mfa_required):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(superuser, secret)
    response = client.post(
        f"{LOGIN}?next=/admin/", {"login": superuser.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(MFA_AUTHENTICATE)
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302

    wrong = client.post(MFA_AUTHENTICATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert not _signed_in(client)

    response = client.post(MFA_AUTHENTICATE, {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(superuser.pk)
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_in_place_of_the_app(client, superuser, mfa_required):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    TOTP.activate(superuser, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    code = RecoveryCodes.activate(superuser).get_unused_codes()[0]
    _login(client, superuser.email)
    client.post(MFA_AUTHENTICATE, {"code": code})
    assert client.session["_auth_user_id"] == str(superuser.pk)


# --- Rate limits --------------------------------------------------------------------------


def test_failed_logins_from_one_address_block_that_address_only(client, user):
    per_ip = _rates("login_failed")["ip"]
    # Different unknown accounts each time, so only the per-address limit is reached.
    for n in range(per_ip.amount):
        _login(client, f"guess{n}@example.org", "wrong-password", ip="198.51.100.7")

    refused = _login(client, user.email, ip="198.51.100.7")
    assert refused.status_code == 200
    assert TOO_MANY_FAILURES in refused.content.decode()
    assert not _signed_in(client)

    assert _login(client, user.email, ip="198.51.100.8").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_failed_logins_for_one_account_cool_off_and_never_lock_it_for_good(client, user, clock):
    per_key = _rates("login_failed")["key"]
    # From a new address each time: the per-account limit is what stops these.
    for n in range(per_key.amount):
        _login(client, user.email, "wrong-password", ip=f"203.0.113.{n + 1}")

    refused = _login(client, user.email, ip="203.0.113.200")
    assert TOO_MANY_FAILURES in refused.content.decode()
    assert not _signed_in(client)

    clock.advance(minutes=per_key.duration / 60 - 1)
    assert TOO_MANY_FAILURES in _login(client, user.email, ip="203.0.113.201").content.decode()

    clock.advance(minutes=2)
    assert _login(client, user.email, ip="203.0.113.202").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_clears_the_failed_logins_of_the_account(client, user, mailoutbox):
    per_key = _rates("login_failed")["key"]
    for n in range(per_key.amount):
        _login(client, user.email, "wrong-password", ip=f"203.0.113.{n + 1}")
    assert TOO_MANY_FAILURES in _login(client, user.email).content.decode()

    client.post(RESET, {"email": user.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    form_url = client.get(link.group(1))["Location"]
    new_password = "a-fresh-passphrase-2024"
    client.post(form_url, {"password1": new_password, "password2": new_password})

    assert _login(client, user.email, new_password, ip="203.0.113.99").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_two_factor_codes_are_limited_per_account(client, superuser, mfa_required):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(superuser, secret)
    _login(client, superuser.email)
    wrong = "000000" if _totp_code(secret) != "000000" else "111111"
    for _ in range(_rates("login_failed")["key"].amount):
        client.post(MFA_AUTHENTICATE, {"code": wrong})
    refused = client.post(MFA_AUTHENTICATE, {"code": _totp_code(secret)})
    assert TOO_MANY_FAILURES in refused.content.decode()
    assert not _signed_in(client)


def test_forwarded_for_is_ignored_without_trusted_proxies(client, user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    per_ip = _rates("login_failed")["ip"]
    # A client inventing a new X-Forwarded-For each time is still one address.
    for n in range(per_ip.amount):
        _login(
            client,
            f"guess{n}@example.org",
            "wrong",
            ip="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.9.8.{n}",
        )
    refused = _login(client, user.email, ip="198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.8.250")
    assert TOO_MANY_FAILURES in refused.content.decode()


def test_behind_a_trusted_proxy_each_client_address_is_limited_apart(client, user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    per_ip = _rates("login_failed")["ip"]
    proxy = "10.0.0.2"
    for n in range(per_ip.amount):
        _login(
            client,
            f"guess{n}@example.org",
            "wrong",
            ip=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    attacker = _login(client, user.email, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert TOO_MANY_FAILURES in attacker.content.decode()
    # The proxy's own address is shared by everyone; another client still gets in.
    other = _login(client, user.email, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302


def test_signups_from_one_address_are_limited(client):
    per_ip = _rates("signup")["ip"]
    for _ in range(per_ip.amount):
        assert client.post("/accounts/signup/", {}, REMOTE_ADDR="198.51.100.7").status_code == 200
    response = client.post("/accounts/signup/", {}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "429.html" in [t.name for t in response.templates]
    assert client.post("/accounts/signup/", {}, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_password_reset_requests_for_one_address_are_limited(client, user, mailoutbox):
    per_key = _rates("reset_password")["key"]
    for n in range(per_key.amount):
        response = client.post(RESET, {"email": user.email}, REMOTE_ADDR=f"203.0.113.{n + 1}")
        assert response.status_code == 302
    response = client.post(RESET, {"email": user.email}, REMOTE_ADDR="203.0.113.100")
    assert response.status_code == 429
    assert len(mailoutbox) == per_key.amount


def test_wagtail_login_and_reset_forms_are_not_reachable(client, staff_user):
    """The admin's sign-in is allauth's, with its limits; Wagtail's own forms are closed."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff_user.username, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert not _signed_in(client)
    assert client.get("/admin/password_reset/").status_code == 404


# --- Sessions -----------------------------------------------------------------------------


def test_session_ends_after_the_idle_limit(client, user, clock, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client.force_login(user)
    assert client.get(PRIVATE).status_code == 200
    clock.advance(minutes=59)
    assert client.get(PRIVATE).status_code == 200
    clock.advance(minutes=59)
    # Activity keeps the session alive: 118 minutes since sign-in, 59 since the last request.
    assert client.get(PRIVATE).status_code == 200

    clock.advance(minutes=61)
    response = client.get(PRIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not _signed_in(client)
    assert str(IDLE_TIMEOUT_MESSAGE) in client.get(response["Location"]).content.decode()


def test_session_ends_after_the_absolute_limit_even_when_active(client, user, clock, settings):
    settings.SESSION_MAX_HOURS = 12
    settings.SESSION_IDLE_MINUTES = 60
    client.force_login(user)
    for _ in range(12):  # 12 × 59 minutes: 11.8 hours
        clock.advance(minutes=59)
        assert client.get(PRIVATE).status_code == 200
    clock.advance(minutes=59)
    response = client.get(PRIVATE)
    assert response.status_code == 302
    assert not _signed_in(client)
    assert str(MAX_AGE_MESSAGE) in client.get(response["Location"]).content.decode()


def test_session_cookie_and_store_expire_with_the_idle_limit(client, user, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    _login(client, user.email)
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60
    # No "remember me": the cookie also ends with the browser.
    assert client.session.get_expire_at_browser_close()


# --- Passwords and enumeration ----------------------------------------------------------


def test_signup_refuses_a_short_password_with_the_chinese_message(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "wang@example.org", "password1": "abc12xyz", "password2": "abc12xyz"},
    )
    assert response.status_code == 200
    assert "密码长度太短。密码必须包含至少 10 个字符。" in response.content.decode()
    assert "too short" not in response.content.decode()
    assert not get_user_model().objects.filter(email="wang@example.org").exists()


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, user, mailoutbox):
    known = client.post(RESET, {"email": user.email})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    assert [message.to for message in mailoutbox] == [[user.email]]


def test_signup_with_a_taken_address_looks_like_a_new_signup(client, mailoutbox):
    existing = UserFactory(email="taken@example.org")
    password = "a-long-passphrase-12348"
    taken = client.post(
        "/accounts/signup/",
        {"email": existing.email, "password1": password, "password2": password},
    )
    fresh = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": password, "password2": password},
    )
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1
