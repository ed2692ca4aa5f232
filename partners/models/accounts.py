"""Invitations that bring a person from a partner organisation into the portal."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import MembershipRole


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PartnerInvitation(models.Model):
    """Staff invite a person by email to an organisation with a role.

    Only a hash of the emailed token is stored: a database leak gives no usable links.
    """

    email = models.EmailField(_("email"))
    organisation = models.ForeignKey(
        "partners.PartnerOrganisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """A fresh URL-safe token and the hash to store."""
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
