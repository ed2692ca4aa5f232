"""Admin URL finders for viewsets that have no edit view.

Wagtail links every object it lists elsewhere (usage pages, search) to the
edit view its viewset registered. Referrals, invitations, audit events and
extra-hours reports are changed only through their own forms, so their viewsets
have no edit view and Wagtail's default finder would reverse a URL that does
not exist. These finders point at the read-only page instead, or at nothing.
"""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.permissions import policy_registry


def read_only_url_finder(url_name: str | None):
    """A finder linking objects to `url_name` (taking the pk), or to no page when None."""

    class ReadOnlyURLFinder(ModelAdminURLFinder):
        def get_edit_url(self, instance):
            # The page is read-only: seeing it needs "view", not "change".
            if url_name is None:
                return None
            policy = policy_registry.get(instance)
            if self.user and policy and not policy.user_has_permission(self.user, "view"):
                return None
            return reverse(url_name, args=(quote(instance.pk),))

    return ReadOnlyURLFinder
