"""Outreach models: pages, brochures, campaign logs and site settings."""

from .brochures import Brochure
from .campaign_logs import CampaignLog, CampaignLogPhoto, CampaignLogQuerySet, MediaReport
from .pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageTag,
    ArticleRelatedLink,
    BrochureIndexPage,
    CampaignIndexPage,
    CampaignPage,
    EventIndexPage,
    EventPage,
    HomePage,
    StandardPage,
)
from .settings import PortalSettings

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "ArticleRelatedLink",
    "Brochure",
    "BrochureIndexPage",
    "CampaignIndexPage",
    "CampaignLog",
    "CampaignLogPhoto",
    "CampaignLogQuerySet",
    "CampaignPage",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "MediaReport",
    "PortalSettings",
    "StandardPage",
]
