"""Partner organisations logging their outreach: the services, the partner pages, the admin list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from outreach.choices import ActivityType, CampaignTheme, MediaLevel
from outreach.factories import CampaignLogFactory, MediaReportFactory
from outreach.models import CampaignIndexPage, CampaignLog, CampaignPage
from outreach.services import log_partner_activity, update_partner_activity
from partners.choices import AreaLevel
from partners.factories import AreaFactory, PartnerMembershipFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/partners/outreach/"
NEW_URL = "/partners/outreach/new/"
ADMIN_INDEX_URL = "/admin/campaign-logs/"


def _edit_url(log):
    return f"/partners/outreach/{log.pk}/edit/"


@pytest.fixture
def membership(db):
    return PartnerMembershipFactory(organisation__name="清河市妇女联合会")


@pytest.fixture
def coordinator(membership):
    return PartnerMembershipFactory(organisation=membership.organisation, coordinator=True)


@pytest.fixture
def other_membership(db):
    return PartnerMembershipFactory(organisation__name="清河市总工会")


@pytest.fixture
def township(db):
    return AreaFactory(township=True)


@pytest.fixture
def campaign(home_page):
    index = home_page.add_child(instance=CampaignIndexPage(title="宣传活动", slug="campaigns"))
    return index.add_child(
        instance=CampaignPage(
            title="2021年农民工维权月",
            slug="migrant-workers-2021",
            theme=CampaignTheme.MIGRANT_WORKERS_MONTH,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2021, 1, 31),
            summary="集中受理农民工欠薪案件。",
        )
    )


def _log_data(**overrides):
    data = {
        "date": datetime.date(2021, 3, 15),
        "place": "北关镇文化广场",
        "area": None,
        "activity_type": ActivityType.STREET_STALL,
        "campaign": None,
        "organiser": "清河市妇女联合会",
        "people_reached": 200,
        "leaflets": 300,
        "brochures": 50,
        "posters": 4,
        "other_materials": 0,
        "consultations": 25,
        "notes": "",
    }
    return {**data, **overrides}


def _post_data(reports=(), initial_reports=(), **overrides):
    """The partner form's POST: the log fields, then the three media report rows."""
    data = {
        "date": "2021-03-15",
        "place": "北关镇文化广场",
        "area": "",
        "activity_type": "street_stall",
        "campaign": "",
        "organiser": "清河市妇女联合会",
        "people_reached": "200",
        "leaflets": "300",
        "brochures": "50",
        "posters": "4",
        "other_materials": "0",
        "consultations": "25",
        "notes": "",
        "media_reports-TOTAL_FORMS": "3",
        "media_reports-INITIAL_FORMS": str(len(initial_reports)),
        "media_reports-MIN_NUM_FORMS": "0",
        "media_reports-MAX_NUM_FORMS": "3",
    }
    rows = [*initial_reports, *reports]
    for index, report in enumerate(rows):
        for name, value in report.items():
            data[f"media_reports-{index}-{name}"] = value
    data.update(overrides)
    return data


REPORT = {"outlet": "清河县电视台", "level": "county", "url": "", "date": ""}


# Services


def test_log_partner_activity_attributes_the_log_to_the_organisation(membership):
    log = log_partner_activity(
        membership=membership,
        data=_log_data(),
        media_reports=[{"outlet": "清河日报", "level": MediaLevel.CITY, "url": "", "date": None}],
        by=membership.user,
    )
    log.refresh_from_db()
    assert log.reporting_organisation == membership.organisation
    assert log.created_by == membership.user
    assert list(log.partner_organisations.all()) == [membership.organisation]
    assert [(r.outlet, r.level) for r in log.media_reports.all()] == [("清河日报", "city")]
    assert ModelLogEntry.objects.filter(
        object_id=str(log.pk), action="wagtail.create", user=membership.user
    ).exists()


def test_log_partner_activity_ignores_attribution_in_data(membership, other_membership):
    data = _log_data(
        reporting_organisation=other_membership.organisation, created_by=other_membership.user
    )
    log = log_partner_activity(
        membership=membership, data=data, media_reports=[], by=membership.user
    )
    assert (log.reporting_organisation, log.created_by) == (
        membership.organisation,
        membership.user,
    )


def test_log_partner_activity_rejects_a_future_date(membership):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        log_partner_activity(
            membership=membership,
            data=_log_data(date=tomorrow),
            media_reports=[],
            by=membership.user,
        )
    assert not CampaignLog.objects.exists()


def test_update_partner_activity_replaces_media_reports_and_keeps_the_author(
    membership, coordinator
):
    log = log_partner_activity(
        membership=membership,
        data=_log_data(),
        media_reports=[{"outlet": "清河日报", "level": "city", "url": "", "date": None}],
        by=membership.user,
    )
    update_partner_activity(
        log,
        membership=coordinator,
        data=_log_data(people_reached=999),
        media_reports=[{"outlet": "黑龙江日报", "level": "province", "url": "", "date": None}],
        by=coordinator.user,
    )
    log.refresh_from_db()
    assert log.people_reached == 999
    assert log.created_by == membership.user
    assert [r.outlet for r in log.media_reports.all()] == ["黑龙江日报"]
    assert list(log.partner_organisations.all()) == [membership.organisation]


def test_update_partner_activity_refuses_a_log_of_another_organisation(
    membership, other_membership
):
    log = CampaignLogFactory(reporting_organisation=other_membership.organisation)
    with pytest.raises(PermissionDenied):
        update_partner_activity(
            log, membership=membership, data=_log_data(), media_reports=[], by=membership.user
        )


# Access


@pytest.mark.parametrize("url", [LIST_URL, NEW_URL, "/partners/outreach/1/edit/"])
def test_partner_outreach_pages_send_anonymous_visitors_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [LIST_URL, NEW_URL])
def test_partner_outreach_pages_are_forbidden_without_membership(client, user, url):
    client.force_login(user)
    assert client.get(url).status_code == 403


def test_partner_outreach_pages_are_forbidden_after_deactivation(client):
    membership = PartnerMembershipFactory(is_active=False)
    client.force_login(membership.user)
    assert client.get(NEW_URL).status_code == 403


def test_edit_of_another_organisations_log_is_404(client, membership, other_membership):
    log = CampaignLogFactory(
        reporting_organisation=other_membership.organisation, created_by=other_membership.user
    )
    client.force_login(membership.user)
    assert client.get(_edit_url(log)).status_code == 404
    response = client.post(_edit_url(log), _post_data(place="篡改"))
    assert response.status_code == 404
    log.refresh_from_db()
    assert log.place != "篡改"


def test_edit_of_a_staff_entered_log_is_404(client, coordinator):
    log = CampaignLogFactory()
    client.force_login(coordinator.user)
    assert client.get(_edit_url(log)).status_code == 404


def test_edit_of_a_missing_log_is_404(client, membership):
    client.force_login(membership.user)
    assert client.get("/partners/outreach/999999/edit/").status_code == 404


def test_reporter_cannot_edit_a_colleagues_log(client, membership, coordinator):
    log = CampaignLogFactory(
        reporting_organisation=membership.organisation, created_by=coordinator.user
    )
    client.force_login(membership.user)
    assert client.get(_edit_url(log)).status_code == 404


def test_reporter_edits_their_own_log(client, membership):
    log = CampaignLogFactory(
        reporting_organisation=membership.organisation, created_by=membership.user
    )
    client.force_login(membership.user)
    response = client.post(_edit_url(log), _post_data(place="南关社区"))
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.place == "南关社区"


def test_coordinator_edits_any_log_of_their_organisation(client, membership, coordinator):
    log = CampaignLogFactory(
        reporting_organisation=membership.organisation, created_by=membership.user
    )
    report = MediaReportFactory(log=log, outlet="清河日报", level=MediaLevel.CITY)
    client.force_login(coordinator.user)
    page = client.get(_edit_url(log))
    assert page.status_code == 200
    assert "清河日报" in page.content.decode()
    kept = {"id": str(report.pk), "log": str(log.pk), **REPORT, "outlet": "清河日报"}
    response = client.post(_edit_url(log), _post_data(initial_reports=[kept], people_reached="450"))
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.people_reached == 450
    assert log.created_by == membership.user
    assert [r.outlet for r in log.media_reports.all()] == ["清河日报"]


def test_edit_deletes_a_media_report_marked_for_deletion(client, membership):
    log = CampaignLogFactory(
        reporting_organisation=membership.organisation, created_by=membership.user
    )
    report = MediaReportFactory(log=log)
    client.force_login(membership.user)
    row = {"id": str(report.pk), "log": str(log.pk), **REPORT, "DELETE": "on"}
    response = client.post(_edit_url(log), _post_data(initial_reports=[row]))
    assert response.status_code == 302
    assert not log.media_reports.exists()


# Create


def test_create_form_prefills_the_organiser_and_offers_three_report_rows(client, membership):
    client.force_login(membership.user)
    response = client.get(NEW_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="清河市妇女联合会"' in html
    assert 'name="media_reports-2-outlet"' in html
    assert 'name="media_reports-3-outlet"' not in html
    assert "<script" not in html.split("<main", 1)[1]


def test_create_form_area_choices_are_townships_and_counties_by_code(client, membership):
    township = AreaFactory(township=True)
    county = AreaFactory(county=True)
    village = AreaFactory(parent=township)
    client.force_login(membership.user)
    form = client.get(NEW_URL).context["form"]
    areas = list(form.fields["area"].queryset)
    assert township in areas and county in areas
    assert village not in areas
    assert {area.level for area in areas} == {AreaLevel.TOWNSHIP, AreaLevel.COUNTY}
    assert [area.code for area in areas] == sorted(area.code for area in areas)


def test_create_form_offers_live_campaigns_of_the_current_language(client, membership, campaign):
    draft = campaign.get_parent().add_child(
        instance=CampaignPage(
            title="草稿",
            slug="draft",
            live=False,
            theme=CampaignTheme.OTHER,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2021, 1, 31),
            summary="草稿",
        )
    )
    client.force_login(membership.user)
    choices = list(client.get(NEW_URL).context["form"].fields["campaign"].queryset)
    assert campaign.page_ptr in [c.page_ptr for c in choices]
    assert draft.pk not in [c.pk for c in choices]
    english = list(client.get("/en" + NEW_URL).context["form"].fields["campaign"].queryset)
    assert campaign.pk not in [c.pk for c in english]


def test_create_saves_a_log_attributed_to_the_organisation(client, membership, township, campaign):
    client.force_login(membership.user)
    response = client.post(
        NEW_URL,
        _post_data(
            reports=[{**REPORT, "url": "https://tv.example.org/news/1", "date": "2021-03-16"}],
            area=str(township.pk),
            campaign=str(campaign.pk),
        ),
    )
    assert response.status_code == 302
    assert response.url == LIST_URL
    log = CampaignLog.objects.get()
    assert log.reporting_organisation == membership.organisation
    assert log.created_by == membership.user
    assert list(log.partner_organisations.all()) == [membership.organisation]
    assert (log.area, log.campaign_id, log.materials_total) == (township, campaign.pk, 354)
    assert [(r.outlet, r.level, r.url, r.date) for r in log.media_reports.all()] == [
        ("清河县电视台", "county", "https://tv.example.org/news/1", datetime.date(2021, 3, 16))
    ]


def test_create_ignores_a_posted_reporting_organisation(client, membership, other_membership):
    client.force_login(membership.user)
    response = client.post(
        NEW_URL,
        _post_data(
            reporting_organisation=str(other_membership.organisation.pk),
            created_by=str(other_membership.user.pk),
            partner_organisations=str(other_membership.organisation.pk),
        ),
    )
    assert response.status_code == 302
    log = CampaignLog.objects.get()
    assert log.reporting_organisation == membership.organisation
    assert log.created_by == membership.user
    assert list(log.partner_organisations.all()) == [membership.organisation]


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", "宣传活动记录的日期不能晚于今天。"),
        ("/en", "A campaign log cannot be dated in the future."),
    ],
)
def test_create_rejects_a_future_date_in_the_users_language(client, membership, prefix, message):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(membership.user)
    response = client.post(prefix + NEW_URL, _post_data(date=tomorrow.isoformat()))
    html = response.content.decode()
    assert response.status_code == 200
    assert not CampaignLog.objects.exists()
    # Once in the summary at the top, linking to the field, and once next to the field.
    assert html.count(message) == 2
    assert 'href="#id_date"' in html
    assert 'aria-invalid="true"' in html


def test_create_reports_an_incomplete_media_report_row(client, membership):
    client.force_login(membership.user)
    row = {**REPORT, "level": ""}
    response = client.post(NEW_URL, _post_data(reports=[row]))
    assert response.status_code == 200
    assert 'href="#id_media_reports-0-level"' in response.content.decode()
    assert not CampaignLog.objects.exists()


def test_create_refuses_more_than_three_media_reports(client, membership):
    client.force_login(membership.user)
    data = _post_data(reports=[REPORT] * 4, **{"media_reports-TOTAL_FORMS": "4"})
    response = client.post(NEW_URL, data)
    assert response.status_code == 200
    assert not CampaignLog.objects.exists()


# List


def test_list_shows_only_the_organisations_logs_with_totals(
    client, membership, coordinator, other_membership
):
    own = CampaignLogFactory(
        place="本单位活动",
        reporting_organisation=membership.organisation,
        created_by=membership.user,
        people_reached=100,
    )
    colleagues = CampaignLogFactory(
        place="同事的活动",
        reporting_organisation=membership.organisation,
        created_by=coordinator.user,
        people_reached=50,
    )
    CampaignLogFactory(
        place="其他单位活动",
        reporting_organisation=other_membership.organisation,
        people_reached=7000,
    )
    CampaignLogFactory(place="中心自己的活动", people_reached=8000)
    client.force_login(membership.user)
    response = client.get(LIST_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "本单位活动" in html and "同事的活动" in html
    assert "其他单位活动" not in html and "中心自己的活动" not in html
    assert response.context["totals"]["activities"] == 2
    assert response.context["totals"]["people_reached"] == 150
    # A reporter edits their own logs only, so only that row links to an edit page.
    assert _edit_url(own) in html
    assert _edit_url(colleagues) not in html


def test_list_links_every_row_to_edit_for_a_coordinator(client, membership, coordinator):
    logs = CampaignLogFactory.create_batch(
        2, reporting_organisation=membership.organisation, created_by=membership.user
    )
    client.force_login(coordinator.user)
    html = client.get(LIST_URL).content.decode()
    assert all(_edit_url(log) in html for log in logs)


def test_list_is_newest_first_and_paginated_by_25(client, membership):
    org = membership.organisation
    for day in range(1, 28):
        CampaignLogFactory(date=datetime.date(2021, 3, day), reporting_organisation=org)
    client.force_login(membership.user)
    first = client.get(LIST_URL).context["items"]
    assert len(first) == 25
    assert first[0].date == datetime.date(2021, 3, 27)
    assert first.paginator.num_pages == 2
    assert client.get(LIST_URL, {"page": 2}).context["items"][1].date == datetime.date(2021, 3, 1)


def test_list_query_count_does_not_grow_with_rows(client, membership, township, campaign):
    org = membership.organisation
    client.force_login(membership.user)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    CampaignLogFactory.create_batch(2, reporting_organisation=org, area=township, campaign=campaign)
    count_queries()  # warms the per-process caches (site, settings, locales)
    few = count_queries()
    CampaignLogFactory.create_batch(
        20, reporting_organisation=org, area=township, campaign=campaign
    )
    assert count_queries() == few


def test_list_speaks_english_under_en(client, membership):
    client.force_login(membership.user)
    with translation.override("en"):
        url = reverse("partner_outreach:list")
    assert url == "/en/partners/outreach/"
    html = client.get(url).content.decode()
    assert "Outreach logs" in html
    assert 'lang="en"' in html


# Staff admin


def test_admin_list_shows_the_partner_that_logged_it(client, superuser, membership):
    CampaignLogFactory(place="妇联宣传站", reporting_organisation=membership.organisation)
    client.force_login(superuser)
    response = client.get(ADMIN_INDEX_URL)
    assert response.status_code == 200
    assert str(membership.organisation) in response.content.decode()


def test_admin_list_filters_by_reporting_organisation(
    client, superuser, membership, other_membership
):
    CampaignLogFactory(place="妇联宣传站", reporting_organisation=membership.organisation)
    CampaignLogFactory(place="工会宣传站", reporting_organisation=other_membership.organisation)
    CampaignLogFactory(place="中心宣传站")
    client.force_login(superuser)
    html = client.get(
        ADMIN_INDEX_URL, {"reporting_organisation": membership.organisation.pk}
    ).content.decode()
    assert "妇联宣传站" in html
    assert "工会宣传站" not in html and "中心宣传站" not in html


def test_admin_list_leaves_the_partner_column_empty_for_staff_logs(client, superuser):
    CampaignLogFactory(place="中心宣传站")
    client.force_login(superuser)
    html = client.get(ADMIN_INDEX_URL).content.decode()
    assert "中心宣传站" in html
    assert ">None<" not in html.replace(" ", "").replace("\n", "")
