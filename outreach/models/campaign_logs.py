"""Campaign logs: one row per outreach activity actually held, with its reach and coverage.

These rows replace the hand-counted tables of the year-end summary (宣传活动记录):
events held, people reached, materials handed out, consultations and media
reports, per campaign, area and period.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from outreach.choices import ActivityType, MediaLevel
from partners.choices import AreaLevel

#: The per-kind material counters, in the order the summary lists them.
MATERIAL_FIELDS = ("leaflets", "brochures", "posters", "other_materials")
#: Every counter that `CampaignLogQuerySet.totals()` sums.
COUNT_FIELDS = ("people_reached", *MATERIAL_FIELDS, "consultations")
#: Logs are kept per township or county; village-level work rolls up into its township.
LOG_AREA_LEVELS = (AreaLevel.COUNTY, AreaLevel.TOWNSHIP)


class CampaignLogQuerySet(models.QuerySet):
    def in_period(self, start=None, end=None):
        """Logs dated between `start` and `end`, both inclusive; either end may be open."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(date__gte=start)
        if end is not None:
            queryset = queryset.filter(date__lte=end)
        return queryset

    def for_campaign(self, campaign):
        """Logs of a campaign, whichever language version of its page they were filed under."""
        return self.filter(campaign__translation_key=campaign.translation_key)

    def totals(self) -> dict:
        """The year-end figures of these logs, in one aggregate query.

        Returns activities, people reached, each kind of material, materials in
        all, consultations, media reports and media reports by level (a dict
        keyed by `MediaLevel` value). Media reports are counted through
        correlated subqueries annotated per log and then summed: joining the
        reports instead would repeat each log once per report and inflate
        every other sum.
        """
        per_level = {
            level: Coalesce(
                Subquery(
                    MediaReport.objects.filter(log=OuterRef("pk"), level=level)
                    .order_by()
                    .values("log")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
            for level in MediaLevel.values
        }
        annotated = self.order_by().annotate(
            **{f"_reports_{level}": expression for level, expression in per_level.items()}
        )
        row = annotated.aggregate(
            activities=Count("pk"),
            **{name: Coalesce(Sum(name), 0) for name in COUNT_FIELDS},
            **{
                f"reports_{level}": Coalesce(Sum(f"_reports_{level}"), 0)
                for level in MediaLevel.values
            },
        )
        by_level = {level: row.pop(f"reports_{level}") for level in MediaLevel.values}
        row["materials_total"] = sum(row[name] for name in MATERIAL_FIELDS)
        row["media_reports"] = sum(by_level.values())
        row["media_reports_by_level"] = by_level
        return row


class CampaignLog(ClusterableModel):
    """One outreach activity that was actually held: where, what, by whom, and its reach.

    Staff enter logs in the admin or import the spreadsheets partners already
    keep; the campaign pages and the year-end report read their totals.
    """

    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    area = models.ForeignKey(
        "partners.Area",
        verbose_name=_("township or county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level__in": LOG_AREA_LEVELS},
        related_name="campaign_logs",
        help_text=_("The township or county where the activity was held."),
    )
    activity_type = models.CharField(
        _("activity type"), max_length=32, choices=ActivityType.choices
    )
    campaign = models.ForeignKey(
        "outreach.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logs",
    )
    organiser = models.CharField(_("organiser"), max_length=120)
    partner_organisations = ParentalManyToManyField(
        "partners.PartnerOrganisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="campaign_logs",
    )
    people_reached = models.PositiveIntegerField(_("people reached"))
    leaflets = models.PositiveIntegerField(_("leaflets"), default=0)
    brochures = models.PositiveIntegerField(_("brochures"), default=0)
    posters = models.PositiveIntegerField(_("posters and wall charts"), default=0)
    other_materials = models.PositiveIntegerField(_("other materials"), default=0)
    consultations = models.PositiveIntegerField(_("consultations"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    # Set when a partner organisation logged the activity itself on its pages.
    reporting_organisation = models.ForeignKey(
        "partners.PartnerOrganisation",
        verbose_name=_("logged by partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="logged_campaign_logs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignLogQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("activity_type")]),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("area"), FieldPanel("campaign")]),
        FieldPanel("organiser"),
        FieldPanel("partner_organisations", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("people_reached"), FieldPanel("consultations")]),
                FieldRowPanel([FieldPanel(name) for name in MATERIAL_FIELDS]),
            ],
            heading=_("Reach and materials"),
        ),
        InlinePanel("media_reports", heading=_("Media reports"), label=_("Media report")),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("campaign log")
        verbose_name_plural = _("campaign logs")
        # The statistics pages (outreach.reports) show figures of every app; the
        # permission lives here because outreach is the app that reads them all.
        permissions = [("view_reports", _("Can view statistics reports"))]
        indexes = [
            models.Index(fields=["date"], name="outreach_cl_date_idx"),
            models.Index(fields=["activity_type", "date"], name="outreach_cl_type_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity_type__in=ActivityType.values),
                name="outreach_campaignlog_activity_type_valid",
            ),
            models.CheckConstraint(
                condition=~Q(place=""), name="outreach_campaignlog_place_not_blank"
            ),
            models.CheckConstraint(
                condition=~Q(organiser=""), name="outreach_campaignlog_organiser_not_blank"
            ),
        ]

    def __str__(self):
        return f"{self.date} · {self.place}"

    def clean(self):
        super().clean()
        # A log records something that happened; plans belong on event pages.
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("A campaign log cannot be dated in the future.")})

    @property
    def materials_total(self) -> int:
        """Leaflets, brochures, posters and other materials handed out, together."""
        return sum(getattr(self, name) or 0 for name in MATERIAL_FIELDS)


class MediaReport(Orderable):
    """A press, broadcast or web report about a logged activity (媒体报道)."""

    log = ParentalKey(CampaignLog, on_delete=models.CASCADE, related_name="media_reports")
    outlet = models.CharField(_("media outlet"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=MediaLevel.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("outlet"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("url"), FieldPanel("date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("media report")
        verbose_name_plural = _("media reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=MediaLevel.values), name="outreach_mediareport_level_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outlet=""), name="outreach_mediareport_outlet_not_blank"
            ),
        ]

    def __str__(self):
        return self.outlet


class CampaignLogPhoto(Orderable):
    """A photo taken at a logged activity, kept as evidence for the year-end summary."""

    log = ParentalKey(CampaignLog, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or str(self.image)
