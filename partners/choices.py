"""Controlled lists of the legal aid network."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
