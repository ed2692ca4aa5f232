"""A partner organisation's own figures (/partners/figures/): who sees what, periods, export."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from outreach import partner_figures
from outreach.choices import ActivityType, MediaLevel
from outreach.factories import CampaignLogFactory, MediaReportFactory
from outreach.reports.figures import OUTCOME_LABELS
from partners.choices import DeclineReason, ReferralStatus
from partners.factories import PartnerMembershipFactory, ReferralFactory
from portal.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/partners/figures/"
EN_URL = "/en/partners/figures/"
YEAR_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def world(db):
    """Organisation A: 3 referrals and 2 activities in 2025, 1 of each in 2024. B: 5 and 1."""
    coordinator_a = PartnerMembershipFactory(coordinator=True, organisation__name="清河市妇联")
    org_a = coordinator_a.organisation
    reporter_a = PartnerMembershipFactory(organisation=org_a)
    reporter_b = PartnerMembershipFactory(organisation__name="清河市总工会")
    org_b = reporter_b.organisation

    # A's referrals were all sent by the coordinator: a reporter still sees the counts.
    sent_by_a = {"organisation": org_a, "submitted_by": coordinator_a.user}
    ReferralFactory(
        **sent_by_a, applicant_name="王秀兰", submitted_at=_at(2025, 3, 1), groups=["women"]
    )
    ReferralFactory(
        **sent_by_a,
        applicant_name="李桂英",
        status=ReferralStatus.ACCEPTED,
        submitted_at=_at(2025, 4, 1),
        decided_at=_at(2025, 4, 3),
        groups=["women", "elderly"],
    )
    ReferralFactory(
        **sent_by_a,
        applicant_name="赵春梅",
        status=ReferralStatus.DECLINED,
        decline_reason=DeclineReason.ALREADY_REPRESENTED,
        submitted_at=_at(2025, 5, 1),
        decided_at=_at(2025, 5, 5),
    )
    ReferralFactory(**sent_by_a, applicant_name="孙玉珍", submitted_at=_at(2024, 6, 1))
    for day in range(1, 6):
        ReferralFactory(
            organisation=org_b,
            submitted_by=reporter_b.user,
            status=ReferralStatus.ACCEPTED,
            submitted_at=_at(2025, 6, day),
            decided_at=_at(2025, 6, day + 1),
        )

    own_log = CampaignLogFactory(
        reporting_organisation=org_a,
        date=datetime.date(2025, 3, 8),
        activity_type=ActivityType.STREET_STALL,
        people_reached=200,
    )
    MediaReportFactory(log=own_log, level=MediaLevel.CITY)
    # Logged by B with A as a partner: it is A's outreach too.
    joint_log = CampaignLogFactory(
        reporting_organisation=org_b,
        date=datetime.date(2025, 9, 1),
        activity_type=ActivityType.LECTURE,
        people_reached=80,
    )
    joint_log.partner_organisations.set([org_a])
    joint_log.save()
    CampaignLogFactory(reporting_organisation=org_a, date=datetime.date(2024, 3, 8))
    CampaignLogFactory(
        reporting_organisation=org_b, date=datetime.date(2025, 4, 1), people_reached=999
    )
    return {
        "coordinator_a": coordinator_a,
        "reporter_a": reporter_a,
        "reporter_b": reporter_b,
        "org_a": org_a,
        "org_b": org_b,
    }


def _figures(html: str) -> dict[str, str]:
    """The headline figures of a page: key → the text shown."""
    return dict(re.findall(r'<dd data-figure="([a-z_]+)">([^<]*)</dd>', html))


def _log_in(client, world, who):
    if who == "anonymous":
        return
    if who == "no_membership":
        client.force_login(UserFactory())
        return
    if who == "inactive":
        membership = world["reporter_a"]
        membership.is_active = False
        membership.save()
        client.force_login(membership.user)
        return
    client.force_login(world[who].user)


# --- Who sees what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "received"),
    [
        ("anonymous", 302, None),
        ("no_membership", 403, None),
        ("inactive", 403, None),
        ("reporter_a", 200, "3"),
        ("coordinator_a", 200, "3"),
        ("reporter_b", 200, "5"),
    ],
)
def test_figures_access_matrix(client, world, who, status, received):
    _log_in(client, world, who)
    response = client.get(URL, YEAR_2025)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=/partners/figures/")
    if status == 200:
        assert _figures(response.content.decode())["received"] == received


@pytest.mark.parametrize("who", ["reporter_a", "coordinator_a"])
def test_figures_show_exactly_the_organisations_own_counts(client, world, who):
    client.force_login(world[who].user)
    html = client.get(URL, YEAR_2025).content.decode()
    assert _figures(html) == {
        "received": "3",
        "accepted": "1",
        "declined": "1",
        "pending": "1",
        "median_days": "3.0",
        "activities": "2",
        "people_reached": "280",
        "materials": "708",
        "media_reports": "1",
    }


def test_figures_ignore_another_organisation_in_the_query_string(client, world):
    client.force_login(world["reporter_a"].user)
    query = {**YEAR_2025, "organisation": world["org_b"].pk, "centre": "1"}
    response = client.get(URL, query)
    assert response.status_code == 200
    figures = _figures(response.content.decode())
    assert figures["received"] == "3"
    assert figures["people_reached"] == "280"
    assert response.context["organisation"] == world["org_a"]


def test_figures_page_holds_no_names_or_other_organisations(client, world):
    client.force_login(world["coordinator_a"].user)
    html = client.get(URL, YEAR_2025).content.decode()
    for name in ("王秀兰", "李桂英", "赵春梅", "孙玉珍", "清河市总工会"):
        assert name not in html
    assert "清河市妇联" in html


def test_figures_sections_give_each_breakdown_in_a_table(client, world):
    client.force_login(world["reporter_a"].user)
    response = client.get(URL, YEAR_2025)
    sections = {
        section.key: section
        for group in response.context["groups"]
        for section in group["sections"]
    }
    assert list(sections) == ["outcomes", "groups", "issues", "declines", "types", "media"]
    outcomes = {row[0]: row[1] for row in sections["outcomes"].table}
    assert outcomes[OUTCOME_LABELS["accepted"]] == 1
    assert outcomes[OUTCOME_LABELS["declined"]] == 1
    assert outcomes[OUTCOME_LABELS["pending"]] == 1
    assert sum(outcomes.values()) == 3
    groups = {row["key"]: row["count"] for row in sections["groups"].rows}
    assert groups["women"] == 2
    assert groups["elderly"] == 1
    assert sum(groups.values()) == 3
    declines = {row["key"]: row["count"] for row in sections["declines"].rows}
    assert declines == dict.fromkeys(DeclineReason.values, 0) | {
        DeclineReason.ALREADY_REPRESENTED: 1
    }
    types = {row["key"]: row["activities"] for row in sections["types"].rows}
    assert types[ActivityType.STREET_STALL] == 1
    assert types[ActivityType.LECTURE] == 1
    assert sum(types.values()) == 2
    media = {row["key"]: row["count"] for row in sections["media"].rows}
    assert media == {"county": 0, "city": 1, "province": 0, "national": 0}


def test_figures_charts_are_svg_without_script_above_accessible_tables(client, world):
    client.force_login(world["reporter_a"].user)
    html = client.get(URL, YEAR_2025).content.decode()
    assert html.count('<svg role="img"') == 6
    assert "<script" not in html.split('<main id="main"')[1]
    assert html.count('<table class="data-table figures-table">') == 6
    assert html.count("<caption") == 6
    with translation.override("zh-hans"):
        accepted_label = str(OUTCOME_LABELS["accepted"])
    assert f'<th scope="row">{escape(accepted_label)}</th><td class="num">1</td>' in html


# --- Periods -----------------------------------------------------------------------------


def test_figures_count_only_rows_in_the_period(client, world):
    client.force_login(world["reporter_a"].user)
    figures = _figures(
        client.get(URL, {"date_from": "2024-01-01", "date_to": "2024-12-31"}).content.decode()
    )
    assert figures["received"] == "1"
    assert figures["pending"] == "1"
    assert figures["median_days"] == "—"
    assert figures["activities"] == "1"
    narrow = _figures(
        client.get(URL, {"date_from": "2025-04-01", "date_to": "2025-04-30"}).content.decode()
    )
    assert narrow["received"] == "1"
    assert narrow["accepted"] == "1"
    assert narrow["activities"] == "0"


def test_figures_default_to_the_current_year_to_date(client, world):
    today = timezone.localdate()
    ReferralFactory(organisation=world["org_a"], submitted_at=timezone.now())
    client.force_login(world["reporter_a"].user)
    response = client.get(URL)
    html = response.content.decode()
    assert _figures(html)["received"] == "1"
    assert f'value="{today.year}-01-01"' in html
    assert f'value="{today:%Y-%m-%d}"' in html


def test_figures_with_only_an_end_count_that_year_up_to_it(client, world):
    client.force_login(world["reporter_a"].user)
    html = client.get(URL, {"date_to": "2024-12-31"}).content.decode()
    assert _figures(html)["received"] == "1"
    assert 'value="2024-01-01"' not in html  # the form keeps what was typed: an empty start
    assert _period_shown(html) == ["2024-01-01", "2024-12-31"]


def _period_shown(html: str) -> list[str]:
    return re.findall(r'<time datetime="([0-9-]+)">', html)


def test_figures_bad_date_shows_the_error_and_computes_nothing(client, world, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("figures computed from a bad period")

    monkeypatch.setattr(partner_figures.figures, "referral_figures", fail)
    monkeypatch.setattr(partner_figures.figures, "outreach_figures", fail)
    client.force_login(world["reporter_a"].user)
    response = client.get(URL, {"date_from": "2025-13-45", "date_to": "2025-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("zh-hans"):
        message = gettext("Enter a valid date.")
    assert message != "Enter a valid date."  # the page's language, not English
    assert 'class="error-summary"' in html
    assert '<a href="#id_date_from"><span class="error-summary__field">' in html
    assert f'<ul class="errorlist" id="id_date_from_errors"><li>{escape(message)}</li></ul>' in html
    assert 'aria-invalid="true"' in html
    assert "data-figure" not in html
    assert "format=xlsx" not in html


@pytest.mark.parametrize(("url", "language"), [(URL, "zh-hans"), (EN_URL, "en")])
def test_figures_end_before_start_is_an_error_in_the_pages_language(client, world, url, language):
    client.force_login(world["reporter_a"].user)
    response = client.get(url, {"date_from": "2025-12-31", "date_to": "2025-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        message = gettext("The end of the period is before its start.")
    assert f'<ul class="errorlist" id="id_date_to_errors"><li>{escape(message)}</li></ul>' in html
    assert "data-figure" not in html


def test_figures_bad_period_with_the_export_gives_the_page_not_a_file(client, world):
    client.force_login(world["reporter_a"].user)
    response = client.get(URL, {"date_from": "yesterday", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- Languages and navigation ------------------------------------------------------------


def test_figures_english_page_renders_at_en(client, world):
    client.force_login(world["reporter_a"].user)
    response = client.get(EN_URL, YEAR_2025)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    with translation.override("en"):
        assert f"<h1>{escape(gettext('Our figures'))}</h1>" in html
        assert f"<dt>{escape(gettext('Referrals received'))}</dt>" in html
    assert _figures(html)["received"] == "3"


def test_figures_chinese_page_is_the_default(client, world):
    client.force_login(world["reporter_a"].user)
    html = client.get(URL, YEAR_2025).content.decode()
    assert '<html lang="zh-hans"' in html
    with translation.override("zh-hans"):
        assert f"<h1>{escape(gettext('Our figures'))}</h1>" in html


def test_figures_are_linked_from_the_partner_navigation(client, world):
    client.force_login(world["reporter_a"].user)
    dashboard = client.get("/partners/").content.decode()
    assert '<a href="/partners/figures/">' in dashboard
    page = client.get(URL).content.decode()
    assert '<a href="/partners/figures/" aria-current="page">' in page


# --- Export ------------------------------------------------------------------------------


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)


def _sheet_rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_figures_export_holds_only_the_organisations_figures(client, world):
    client.force_login(world["reporter_a"].user)
    response = client.get(URL, {**YEAR_2025, "format": "xlsx", "organisation": world["org_b"].pk})
    assert (
        response["Content-Disposition"] == 'attachment; filename="figures-20250101-20251231.xlsx"'
    )
    assert response["Cache-Control"] == "no-store, private"
    book = _workbook(response)
    with translation.override("zh-hans"):
        report = dict(_sheet_rows(book[gettext("Report")])[1:])
        assert report[gettext("Partner organisation")] == "清河市妇联"
        assert report[gettext("Referrals received")] == 3
        assert report[gettext("Accepted")] == 1
        assert report[gettext("Awaiting a decision")] == 1
        assert report[gettext("Median days to decision")] == 3.0
        assert report[gettext("Outreach activities")] == 2
        assert report[gettext("People reached")] == 280
        assert report[gettext("Media reports")] == 1
        outcomes = dict(_sheet_rows(book[gettext("Referrals by outcome")])[1:])
        assert outcomes[str(OUTCOME_LABELS["accepted"])] == 1
        assert outcomes[str(OUTCOME_LABELS["declined"])] == 1
        assert outcomes[str(OUTCOME_LABELS["pending"])] == 1
    assert len(book.sheetnames) == 7
    cells = {str(value) for sheet in book for row in _sheet_rows(sheet) for value in row if value}
    for text in ("清河市总工会", "王秀兰", "李桂英", "赵春梅", "孙玉珍", "999"):
        assert text not in cells


def test_figures_export_of_b_holds_bs_figures(client, world):
    client.force_login(world["reporter_b"].user)
    book = _workbook(client.get(URL, {**YEAR_2025, "format": "xlsx"}))
    with translation.override("zh-hans"):
        report = dict(_sheet_rows(book[gettext("Report")])[1:])
        assert report[gettext("Partner organisation")] == "清河市总工会"
        assert report[gettext("Referrals received")] == 5
        assert report[gettext("People reached")] == 80 + 999


def test_figures_export_link_carries_the_period_shown(client, world):
    client.force_login(world["reporter_a"].user)
    html = client.get(URL, {**YEAR_2025, "organisation": world["org_b"].pk}).content.decode()
    assert (
        'href="/partners/figures/?date_from=2025-01-01&amp;date_to=2025-12-31&amp;format=xlsx"'
        in html
    )
