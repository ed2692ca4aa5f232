"""Registration of the network's and the referrals' admin views, policies and bulk action."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from partners.admin_views import AssignReferralsBulkAction, RestrictedPermissionPolicy
from partners.models import AuditEvent, PartnerInvitation, Referral
from partners.viewsets import NetworkViewSetGroup, ReferralsViewSetGroup

# Registered before any view asks, so no fallback policy is made first.
register_permission_policy(
    Referral, RestrictedPermissionPolicy(Referral, actions={"view", "change"})
)
register_permission_policy(
    PartnerInvitation, RestrictedPermissionPolicy(PartnerInvitation, actions={"view", "add"})
)
register_permission_policy(AuditEvent, RestrictedPermissionPolicy(AuditEvent, actions={"view"}))


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("register_admin_viewset")
def register_referral_viewsets():
    return ReferralsViewSetGroup()


hooks.register("register_bulk_action", AssignReferralsBulkAction)
