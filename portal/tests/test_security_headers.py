"""Security headers: the strict CSP outside the admin, the looser one inside it,
the production header set on the home page, and no-store on personal pages.

`manage.py check --deploy` with the production settings is run by
portal/tests/test_settings.py::test_production_check_deploy_is_clean.
"""

import json
import subprocess
import sys

import pytest

from partners.factories import PartnerMembershipFactory
from portal.tests.test_settings import PRODUCTION_ENV, ROOT, _clean_env
from volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

# The settings behind the headers, read from portal.settings.production in a fresh
# process (as deployed) and applied to the test settings.
HEADER_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
    "PERMISSIONS_POLICY",
)

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), "
    "display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"
)
HOME_PAGE_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def _policy(response, header="Content-Security-Policy") -> dict:
    """The CSP as {directive: sources}; django-csp writes directives in no fixed order."""
    directives = (part.strip().split(" ", 1) for part in response[header].split(";"))
    return {name: rest[0] if rest else "" for name, *rest in directives}


@pytest.fixture(scope="module")
def production_header_settings():
    code = (
        "import json, portal.settings.production as s;"
        f"print(json.dumps({{name: getattr(s, name) for name in {HEADER_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_clean_env(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production_headers(settings, production_header_settings):
    for name, value in production_header_settings.items():
        setattr(settings, name, value)


@pytest.fixture
def partner(db):
    return PartnerMembershipFactory().user


@pytest.fixture
def volunteer(db):
    return VolunteerFactory().user


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_sends_every_security_header_as_in_production(
    client, home_page, production_headers, path
):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert _policy(response) == {**STRICT_CSP, "upgrade-insecure-requests": ""}
    assert {name: response.get(name) for name in HOME_PAGE_HEADERS} == HOME_PAGE_HEADERS


def test_home_page_keeps_its_caching(client, home_page):
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_admin_pages_get_the_looser_policy(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert _policy(response) == {
        **STRICT_CSP,
        "script-src": "'self' 'unsafe-inline'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "frame-src": "'self'",
        "frame-ancestors": "'self'",
    }


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/", None),
        ("/en/", None),
        ("/directory/", None),
        ("/search/?q=法律", None),
        ("/accounts/login/", None),
        ("/accounts/signup/", None),
        ("/volunteers/opportunities/", None),
        ("/volunteers/apply/", "volunteer"),
        ("/volunteers/me/", "volunteer"),
        ("/partners/", "partner"),
        ("/partners/referrals/new/", "partner"),
        ("/partners/figures/", "partner"),
        ("/no-such-page/", None),
    ],
)
def test_pages_outside_the_admin_allow_no_inline_script_or_style(
    client, home_page, request, path, who
):
    if who:
        client.force_login(request.getfixturevalue(who))
    policy = _policy(client.get(path))
    assert policy == STRICT_CSP
    assert "unsafe" not in policy["script-src"]


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/partners/", "partner"),
        ("/en/partners/", "partner"),
        ("/partners/figures/", "partner"),
        ("/volunteers/me/", "volunteer"),
        ("/volunteers/me/hours/", "volunteer"),
        ("/en/volunteers/me/certificate/", "volunteer"),
        # Public, but then lists the signed-in volunteer's own sign-ups.
        ("/volunteers/opportunities/", "volunteer"),
        ("/accounts/login/", None),
        ("/en/accounts/password/reset/", None),
        ("/admin/", "superuser"),
    ],
)
def test_personal_pages_are_private_and_not_stored(client, request, path, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    cache_control = client.get(path)["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/directory/", "/volunteers/opportunities/", "/en/volunteers/opportunities/"],
)
def test_public_pages_for_anonymous_visitors_are_not_marked_no_store(client, home_page, path):
    assert "no-store" not in client.get(path).get("Cache-Control", "")


def test_no_store_set_by_a_view_is_kept(client, volunteer):
    # never_cache's directives stay; the middleware only adds to them.
    client.force_login(volunteer)
    directives = {
        part.strip() for part in client.get("/volunteers/me/")["Cache-Control"].split(",")
    }
    assert {"no-store", "no-cache", "must-revalidate", "private"} <= directives
