"""A small network with hand-counted figures for two years, for the report and summary tests.

`build_known_year(year)` makes a city centre and two county centres (A and B),
each county with one township workstation and one village liaison point
(with one liaison officer), then outreach logs, media reports, referrals,
volunteer approvals, shift attendance and extra hours dated in `year` and
`year - 1`. Some rows are dated just outside the two years (including the
first half hour of 1 January, which is still 31 December in UTC), a pending
extra-hours entry and a no-show sign-up: none of them may be counted.

It returns the figures a person counting the rows by hand gets, written out as
literals: the tests compare the report functions against them, so they must
never be derived from the rows themselves.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from outreach.factories import CampaignLogFactory, MediaReportFactory
from partners.choices import AreaLevel, ReferralStatus
from partners.factories import (
    AreaFactory,
    LiaisonOfficerFactory,
    PartnerOrganisationFactory,
    ReferralFactory,
    ServicePointFactory,
)
from volunteers.choices import ReviewStatus, VolunteerSource, VolunteerStatus
from volunteers.factories import (
    ExtraHoursFactory,
    OpportunityFactory,
    ShiftFactory,
    ShiftSignupFactory,
    VolunteerFactory,
)
from volunteers.models import VolunteerStatusChange

LOCAL = ZoneInfo("Asia/Shanghai")
S = ReferralStatus


def _at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    """A moment in the portal's time zone (the reports count local calendar days)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def _county(city_centre):
    """A county centre with one township workstation and one village liaison point."""
    county = AreaFactory(level=AreaLevel.COUNTY)
    township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
    village = AreaFactory(level=AreaLevel.VILLAGE, parent=township)
    centre = ServicePointFactory(county_centre=True, area=county, parent=city_centre)
    workstation = ServicePointFactory(workstation=True, area=township, parent=centre)
    liaison = ServicePointFactory(liaison_point=True, area=village, parent=workstation)
    LiaisonOfficerFactory(point=liaison)
    return {
        "county": county,
        "township": township,
        "village": village,
        "centre": centre,
        "workstation": workstation,
        "liaison": liaison,
    }


def _log(day, area, people, materials, consultations, media=(), *, by=None, partners=()):
    """A campaign log; `materials` is (leaflets, brochures, posters, other)."""
    leaflets, brochures, posters, other = materials
    log = CampaignLogFactory(
        date=day,
        area=area,
        people_reached=people,
        leaflets=leaflets,
        brochures=brochures,
        posters=posters,
        other_materials=other,
        consultations=consultations,
        reporting_organisation=by,
    )
    if partners:
        log.partner_organisations.set(partners)
        log.save()
    for level in media:
        MediaReportFactory(log=log, level=level)
    return log


def _referral(centre, organisation, status, submitted, *, days=None, reason="", **kwargs):
    """A referral submitted at `submitted`, decided `days` later when given."""
    return ReferralFactory(
        centre=centre,
        organisation=organisation,
        status=status,
        submitted_at=submitted,
        decided_at=submitted + datetime.timedelta(days=days) if days is not None else None,
        decline_reason=reason,
        **kwargs,
    )


def _approve(volunteer, at):
    VolunteerStatusChange.objects.create(
        volunteer=volunteer,
        at=at,
        from_status=VolunteerStatus.IN_REVIEW,
        to_status=VolunteerStatus.APPROVED,
    )


def _volunteer(source, areas=()):
    volunteer = VolunteerFactory(source=source)
    if areas:
        volunteer.preferred_areas.set(areas)
    return volunteer


def build_known_year(year: int = 2021) -> dict:
    """Build the network and its rows; return the hand-counted figures and the objects made.

    Keys of the result: "network", "A", "B" (figures per year, keyed like the
    year-end summary's lines), "city_row" (the per-centre table's city-level
    row), "P1" and "P2" (figures of one referring partner), "breakdowns" (by
    choice value or partner label: (this year, last year)), "centres",
    "partners" and "points".
    """
    y, p = year, year - 1
    city_centre = ServicePointFactory(city_centre=True)
    a, b = _county(city_centre), _county(city_centre)
    p1 = PartnerOrganisationFactory(short_name="甲合作单位")
    p2 = PartnerOrganisationFactory(short_name="乙合作单位")
    p3 = PartnerOrganisationFactory(short_name="丙合作单位")

    # --- Outreach logs -------------------------------------------------------------------
    # This year: A 2 logs (one county-level, one township), B 1, one with no area.
    _log(datetime.date(y, 3, 15), a["county"], 200, (300, 50, 4, 0), 25, ("county", "city"), by=p1)
    _log(
        datetime.date(y, 6, 1),
        a["township"],
        150,
        (1000, 100, 10, 6),
        30,
        ("province", "national", "national"),
        partners=[p2],
    )
    _log(
        datetime.date(y, 12, 31),
        b["township"],
        500,
        (2000, 0, 0, 0),
        40,
        ("county",),
        by=p2,
        partners=[p1],
    )
    _log(datetime.date(y, 9, 10), None, 100, (50, 0, 0, 0), 5, ("city",), by=p1, partners=[p1, p2])
    # Last year.
    _log(datetime.date(p, 5, 5), a["township"], 80, (100, 20, 0, 0), 10, ("city",))
    _log(datetime.date(p, 11, 11), b["county"], 300, (400, 0, 2, 8), 20)
    # Outside both years: never counted.
    _log(datetime.date(p - 1, 12, 31), a["township"], 999, (999, 0, 0, 0), 9, ("national",))
    _log(datetime.date(y + 1, 1, 1), b["township"], 999, (999, 0, 0, 0), 9, ("city",), by=p1)

    # --- Referrals -----------------------------------------------------------------------
    # Days to decision this year: A 3, 5, 9 (median 5); B 5, 7 (median 6); all 5.
    ac, bc = a["centre"], b["centre"]
    # 00:30 on 1 January is still the previous year in UTC: it belongs to `year`.
    _referral(ac, p1, S.ACCEPTED, _at(y, 1, 1, 0, 30), days=3, groups=["elderly", "disabled"])
    _referral(ac, p1, S.CLOSED, _at(y, 4, 10), days=5, groups=["elderly"], issue_category="family")
    _referral(
        ac,
        p2,
        S.DECLINED,
        _at(y, 7, 1),
        days=9,
        reason="financial",
        groups=["women"],
        issue_category="family",
    )
    _referral(ac, p2, S.SUBMITTED, _at(y, 12, 20), groups=["migrant-workers"])
    _referral(bc, p1, S.ASSIGNED, _at(y, 5, 5), days=5, groups=["migrant-workers"])
    _referral(
        bc,
        p2,
        S.DECLINED,
        _at(y, 8, 8),
        days=7,
        reason="scope",
        groups=["women", "minors"],
        issue_category="maintenance",
    )
    # A decline reason left on a withdrawn referral is not a decline.
    _referral(
        bc, p2, S.WITHDRAWN, _at(y, 9, 9), reason="other", groups=["other"], issue_category="other"
    )
    _referral(
        bc, p2, S.TRANSFERRED, _at(y, 10, 10), groups=["low-income"], issue_category="consumer"
    )
    _referral(
        city_centre, p1, S.UNDER_REVIEW, _at(y, 11, 11), groups=["elderly"], issue_category="land"
    )
    # Last year: days to decision A 6, 8 (median 7); B 10; all 8. P3 referred only then.
    _referral(ac, p1, S.ACCEPTED, _at(p, 2, 2), days=6, groups=["elderly"])
    _referral(
        ac,
        p3,
        S.DECLINED,
        _at(p, 3, 3),
        days=8,
        reason="merit",
        groups=["disabled"],
        issue_category="land",
    )
    _referral(
        bc,
        p1,
        S.CLOSED,
        _at(p, 6, 6),
        days=10,
        groups=["migrant-workers"],
        issue_category="work_injury",
    )
    # Outside both years.
    _referral(ac, p1, S.ACCEPTED, _at(p - 1, 12, 31, 23, 30), days=100, groups=["elderly"])
    _referral(bc, p2, S.SUBMITTED, _at(y + 1, 1, 1, 0, 30), groups=["women"])

    # --- Volunteers: approvals -----------------------------------------------------------
    v1 = _volunteer(VolunteerSource.STUDENT, [a["township"]])
    v2 = _volunteer(VolunteerSource.STUDENT, [a["village"], a["township"]])
    v3 = _volunteer(VolunteerSource.TEACHER, [b["township"]])
    v4 = _volunteer(VolunteerSource.RETIRED_COURT, [a["county"], b["county"]])
    v5 = _volunteer(VolunteerSource.LAWYER)
    v6 = _volunteer(VolunteerSource.STUDENT, [a["township"]])
    v7 = _volunteer(VolunteerSource.TEACHER, [b["township"]])
    v8 = _volunteer(VolunteerSource.STUDENT, [a["township"]])
    v9 = _volunteer(VolunteerSource.STUDENT, [b["township"]])
    _approve(v1, _at(y, 3, 1))
    _approve(v1, _at(y, 10, 1))  # approved again after a suspension: still one recruit
    _approve(v2, _at(y, 4, 1))
    VolunteerStatusChange.objects.create(
        volunteer=v3, at=_at(y, 4, 20), from_status="applied", to_status="in_review"
    )
    _approve(v3, _at(y, 5, 1))
    _approve(v4, _at(y, 6, 1))
    _approve(v5, _at(y, 7, 1))
    _approve(v6, _at(p, 8, 1))
    _approve(v7, _at(p, 9, 1))
    _approve(v8, _at(y + 1, 1, 1, 0, 30))  # next year, local time
    VolunteerStatusChange.objects.create(
        volunteer=v9, at=_at(y, 6, 6), from_status="in_review", to_status="rejected"
    )

    # --- Volunteers: shifts and extra hours ----------------------------------------------
    duty_a = OpportunityFactory(point=a["workstation"])
    duty_b = OpportunityFactory(point=b["workstation"])

    def attended(shift, volunteer, hours):
        ShiftSignupFactory(shift=shift, volunteer=volunteer, attendance="attended", hours=hours)

    shift = ShiftFactory(opportunity=duty_a, start=_at(y, 4, 3, 9))
    attended(shift, v1, Decimal("3.0"))
    attended(shift, v2, Decimal("2.5"))
    ShiftSignupFactory(shift=shift, volunteer=v3, attendance="no_show", hours=Decimal("3.0"))
    # At the village liaison point although the opportunity is at the workstation.
    shift = ShiftFactory(opportunity=duty_a, point=a["liaison"], start=_at(y, 12, 31, 20))
    attended(shift, v1, Decimal("4.0"))
    shift = ShiftFactory(opportunity=duty_b, start=_at(y, 6, 6, 9))
    attended(shift, v3, Decimal("3.0"))
    attended(shift, v4, Decimal("1.5"))
    shift = ShiftFactory(opportunity=duty_b, start=_at(y + 1, 1, 1, 7))  # next year, local time
    attended(shift, v3, Decimal("5.0"))
    shift = ShiftFactory(opportunity=duty_a, start=_at(p, 7, 4, 9))
    attended(shift, v6, Decimal("3.0"))

    approved = ReviewStatus.APPROVED
    ExtraHoursFactory(
        volunteer=v2,
        status=approved,
        point=a["workstation"],
        date=datetime.date(y, 8, 1),
        hours=Decimal("2.0"),
    )
    ExtraHoursFactory(
        volunteer=v5,
        status=approved,
        point=b["workstation"],
        date=datetime.date(y, 9, 1),
        hours=Decimal("1.5"),
    )
    # No workstation: counted for the network, in the city-level row.
    ExtraHoursFactory(
        volunteer=v6,
        status=approved,
        point=None,
        date=datetime.date(y, 10, 10),
        hours=Decimal("2.0"),
    )
    ExtraHoursFactory(
        volunteer=v7,
        status=approved,
        point=b["workstation"],
        date=datetime.date(p, 10, 10),
        hours=Decimal("2.5"),
    )
    # Not counted: still pending (and it would make B's liaison point active), and too old.
    ExtraHoursFactory(
        volunteer=v4,
        status=ReviewStatus.PENDING,
        point=b["liaison"],
        date=datetime.date(y, 9, 2),
        hours=Decimal("6.0"),
    )
    ExtraHoursFactory(
        volunteer=v1,
        status=approved,
        point=a["workstation"],
        date=datetime.date(p - 1, 6, 1),
        hours=Decimal("9.0"),
    )

    return {
        "network": {
            y: {
                "activities": 4,
                "people_reached": 950,
                "materials": 3520,
                "consultations": 100,
                "media_reports": 7,
                "media_city_plus": 5,
                "recruited": 5,
                "active": 6,
                "hours": Decimal("19.5"),
                "received": 9,
                "accepted": 3,
                "declined": 2,
                "pending": 2,
                "median_days": Decimal("5.0"),
                "points_active": 4,
            },
            p: {
                "activities": 2,
                "people_reached": 380,
                "materials": 530,
                "consultations": 30,
                "media_reports": 1,
                "media_city_plus": 1,
                "recruited": 2,
                "active": 2,
                "hours": Decimal("5.5"),
                "received": 3,
                "accepted": 2,
                "declined": 1,
                "pending": 0,
                "median_days": Decimal("8.0"),
                "points_active": 3,
            },
        },
        "A": {
            y: {
                "activities": 2,
                "people_reached": 350,
                "materials": 1470,
                "consultations": 55,
                "media_reports": 5,
                "media_city_plus": 4,
                "recruited": 3,
                "active": 2,
                "hours": Decimal("11.5"),
                "received": 4,
                "accepted": 2,
                "declined": 1,
                "pending": 1,
                "median_days": Decimal("5.0"),
                "points_active": 3,
            },
            p: {
                "activities": 1,
                "people_reached": 80,
                "materials": 120,
                "consultations": 10,
                "media_reports": 1,
                "media_city_plus": 1,
                "recruited": 1,
                "active": 1,
                "hours": Decimal("3.0"),
                "received": 2,
                "accepted": 1,
                "declined": 1,
                "pending": 0,
                "median_days": Decimal("7.0"),
                "points_active": 1,
            },
        },
        "B": {
            y: {
                "activities": 1,
                "people_reached": 500,
                "materials": 2000,
                "consultations": 40,
                "media_reports": 1,
                "media_city_plus": 0,
                "recruited": 2,
                "active": 3,
                "hours": Decimal("6.0"),
                "received": 4,
                "accepted": 1,
                "declined": 1,
                "pending": 0,
                "median_days": Decimal("6.0"),
                "points_active": 1,
            },
            p: {
                "activities": 1,
                "people_reached": 300,
                "materials": 410,
                "consultations": 20,
                "media_reports": 0,
                "media_city_plus": 0,
                "recruited": 1,
                "active": 1,
                "hours": Decimal("2.5"),
                "received": 1,
                "accepted": 1,
                "declined": 0,
                "pending": 0,
                "median_days": Decimal("10.0"),
                "points_active": 2,
            },
        },
        # The per-centre table's row for rows of no county (keys of `CENTRE_COLUMNS`).
        "city_row": {
            y: {
                "activities": 1,
                "materials": 50,
                "media_city_plus": 1,
                "received": 1,
                "accepted": 0,
                "volunteers_active": 1,
                "hours": Decimal("2.0"),
            },
            p: {
                "activities": 0,
                "materials": 0,
                "media_city_plus": 0,
                "received": 0,
                "accepted": 0,
                "volunteers_active": 0,
                "hours": 0,
            },
        },
        # One referring partner's figures this year (referrals it made, logs it ran or joined).
        "P1": {
            y: {
                "received": 4,
                "accepted": 3,
                "declined": 0,
                "pending": 1,
                "activities": 3,
                "people_reached": 800,
                "materials": 2404,
            }
        },
        "P2": {
            y: {
                "received": 5,
                "accepted": 0,
                "declined": 2,
                "pending": 1,
                "activities": 3,
                "people_reached": 750,
                "materials": 3166,
            }
        },
        # (this year, last year) per choice value; partners by short name.
        "breakdowns": {
            "partners": {"乙合作单位": (5, 0), "甲合作单位": (4, 2), "丙合作单位": (0, 1)},
            "groups": {
                "elderly": (3, 1),
                "disabled": (1, 1),
                "women": (2, 0),
                "minors": (1, 0),
                "migrant-workers": (2, 1),
                "military-families": (0, 0),
                "low-income": (1, 0),
                "detainees": (0, 0),
                "other": (1, 0),
            },
            "issues": {
                "wage_arrears": (3, 1),
                "work_injury": (0, 1),
                "family": (2, 0),
                "maintenance": (1, 0),
                "land": (1, 1),
                "consumer": (1, 0),
                "personal_injury": (0, 0),
                "criminal_defence": (0, 0),
                "other": (1, 0),
            },
            "declines": {
                "financial": (1, 0),
                "scope": (1, 0),
                "merit": (0, 1),
                "represented": (0, 0),
                "other": (0, 0),
            },
            "recruited": {
                "student": (2, 1),
                "teacher": (1, 1),
                "retired_court": (1, 0),
                "lawyer": (1, 0),
            },
            "hours": {
                "student": (Decimal("13.5"), Decimal("3.0")),
                "teacher": (Decimal("3.0"), Decimal("2.5")),
                "retired_court": (Decimal("1.5"), Decimal(0)),
                "lawyer": (Decimal("1.5"), Decimal(0)),
            },
            "media": {"county": (2, 0), "city": (2, 1), "province": (1, 0), "national": (2, 0)},
        },
        "centres": {"city": city_centre, "A": a["centre"], "B": b["centre"]},
        "partners": {"P1": p1, "P2": p2, "P3": p3},
        "points": {"A": a, "B": b},
    }
