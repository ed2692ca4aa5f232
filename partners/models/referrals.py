"""Referrals: a partner sends a person who needs legal aid to a legal aid centre.

The most sensitive data in the portal (PIPL): the person's group, health or
disability and minors' data are sensitive personal information. ID numbers are
stored encrypted with a keyed hash for duplicate checks; every read of the
personal fields is audited by the views; finished referrals are anonymised
after the retention period, keeping what the statistics need.
"""

import math
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import crypto

from ..choices import (
    AgeBand,
    ContactTime,
    DeclineReason,
    ExemptionReason,
    Gender,
    IssueCategory,
    PointKind,
    ReferralStatus,
)
from ..managers import ReferralQuerySet

#: Kinds of point a referral can be sent to.
CENTRE_KINDS = (PointKind.CITY_CENTRE, PointKind.COUNTY_CENTRE)
ANONYMISED_NAME = "（已匿名）"


class Referral(models.Model):
    """One person a partner organisation refers to a legal aid centre, followed to its outcome."""

    organisation = models.ForeignKey(
        "partners.PartnerOrganisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_submitted",
    )
    centre = models.ForeignKey(
        "partners.ServicePoint",
        verbose_name=_("legal aid centre"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind__in": CENTRE_KINDS},
        related_name="referrals",
    )
    # The form's one-time key: a second POST of the same form finds this row.
    submission_key = models.UUIDField(_("submission key"), unique=True, default=uuid.uuid4)

    # Personal data of the person referred.
    applicant_name = models.CharField(_("applicant's name"), max_length=60)
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True)
    mobile_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_number_last4 = models.CharField(max_length=4, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    age_band = models.CharField(_("age band"), max_length=12, choices=AgeBand.choices)
    groups = models.ManyToManyField(
        "partners.PopulationGroup",
        verbose_name=_("groups"),
        related_name="referrals",
    )
    issue_category = models.CharField(
        _("legal issue"), max_length=24, choices=IssueCategory.choices
    )
    description = models.TextField(_("short description"), max_length=1000)
    is_urgent = models.BooleanField(_("urgent: near a limitation period (先行提供)"), default=False)
    financial_check_exempt = models.BooleanField(
        _("exempt from the financial check"), default=False
    )
    exemption_reason = models.CharField(
        _("reason for the exemption"), max_length=24, choices=ExemptionReason.choices, blank=True
    )
    is_collective = models.BooleanField(_("collective case"), default=False)
    people_count = models.PositiveIntegerField(_("number of people"), default=1)
    preferred_contact_time = models.CharField(
        _("preferred contact time"), max_length=12, choices=ContactTime.choices, default="any"
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    guardian_name = models.CharField(_("guardian's name"), max_length=60, blank=True)
    guardian_relationship = models.CharField(
        _("guardian's relationship"), max_length=30, blank=True
    )
    guardian_mobile = models.CharField(_("guardian's mobile number"), max_length=11, blank=True)
    guardian_consent_given_at = models.DateTimeField(
        _("guardian's consent given at"), null=True, blank=True
    )

    # Lifecycle, moved only by partners.referrals.transition().
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    review_due_at = models.DateTimeField(_("decision due"))
    review_paused_at = models.DateTimeField(_("review clock paused at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    transferred_to = models.ForeignKey(
        "partners.ServicePoint",
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"kind__in": CENTRE_KINDS},
        related_name="referrals_transferred_in",
    )
    transferred_to_name = models.CharField(
        _("transferred to (other centre)"), max_length=120, blank=True
    )
    assigned_provider = models.ForeignKey(
        "partners.ProviderRosterEntry",
        verbose_name=_("assigned lawyer or legal service worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-is_urgent", "submitted_at", "pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(
                fields=["status", "-is_urgent", "submitted_at"], name="partners_ref_queue_idx"
            ),
            models.Index(fields=["-is_urgent", "submitted_at"], name="partners_ref_order_idx"),
            models.Index(fields=["organisation", "submitted_at"], name="partners_ref_org_idx"),
            models.Index(fields=["mobile_hash", "submitted_at"], name="partners_ref_mobile_idx"),
            models.Index(fields=["id_number_hash", "submitted_at"], name="partners_ref_id_idx"),
            models.Index(fields=["review_due_at"], name="partners_ref_due_idx"),
            # The statistics read referrals by the period they were submitted in.
            models.Index(fields=["submitted_at"], name="partners_ref_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="partners_referral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1), name="partners_referral_people_count_positive"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """The number partners and staff quote on the phone, e.g. 2026-000123."""
        if not self.pk:
            return "—"
        return f"{self.submitted_at:%Y}-{self.pk:06d}"

    def set_id_number(self, value: str) -> None:
        value = value.strip().upper()
        self.id_number_encrypted = crypto.encrypt(value)
        self.id_number_hash = crypto.keyed_hash(value)
        self.id_number_last4 = value[-4:] if value else ""

    def set_mobile(self, value: str) -> None:
        self.mobile = value
        self.mobile_hash = crypto.keyed_hash(value)

    @property
    def id_number(self) -> str:
        """The ID number in clear: show it only to staff, and audit the read."""
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def masked_id_number(self) -> str:
        return f"{'*' * 14}{self.id_number_last4}" if self.id_number_last4 else ""

    @property
    def masked_mobile(self) -> str:
        return f"{self.mobile[:3]}****{self.mobile[-4:]}" if self.mobile else ""

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def clock_running(self) -> bool:
        return self.status in (ReferralStatus.SUBMITTED, ReferralStatus.UNDER_REVIEW)

    @property
    def clock_paused(self) -> bool:
        return self.status == ReferralStatus.NEEDS_INFO

    def review_days_left(self, now=None) -> int | None:
        """Whole days left to decide (negative when overdue); None once decided.

        Frozen while the centre waits for information from the partner.
        """
        if not (self.clock_running or self.clock_paused):
            return None
        reference = self.review_paused_at if self.clock_paused else (now or timezone.now())
        return math.ceil((self.review_due_at - reference).total_seconds() / 86400)

    @property
    def is_overdue(self) -> bool:
        return self.clock_running and self.review_due_at < timezone.now()


class ReferralTransition(models.Model):
    """One move of a referral from one status to another: who, when, and the notes."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="history"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(
        _("from"), max_length=16, choices=ReferralStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=ReferralStatus.choices)
    note_for_partner = models.TextField(_("note for the partner"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral status change")
        verbose_name_plural = _("referral status changes")

    def __str__(self):
        return f"{self.referral} {self.from_status or '·'} → {self.to_status}"
