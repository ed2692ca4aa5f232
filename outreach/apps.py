from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The public site: Wagtail pages, site settings, campaigns and demo data."""

    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        # Cache invalidation is plumbing, not a business rule: any change to what
        # the public sees retires the cached fragments (see outreach.cache).
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from portal.aggregates import register_sqlite_median

        from .cache import bump_content_version

        # The reports' median days to decision need MEDIAN() on SQLite too.
        connection_created.connect(register_sqlite_median, dispatch_uid="portal-sqlite-median")

        for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
            signal.connect(bump_content_version, dispatch_uid=f"outreach-cache-{id(signal)}")
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="outreach-cache-del")
