"""The legal aid network: areas, partner organisations and the groups they serve."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import is_english

from .choices import AreaLevel, OrganisationKind


class PopulationGroup(models.Model):
    """A group of people the network serves (elderly, disabled, migrant workers ...).

    One controlled list shared by service points, events, campaigns and referrals,
    seeded by a data migration so every database has the same codes.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("population group")
        verbose_name_plural = _("population groups")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_en if is_english() else self.name


class Area(models.Model):
    """An administrative division, from province down to village or community.

    `code` is the official 12-digit division code (统计用区划代码) or a shorter
    prefix of it for the upper levels.
    """

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=80)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self):
        return self.name


class PartnerOrganisation(models.Model):
    """A body the legal aid centre works with: federation, union, court, university ..."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.short_name or self.name
