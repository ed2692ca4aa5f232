import datetime

import pytest
from django.db.models import DurationField, ExpressionWrapper, F, Q

from partners.factories import ReferralFactory
from partners.models import Referral
from portal.aggregates import Median

pytestmark = pytest.mark.django_db

START = datetime.datetime(2021, 3, 1, 9, tzinfo=datetime.UTC)


def _decided_after(*days):
    for number in days:
        ReferralFactory(submitted_at=START, decided_at=START + datetime.timedelta(days=number))


def _waiting():
    return ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())


def test_median_of_an_odd_count_is_the_middle_value():
    _decided_after(1, 9, 3)
    result = Referral.objects.aggregate(m=Median(_waiting(), output_field=DurationField()))
    assert result["m"] == datetime.timedelta(days=3)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    _decided_after(2, 4, 6, 10)
    result = Referral.objects.aggregate(m=Median(_waiting(), output_field=DurationField()))
    assert result["m"] == datetime.timedelta(days=5)


def test_median_skips_nulls_and_takes_a_filter():
    _decided_after(2, 4, 30)
    ReferralFactory(submitted_at=START)  # not decided: NULL
    result = Referral.objects.aggregate(
        m=Median(_waiting(), output_field=DurationField()),
        short=Median(
            _waiting(),
            filter=Q(decided_at__lt=START + datetime.timedelta(days=10)),
            output_field=DurationField(),
        ),
    )
    assert result == {"m": datetime.timedelta(days=4), "short": datetime.timedelta(days=3)}


def test_median_of_nothing_is_none():
    result = Referral.objects.aggregate(m=Median(_waiting(), output_field=DurationField()))
    assert result["m"] is None
