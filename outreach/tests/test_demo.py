import datetime

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from outreach import demo
from outreach.models import CampaignLog, HomePage, PortalSettings

pytestmark = pytest.mark.django_db


def test_load_demo_data_fills_settings_and_both_home_pages(site):
    counts = demo.load_demo_data()
    assert counts["home pages"] == 2
    assert counts["service points"] == 906
    assert counts["campaign logs"] == 301
    totals = CampaignLog.objects.in_period(
        datetime.date(demo.LOG_YEAR, 1, 1), datetime.date(demo.LOG_YEAR, 12, 31)
    ).totals()
    # The seed summary's year: 301 activities, 80,000 copies, 27 city-level-or-higher reports.
    assert (totals["activities"], totals["materials_total"], totals["consultations"]) == (
        301,
        80_000,
        2_937,
    )
    by_level = totals["media_reports_by_level"]
    assert by_level["city"] + by_level["province"] + by_level["national"] == 27
    settings_row = PortalSettings.for_site(site)
    assert settings_row.site_title == "清河市法律援助服务网"
    assert settings_row.hotline == "12348"
    zh = HomePage.objects.get(locale__language_code="zh-hans")
    en = HomePage.objects.get(locale__language_code="en")
    assert "农民工" in zh.intro
    assert "migrant workers" in en.intro
    assert [b.block_type for b in zh.body][:2] == ["heading", "paragraph"]
    assert zh.live and en.live


def test_rerunning_demo_data_changes_nothing():
    demo.load_demo_data()
    revisions = Revision.objects.count()
    demo.load_demo_data()
    assert Revision.objects.count() == revisions


def test_reset_restores_edited_demo_content(site):
    demo.load_demo_data()
    page = HomePage.objects.get(locale__language_code="zh-hans")
    page.intro = "<p>edited</p>"
    page.save()
    demo.load_demo_data(reset=True)
    page.refresh_from_db()
    assert "农民工" in page.intro


def test_failed_load_leaves_nothing_half_written(site, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "_fill_home_pages", broken)
    with pytest.raises(RuntimeError):
        demo.load_demo_data()
    assert PortalSettings.for_site(site).site_title != demo.SITE_SETTINGS["site_title"]


def test_command_if_empty_skips_when_loaded(capsys):
    call_command("load_demo_data")
    call_command("load_demo_data", "--if-empty")
    assert "skipped" in capsys.readouterr().out


def test_demo_staff_command_refuses_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_demo_staff")


def test_demo_staff_command_prints_credentials_that_work(settings, client, capsys):
    settings.DEBUG = True
    call_command("ensure_demo_staff", "--password", "a-demo-password-123")
    out = capsys.readouterr().out
    assert "admin@example.org" in out
    assert "a-demo-password-123" in out
    response = client.post(
        "/accounts/login/",
        {"login": "admin@example.org", "password": "a-demo-password-123"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
