"""The staff dashboard on the admin home: figures, the lists they link to, access, queries."""

import datetime
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from wagtail.users.models import UserProfile

from outreach.factories import CampaignLogFactory, MediaReportFactory
from partners.choices import ReferralStatus
from partners.factories import ReferralFactory
from portal.factories import StaffUserFactory
from volunteers.choices import SignupStatus, VolunteerStatus
from volunteers.factories import (
    OpportunityFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

HOME = "/admin/"
TZ = ZoneInfo("Asia/Shanghai")
#: The dashboard's "now": a Wednesday in May, so this month and this year differ.
NOW = datetime.datetime(2026, 5, 20, 10, 0, tzinfo=TZ)
MONTH = ("2026-05-01", "2026-05-31")
YEAR = ("2026-01-01", "2026-12-31")
S = ReferralStatus


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW.astimezone(datetime.UTC))
    return NOW


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


class _Links(HTMLParser):
    """Every link of a page in order: its href and its whole text, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.links = []
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def panel_html(response, panel_id):
    match = re.search(
        rf'<section[^>]*id="{panel_id}-section".*?</section>', response.content.decode(), re.S
    )
    assert match, f"no {panel_id} panel"
    return match.group(0)


def panel_link_list(response, panel_id):
    parser = _Links()
    parser.feed(panel_html(response, panel_id))
    # Without the panel header's own "#…-section" anchors.
    return [(href, text) for href, text in parser.links if not href.startswith("#")]


def panel_links(response, panel_id):
    """The panel's links by href (for panels where each href appears once)."""
    links = panel_link_list(response, panel_id)
    assert len({href for href, _ in links}) == len(links)
    return dict(links)


def url(path, **params):
    return f"{path}?{urlencode(params)}" if params else path


def figure_text(count, row, column):
    return f"{count} " + gettext("(%(row)s, %(column)s)") % {"row": row, "column": column}


def referrals_url(status, period):
    return url(
        reverse("referrals:index"), status=status, submitted_from=period[0], submitted_to=period[1]
    )


# --- Referrals ------------------------------------------------------------------------------


@pytest.fixture
def referrals():
    far = NOW + datetime.timedelta(days=30)
    return {
        "submitted": [
            ReferralFactory(status=S.SUBMITTED, submitted_at=at(2026, 5, day), review_due_at=far)
            for day in (1, 10, 19)
        ],
        "accepted": [
            ReferralFactory(status=S.ACCEPTED, submitted_at=at(2026, 5, day), review_due_at=far)
            for day in (2, 3)
        ],
        # This year, not this month, and past its review deadline.
        "overdue": ReferralFactory(
            status=S.UNDER_REVIEW, submitted_at=at(2026, 3, 2), review_due_at=at(2026, 3, 20)
        ),
        # Last year: in no column.
        "old": ReferralFactory(
            status=S.CLOSED, submitted_at=at(2025, 12, 31, 23), review_due_at=at(2026, 1, 15)
        ),
    }


def test_referrals_panel_counts_by_status_this_month_and_year(admin_client, referrals):
    links = panel_links(admin_client.get(HOME), "dashboard-referrals")
    month, year = gettext("This month"), gettext("This year")
    expected = {
        (S.SUBMITTED, MONTH): figure_text(3, S.SUBMITTED.label, month),
        (S.SUBMITTED, YEAR): figure_text(3, S.SUBMITTED.label, year),
        (S.ACCEPTED, MONTH): figure_text(2, S.ACCEPTED.label, month),
        (S.ACCEPTED, YEAR): figure_text(2, S.ACCEPTED.label, year),
        (S.UNDER_REVIEW, MONTH): figure_text(0, S.UNDER_REVIEW.label, month),
        (S.UNDER_REVIEW, YEAR): figure_text(1, S.UNDER_REVIEW.label, year),
        (S.CLOSED, YEAR): figure_text(0, S.CLOSED.label, year),
        ("all", MONTH): figure_text(5, gettext("All referrals"), month),
        ("all", YEAR): figure_text(6, gettext("All referrals"), year),
    }
    for (status, period), text in expected.items():
        assert links[referrals_url(status, period)] == text
    assert links[url(reverse("referrals:index"), overdue="true")] == ngettext(
        "%(count)d overdue", "%(count)d overdue", 1
    ) % {"count": 1}


def _listed_referrals(client, link):
    content = client.get(link).content.decode()
    return {
        int(pk) for pk in re.findall(r'href="' + reverse("referrals:index") + r'(\d+)/"', content)
    }


def test_referral_figures_link_to_the_queue_filtered_to_their_rows(admin_client, referrals):
    links = panel_links(admin_client.get(HOME), "dashboard-referrals")
    month_submitted = referrals_url(S.SUBMITTED, MONTH)
    year_all = referrals_url("all", YEAR)
    overdue = url(reverse("referrals:index"), overdue="true")
    assert {month_submitted, year_all, overdue} <= links.keys()

    assert _listed_referrals(admin_client, month_submitted) == {
        r.pk for r in referrals["submitted"]
    }
    assert _listed_referrals(admin_client, year_all) == {
        r.pk for r in [*referrals["submitted"], *referrals["accepted"], referrals["overdue"]]
    }
    assert _listed_referrals(admin_client, overdue) == {referrals["overdue"].pk}


# --- Volunteers -----------------------------------------------------------------------------


@pytest.fixture
def volunteers():
    return {
        "applied": [
            VolunteerFactory(applied=True, real_name=name, applied_at=at(2026, 5, day))
            for name, day in (("甲申请人", 4), ("乙申请人", 18))
        ],
        "in_review": VolunteerFactory(
            status=VolunteerStatus.IN_REVIEW, real_name="丙审核中", applied_at=at(2026, 2, 9)
        ),
        "approved": VolunteerFactory(real_name="丁老志愿者", applied_at=at(2025, 9, 1)),
    }


def volunteers_url(status=None, period=None):
    params = {"status": status} if status else {}
    if period:
        params.update(applied_from=period[0], applied_to=period[1])
    return url(reverse("volunteer-people:index"), **params)


def test_volunteers_panel_counts_by_vetting_state(admin_client, volunteers):
    links = panel_links(admin_client.get(HOME), "dashboard-volunteers")
    V = VolunteerStatus
    every, month, year = gettext("All"), gettext("Applied this month"), gettext("Applied this year")
    expected = {
        volunteers_url(V.APPLIED): figure_text(2, V.APPLIED.label, every),
        volunteers_url(V.APPLIED, MONTH): figure_text(2, V.APPLIED.label, month),
        volunteers_url(V.IN_REVIEW): figure_text(1, V.IN_REVIEW.label, every),
        volunteers_url(V.IN_REVIEW, MONTH): figure_text(0, V.IN_REVIEW.label, month),
        volunteers_url(V.IN_REVIEW, YEAR): figure_text(1, V.IN_REVIEW.label, year),
        volunteers_url(V.APPROVED): figure_text(1, V.APPROVED.label, every),
        volunteers_url(V.APPROVED, YEAR): figure_text(0, V.APPROVED.label, year),
        volunteers_url(V.REJECTED): figure_text(0, V.REJECTED.label, every),
        volunteers_url(): figure_text(4, gettext("All volunteers"), every),
        volunteers_url(period=MONTH): figure_text(2, gettext("All volunteers"), month),
        volunteers_url(period=YEAR): figure_text(3, gettext("All volunteers"), year),
    }
    for link, text in expected.items():
        assert links[link] == text


def test_volunteer_figures_link_to_the_filtered_volunteer_list(admin_client, volunteers):
    names = ["甲申请人", "乙申请人", "丙审核中", "丁老志愿者"]

    def listed(link):
        content = admin_client.get(link).content.decode()
        return [name for name in names if name in content]

    assert listed(volunteers_url(period=YEAR)) == ["甲申请人", "乙申请人", "丙审核中"]
    assert listed(volunteers_url(VolunteerStatus.APPLIED, MONTH)) == ["甲申请人", "乙申请人"]
    assert listed(volunteers_url(VolunteerStatus.APPROVED)) == ["丁老志愿者"]


# --- Short shifts ---------------------------------------------------------------------------


def _shift(title, start, capacity, **signups):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(title=title),
        start=start,
        end=start + datetime.timedelta(hours=3),
        capacity=capacity,
    )
    for status, count in signups.items():
        for _ in range(count):
            ShiftSignupFactory(shift=shift, status=status)
    return shift


@pytest.fixture
def shifts():
    held_and_not = {
        SignupStatus.CONFIRMED: 1,
        SignupStatus.OFFERED: 1,
        SignupStatus.WAITLISTED: 2,
        SignupStatus.CANCELLED: 1,
    }
    return {
        # Two places held (confirmed, offered) of three; the waitlisted and cancelled hold none.
        "short": _shift("短缺班次", at(2026, 5, 23, 9), 3, **held_and_not),
        "last_day": _shift("第十四天班次", at(2026, 6, 3, 20), 2),
        "full": _shift("已满班次", at(2026, 5, 21, 9), 2, **{SignupStatus.CONFIRMED: 2}),
        "later": _shift("下月班次", at(2026, 6, 4, 9), 3),
        "started": _shift("已开始班次", at(2026, 5, 20, 9), 3),
        "past": _shift("过去班次", at(2026, 5, 18, 9), 3),
    }


def test_short_shifts_panel_lists_only_upcoming_shifts_under_capacity(admin_client, shifts):
    response = admin_client.get(HOME)
    html = panel_html(response, "dashboard-short-shifts")
    links = panel_links(response, "dashboard-short-shifts")
    edit = {key: reverse("volunteer-shifts:edit", args=[shift.pk]) for key, shift in shifts.items()}

    assert links[edit["short"]] == "短缺班次 2026-05-23 09:00"
    assert links[edit["last_day"]] == "第十四天班次 2026-06-03 20:00"
    for key in ("full", "later", "started", "past"):
        assert edit[key] not in links
    assert html.index("短缺班次") < html.index("第十四天班次")
    assert (
        '<time datetime="2026-05-23T09:00:00+08:00">2026-05-23 09:00</time>–'
        '<time datetime="2026-05-23T12:00:00+08:00">12:00</time>'
    ) in html
    assert re.search(r"<td[^>]*>2 / 3</td>", html)
    assert re.search(r"<td[^>]*>0 / 2</td>", html)
    assert f'<span class="w-font-normal w-text-text-meta">{shifts["short"].place}</span>' in html


def test_short_shifts_count_links_to_the_filtered_shift_list(admin_client, shifts):
    links = panel_links(admin_client.get(HOME), "dashboard-short-shifts")
    link = url(
        reverse("volunteer-shifts:index"),
        short="true",
        start_from="2026-05-20",
        start_to="2026-06-03",
    )
    assert links[link] == ngettext(
        "%(count)d shift short of volunteers", "%(count)d shifts short of volunteers", 2
    ) % {"count": 2}

    content = admin_client.get(link).content.decode()
    listed = {
        key
        for key, shift in shifts.items()
        if f'href="{reverse("volunteer-shifts:edit", args=[shift.pk])}"' in content
    }
    assert listed == {"short", "last_day"}


def test_short_shifts_panel_shows_ten_rows_and_counts_all(admin_client):
    for day in range(12):
        _shift(f"班次{day:02d}", at(2026, 5, 21) + datetime.timedelta(days=day), 2)
    response = admin_client.get(HOME)
    html = panel_html(response, "dashboard-short-shifts")
    assert [f"班次{day:02d}" in html for day in range(12)] == [True] * 10 + [False] * 2
    note = gettext("The %(shown)s soonest are listed; the link above lists them all.")
    assert note % {"shown": 10} in " ".join(html.split())
    assert (
        ngettext("%(count)d shift short of volunteers", "%(count)d shifts short of volunteers", 12)
        % {"count": 12}
        in panel_links(response, "dashboard-short-shifts").values()
    )


# --- Campaign activity ----------------------------------------------------------------------


@pytest.fixture
def logs():
    this_month = [
        CampaignLogFactory(date=datetime.date(2026, 5, 8), place="五月广场", people_reached=120),
        CampaignLogFactory(date=datetime.date(2026, 5, 31), place="月末集市", people_reached=80),
    ]
    MediaReportFactory(log=this_month[0])
    MediaReportFactory(log=this_month[0])
    march = CampaignLogFactory(date=datetime.date(2026, 3, 15), place="三月学校", leaflets=100)
    MediaReportFactory(log=march)
    last_year = CampaignLogFactory(date=datetime.date(2025, 12, 30), place="去年村委会")
    return {"month": this_month, "march": march, "last_year": last_year}


def logs_url(period):
    return url(reverse("campaign-logs:index"), period_from=period[0], period_to=period[1])


def test_campaign_panel_totals_this_month_and_year(admin_client, logs):
    links = panel_link_list(admin_client.get(HOME), "dashboard-campaign-activity")
    month, year = gettext("This month"), gettext("This year")
    materials = 300 + 50 + 4  # the factory's leaflets, brochures and posters per log
    expected = [
        figure_text(2, gettext("Activities"), month),
        figure_text(200, gettext("People reached"), month),
        figure_text(2 * materials, gettext("Materials handed out"), month),
        figure_text(2, gettext("Media reports"), month),
        figure_text(3, gettext("Activities"), year),
        figure_text(400, gettext("People reached"), year),
        figure_text(2 * materials + 100 + 50 + 4, gettext("Materials handed out"), year),
        figure_text(3, gettext("Media reports"), year),
    ]
    # Row by row, this month's figure then this year's; all of a column link to one list.
    assert links == [
        (logs_url(period), text)
        for pair in zip(expected[:4], expected[4:], strict=True)
        for period, text in zip((MONTH, YEAR), pair, strict=True)
    ]


def test_campaign_figures_link_to_the_log_list_of_their_period(admin_client, logs):
    places = ["五月广场", "月末集市", "三月学校", "去年村委会"]

    def listed(link):
        content = admin_client.get(link).content.decode()
        return [place for place in places if place in content]

    assert listed(logs_url(MONTH)) == ["五月广场", "月末集市"]
    assert listed(logs_url(YEAR)) == ["五月广场", "月末集市", "三月学校"]


# --- Access, queries and languages ----------------------------------------------------------

PANEL_IDS = [
    "dashboard-referrals",
    "dashboard-volunteers",
    "dashboard-short-shifts",
    "dashboard-campaign-activity",
]


def _shown_panels(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    content = response.content.decode()
    return [panel for panel in PANEL_IDS if f'id="{panel}-section"' in content]


def _staff_with(*codenames):
    user = StaffUserFactory()
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_superuser_sees_every_panel(client, superuser):
    assert _shown_panels(client, superuser) == PANEL_IDS


def test_panels_need_the_view_permission_of_their_model(client):
    assert _shown_panels(client, _staff_with()) == []
    assert _shown_panels(client, _staff_with("view_referral")) == ["dashboard-referrals"]
    assert _shown_panels(client, _staff_with("view_campaignlog")) == ["dashboard-campaign-activity"]
    assert _shown_panels(client, _staff_with("view_shift")) == ["dashboard-short-shifts"]


def test_volunteer_coordinators_see_the_volunteer_panels_only(client):
    coordinator = StaffUserFactory()
    coordinator.groups.add(Group.objects.get(name="Volunteer coordinators"))
    assert _shown_panels(client, coordinator) == ["dashboard-volunteers", "dashboard-short-shifts"]


def _make_rows(count):
    for n in range(count):
        ReferralFactory(status=list(S)[n % len(S)], submitted_at=at(2026, 5, 1 + n % 19))
        VolunteerFactory(status=list(VolunteerStatus)[n % 6], applied_at=at(2026, 4, 1 + n))
        shift = ShiftFactory(start=at(2026, 5, 21 + n % 10, 8 + n % 10), capacity=3)
        ShiftSignupFactory(shift=shift)
        MediaReportFactory(log=CampaignLogFactory(date=datetime.date(2026, 5, 1 + n % 19)))


def test_admin_home_query_count_does_not_grow_with_the_data(admin_client):
    _make_rows(2)
    admin_client.get(HOME)  # warm the per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(HOME).status_code == 200
    _make_rows(18)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(HOME)
    assert response.status_code == 200
    assert len(panel_links(response, "dashboard-short-shifts")) == 11  # 10 rows and the count
    assert len(many) == len(few)


def test_admin_home_speaks_chinese_by_default(admin_client, referrals):
    response = admin_client.get(HOME)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        heading = gettext("Referrals")
        overdue = ngettext("%(count)d overdue", "%(count)d overdue", 1) % {"count": 1}
    assert f"<span data-panel-heading-text>{heading}</span>" in response.content.decode()
    assert overdue in panel_links(response, "dashboard-referrals").values()


def test_admin_home_follows_an_english_preference(admin_client, superuser, referrals):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    response = admin_client.get(HOME)
    assert response.status_code == 200
    assert "<span data-panel-heading-text>Referrals</span>" in response.content.decode()
    links = panel_links(response, "dashboard-referrals")
    assert links[url(reverse("referrals:index"), overdue="true")] == "1 overdue"
    assert links[referrals_url(S.SUBMITTED, MONTH)] == "3 (Submitted, This month)"
