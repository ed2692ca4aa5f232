"""The access matrix: every named URL of the project against every role.

The scope (which names count), the roles and their data, and the table of
expected outcomes are in `portal.tests.access_matrix`; its docstring says how
to read and extend a row. A named URL of the project without a row fails
`test_access_matrix_has_a_row_for_every_named_url`, a row whose URL is gone
fails it too.
"""

from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from . import access_matrix as matrix

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The roles and their objects, made once for the module.

    They live in a transaction that is rolled back after the last test; each
    test runs in a savepoint inside it, so a POST that changes a row changes
    it for that test only.
    """
    media = tmp_path_factory.mktemp("access-matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        yield matrix.build_world()
        transaction.set_rollback(True)


def _outcome(response) -> str:
    """The response in the table's terms: "200", "302:login", "302:volunteers:home" ..."""
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    if location.startswith(reverse("account_login")):
        return matrix.LOGIN
    try:
        name = resolve(urlsplit(location).path).view_name
    except Resolver404:
        return f"302 to {location}"
    return matrix.ADMIN_HOME if name == "wagtailadmin_home" else f"302:{name}"


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


CASES = [
    pytest.param(row, role, id=f"{row.name}[{role}]")
    for row in matrix.ROWS
    for role in matrix.ROLES
]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_access_matrix(client, world, row, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(world))

    response = getattr(client, row.method)(url, row.data)

    location = response.get("Location", "")
    assert _outcome(response) == row.expected[role], f"{row.method.upper()} {url} {location}"
    if role in matrix.NO_SECRETS_FOR:
        body = _body(response)
        for secret in matrix.SECRETS:
            assert secret.encode() not in body, f"{url} shows partner A's data to {role}"


def test_access_matrix_secrets_are_shown_to_partner_a(client, world):
    """The leak check above looks for strings partner A's own pages do show."""
    client.force_login(world.partner_a.user)
    referral = client.get(reverse("partner_portal:referral", kwargs={"pk": world.referral_a.pk}))
    logs = client.get(reverse("partner_outreach:list"))
    assert matrix.SECRET_APPLICANT in referral.content.decode()
    assert matrix.SECRET_PLACE in logs.content.decode()


def test_access_matrix_has_a_row_for_every_named_url():
    listed = [row.name for row in matrix.ROWS]
    found = matrix.project_url_names()

    duplicates = sorted({name for name in listed if listed.count(name) > 1})
    missing = sorted(found - set(listed))
    stale = sorted(set(listed) - found)

    assert not duplicates, f"Rows listed twice in portal/tests/access_matrix.py: {duplicates}"
    assert not missing, "Named URLs without a row in portal/tests/access_matrix.py:\n" + "\n".join(
        missing
    )
    assert not stale, "Rows for URL names that no longer exist (remove them):\n" + "\n".join(stale)


def test_access_matrix_every_project_url_has_a_name():
    """An unnamed URL of the project could not get a row: give every one a name."""
    unnamed = [entry.route for entry in matrix.project_url_entries() if entry.name is None]
    assert not unnamed, f"Project URLs without a name: {unnamed}"


def test_access_matrix_scope_follows_each_rule():
    """Each rule of the scope finds what it is for, so a broken walk cannot pass unnoticed."""
    by_name = {entry.name: entry for entry in matrix.project_url_entries()}
    # 1. A project view; 2. declared in portal.urls with Django's view; 3. a project
    # viewset with Wagtail's view; 4. allauth's login page.
    assert by_name["partner_portal:dashboard"].view_module == "partners.portal_views"
    assert by_name["robots-txt"].declared_in == "portal.urls"
    assert by_name["referrals:index"].namespace == "referrals"
    assert by_name["campaign-logs:edit"].view_module.startswith("wagtail.")
    assert "account_login" in by_name
    names = matrix.project_url_names()
    # Wagtail's and allauth's own pages are out of scope.
    assert not {"wagtailadmin_home", "wagtail_serve", "account_email", "mfa_index"} & names
