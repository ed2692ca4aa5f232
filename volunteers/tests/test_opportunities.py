"""The list of shifts: who sees what, filters, counts, own status and a constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from partners.choices import AreaLevel
from partners.factories import AreaFactory, ServicePointFactory
from volunteers.choices import OpportunityKind, SignupStatus
from volunteers.factories import (
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("volunteers:opportunities")


def _in_days(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_opportunity_list_shows_published_upcoming_shifts_only(client):
    ShiftFactory(opportunity__title="公开值班")
    ShiftFactory(opportunity__title="未发布值班", opportunity__is_published=False)
    ShiftFactory(opportunity__title="已结束值班", start=_in_days(-2))

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "公开值班" in content
    assert "未发布值班" not in content
    assert "已结束值班" not in content


def test_opportunity_list_shows_place_link_places_left_and_waitlist(client):
    shift = ShiftFactory(capacity=2)
    ShiftSignupFactory(shift=shift)
    ShiftSignupFactory(shift=shift, status=SignupStatus.WAITLISTED)
    ShiftSignupFactory(shift=shift, status=SignupStatus.CANCELLED)

    response = client.get(URL)

    shown = response.context["shifts"][0]
    assert shown.places_left == 1
    assert shown.waiting == 1
    assert reverse("partners:point", args=[shift.place.code]) in response.content.decode()


def test_opportunity_list_shows_start_in_shanghai_time(client):
    # 01:30 UTC is 09:30 in Shanghai.
    start = _in_days(5).replace(hour=9, minute=30)
    ShiftFactory(start=start)

    response = client.get(URL)

    assert "09:30" in response.content.decode()


def test_opportunity_list_shows_required_skills_and_credentials(client):
    ShiftFactory(required_skills=["mediation"], required_credentials=["mediator"])

    content = client.get(URL).content.decode()

    assert "Mediator" in content or "调解员" in content
    assert "Mediation" in content or "调解" in content


def test_opportunity_list_shows_the_viewers_own_status(client):
    volunteer = VolunteerFactory()
    signup = ShiftSignupFactory(volunteer=volunteer, status=SignupStatus.WAITLISTED)
    ShiftFactory()
    client.force_login(volunteer.user)

    response = client.get(URL)

    by_pk = {shift.pk: shift for shift in response.context["shifts"]}
    assert by_pk[signup.shift_id].own_signup == signup
    assert "signup-status--waitlisted" in response.content.decode()


def test_opportunity_list_filters_by_area_prefix(client):
    county = AreaFactory(level=AreaLevel.COUNTY)
    township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
    inside = ServicePointFactory(workstation=True, area=township)
    ShiftFactory(opportunity__title="县内值班", opportunity__point=inside)
    # The shift's own place wins over the opportunity's.
    ShiftFactory(opportunity__title="借用地点", point=inside)
    ShiftFactory(opportunity__title="县外值班")

    content = client.get(URL, {"area": county.code}).content.decode()

    assert "县内值班" in content
    assert "借用地点" in content
    assert "县外值班" not in content


def test_opportunity_list_filters_by_kind_and_skill(client):
    ShiftFactory(opportunity__title="调解场次", opportunity__kind=OpportunityKind.MEDIATION)
    ShiftFactory(opportunity__title="手语值班", required_skills=["sign_language"])
    ShiftFactory(opportunity__title="普通值班")

    by_kind = client.get(URL, {"kind": "mediation"}).content.decode()
    by_skill = client.get(URL, {"skill": "sign_language"}).content.decode()

    assert "调解场次" in by_kind and "普通值班" not in by_kind
    assert "手语值班" in by_skill and "普通值班" not in by_skill


def test_opportunity_list_filters_by_dates(client):
    ShiftFactory(opportunity__title="近期值班", start=_in_days(3))
    ShiftFactory(opportunity__title="远期值班", start=_in_days(30))
    end = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    content = client.get(URL, {"date_to": end}).content.decode()

    assert "近期值班" in content
    assert "远期值班" not in content


def test_opportunity_list_reports_an_inverted_date_range(client):
    today = timezone.localdate()
    response = client.get(
        URL,
        {"date_from": (today + datetime.timedelta(days=5)).isoformat(), "date_to": today},
    )

    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert "error-summary" in response.content.decode()


def test_opportunity_list_is_paginated(client):
    for day in range(1, 23):
        ShiftFactory(start=_in_days(day))

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["shifts"]) == 20
    assert len(second.context["shifts"]) == 2


def test_opportunity_list_in_english(client):
    ShiftFactory()

    # The override restores the active language: LocaleMiddleware leaves English on.
    with translation.override("en"):
        response = client.get("/en" + URL)

    assert response.status_code == 200
    assert "Volunteer shifts" in response.content.decode()


def _add_shifts(volunteer, first_day, count):
    for day in range(first_day, first_day + count):
        shift = ShiftFactory(start=_in_days(day), required_skills=["consultation"])
        ShiftSignupFactory(shift=shift)
        ShiftSignupFactory(shift=shift, volunteer=volunteer, status=SignupStatus.WAITLISTED)


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), len(response.context["shifts"])


def test_opportunity_list_query_count_does_not_grow_with_shifts(client):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    _add_shifts(volunteer, 1, 3)
    client.get(URL)  # warm the site and settings caches
    few, shown_few = _count_queries(client)
    _add_shifts(volunteer, 4, 27)
    many, shown_many = _count_queries(client)

    assert (shown_few, shown_many) == (3, 20)
    assert few == many


def test_opportunity_list_query_count_is_pinned(client, django_assert_num_queries):
    for day in range(1, 6):
        ShiftFactory(start=_in_days(day))
    client.get(URL)  # warm the site and settings caches
    # Anonymous: the count, the page of shifts with their counts, and the three queries
    # of the site's header and footer (site, settings, menu).
    with django_assert_num_queries(5):
        client.get(URL)
