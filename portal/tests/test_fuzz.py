"""Bad input sweep: hostile and random input to every public and partner form and the API.

Hypothesis mixes random text (control characters included, surrogates left out:
a browser cannot send them), very long strings, script and markup injections,
SQL, template syntax, emoji and mixed Chinese, Latin and right-to-left text.
Every answer must be below 500; when a form stores what it got, the page that
shows the stored value must show it escaped, never as live markup. Examples are
few per target and Hypothesis' example database is off, so CI runs are
reproducible and take a minute or two.
"""

import uuid

import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from outreach.models import CampaignLog
from partners.choices import AgeBand
from partners.factories import PartnerMembershipFactory, ServicePointFactory
from partners.models import PopulationGroup, Referral
from portal.factories import UserFactory
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "<svg onload=alert(1)>"
HOSTILE = [
    SCRIPT,
    IMG,
    SVG,
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE partners_referral; --",
    "1; SELECT pg_sleep(5)",
    "{{ 7|add:7 }}{% debug %}",
    "%(name)s %s %n",
    "../../../etc/passwd",
    "😀👩🏽‍⚖️🇨🇳",
    "法律援助 legal aid مساعدة قانونية עזרה משפטית",
    "\u202eabc\u202d\u200b\ufeff",
    "\x00",
    "a\x00b\x01\x1f\x7f",
    "\r\n\t ",
    "０１２３",
    "-1",
    "9" * 40,
    "2025-02-30",
    "",
]
# Markup that would run if a stored value were rendered unescaped.
LIVE = ("<script>alert(1)", "<img src=x onerror", "<svg onload")

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["长", "a", SCRIPT, "😀", "' OR 1=1 --"]),
    st.integers(min_value=300, max_value=3000),
)
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    any_text,
    long_text,
    st.lists(st.one_of(st.sampled_from(HOSTILE), any_text), min_size=2, max_size=4).map("".join),
)


def maybe(valid):
    """A field's valid value most of the time, hostile input otherwise."""
    return st.one_of(st.just(valid), hostile)


def assert_escaped(response):
    html = response.content.decode(errors="replace")
    for marker in LIVE:
        assert marker not in html, f"unescaped {marker!r} in {response.request['PATH_INFO']}"


def assert_fine(response):
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        assert_escaped(response)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


# --- public pages and the directory API (GET) -------------------------------------


@FUZZ
@given(q=hostile, page=hostile)
def test_public_search_survives_hostile_queries(client, home_page, q, page):
    assert_fine(client.get("/search/", {"q": q, "page": page}))


@FUZZ
@given(q=hostile, group=hostile, kind=hostile, page=hostile)
def test_directory_page_survives_hostile_filters(client, home_page, q, group, kind, page):
    response = client.get("/directory/", {"q": q, "group": group, "kind": kind, "page": page})
    assert_fine(response)


API_LISTS = [
    "/api/directory/organizations/",
    "/api/directory/locations/",
    "/api/directory/locations.csv",
    "/api/directory/services/",
    "/api/directory/service_at_locations/",
]


@FUZZ
@given(
    url=st.sampled_from(API_LISTS),
    params=st.dictionaries(
        st.one_of(
            st.sampled_from(["search", "modified_after", "taxonomy_term_id", "page", "per_page"]),
            hostile,
        ),
        hostile,
        max_size=4,
    ),
)
def test_directory_api_lists_survive_hostile_parameters(client, site, url, params):
    assert_fine(client.get(url, params))


@FUZZ
@given(
    kind=st.sampled_from(["organizations", "locations", "services"]),
    record_id=hostile.filter(lambda value: value and "/" not in value and "\x00" not in value),
)
def test_directory_api_details_survive_hostile_ids(client, site, kind, record_id):
    from urllib.parse import quote

    assert_fine(client.get(f"/api/directory/{kind}/{quote(record_id, safe='')}/"))


# --- accounts (allauth) ------------------------------------------------------------------


@FUZZ
@given(email=maybe("fuzz@example.com"), password=hostile, again=maybe(None))
def test_signup_form_survives_hostile_input(client, site, no_rate_limits, email, password, again):
    cache.clear()
    data = {
        "email": email,
        "password1": password,
        "password2": password if again is None else again,
    }
    assert_fine(client.post("/accounts/signup/", data))


@FUZZ
@given(login=hostile, password=hostile)
def test_login_form_survives_hostile_input(client, site, no_rate_limits, login, password):
    cache.clear()
    assert_fine(client.post("/accounts/login/", {"login": login, "password": password}))


# --- partner forms --------------------------------------------------------------------


@pytest.fixture
def partner(db, site):
    return PartnerMembershipFactory(coordinator=True)


@pytest.fixture
def centre(db):
    return ServicePointFactory(county_centre=True)


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {
            "applicant_name": maybe("王五"),
            "mobile": maybe("138 1234 5678"),
            "id_number": maybe(""),
            "gender": maybe("female"),
            "age_band": maybe(str(AgeBand.FROM_18_TO_59)),
            "issue_category": maybe("wage_arrears"),
            "description": maybe("工地拖欠工资三个月。"),
            "preferred_contact_time": maybe("any"),
            "people_count": maybe("1"),
            "centre": maybe(None),
            "groups": maybe(None),
        }
    )
)
def test_referral_form_survives_hostile_input_and_escapes_what_it_stores(
    client, partner, centre, fields
):
    client.force_login(partner.user)
    group = PopulationGroup.objects.first()
    data = {
        "submission_key": str(uuid.uuid4()),
        "consent": "on",
        **fields,
        "centre": str(centre.pk) if fields["centre"] is None else fields["centre"],
        "groups": [str(group.pk)] if fields["groups"] is None and group else fields["groups"],
    }
    before = Referral.objects.count()
    response = client.post("/partners/referrals/new/", data, follow=True)
    assert_fine(response)
    if Referral.objects.count() > before:
        event("stored")
        referral = Referral.objects.latest("pk")
        assert_fine(client.get(f"/partners/referrals/{referral.pk}/"))
        assert_fine(client.get("/partners/"))


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {
            "date": maybe("2021-03-15"),
            "place": maybe("北关镇文化广场"),
            "activity_type": maybe("street_stall"),
            "organiser": maybe("清河市妇女联合会"),
            "people_reached": maybe("200"),
            "leaflets": maybe("300"),
            "consultations": maybe("25"),
            "notes": maybe(""),
            "media_reports-0-outlet": maybe(""),
            "media_reports-0-title": maybe(""),
            "media_reports-TOTAL_FORMS": maybe("3"),
        }
    )
)
def test_outreach_log_form_survives_hostile_input_and_escapes_what_it_stores(
    client, partner, fields
):
    client.force_login(partner.user)
    data = {
        "area": "",
        "campaign": "",
        "brochures": "0",
        "posters": "0",
        "other_materials": "0",
        "media_reports-INITIAL_FORMS": "0",
        "media_reports-MIN_NUM_FORMS": "0",
        "media_reports-MAX_NUM_FORMS": "3",
        **fields,
    }
    before = CampaignLog.objects.count()
    assert_fine(client.post("/partners/outreach/new/", data, follow=True))
    if CampaignLog.objects.count() > before:
        event("stored")
        log = CampaignLog.objects.latest("pk")
        assert_fine(client.get("/partners/outreach/"))
        assert_fine(client.get(f"/partners/outreach/{log.pk}/edit/"))


@FUZZ
@given(date_from=maybe("2025-01-01"), date_to=maybe("2025-12-31"), export=maybe(""))
def test_partner_figures_period_form_survives_hostile_input(
    client, partner, date_from, date_to, export
):
    client.force_login(partner.user)
    params = {"date_from": date_from, "date_to": date_to}
    if export:
        params["format"] = export
    assert_fine(client.get("/partners/figures/", params))


@FUZZ
@given(q=hostile, status=hostile, page=hostile)
def test_partner_referral_list_filters_survive_hostile_input(client, partner, q, status, page):
    client.force_login(partner.user)
    assert_fine(client.get("/partners/", {"q": q, "status": status, "page": page}))


# --- the volunteer application ----------------------------------------------------


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {
            "real_name": maybe("欧阳娜娜"),
            "mobile": maybe(None),  # None: a number of its own (one volunteer per mobile)
            "source": maybe("student"),
            "institution": maybe("清河师范学院"),
            "college": maybe("法学院"),
            "grade": maybe("2023级"),
            "supervisor_name": maybe("王老师"),
            "has_legal_qualification": maybe("no"),
            "qualification_number": maybe(""),
            "skills": maybe("consultation"),
            "languages": maybe("普通话"),
            "availability": maybe("sat"),
            "emergency_contact_name": maybe("欧阳父"),
            "emergency_contact_phone": maybe("13800000001"),
        }
    )
)
def test_volunteer_application_survives_hostile_input_and_escapes_what_it_stores(
    client, site, fields
):
    user = UserFactory()  # a new applicant each time: one may apply only once
    client.force_login(user)
    if fields["mobile"] is None:
        fields = {**fields, "mobile": f"139{user.pk:08d}"}
    response = client.post("/volunteers/apply/", {**fields, "accept_code": "on"}, follow=True)
    assert_fine(response)
    if Volunteer.objects.filter(user=user).exists():
        event("stored")
        assert_fine(client.get("/volunteers/me/"))
        assert_fine(client.get("/volunteers/me/data/"))


# --- stored values: hostile free text that the forms accept must render escaped ----------

markup = st.builds(
    lambda prefix, payload, suffix: f"{prefix}{payload}{suffix}",
    st.sampled_from(["王五", "Li Wei ", "عزرا", ""]),
    st.sampled_from([SCRIPT, IMG, SVG, "' OR 1=1 --", "😀 法律 aid שלום"]),
    st.sampled_from(["", "。", " 👩🏽‍⚖️", " <b>bold</b>"]),
)


@settings(FUZZ, max_examples=15)
@given(name=markup, description=markup)
def test_referral_stores_markup_and_shows_it_escaped(client, partner, centre, name, description):
    client.force_login(partner.user)
    data = {
        "submission_key": str(uuid.uuid4()),
        "applicant_name": name,
        "mobile": "138 1234 5678",
        "gender": "female",
        "age_band": str(AgeBand.FROM_18_TO_59),
        "issue_category": "wage_arrears",
        "description": description,
        "centre": str(centre.pk),
        "preferred_contact_time": "any",
        "people_count": "1",
        "groups": [str(group.pk) for group in PopulationGroup.objects.all()[:1]],
        "consent": "on",
    }
    before = Referral.objects.count()
    response = client.post("/partners/referrals/new/", data, follow=True)
    assert_fine(response)
    assert Referral.objects.count() == before + 1, response.content.decode()[:2000]
    referral = Referral.objects.latest("pk")
    assert referral.description == description.strip()
    assert_fine(client.get(f"/partners/referrals/{referral.pk}/"))
    assert_fine(client.get("/partners/"))


@settings(FUZZ, max_examples=15)
@given(place=markup, organiser=markup, notes=markup)
def test_outreach_log_stores_markup_and_shows_it_escaped(client, partner, place, organiser, notes):
    client.force_login(partner.user)
    data = {
        "date": "2021-03-15",
        "place": place,
        "area": "",
        "activity_type": "street_stall",
        "campaign": "",
        "organiser": organiser,
        "people_reached": "200",
        "leaflets": "300",
        "brochures": "0",
        "posters": "0",
        "other_materials": "0",
        "consultations": "25",
        "notes": notes,
        "media_reports-TOTAL_FORMS": "3",
        "media_reports-INITIAL_FORMS": "0",
        "media_reports-MIN_NUM_FORMS": "0",
        "media_reports-MAX_NUM_FORMS": "3",
    }
    before = CampaignLog.objects.count()
    response = client.post("/partners/outreach/new/", data, follow=True)
    assert_fine(response)
    assert CampaignLog.objects.count() == before + 1, response.content.decode()[:2000]
    log = CampaignLog.objects.latest("pk")
    assert log.place == place.strip()
    assert_fine(client.get("/partners/outreach/"))
    assert_fine(client.get(f"/partners/outreach/{log.pk}/edit/"))


@settings(FUZZ, max_examples=15)
@given(institution=markup, languages=markup, contact=markup)
def test_volunteer_application_stores_markup_and_shows_it_escaped(
    client, site, institution, languages, contact
):
    user = UserFactory()
    client.force_login(user)
    data = {
        "real_name": "欧阳娜娜",
        "mobile": f"139{user.pk:08d}",  # one volunteer per mobile number
        "source": "student",
        "institution": institution,
        "college": "法学院",
        "grade": "2023级",
        "supervisor_name": "王老师",
        "has_legal_qualification": "no",
        "qualification_number": "",
        "skills": ["consultation"],
        "languages": languages,
        "availability": ["sat"],
        "emergency_contact_name": contact,
        "emergency_contact_phone": "13800000001",
        "accept_code": "on",
    }
    response = client.post("/volunteers/apply/", data, follow=True)
    assert_fine(response)
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.institution == institution.strip()
    assert_fine(client.get("/volunteers/me/"))
    assert_fine(client.get("/volunteers/me/data/"))


def test_hostile_samples_include_the_payloads_checked_for():
    """The escaping checks look for markers the samples really contain."""
    for marker in LIVE:
        assert any(marker in sample for sample in HOSTILE)
