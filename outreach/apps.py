from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The public site: Wagtail pages, site settings, campaigns and demo data."""

    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        # Cache invalidation is plumbing, not a business rule: any change to what
        # the public sees retires the cached fragments (see outreach.cache).
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from .cache import bump_content_version

        for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
            signal.connect(bump_content_version, dispatch_uid=f"outreach-cache-{id(signal)}")
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="outreach-cache-del")
