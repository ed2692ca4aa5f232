"""Volunteers: the person's application, vetting history, credentials and private files."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from portal.storage import AliasStorage

from ..choices import (
    Availability,
    CredentialKind,
    FileKind,
    Skill,
    VolunteerSource,
    VolunteerStatus,
)
from ..managers import VolunteerQuerySet

ANONYMISED_NAME = "（已注销）"


def private_storage():
    """Files never served at a public URL: only through a permission-checked view.

    Resolved on every use (`portal.storage.AliasStorage`), so the field follows
    `STORAGES["private"]` as configured at run time.
    """
    return AliasStorage("private")


def private_upload_to(instance, filename):
    # A random name: nothing about the person or the original file name in the path.
    return f"volunteers/{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


class Volunteer(models.Model):
    """A person's volunteer application and, once approved, their volunteer record."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    real_name = models.CharField(_("real name"), max_length=60)
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True)
    source = models.CharField(_("volunteer source"), max_length=24, choices=VolunteerSource.choices)
    institution = models.CharField(
        _("university, institution or former employer"), max_length=120, blank=True
    )
    college = models.CharField(_("school or department"), max_length=80, blank=True)
    grade = models.CharField(_("year of study"), max_length=20, blank=True)
    supervisor_name = models.CharField(_("supervising teacher"), max_length=60, blank=True)
    has_legal_qualification = models.BooleanField(
        _("holds the legal professional qualification (法律职业资格)"), default=False
    )
    qualification_number = models.CharField(
        _("qualification certificate number"), max_length=40, blank=True
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.CharField(
        _("languages and dialects"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Mandarin, dialect, English"),
    )
    preferred_areas = models.ManyToManyField(
        "partners.Area", verbose_name=_("preferred areas"), blank=True, related_name="+"
    )
    availability = models.JSONField(_("availability"), default=list, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=60, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=20, blank=True
    )
    code_page_id = models.PositiveIntegerField(_("volunteer code page"), null=True, blank=True)
    code_revision_id = models.PositiveIntegerField(
        _("volunteer code version"), null=True, blank=True
    )
    code_accepted_at = models.DateTimeField(_("volunteer code accepted at"), null=True, blank=True)
    scan_consent_at = models.DateTimeField(
        _("consent to keep ID and certificate scans given at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLIED
    )
    status_reason = models.TextField(_("reason given"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    calendar_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [
            models.Index(fields=["status", "source"], name="volunteers_status_source_idx"),
            models.Index(fields=["mobile"], name="volunteers_mobile_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VolunteerStatus.values), name="volunteers_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=VolunteerSource.values), name="volunteers_source_valid"
            ),
            # Re-imported rosters match on the mobile number.
            models.UniqueConstraint(
                fields=["mobile"], condition=~Q(mobile=""), name="volunteers_mobile_unique"
            ),
        ]

    def __str__(self):
        return self.real_name

    @property
    def is_student(self) -> bool:
        return self.source == VolunteerSource.STUDENT

    @property
    def is_supervisor(self) -> bool:
        """Teachers and legal professionals may supervise students on a shift."""
        return self.source not in (VolunteerSource.STUDENT, VolunteerSource.OTHER)

    @property
    def name_initial(self) -> str:
        """The family name and a mark for the rest (王**), all a public page may show."""
        if not self.real_name or self.anonymised_at:
            return "*"
        return self.real_name[0] + "*" * max(1, len(self.real_name) - 1)

    def get_skills_display(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels.get(code, code)) for code in self.skills]

    def get_availability_display(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels.get(code, code)) for code in self.availability]


class VolunteerStatusChange(models.Model):
    """One vetting decision: who moved the volunteer from which status to which, and why."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="history"
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
        _("from"), max_length=16, choices=VolunteerStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=VolunteerStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("volunteer status change")
        verbose_name_plural = _("volunteer status changes")

    def __str__(self):
        return f"{self.volunteer} {self.from_status or '·'} → {self.to_status}"


class VolunteerFile(models.Model):
    """An uploaded scan (ID card, certificate) kept in private storage."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=private_upload_to, max_length=200
    )
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "pk"]
        verbose_name = _("volunteer file")
        verbose_name_plural = _("volunteer files")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.uploaded_at:%Y-%m-%d}"


class Credential(models.Model):
    """A qualification or certificate, with its expiry date and whether staff verified it."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="credentials",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CredentialKind.choices)
    number = models.CharField(_("certificate number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    verified = models.BooleanField(_("verified by staff"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scan = models.ForeignKey(
        VolunteerFile,
        verbose_name=_("scan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
    )
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["kind", "expires_on"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CredentialKind.values), name="volunteers_credential_kind_valid"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def is_valid_on(self, day) -> bool:
        """Verified and not expired on `day` (no expiry date means it does not expire)."""
        return self.verified and (self.expires_on is None or self.expires_on >= day)


@register_setting(icon="group")
class VolunteerSettings(BaseSiteSetting):
    """Which Wagtail page is the volunteer code volunteers accept when they apply."""

    code_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("volunteer code page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuing_centre_name = models.CharField(
        _("issuing centre on certificates"), max_length=120, default="清河市法律援助中心"
    )

    class Meta:
        verbose_name = _("volunteer settings")
