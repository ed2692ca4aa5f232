"""Controlled lists of the legal aid network."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township / street")
    VILLAGE = "village", _("Village / community")


class OrganisationKind(models.TextChoices):
    LEGAL_AID_CENTRE = "legal_aid_centre", _("Legal aid centre")
    JUSTICE_BUREAU = "justice_bureau", _("Justice bureau")
    WOMENS_FEDERATION = "womens_federation", _("Women's Federation")
    DISABLED_FEDERATION = "disabled_federation", _("Disabled Persons' Federation")
    TRADE_UNION = "trade_union", _("Federation of Trade Unions")
    AGING_COMMITTEE = "aging_committee", _("Aging Committee")
    YOUTH_LEAGUE = "youth_league", _("Communist Youth League")
    COURT = "court", _("People's court")
    PROCURATORATE = "procuratorate", _("People's procuratorate")
    POLICE = "police", _("Public security bureau")
    DETENTION_CENTRE = "detention_centre", _("Detention centre")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs bureau")
    LABOUR = "labour", _("Human resources and social security bureau")
    CONSTRUCTION = "construction", _("Housing and construction bureau")
    VETERANS = "veterans", _("Veterans affairs bureau")
    UNIVERSITY = "university", _("University or college")
    LAW_FIRM = "law_firm", _("Law firm")
    LEGAL_SERVICE_OFFICE = "legal_service_office", _("Legal service office")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class PointKind(models.TextChoices):
    """What a service point is, vertically or horizontally in the network."""

    CITY_CENTRE = "city_centre", _("City legal aid centre")
    COUNTY_CENTRE = "county_centre", _("County legal aid centre")
    WORKSTATION = "workstation", _("Township workstation")
    SPECIAL_WORKSTATION = "special_workstation", _("Special workstation")
    COURT_STATION = "court_station", _("Court duty-lawyer station")
    PROCURATORATE_STATION = "procuratorate_station", _("Procuratorate duty-lawyer station")
    DETENTION_STATION = "detention_station", _("Detention centre duty-lawyer station")
    LIAISON_POINT = "liaison_point", _("Village liaison point")


class PointLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township / street")
    VILLAGE = "village", _("Village / community")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MembershipRole(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    COORDINATOR = "coordinator", _("Coordinator")


class ProviderKind(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    LEGAL_SERVICE_WORKER = "legal_service_worker", _("Legal service worker")


class ReferralStatus(models.TextChoices):
    """Where a referral is in its life; `partners.referrals` holds the allowed moves."""

    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    NEEDS_INFO = "needs_info", _("Needs information")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    CLOSED = "closed", pgettext_lazy("referral status", "Closed")
    DECLINED = "declined", _("Declined")
    TRANSFERRED = "transferred", _("Transferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    UNREACHABLE = "unreachable", _("Unreachable")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNSTATED = "unstated", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_14 = "under_14", _("Under 14")
    FROM_14_TO_17 = "14_17", _("14–17")
    FROM_18_TO_59 = "18_59", _("18–59")
    FROM_60_TO_79 = "60_79", _("60–79")
    FROM_80 = "80_plus", _("80 and over")


class IssueCategory(models.TextChoices):
    """Legal issue categories, in the order the centres' statistics list them."""

    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    WORK_INJURY = "work_injury", _("Work injury")
    FAMILY = "family", _("Marriage and family")
    MAINTENANCE = "maintenance", _("Maintenance (support, alimony, child support)")
    LAND = "land", _("Land contract and transfer")
    CONSUMER = "consumer", _("Consumer rights")
    PERSONAL_INJURY = "personal_injury", _("Personal injury")
    CRIMINAL_DEFENCE = "criminal_defence", _("Criminal defence")
    OTHER = "other", _("Other")


class ExemptionReason(models.TextChoices):
    """Why the financial check may be skipped (免予核查经济困难状况)."""

    MINIMUM_LIVING = "minimum_living", _("Receives minimum living allowance (低保)")
    EXTREME_POVERTY = "extreme_poverty", _("Supported as extremely poor (特困供养)")
    WAGE_OR_INJURY = (
        "wage_or_injury",
        _("Migrant worker claiming wages or work-injury compensation"),
    )
    MILITARY = "military", _("Military personnel or family with a qualifying claim")
    OTHER = "other", _("Other reason set by regulation")


class ContactTime(models.TextChoices):
    ANY = "any", _("Any time")
    MORNING = "morning", _("Weekday mornings")
    AFTERNOON = "afternoon", _("Weekday afternoons")
    EVENING = "evening", _("Evenings")
    WEEKEND = "weekend", _("Weekends")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE_FINANCIAL = "financial", _("Does not meet the financial criteria")
    OUT_OF_SCOPE = "scope", _("Matter outside the scope of legal aid")
    NO_MERIT = "merit", _("No legal basis for the claim")
    ALREADY_REPRESENTED = "represented", _("Already has a lawyer")
    OTHER = "other", _("Other")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed personal data")
    LIST = "list", _("Listed records")
    EXPORT = "export", _("Exported")
    ANONYMISE = "anonymise", _("Anonymised")
