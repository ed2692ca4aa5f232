"""The legal aid network: areas, partner organisations, service points and people.

Vertically the network runs city centre → county centres → township workstations
→ village liaison points; horizontally partner bodies host special workstations.
Every row has a stable `code`, so imports match existing rows instead of adding
duplicates.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from portal.i18n import is_english

from ..choices import (
    AreaLevel,
    MembershipRole,
    OrganisationKind,
    PointKind,
    PointLevel,
    ProviderKind,
    Weekday,
)
from ..managers import ServicePointQuerySet

# Division codes nest by fixed-length segments: 2 province, 4 city, 6 county,
# 9 township, 12 village (统计用区划代码).
CODE_PREFIX_LENGTH = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}
PHONE_HELP = _("A landline with area code, a mobile number or 12348.")


class ControlledTerm(models.Model):
    """A term of a controlled list with a stable code and a name in both languages."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_en if is_english() else self.name


class PopulationGroup(ControlledTerm):
    """A group of people the network serves (elderly, disabled, migrant workers ...).

    One controlled list shared by service points, events, campaigns and referrals,
    seeded by a data migration so every database has the same codes.
    """

    class Meta(ControlledTerm.Meta):
        verbose_name = _("population group")
        verbose_name_plural = _("population groups")


class ServiceType(ControlledTerm):
    """A service a point offers (consultation, taking applications, duty lawyer ...).

    Seeded by a data migration; the codes are the taxonomy terms of the open-data API.
    """

    class Meta(ControlledTerm.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")


class Area(models.Model):
    """An administrative division, from province down to village or community.

    `code` is the official 12-digit division code (统计用区划代码).
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

    @property
    def code_prefix(self) -> str:
        """The part of the code every division inside this one shares."""
        return self.code[: CODE_PREFIX_LENGTH[self.level]]


class PartnerOrganisation(models.Model):
    """A body the legal aid centre works with: federation, union, court, university ...

    Member units of the legal aid work committee carry their leader, department,
    coordinator and duties; partners with a collaboration agreement carry what
    was agreed on eligibility, procedure, information sharing and assessment.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=PHONE_HELP)
    is_committee_member = models.BooleanField(
        _("member of the legal aid work committee"), default=False
    )
    committee_duties = models.TextField(_("committee duties"), blank=True)
    responsible_leader = models.CharField(_("responsible leader"), max_length=60, blank=True)
    responsible_department = models.CharField(
        _("responsible department"), max_length=80, blank=True
    )
    coordinator = models.CharField(_("coordinator"), max_length=60, blank=True)
    eligibility_confirmation = models.TextField(_("eligibility confirmation"), blank=True)
    collaboration_procedure = models.TextField(_("collaboration procedure"), blank=True)
    information_sharing = models.TextField(_("information sharing"), blank=True)
    assessment_method = models.TextField(_("assessment method"), blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})


class ServicePoint(ClusterableModel):
    """One place where people get legal aid: a centre, a workstation or a liaison point."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=32, choices=PointKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=PointLevel.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="points"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    host_organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("host partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points",
    )
    groups_served = ParentalManyToManyField(
        PopulationGroup, verbose_name=_("groups served"), blank=True, related_name="points"
    )
    services = ParentalManyToManyField(
        ServiceType, verbose_name=_("services offered"), blank=True, related_name="points"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude (WGS84)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude (WGS84)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=PHONE_HELP)
    duty_schedule = models.TextField(_("duty schedule"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        ordering = ["area__code", "kind", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        indexes = [
            models.Index(fields=["kind", "is_active"]),
            models.Index(fields=["updated"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="partners_point_wgs84_range",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A point cannot be its own parent.")})

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """Whether the opening hours cover a moment (in the site's time zone)."""
        local = timezone.localtime(moment)
        return any(
            row.weekday == local.weekday() and row.opens <= local.time() < row.closes
            for row in self.opening_hours.all()
        )

    def is_open_now(self) -> bool:
        return self.is_open_at(timezone.now())


class OpeningHours(Orderable):
    """One opening period of a point on one weekday (several rows for split days)."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="partners_hours_order"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class LiaisonOfficer(models.Model):
    """The village liaison officer (联络员) of a point.

    The phone number is personal data: it is shown to the public, in the API and
    in exports only when the officer consented.
    """

    point = models.ForeignKey(
        ServicePoint, verbose_name=_("point"), on_delete=models.CASCADE, related_name="officers"
    )
    name = models.CharField(_("full name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_consent = models.BooleanField(_("consents to publishing the phone number"), default=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["point", "name"]
        verbose_name = _("liaison officer")
        verbose_name_plural = _("liaison officers")

    def __str__(self):
        return self.name

    @property
    def public_phone(self) -> str:
        return self.phone if self.phone_consent else ""


class PartnerMembership(models.Model):
    """A person's account in a partner organisation, with their role there.

    A person belongs to one organisation at most.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_membership",
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner membership")
        verbose_name_plural = _("partner memberships")

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class ProviderRosterEntry(models.Model):
    """A lawyer or legal service worker on the public roster applicants choose from (点援制)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("full name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=24, choices=ProviderKind.choices)
    office = models.CharField(_("law firm or office"), max_length=120)
    practice_areas = models.CharField(_("practice areas"), max_length=200)
    area = models.ForeignKey(
        Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="providers"
    )
    office_phone = models.CharField(_("office phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("on the roster"), default=True)

    class Meta:
        ordering = ["area__code", "name"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("provider roster")

    def __str__(self):
        return self.name
