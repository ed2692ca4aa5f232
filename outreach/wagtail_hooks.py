"""Registration of the outreach app's admin views."""

from wagtail import hooks

from outreach.viewsets import CampaignLogViewSet


@hooks.register("register_admin_viewset")
def register_campaign_log_viewset():
    return CampaignLogViewSet("campaign-logs")
