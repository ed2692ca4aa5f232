"""Site-wide settings the public layout reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.i18n import is_english as _is_english


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Site-wide facts shown in the header and footer of every public page."""

    site_title = models.CharField(
        _("site title (Chinese)"), max_length=80, default="法律援助服务网"
    )
    site_title_en = models.CharField(
        _("site title (English)"), max_length=80, blank=True, default="Legal Aid Network"
    )
    hotline = models.CharField(
        _("legal aid hotline"),
        max_length=20,
        default="12348",
        help_text=_("The public legal service hotline shown on every page."),
    )
    service_hours = models.CharField(
        _("service hours (Chinese)"), max_length=120, blank=True, default=""
    )
    service_hours_en = models.CharField(
        _("service hours (English)"), max_length=120, blank=True, default=""
    )
    address = models.CharField(_("centre address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("centre address (English)"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_title"), FieldPanel("site_title_en")], heading=_("Site title")
        ),
        FieldPanel("hotline"),
        MultiFieldPanel(
            [
                FieldPanel("service_hours"),
                FieldPanel("service_hours_en"),
                FieldPanel("address"),
                FieldPanel("address_en"),
            ],
            heading=_("Contact details"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")

    def __str__(self):
        return self.site_title

    @property
    def title(self) -> str:
        """The site title in the active language (Chinese when no English is set)."""
        return self.site_title_en if _is_english() and self.site_title_en else self.site_title

    @property
    def hours(self) -> str:
        if _is_english() and self.service_hours_en:
            return self.service_hours_en
        return self.service_hours

    @property
    def contact_address(self) -> str:
        return self.address_en if _is_english() and self.address_en else self.address
