"""Who may open which partner page: every URL of the portal against every role."""

import pytest

from partners.factories import PartnerMembershipFactory, ReferralFactory
from partners.models import Referral
from portal.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = ["/partners/", "/partners/referrals/new/", "/partners/referrals/export/"]
ROW_PAGES = [
    ("get", "/partners/referrals/{pk}/"),
    ("post", "/partners/referrals/{pk}/withdraw/"),
    ("post", "/partners/referrals/{pk}/reply/"),
]


@pytest.fixture
def world(db):
    coordinator = PartnerMembershipFactory(coordinator=True)
    organisation = coordinator.organisation
    reporter = PartnerMembershipFactory(organisation=organisation)
    colleague = PartnerMembershipFactory(organisation=organisation)
    other = PartnerMembershipFactory()
    return {
        "coordinator": coordinator,
        "reporter": reporter,
        "colleague": colleague,
        "other": other,
        "own": ReferralFactory(organisation=organisation, submitted_by=reporter.user),
        "colleagues": ReferralFactory(organisation=organisation, submitted_by=colleague.user),
        "elsewhere": ReferralFactory(organisation=other.organisation, submitted_by=other.user),
    }


def _request(client, method, url):
    data = {"withdraw-expected_status": "submitted", "reply-expected_status": "needs_info"}
    return client.post(url, data) if method == "post" else client.get(url)


def _all_pages(pk):
    return [("get", url) for url in LIST_PAGES] + [
        (method, url.format(pk=pk)) for method, url in ROW_PAGES
    ]


def test_access_anonymous_is_sent_to_login(client, world):
    for method, url in _all_pages(world["own"].pk):
        response = _request(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize("kind", ["plain", "staff", "deactivated"])
def test_access_without_an_active_membership_is_403(client, world, kind):
    if kind == "plain":
        user = UserFactory()
    elif kind == "staff":
        user = StaffUserFactory()
    else:
        membership = world["reporter"]
        membership.is_active = False
        membership.save()
        user = membership.user
    client.force_login(user)
    for method, url in _all_pages(world["own"].pk):
        response = _request(client, method, url)
        assert response.status_code == 403, url
    assert Referral.objects.get(pk=world["own"].pk).status == "submitted"


def test_access_403_page_uses_the_site_layout_in_both_languages(client, world):
    client.force_login(UserFactory())
    html = client.get("/partners/").content.decode()
    assert '<html lang="zh-hans"' in html
    assert 'class="site-header"' in html
    html_en = client.get("/en/partners/").content.decode()
    assert '<html lang="en"' in html_en
    assert "These pages are for staff of partner organisations." in html_en


def test_access_reporter_sees_own_rows_only(client, world):
    client.force_login(world["reporter"].user)
    for _method, url in [(m, u) for m, u in _all_pages(world["own"].pk) if m == "get"]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/partners/referrals/{world['colleagues'].pk}/").status_code == 404
    html = client.get("/partners/").content.decode()
    assert f"/partners/referrals/{world['own'].pk}/" in html
    assert f"/partners/referrals/{world['colleagues'].pk}/" not in html
    assert f"/partners/referrals/{world['elsewhere'].pk}/" not in html


def test_access_coordinator_sees_every_row_of_the_organisation(client, world):
    client.force_login(world["coordinator"].user)
    for key in ("own", "colleagues"):
        assert client.get(f"/partners/referrals/{world[key].pk}/").status_code == 200
    assert client.get(f"/partners/referrals/{world['elsewhere'].pk}/").status_code == 404
    html = client.get("/partners/").content.decode()
    assert f"/partners/referrals/{world['own'].pk}/" in html
    assert f"/partners/referrals/{world['colleagues'].pk}/" in html


def test_access_other_organisation_gets_the_same_404_as_a_missing_id(client, world):
    client.force_login(world["other"].user)
    pk = world["own"].pk
    missing = Referral.objects.order_by("-pk").first().pk + 1000
    for method, url in ROW_PAGES:
        hidden = _request(client, method, url.format(pk=pk))
        absent = _request(client, method, url.format(pk=missing))
        assert hidden.status_code == absent.status_code == 404, url
        # The paths differ (the language links repeat them); nothing else may.
        body = hidden.content.decode().replace(f"/{pk}/", "/N/")
        assert body == absent.content.decode().replace(f"/{missing}/", "/N/")
    assert Referral.objects.get(pk=pk).status == "submitted"
    assert not Referral.objects.get(pk=pk).history.exists()


def test_access_reporter_cannot_withdraw_a_colleagues_referral(client, world):
    client.force_login(world["reporter"].user)
    url = f"/partners/referrals/{world['colleagues'].pk}/withdraw/"
    response = client.post(url, {"withdraw-expected_status": "submitted"})
    assert response.status_code == 404
    assert Referral.objects.get(pk=world["colleagues"].pk).status == "submitted"


def test_access_moves_refuse_get(client, world):
    client.force_login(world["reporter"].user)
    assert client.get(f"/partners/referrals/{world['own'].pk}/withdraw/").status_code == 405


def test_access_account_nav_links_the_dashboard_for_members_only(client, world, home_page):
    client.force_login(world["reporter"].user)
    assert 'href="/partners/"' in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert 'href="/partners/"' not in client.get("/").content.decode()
