"""The audit trail of reads and exports of personal data (PIPL art. 51-55)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AuditAction


class AuditEvent(models.Model):
    """Who read or exported which personal records, when, and how many rows.

    Holds no personal values: only the kind of record, its id and a row count.
    Written by `partners.audit.record`; the admin shows these rows read-only.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("user (as recorded)"), max_length=254)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    subject = models.CharField(_("record kind"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=1)
    context = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["subject", "object_id"], name="partners_audit_subject_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject}"
