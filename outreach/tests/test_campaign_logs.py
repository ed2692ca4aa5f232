"""Campaign logs: the model, its totals query and the Wagtail admin list, inspect and add views."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from outreach.choices import ActivityType, CampaignTheme, MediaLevel
from outreach.factories import CampaignLogFactory, MediaReportFactory
from outreach.models import CampaignIndexPage, CampaignLog, CampaignPage
from partners.choices import AreaLevel
from partners.models import Area
from portal.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/campaign-logs/"


@pytest.fixture
def campaign_index(home_page):
    return home_page.add_child(instance=CampaignIndexPage(title="宣传活动", slug="campaigns"))


def _campaign(index, title, slug):
    return index.add_child(
        instance=CampaignPage(
            title=title,
            slug=slug,
            theme=CampaignTheme.MIGRANT_WORKERS_MONTH,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2021, 1, 31),
            summary="集中受理农民工欠薪案件。",
        )
    )


@pytest.fixture
def campaign(campaign_index):
    return _campaign(campaign_index, "2021年农民工维权月", "migrant-workers-2021")


@pytest.fixture
def other_campaign(campaign_index):
    return _campaign(campaign_index, "2021年残疾人维权月", "disabled-2021")


@pytest.fixture
def township(db):
    return Area.objects.create(code="230102001000", name="北关镇", level=AreaLevel.TOWNSHIP)


def _prefer_english(user):
    # The admin speaks each user's profile language (Chinese unless they choose).
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


# Model


def test_campaign_log_materials_total_adds_every_kind():
    log = CampaignLogFactory.build(leaflets=300, brochures=50, posters=4, other_materials=6)
    assert log.materials_total == 360


def test_campaign_log_cannot_be_dated_in_the_future():
    log = CampaignLogFactory.build(date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        log.full_clean()
    assert "date" in raised.value.message_dict


def test_campaign_log_area_must_be_a_township_or_county():
    village = Area.objects.create(code="230102001001", name="东村", level=AreaLevel.VILLAGE)
    log = CampaignLogFactory.build(area=village)
    with pytest.raises(ValidationError) as raised:
        log.full_clean()
    assert "area" in raised.value.message_dict


def test_campaign_log_database_rejects_unknown_activity_type():
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignLogFactory(activity_type="kite_flying")


def test_campaign_log_database_rejects_blank_place():
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignLogFactory(place="")


def test_campaign_logs_are_listed_newest_first():
    old = CampaignLogFactory(date=datetime.date(2021, 1, 5))
    new = CampaignLogFactory(date=datetime.date(2021, 6, 5))
    assert list(CampaignLog.objects.all()) == [new, old]


# QuerySet


def test_in_period_includes_both_ends():
    CampaignLogFactory(date=datetime.date(2020, 12, 31))
    first = CampaignLogFactory(date=datetime.date(2021, 1, 1))
    last = CampaignLogFactory(date=datetime.date(2021, 12, 31))
    CampaignLogFactory(date=datetime.date(2022, 1, 1))
    logs = CampaignLog.objects.in_period(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert set(logs) == {first, last}


def test_totals_sum_reach_materials_and_media_in_one_query(
    campaign, other_campaign, django_assert_num_queries
):
    first = CampaignLogFactory(
        campaign=campaign,
        people_reached=200,
        leaflets=300,
        brochures=50,
        posters=4,
        other_materials=1,
        consultations=25,
    )
    second = CampaignLogFactory(
        campaign=campaign,
        people_reached=80,
        leaflets=100,
        brochures=0,
        posters=0,
        other_materials=0,
        consultations=5,
    )
    MediaReportFactory(log=first, level=MediaLevel.COUNTY)
    MediaReportFactory(log=first, level=MediaLevel.CITY)
    MediaReportFactory(log=second, level=MediaLevel.CITY)
    elsewhere = CampaignLogFactory(campaign=other_campaign, people_reached=999)
    MediaReportFactory(log=elsewhere, level=MediaLevel.NATIONAL)

    with django_assert_num_queries(1):
        totals = CampaignLog.objects.for_campaign(campaign).totals()

    assert totals == {
        "activities": 2,
        "people_reached": 280,
        "leaflets": 400,
        "brochures": 50,
        "posters": 4,
        "other_materials": 1,
        "materials_total": 455,
        "consultations": 30,
        "media_reports": 3,
        "media_reports_by_level": {"county": 1, "city": 2, "province": 0, "national": 0},
    }


def test_totals_of_no_logs_are_zero():
    totals = CampaignLog.objects.none().totals()
    assert totals["activities"] == 0
    assert totals["people_reached"] == 0
    assert totals["materials_total"] == 0
    assert totals["media_reports_by_level"] == {
        "county": 0,
        "city": 0,
        "province": 0,
        "national": 0,
    }


def test_for_campaign_counts_logs_filed_under_the_translated_page(campaign):
    english = campaign.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    CampaignLogFactory(campaign=campaign, people_reached=100)
    CampaignLogFactory(campaign=english, people_reached=20)
    assert CampaignLog.objects.for_campaign(campaign).totals()["people_reached"] == 120
    assert CampaignLog.objects.for_campaign(english).totals()["people_reached"] == 120


# Admin list


def test_admin_list_shows_logs_with_their_columns(client, superuser, campaign, township):
    CampaignLogFactory(
        place="北关镇文化广场",
        area=township,
        campaign=campaign,
        activity_type=ActivityType.LECTURE,
        people_reached=321,
        leaflets=10,
        brochures=5,
        posters=0,
        other_materials=0,
    )
    _prefer_english(superuser)
    client.force_login(superuser)
    response = client.get(INDEX_URL)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["北关镇文化广场", "北关镇", "Legal lecture", campaign.title, "321"]:
        assert text in html
    assert re.search(r">\s*15\s*</td>", html)  # materials in all


def test_admin_list_query_count_does_not_grow_with_rows(client, superuser, campaign, township):
    client.force_login(superuser)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX_URL).status_code == 200
        return len(queries)

    CampaignLogFactory.create_batch(2, campaign=campaign, area=township)
    few = count_queries()
    CampaignLogFactory.create_batch(20, campaign=campaign, area=township)
    assert count_queries() == few


def test_admin_list_filters_by_campaign(client, superuser, campaign, other_campaign):
    CampaignLogFactory(place="维权月现场", campaign=campaign)
    CampaignLogFactory(place="残疾人现场", campaign=other_campaign)
    client.force_login(superuser)
    html = client.get(INDEX_URL, {"campaign": campaign.pk}).content.decode()
    assert "维权月现场" in html
    assert "残疾人现场" not in html


def test_admin_list_filters_by_activity_type(client, superuser):
    CampaignLogFactory(place="讲座现场", activity_type=ActivityType.LECTURE)
    CampaignLogFactory(place="摆摊现场", activity_type=ActivityType.STREET_STALL)
    client.force_login(superuser)
    html = client.get(INDEX_URL, {"activity_type": "lecture"}).content.decode()
    assert "讲座现场" in html
    assert "摆摊现场" not in html


def test_admin_list_filters_by_period(client, superuser):
    CampaignLogFactory(place="三月现场", date=datetime.date(2021, 3, 15))
    CampaignLogFactory(place="五月现场", date=datetime.date(2021, 5, 1))
    client.force_login(superuser)
    html = client.get(
        INDEX_URL, {"period_from": "2021-03-01", "period_to": "2021-03-31"}
    ).content.decode()
    assert "三月现场" in html
    assert "五月现场" not in html


def test_admin_list_filters_by_area(client, superuser, township):
    CampaignLogFactory(place="北关现场", area=township)
    CampaignLogFactory(place="无区划现场")
    client.force_login(superuser)
    html = client.get(INDEX_URL, {"area": township.pk}).content.decode()
    assert "北关现场" in html
    assert "无区划现场" not in html


def test_admin_list_searches_place_organiser_and_notes(client, superuser):
    CampaignLogFactory(place="城南社区", notes="发放欠薪维权手册")
    CampaignLogFactory(place="城北社区")
    client.force_login(superuser)
    html = client.get(INDEX_URL, {"q": "欠薪"}).content.decode()
    assert "城南社区" in html
    assert "城北社区" not in html


def test_admin_list_header_offers_import_template_and_filtered_export(client, superuser):
    client.force_login(superuser)
    html = client.get(INDEX_URL, {"activity_type": "lecture"}).content.decode()
    assert reverse("campaign-logs:import") in html
    assert reverse("campaign-logs:template") in html
    assert f"{reverse('campaign-logs:export')}?activity_type=lecture&amp;format=xlsx" in html
    assert f"{reverse('campaign-logs:export')}?activity_type=lecture&amp;format=csv" in html


def test_admin_menu_has_campaign_logs(client, superuser):
    _prefer_english(superuser)
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "Campaign logs" in html
    assert INDEX_URL in html


# Admin inspect and add


def test_admin_inspect_shows_media_reports(client, superuser):
    log = CampaignLogFactory()
    MediaReportFactory(log=log, outlet="清河日报", level=MediaLevel.CITY)
    client.force_login(superuser)
    response = client.get(reverse("campaign-logs:inspect", args=[log.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "清河日报" in html
    assert log.place in html


@pytest.mark.parametrize("view", ["edit", "copy", "delete", "history", "usage"])
def test_admin_object_views_render(client, superuser, view):
    log = CampaignLogFactory()
    MediaReportFactory(log=log)
    client.force_login(superuser)
    response = client.get(reverse(f"campaign-logs:{view}", args=[log.pk]))
    assert response.status_code == 200
    assert log.place in response.content.decode()


def test_admin_add_saves_log_with_inline_media_report(client, superuser, campaign, township):
    client.force_login(superuser)
    data = nested_form_data(
        {
            "date": "2021-03-15",
            "activity_type": "street_stall",
            "place": "北关镇文化广场",
            "area": township.pk,
            "campaign": campaign.pk,
            "organiser": "清河县法律援助中心",
            "people_reached": 200,
            "consultations": 25,
            "leaflets": 300,
            "brochures": 50,
            "posters": 4,
            "other_materials": 0,
            "notes": "",
            "media_reports": inline_formset(
                [{"outlet": "清河县电视台", "level": "county", "url": "", "date": ""}]
            ),
            "photos": inline_formset([]),
        }
    )
    response = client.post(reverse("campaign-logs:add"), data)
    assert response.status_code == 302
    log = CampaignLog.objects.get()
    assert (log.place, log.area, log.campaign.specific, log.materials_total) == (
        "北关镇文化广场",
        township,
        campaign,
        354,
    )
    assert [(r.outlet, r.level) for r in log.media_reports.all()] == [("清河县电视台", "county")]


def test_admin_list_denied_without_campaign_log_permissions(client, admin_only_user):
    client.force_login(admin_only_user)
    response = client.get(INDEX_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.fixture
def admin_only_user(db):
    """A staff member who may enter the admin but has no campaign log permissions."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = StaffUserFactory()
    user.groups.add(group)
    return user


def test_admin_filter_within_a_county_includes_its_townships(client, superuser):
    from outreach.factories import CampaignLogFactory
    from partners.factories import AreaFactory

    county = AreaFactory(level="county")
    township = AreaFactory(level="township", parent=county)
    inside = CampaignLogFactory(area=township, place="镇里的集市")
    CampaignLogFactory(area=AreaFactory(level="county"), place="别的县的广场")
    client.force_login(superuser)
    html = client.get("/admin/campaign-logs/", {"within": county.pk}).content.decode()
    assert inside.place in html
    assert "别的县的广场" not in html
