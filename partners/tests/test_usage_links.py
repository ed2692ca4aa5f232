"""Objects without an edit view link to their read-only page wherever Wagtail lists them."""

import pytest
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder

from partners.factories import ReferralFactory
from volunteers.factories import ExtraHoursFactory

pytestmark = pytest.mark.django_db


def test_referrals_link_to_their_detail_page(superuser):
    referral = ReferralFactory()
    expected = reverse("referrals:detail", args=(referral.pk,))  # loads the admin's viewsets
    assert AdminURLFinder(superuser).get_edit_url(referral) == expected


def test_extra_hours_link_to_their_review_page(superuser):
    extra = ExtraHoursFactory()
    expected = reverse("volunteer-extra-hours:review", args=(extra.pk,))
    assert AdminURLFinder(superuser).get_edit_url(extra) == expected
