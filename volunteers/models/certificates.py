"""Numbered certificates of service with a public verification page."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """What a certificate stated when it was issued, so its QR page can verify it later.

    Keeps only what the public verification page shows: the number, the name's
    initial, the hours, the period and the issuing centre.
    """

    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    verification_code = models.CharField(
        max_length=24, unique=True, default=new_verification_code, editable=False
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    name_initial = models.CharField(_("name (initial)"), max_length=20)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    hours = models.DecimalField(_("verified hours"), max_digits=7, decimal_places=1)
    activities = models.PositiveIntegerField(_("activities"))
    issuing_centre = models.CharField(_("issuing centre"), max_length=120)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate of service")
        verbose_name_plural = _("certificates of service")

    def __str__(self):
        return self.number
