"""Controlled lists of the volunteer programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VolunteerSource(models.TextChoices):
    """Where a volunteer comes from (the categories of the volunteer management measures)."""

    STUDENT = "student", _("University student")
    TEACHER = "teacher", _("University teacher")
    RETIRED_POLICE = "retired_police", _("Retired from the police")
    RETIRED_PROCURATORATE = "retired_procuratorate", _("Retired from a procuratorate")
    RETIRED_COURT = "retired_court", _("Retired from a court")
    RETIRED_JUSTICE = "retired_justice", _("Retired from a justice bureau")
    LAWYER = "lawyer", _("Practising lawyer")
    LEGAL_SERVICE_WORKER = "legal_service_worker", _("Legal service worker")
    LEGAL_PROFESSIONAL = "legal_professional", _("Other legal professional")
    OTHER = "other", _("Other")


class Skill(models.TextChoices):
    CONSULTATION = "consultation", _("Legal consultation")
    NON_LITIGATION = "non_litigation", _("Non-litigation help")
    MEDIATION = "mediation", _("Mediation")
    REPRESENTATION = "representation", _("Representation")
    OUTREACH = "outreach", _("Outreach and education")
    TRANSLATION = "translation", _("Translation or dialect")
    SIGN_LANGUAGE = "sign_language", _("Sign language")


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Availability(models.TextChoices):
    """Half-days of the week a volunteer can usually serve."""

    MON_AM = "mon_am", _("Monday morning")
    MON_PM = "mon_pm", _("Monday afternoon")
    TUE_AM = "tue_am", _("Tuesday morning")
    TUE_PM = "tue_pm", _("Tuesday afternoon")
    WED_AM = "wed_am", _("Wednesday morning")
    WED_PM = "wed_pm", _("Wednesday afternoon")
    THU_AM = "thu_am", _("Thursday morning")
    THU_PM = "thu_pm", _("Thursday afternoon")
    FRI_AM = "fri_am", _("Friday morning")
    FRI_PM = "fri_pm", _("Friday afternoon")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")
    EVENINGS = "evenings", _("Weekday evenings")


class CredentialKind(models.TextChoices):
    LEGAL_QUALIFICATION = (
        "legal_qualification",
        _("Legal professional qualification (法律职业资格)"),
    )
    LAWYER_LICENCE = "lawyer_licence", _("Lawyer's practising certificate")
    LEGAL_SERVICE_LICENCE = "legal_service_licence", _("Legal service worker's certificate")
    STUDENT_CARD = "student_card", _("Student card")
    MEDIATOR = "mediator", _("Mediator's certificate")
    SIGN_LANGUAGE = "sign_language", _("Sign language certificate")
    OTHER = "other", _("Other certificate")


class FileKind(models.TextChoices):
    ID_SCAN = "id_scan", _("ID card scan")
    CERTIFICATE = "certificate", _("Certificate scan")


class OpportunityKind(models.TextChoices):
    DUTY = "duty", _("Duty consultation at a workstation")
    OUTREACH = "outreach", _("Outreach event")
    MEDIATION = "mediation", _("Mediation session")
    TRAINING = "training", _("Training")


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Place offered: confirm")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


class Attendance(models.TextChoices):
    UNMARKED = "unmarked", _("Not marked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
