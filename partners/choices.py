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
