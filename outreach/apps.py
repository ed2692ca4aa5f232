from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The public site: Wagtail pages, site settings, campaigns and demo data."""

    name = "outreach"
    verbose_name = _("Outreach")
