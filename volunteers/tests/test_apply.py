"""The volunteer application: who may apply, what the form checks, what submitting writes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from partners.choices import AreaLevel
from partners.factories import AreaFactory
from portal.factories import UserFactory
from volunteers.applications import submit_application
from volunteers.choices import VolunteerSource, VolunteerStatus
from volunteers.factories import VolunteerFactory
from volunteers.models import Volunteer, VolunteerSettings, VolunteerStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    """URLs reversed in a test match the Chinese pages, whatever an earlier test activated."""
    with translation.override("zh-hans"):
        yield


URL = "/volunteers/apply/"


def form_data(**overrides):
    data = {
        "real_name": "  欧阳娜娜  ",
        "mobile": "+86 139-1234-5678",
        "source": VolunteerSource.STUDENT,
        "institution": "清河师范学院",
        "college": "法学院",
        "grade": "2023级",
        "supervisor_name": "王老师",
        "has_legal_qualification": "no",
        "qualification_number": "",
        "skills": ["consultation", "mediation"],
        "languages": "普通话、清河方言",
        "availability": ["sat", "sun"],
        "emergency_contact_name": "欧阳父",
        "emergency_contact_phone": "13800000001",
        "accept_code": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_apply_url_name():
    assert reverse("volunteers:apply") == URL


def test_apply_sends_anonymous_visitors_to_login_with_next(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/volunteers/apply/" in response.url


def test_apply_asks_for_email_verification_first(client):
    user = UserFactory(verified_email=False)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert reverse("account_email") in response.content.decode()
    response = client.post(URL, form_data())
    assert response.status_code == 403
    assert not Volunteer.objects.exists()


def test_apply_shows_the_form_to_a_verified_user(client, user, site, home_page):
    settings_ = VolunteerSettings.for_site(site)
    settings_.code_page = home_page
    settings_.save()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="real_name"' in html
    assert 'name="accept_code"' in html
    assert 'name="scan_consent"' in html
    assert home_page.url in html
    assert "<script" not in html.split("</header>")[1]
    assert "style=" not in html


def test_apply_creates_an_applied_volunteer_with_history_and_code_acceptance(
    client, user, site, home_page
):
    settings_ = VolunteerSettings.for_site(site)
    settings_.code_page = home_page
    settings_.save()
    county = AreaFactory(level=AreaLevel.COUNTY)
    township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
    client.force_login(user)
    response = client.post(
        URL, form_data(preferred_areas=[county.pk, township.pk], scan_consent="on")
    )
    assert response.status_code == 302
    assert response.url == reverse("volunteers:home")
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.real_name == "欧阳娜娜"
    assert volunteer.mobile == "13912345678"
    assert volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.skills == ["consultation", "mediation"]
    assert volunteer.availability == ["sat", "sun"]
    assert set(volunteer.preferred_areas.all()) == {county, township}
    assert volunteer.code_page_id == home_page.pk
    assert volunteer.code_revision_id == home_page.live_revision_id
    assert volunteer.code_accepted_at is not None
    assert volunteer.scan_consent_at is not None
    change = VolunteerStatusChange.objects.get(volunteer=volunteer)
    assert (change.from_status, change.to_status, change.actor) == ("", "applied", user)


def test_apply_ignores_posted_status(client, user):
    client.force_login(user)
    client.post(URL, form_data(status="approved", status_reason="x", anonymised_at="2020-01-01"))
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.anonymised_at is None


@pytest.mark.parametrize("name", ["李", "阿卜杜热合曼·买买提", "Anna-Maria O'Neil", "王" * 60])
def test_apply_accepts_names_of_any_form_up_to_60_characters(client, user, name):
    client.force_login(user)
    response = client.post(URL, form_data(real_name=name))
    assert response.status_code == 302
    assert Volunteer.objects.get(user=user).real_name == name


def test_apply_refuses_a_name_over_60_characters(client, user):
    client.force_login(user)
    response = client.post(URL, form_data(real_name="王" * 61))
    assert response.status_code == 400
    assert "real_name" in response.context["form"].errors


def test_apply_without_scan_consent_leaves_it_empty(client, user):
    client.force_login(user)
    client.post(URL, form_data())
    assert Volunteer.objects.get(user=user).scan_consent_at is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"mobile": "12345"}, "mobile"),
        ({"mobile": "12912345678"}, "mobile"),
        ({"real_name": "   "}, "real_name"),
        ({"supervisor_name": ""}, "supervisor_name"),
        ({"has_legal_qualification": "yes"}, "qualification_number"),
        ({"has_legal_qualification": None}, "has_legal_qualification"),
        ({"accept_code": None}, "accept_code"),
        ({"source": "astronaut"}, "source"),
        ({"skills": ["flying"]}, "skills"),
    ],
)
def test_apply_shows_errors_next_to_fields_and_in_the_summary(client, user, overrides, field):
    client.force_login(user)
    response = client.post(URL, form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}_errors"' in html or f'id="field-{field}"' in html
    assert not Volunteer.objects.exists()


def test_apply_supervisor_not_required_for_a_teacher(client, user):
    client.force_login(user)
    response = client.post(URL, form_data(source="teacher", supervisor_name=""))
    assert response.status_code == 302


def test_apply_qualification_number_kept_when_qualified(client, user):
    client.force_login(user)
    client.post(URL, form_data(has_legal_qualification="yes", qualification_number="A20191100"))
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.has_legal_qualification is True
    assert volunteer.qualification_number == "A20191100"


def test_apply_refuses_a_mobile_already_registered(client, user):
    VolunteerFactory(mobile="13912345678")
    client.force_login(user)
    response = client.post(URL, form_data())
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["mobile"][0].code == "mobile_taken"
    assert not Volunteer.objects.filter(user=user).exists()


def test_apply_errors_are_shown_in_chinese_by_default(client, user):
    client.force_login(user)
    response = client.post(URL, form_data(accept_code=None), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert '<html lang="zh-hans"' in response.content.decode()


def test_apply_lists_counties_and_townships_only_in_code_order(client, user):
    county = AreaFactory(level=AreaLevel.COUNTY)
    township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
    village = AreaFactory(level=AreaLevel.VILLAGE, parent=township)
    client.force_login(user)
    form = client.get(URL).context["form"]
    areas = list(form.fields["preferred_areas"].queryset)
    assert areas == [county, township]
    assert village not in areas
    groups = form.area_groups()
    assert groups[0]["area"] == county
    assert len(groups[0]["townships"]) == 1


def test_apply_lets_an_applied_volunteer_edit_the_application(client):
    volunteer = VolunteerFactory(applied=True, mobile="13911112222")
    client.force_login(volunteer.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"].instance == volunteer
    response = client.post(URL, form_data(mobile="13911112222", real_name="改名"))
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.real_name == "改名"
    assert volunteer.status == VolunteerStatus.APPLIED
    assert VolunteerStatusChange.objects.filter(volunteer=volunteer).count() == 0


def test_apply_sends_a_reviewed_volunteer_to_their_status(client):
    volunteer = VolunteerFactory(status=VolunteerStatus.IN_REVIEW)
    client.force_login(volunteer.user)
    response = client.post(URL, form_data(real_name="改名"))
    assert response.status_code == 302
    assert response.url == reverse("volunteers:home")
    volunteer.refresh_from_db()
    assert volunteer.real_name != "改名"


def test_submit_application_refuses_a_second_application(user):
    data = {"real_name": "张三", "mobile": "13900000009", "source": "teacher"}
    submit_application(user, data)
    with pytest.raises(ValidationError):
        submit_application(user, {**data, "mobile": "13900000010"})
    assert Volunteer.objects.filter(user=user).count() == 1


def test_submit_application_rejects_fields_outside_the_application(user):
    with pytest.raises(ValueError, match="status"):
        submit_application(user, {"real_name": "张三", "source": "teacher", "status": "approved"})


def test_apply_form_is_in_english_under_en(client, user):
    client.force_login(user)
    response = client.get("/en" + URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Apply to volunteer" in html
