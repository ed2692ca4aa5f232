"""Opportunities staff publish and the shifts volunteers sign up for, with waitlists."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Attendance, CredentialKind, OpportunityKind, SignupStatus
from ..managers import ShiftQuerySet, SignupQuerySet

#: Sign-ups that hold a place on the shift (an offered place is held until it expires).
HOLDING_STATUSES = (SignupStatus.CONFIRMED, SignupStatus.OFFERED)
ACTIVE_STATUSES = (*HOLDING_STATUSES, SignupStatus.WAITLISTED)


class Opportunity(models.Model):
    """Something volunteers can do: duty consultation, an outreach event, mediation, training."""

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=OpportunityKind.choices)
    description = models.TextField(_("description"), blank=True)
    point = models.ForeignKey(
        "partners.ServicePoint",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    is_published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("volunteer opportunity")
        verbose_name_plural = _("volunteer opportunities")

    def __str__(self):
        return self.title


class Shift(models.Model):
    """One time slot of an opportunity with a number of places."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="shifts"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    point = models.ForeignKey(
        "partners.ServicePoint",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shifts",
        help_text=_("Leave empty to use the opportunity's place."),
    )
    capacity = models.PositiveSmallIntegerField(_("places"))
    required_skills = models.JSONField(_("required skills"), default=list, blank=True)
    required_credentials = models.JSONField(
        _("required credentials"),
        default=list,
        blank=True,
        help_text=_("Kinds of credential a volunteer must hold, verified and valid on the day."),
    )
    students_per_supervisor = models.PositiveSmallIntegerField(
        _("students per supervisor"),
        null=True,
        blank=True,
        help_text=_(
            "At most this many student volunteers per confirmed supervisor (teacher or legal "
            "professional). Empty: no ratio."
        ),
    )
    cancel_deadline_hours = models.PositiveSmallIntegerField(
        _("cancel until (hours before the start)"), default=24
    )

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["start"], name="volunteers_shift_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="volunteers_shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="volunteers_shift_capacity_positive"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.start)
        return f"{self.opportunity} · {local:%Y-%m-%d %H:%M}"

    @property
    def place(self):
        return self.point or self.opportunity.point

    @property
    def duration_hours(self) -> Decimal:
        seconds = (self.end - self.start).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))

    @property
    def cancel_deadline(self) -> datetime.datetime:
        return self.start - datetime.timedelta(hours=self.cancel_deadline_hours)

    def get_required_credentials_display(self) -> list[str]:
        labels = dict(CredentialKind.choices)
        return [str(labels.get(code, code)) for code in self.required_credentials]


class ShiftSignup(models.Model):
    """A volunteer's place on a shift, or their turn on its waitlist, and their attendance."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    status = models.CharField(_("status"), max_length=16, choices=SignupStatus.choices)
    created = models.DateTimeField(_("signed up at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("confirm by"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.UNMARKED
    )
    hours = models.DecimalField(_("hours served"), max_digits=5, decimal_places=1, default=0)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SignupQuerySet.as_manager()

    class Meta:
        ordering = ["shift__start", "created", "pk"]
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status__in=["confirmed", "offered", "waitlisted"]),
                name="volunteers_one_active_signup_per_shift",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SignupStatus.values), name="volunteers_signup_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["shift", "status", "created"], name="volunteers_signup_queue_idx")
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.shift}"
