"""The staff statistics pages: access, filters, charts with tables, XLSX exports."""

import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from outreach.factories import CampaignLogFactory, MediaReportFactory
from partners.choices import AreaLevel, ReferralStatus
from partners.factories import (
    AreaFactory,
    PartnerOrganisationFactory,
    ReferralFactory,
    ServicePointFactory,
)
from portal.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

REPORTS = ("referrals", "outreach", "volunteers", "coverage", "year-end")
YEAR = 2021


def _at(month, day=10):
    return datetime.datetime(YEAR, month, day, 10, tzinfo=datetime.UTC)


@pytest.fixture
def counties():
    """Two county centres with one township each, and some rows in both."""
    city_centre = ServicePointFactory(city_centre=True)
    result = {}
    for name in ("A", "B"):
        county = AreaFactory(level=AreaLevel.COUNTY)
        centre = ServicePointFactory(county_centre=True, area=county, parent=city_centre)
        township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
        result[name] = {"centre": centre, "county": county, "township": township}
    partner_a, partner_b = PartnerOrganisationFactory(), PartnerOrganisationFactory()
    for month in (1, 2, 3):
        ReferralFactory(
            centre=result["A"]["centre"], organisation=partner_a, submitted_at=_at(month)
        )
    for month in (1, 2, 3, 4, 5):
        ReferralFactory(
            centre=result["B"]["centre"],
            organisation=partner_b,
            submitted_at=_at(month),
            status=ReferralStatus.DECLINED,
            decline_reason="scope",
            decided_at=_at(month, 15),
        )
    CampaignLogFactory(area=result["A"]["township"], date=datetime.date(YEAR, 3, 1))
    for day in (1, 2):
        log = CampaignLogFactory(area=result["B"]["township"], date=datetime.date(YEAR, 4, day))
        MediaReportFactory(log=log, level="city")
    result["partners"] = (partner_a, partner_b)
    result["city_centre"] = city_centre
    return result


def _url(name, **query):
    url = reverse(f"statistics:{name}")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _reporter():
    """A staff member given the reports permission through a group."""
    user = StaffUserFactory()
    group = Group.objects.create(name="Report readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_reports"),
    )
    user.groups.add(group)
    return user


@pytest.mark.parametrize("name", REPORTS)
def test_reports_need_the_reports_permission(client, name):
    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("name", REPORTS)
def test_reports_send_anonymous_visitors_to_sign_in(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", REPORTS)
def test_reports_answer_a_reader_with_charts_and_tables(client, counties, name):
    client.force_login(_reporter())
    response = client.get(_url(name, date_from=f"{YEAR}-01-01", date_to=f"{YEAR}-12-31", year=YEAR))
    assert response.status_code == 200
    html = response.content.decode()
    # Charts carry no script: readable with JavaScript off.
    assert all("<script" not in svg for svg in re.findall(r"<svg.*?</svg>", html, re.S))
    if name != "year-end":
        # Every chart is an image labelled for assistive technology, with its table after it.
        charts = re.findall(r'<svg role="img" aria-label="([^"]+)"', html)
        assert charts
        for label in charts:
            assert f'<caption class="w-sr-only">{label}</caption>' in html


def _headline(html, label):
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]+)</dd>", html)
    assert match, label
    return match.group(1)


def test_referral_report_counts_only_the_chosen_county(client, counties):
    client.force_login(_reporter())
    with translation.override("zh-hans"):
        received = translation.gettext("Referrals received")
    period = {"date_from": f"{YEAR}-01-01", "date_to": f"{YEAR}-12-31"}
    everything = client.get(_url("referrals", **period)).content.decode()
    only_a = client.get(
        _url("referrals", centre=counties["A"]["centre"].pk, **period)
    ).content.decode()
    only_b = client.get(
        _url("referrals", centre=counties["B"]["centre"].pk, **period)
    ).content.decode()
    assert (_headline(everything, received), _headline(only_a, received)) == ("8", "3")
    assert _headline(only_b, received) == "5"


def test_outreach_report_counts_only_the_chosen_county(client, counties):
    client.force_login(_reporter())
    with translation.override("zh-hans"):
        activities = translation.gettext("Outreach activities")
        media = translation.gettext("Reports in city-level or higher media")
    period = {"date_from": f"{YEAR}-01-01", "date_to": f"{YEAR}-12-31"}
    only_a = client.get(_url("outreach", centre=counties["A"]["centre"].pk, **period))
    only_b = client.get(_url("outreach", centre=counties["B"]["centre"].pk, **period))
    assert (
        _headline(only_a.content.decode(), activities),
        _headline(only_a.content.decode(), media),
    ) == ("1", "0")
    assert (
        _headline(only_b.content.decode(), activities),
        _headline(only_b.content.decode(), media),
    ) == ("2", "2")


def test_referral_report_filters_by_partner(client, counties):
    client.force_login(_reporter())
    with translation.override("zh-hans"):
        received = translation.gettext("Referrals received")
    partner_a, _partner_b = counties["partners"]
    html = client.get(
        _url(
            "referrals",
            organisation=partner_a.pk,
            date_from=f"{YEAR}-01-01",
            date_to=f"{YEAR}-12-31",
        )
    ).content.decode()
    assert _headline(html, received) == "3"


def test_report_with_a_reversed_period_shows_the_error_and_no_figures(client, counties):
    client.force_login(_reporter())
    response = client.get(_url("referrals", date_from=f"{YEAR}-05-01", date_to=f"{YEAR}-04-01"))
    with translation.override("zh-hans"):
        message = translation.gettext("The end of the period is before its start.")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "data-headlines" not in html
    assert "data-export" not in html


def test_referral_report_exports_its_sections_to_xlsx(client, counties):
    client.force_login(_reporter())
    response = client.get(
        _url(
            "referrals",
            centre=counties["B"]["centre"].pk,
            date_from=f"{YEAR}-01-01",
            date_to=f"{YEAR}-12-31",
            format="xlsx",
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="referrals-2021-01-01_2021-12-31.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override("zh-hans"):
        decline_title = translation.gettext("Decline reasons")
        scope_label = translation.gettext("Matter outside the scope of legal aid")
        received = translation.gettext("Referrals received")
    about = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert about[received] == 5
    declines = {
        row[0]: row[1] for row in book[decline_title].iter_rows(min_row=2, values_only=True)
    }
    assert declines[scope_label] == 5


def test_exported_labels_are_formula_escaped(client, counties):
    partner = PartnerOrganisationFactory(name="@SUM(1)", short_name="")
    ReferralFactory(centre=counties["A"]["centre"], organisation=partner, submitted_at=_at(6))
    client.force_login(_reporter())
    response = client.get(
        _url("referrals", date_from=f"{YEAR}-01-01", date_to=f"{YEAR}-12-31", format="xlsx")
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override("zh-hans"):
        title = translation.gettext("Referrals by partner organisation")
    names = [row[0] for row in book[title[:31]].iter_rows(min_row=2, values_only=True)]
    assert "'@SUM(1)" in names
    assert "@SUM(1)" not in names


def test_year_end_rejects_a_year_out_of_range_in_the_users_language(client, counties):
    client.force_login(_reporter())
    response = client.get(_url("year-end", year=1999))
    with translation.override("zh-hans"):
        message = translation.gettext("Choose a year from %(first)s to %(last)s.") % {
            "first": 2000,
            "last": datetime.date.today().year,
        }
    assert message in response.content.decode()
    assert "data-year-end" not in response.content.decode()


def test_year_end_downloads_xlsx_and_pdf(client, counties):
    client.force_login(_reporter())
    xlsx = client.get(_url("year-end", year=YEAR, format="xlsx"))
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    with translation.override("zh-hans"):
        figures_title = translation.gettext("Main figures")
        label = str(translation.gettext("Referrals received from partners"))
    rows = {row[0]: row[1:] for row in book[figures_title].iter_rows(min_row=2, values_only=True)}
    assert rows[label][:3] == (8, 0, 8)
    pdf = client.get(_url("year-end", year=YEAR, format="pdf"))
    if pdf.status_code == 503:
        pytest.skip("the CJK font is not installed here")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_year_end_pdf_without_the_font_says_so(client, counties, settings):
    settings.CERTIFICATE_FONT = "/nonexistent/NotoSansCJK-Regular.ttc"
    client.force_login(_reporter())
    response = client.get(_url("year-end", year=YEAR, format="pdf"))
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()


def test_year_end_for_one_centre_shows_only_its_figures(client, counties):
    client.force_login(_reporter())
    html = client.get(
        _url("year-end", year=YEAR, centre=counties["A"]["centre"].pk)
    ).content.decode()
    current = re.search(
        r'data-figure="received">.*?<td class="num" data-current>(\d+)</td>', html, re.S
    )
    assert current.group(1) == "3"
    assert "data-centres" not in html


def test_report_query_count_does_not_grow_with_rows(
    client, counties, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(_reporter())
    url = _url("year-end", year=YEAR)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for month in range(1, 13):
        ReferralFactory(centre=counties["A"]["centre"], submitted_at=_at(month))
        CampaignLogFactory(area=counties["B"]["township"], date=datetime.date(YEAR, month, 3))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_reports_are_listed_in_the_reports_menu_for_readers_only(client, counties):
    reader = _reporter()
    client.force_login(reader)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("statistics:year-end") in html
    other = StaffUserFactory()
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert (
        reverse("statistics:year-end")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
