from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The public site: Wagtail pages, site settings, campaigns and demo data."""

    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        # Cache invalidation is plumbing, not a business rule: any change to what
        # the public sees retires the cached fragments and pages (see outreach.cache).
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from partners.models import (
            Area,
            LiaisonOfficer,
            OpeningHours,
            PartnerOrganisation,
            PopulationGroup,
            ProviderRosterEntry,
            ServicePoint,
            ServiceType,
        )
        from portal.aggregates import register_sqlite_median

        from .cache import bump_content_version, bump_data_version, bump_data_version_on_change
        from .models import CampaignLog, PortalSettings

        # The reports' median days to decision need MEDIAN() on SQLite too.
        connection_created.connect(register_sqlite_median, dispatch_uid="portal-sqlite-median")

        for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
            signal.connect(bump_content_version, dispatch_uid=f"outreach-cache-{id(signal)}")
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="outreach-cache-del")
        # Rows public pages show that are not published through Wagtail: the directory
        # and its API, the site settings (hotline, footer) and the campaign logs a
        # campaign page totals (whole-page cache only, see outreach.page_cache).
        post_save.connect(
            bump_data_version_on_change, sender=PortalSettings, dispatch_uid="outreach-settings"
        )
        for model in (
            Area,
            PartnerOrganisation,
            ServicePoint,
            OpeningHours,
            LiaisonOfficer,
            ProviderRosterEntry,
            PopulationGroup,
            ServiceType,
            CampaignLog,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_data_version,
                    sender=model,
                    dispatch_uid=f"outreach-data-{model.__name__}-{id(signal)}",
                )
        for relation in (ServicePoint.groups_served, ServicePoint.services):
            m2m_changed.connect(
                bump_data_version,
                sender=relation.through,
                dispatch_uid=f"outreach-data-{relation.field.name}",
            )
