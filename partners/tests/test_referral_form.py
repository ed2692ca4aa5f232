"""The partner's referral form: validation in both languages, idempotent submission."""

import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from partners.choices import AgeBand, AreaLevel, ReferralStatus
from partners.factories import (
    AreaFactory,
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    ServicePointFactory,
    make_id_number,
)
from partners.models import Referral
from partners.validators import validate_id_number, validate_mobile

pytestmark = pytest.mark.django_db

URL = "/partners/referrals/new/"
URL_EN = "/en/partners/referrals/new/"


@pytest.fixture
def centre(db):
    return ServicePointFactory(county_centre=True)


@pytest.fixture
def membership(db):
    return PartnerMembershipFactory()


@pytest.fixture
def partner_client(client, membership):
    client.force_login(membership.user)
    return client


def form_data(centre, **overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "applicant_name": "王五",
        "mobile": "138 1234 5678",
        "id_number": "",
        "gender": "female",
        "age_band": AgeBand.FROM_18_TO_59,
        "groups": ["migrant-workers"],
        "issue_category": "wage_arrears",
        "description": "工地拖欠工资三个月。",
        "centre": centre.pk,
        "preferred_contact_time": "any",
        "people_count": "1",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _group_ids(data):
    from partners.models import PopulationGroup

    codes = data.pop("groups", [])
    data["groups"] = [g.pk for g in PopulationGroup.objects.filter(code__in=codes)]
    return data


def post(client, centre, url=URL, **overrides):
    return client.post(url, _group_ids(form_data(centre, **overrides)))


def field_block(html: str, name: str) -> str:
    """The markup of one field's wrapper, up to the next field."""
    start = html.index(f'id="field-{name}"')
    following = html.find('id="field-', start + 1)
    return html[start : following if following != -1 else len(html)]


def message_in(language: str, error_or_message) -> str:
    with translation.override(language):
        if hasattr(error_or_message, "messages"):
            return escape(error_or_message.messages[0])
        return escape(str(error_or_message))


def validator_error(validator, value):
    try:
        validator(value)
    except ValidationError as error:
        return error
    raise AssertionError("the value was expected to be invalid")


def test_form_get_has_a_fresh_submission_key_and_mobile_inputmode(partner_client):
    first = partner_client.get(URL).content.decode()
    second = partner_client.get(URL).content.decode()
    key = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
    assert key.search(first).group(1) != key.search(second).group(1)
    assert 'inputmode="numeric"' in field_block(first, "mobile")
    assert "<script>" not in first


@pytest.mark.parametrize(("url", "language"), [(URL, "zh-hans"), (URL_EN, "en")])
def test_form_bad_mobile_message_in_the_user_language(partner_client, centre, url, language):
    response = post(partner_client, centre, url=url, mobile="12345")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    expected = message_in(language, validator_error(validate_mobile, "12345"))
    assert expected in field_block(html, "mobile")
    assert 'class="error-summary"' in html
    assert 'href="#id_mobile"' in html
    # The other fields keep what was typed.
    assert 'value="王五"' in html
    assert "工地拖欠工资三个月。" in html
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("url", "language"), [(URL, "zh-hans"), (URL_EN, "en")])
def test_form_bad_id_checksum_message_in_the_user_language(partner_client, centre, url, language):
    good = make_id_number(7)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    html = post(partner_client, centre, url=url, id_number=bad).content.decode()
    error = validator_error(validate_id_number, bad)
    assert error.code == "invalid_id_checksum"
    assert message_in(language, error) in field_block(html, "id_number")
    assert 'value="王五"' in html


@pytest.mark.parametrize(("url", "language"), [(URL, "zh-hans"), (URL_EN, "en")])
def test_form_missing_consent_message_in_the_user_language(partner_client, centre, url, language):
    from partners.forms import ReferralForm

    html = post(partner_client, centre, url=url, consent=None).content.decode()
    expected = message_in(language, ReferralForm.base_fields["consent"].error_messages["required"])
    assert expected in field_block(html, "consent")
    assert 'value="王五"' in html
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("url", "language"), [(URL, "zh-hans"), (URL_EN, "en")])
def test_form_child_under_14_needs_the_guardian(partner_client, centre, url, language):
    html = post(partner_client, centre, url=url, age_band=AgeBand.UNDER_14).content.decode()
    with translation.override(language):
        expected = escape(
            str(translation.gettext("Required for a child under 14: fill in the guardian."))
        )
    for name in ("guardian_name", "guardian_relationship", "guardian_mobile"):
        assert expected in field_block(html, name)
    assert "guardian_consent_errors" in html
    assert not Referral.objects.exists()


def test_form_child_under_14_with_guardian_is_accepted(partner_client, centre):
    response = post(
        partner_client,
        centre,
        age_band=AgeBand.UNDER_14,
        guardian_name="王大",
        guardian_relationship="父亲",
        guardian_mobile="13900001111",
        guardian_consent="on",
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.guardian_name == "王大"
    assert referral.guardian_consent_given_at is not None


def test_form_django_messages_follow_the_language(partner_client, centre):
    # Django's own catalogue: proves the page really is in Chinese by default.
    with translation.override("zh-hans"):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
    html = post(partner_client, centre, applicant_name="").content.decode()
    assert required in field_block(html, "applicant_name")
    html_en = post(partner_client, centre, url=URL_EN, applicant_name="").content.decode()
    assert "This field is required." in field_block(html_en, "applicant_name")


def test_form_exemption_needs_a_reason(partner_client, centre):
    html = post(partner_client, centre, financial_check_exempt="on").content.decode()
    assert "exemption_reason_errors" in html
    assert not Referral.objects.exists()


def test_form_collective_case_needs_two_people(partner_client, centre):
    html = post(partner_client, centre, is_collective="on", people_count="1").content.decode()
    assert "people_count_errors" in html
    response = post(partner_client, centre, is_collective="on", people_count="12")
    assert response.status_code == 302
    assert Referral.objects.get().people_count == 12


def test_form_valid_submit_creates_row_history_and_email(
    partner_client, centre, membership, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(partner_client, centre)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partners/referrals/{referral.pk}/"
    assert referral.organisation == membership.organisation
    assert referral.submitted_by == membership.user
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.mobile == "13812345678"
    assert list(referral.groups.values_list("code", flat=True)) == ["migrant-workers"]
    assert list(referral.history.values_list("to_status", flat=True)) == ["submitted"]
    assert len(mail.outbox) == 1
    assert membership.user.email in mail.outbox[0].to
    page = partner_client.get(response["Location"]).content.decode()
    assert referral.reference in page


def test_form_double_post_with_the_same_key_makes_one_row(
    partner_client, centre, django_capture_on_commit_callbacks
):
    data = _group_ids(form_data(centre))
    with django_capture_on_commit_callbacks(execute=True):
        first = partner_client.post(URL, data)
        second = partner_client.post(URL, data)
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1


def test_form_ignores_posted_organisation_status_and_submitter(partner_client, centre, membership):
    other = PartnerOrganisationFactory()
    stranger = PartnerMembershipFactory().user
    response = post(
        partner_client,
        centre,
        organisation=other.pk,
        status=ReferralStatus.ACCEPTED,
        submitted_by=stranger.pk,
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.organisation == membership.organisation
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.submitted_by == membership.user


def test_form_stores_the_id_number_encrypted_and_shows_it_masked(partner_client, centre):
    clear = make_id_number(42)
    response = post(partner_client, centre, id_number=clear.lower())
    referral = Referral.objects.get()
    assert referral.id_number_encrypted
    assert clear not in referral.id_number_encrypted
    assert referral.id_number == clear
    page = partner_client.get(response["Location"]).content.decode()
    assert referral.masked_id_number in page
    assert clear not in page
    assert "13812345678" not in page
    assert "138****5678" in page


def test_form_default_centre_matches_the_organisation_county(client, centre):
    county = AreaFactory(level=AreaLevel.COUNTY)
    own_centre = ServicePointFactory(county_centre=True, area=county)
    village = AreaFactory(parent=AreaFactory(level=AreaLevel.TOWNSHIP, parent=county))
    membership = PartnerMembershipFactory(organisation=PartnerOrganisationFactory(area=village))
    client.force_login(membership.user)
    html = field_block(client.get(URL).content.decode(), "centre")
    assert re.search(rf'<option value="{own_centre.pk}" selected>', html)
    assert f'<option value="{centre.pk}">' in html
