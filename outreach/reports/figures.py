"""The network's figures for a scope, each computed with database aggregates.

Every function here runs a fixed number of queries whatever the data size:
`values(...).annotate(Count/Sum)` and `aggregate(...)` grouped in the
database; Python only merges the few aggregated rows (one per status, group,
source, centre...). Reports, the year-end summary, the partner figures page
and their exports all read these functions, so a figure means the same
everywhere.
"""

import datetime
from decimal import Decimal

from django.db import connections, router
from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from outreach.choices import ActivityType, MediaLevel
from outreach.models import CampaignLog
from partners.choices import DeclineReason, IssueCategory, PointKind, ReferralStatus
from partners.managers import CLOCK_STATUSES
from partners.models import Area, LiaisonOfficer, PopulationGroup, Referral, ServicePoint
from portal.aggregates import Median
from volunteers.choices import ReviewStatus, VolunteerSource, VolunteerStatus
from volunteers.models import ExtraHours, ShiftSignup, Volunteer, VolunteerStatusChange
from volunteers.services import merge_hour_rows

from .scope import COUNTY_PREFIX_LENGTH, Scope, county_key

S = ReferralStatus

#: Outcome buckets of a referral, in the order the summary states them.
OUTCOMES = {
    "pending": (S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_INFO),
    "accepted": (S.ACCEPTED, S.ASSIGNED, S.CLOSED),
    "declined": (S.DECLINED,),
    "transferred": (S.TRANSFERRED,),
    "withdrawn": (S.WITHDRAWN,),
    "unreachable": (S.UNREACHABLE,),
}
OUTCOME_LABELS = {
    "pending": _("Awaiting a decision"),
    "accepted": _("Accepted"),
    "declined": _("Declined"),
    "transferred": _("Transferred"),
    "withdrawn": _("Withdrawn"),
    "unreachable": _("Unreachable"),
}
#: Media levels the summaries count as "city level or higher" (市级以上媒体).
CITY_PLUS_LEVELS = (MediaLevel.CITY, MediaLevel.PROVINCE, MediaLevel.NATIONAL)
#: Point kinds grouped the way the summaries count the network.
COVERAGE_KINDS = {
    "centres": (PointKind.CITY_CENTRE, PointKind.COUNTY_CENTRE),
    "workstations": (PointKind.WORKSTATION,),
    "special_workstations": (
        PointKind.SPECIAL_WORKSTATION,
        PointKind.COURT_STATION,
        PointKind.PROCURATORATE_STATION,
        PointKind.DETENTION_STATION,
    ),
    "liaison_points": (PointKind.LIAISON_POINT,),
}
COVERAGE_LABELS = {
    "centres": _("Legal aid centres"),
    "workstations": _("Township workstations"),
    "special_workstations": _("Special and duty-lawyer workstations"),
    "liaison_points": _("Village liaison points"),
}
HOURS = DecimalField(max_digits=12, decimal_places=1)
ZERO_HOURS = Value(Decimal(0), output_field=HOURS)


def _rows(choices, counts: dict, **extra) -> list[dict]:
    """One row per choice in its order, zero where the database had none."""
    return [
        {"key": value, "label": label, "count": counts.get(value, 0), **extra}
        for value, label in choices
    ]


def moments_q(scope: Scope, datetime_path: str) -> Q:
    """Rows whose datetime at `datetime_path` falls on the scope's days (local time).

    The same rows as `scope.dates_q(f"{datetime_path}__date")`, written as a
    range on the column itself: `__date` converts every row's timestamp (AT
    TIME ZONE) before comparing, which no index or column statistics can serve,
    so PostgreSQL scanned and misestimated the whole table on every query.
    """
    q = Q()
    if scope.start is not None:
        q &= Q(**{f"{datetime_path}__gte": _local_midnight(scope.start)})
    if scope.end is not None and scope.end < datetime.date.max:
        q &= Q(**{f"{datetime_path}__lt": _local_midnight(scope.end + datetime.timedelta(days=1))})
    return q


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- Referrals ---------------------------------------------------------------------------


def referral_queryset(scope: Scope):
    """Referrals submitted in the period, to the centre's area, from the organisation."""
    queryset = Referral.objects.filter(
        moments_q(scope, "submitted_at"), scope.area_q("centre__area__code")
    )
    if scope.organisation is not None:
        queryset = queryset.filter(organisation=scope.organisation)
    return queryset.order_by()


def referral_figures(scope: Scope, *, now=None) -> dict:
    """Referrals received, by status, outcome, partner, group, issue; decline reasons; timing."""
    now = now or timezone.now()
    referrals = referral_queryset(scope)
    totals = referrals.aggregate(
        received=Count("pk"),
        people=Coalesce(Sum("people_count"), 0),
        urgent=Count("pk", filter=Q(is_urgent=True)),
        overdue=Count("pk", filter=Q(status__in=CLOCK_STATUSES, review_due_at__lt=now)),
        **{f"status_{value}": Count("pk", filter=Q(status=value)) for value in S.values},
        # Issues and decline reasons here too: one scan of the referrals instead of three.
        **{
            f"issue_{value}": Count("pk", filter=Q(issue_category=value))
            for value in IssueCategory.values
        },
        **{
            f"decline_{value}": Count("pk", filter=Q(status=S.DECLINED, decline_reason=value))
            for value in DeclineReason.values
        },
        # No filter needed: undecided rows give NULL, which the median skips.
        median_decision=Median(
            ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField()),
            output_field=DurationField(),
        ),
        decided=Count("pk", filter=Q(decided_at__isnull=False)),
    )
    by_status = {value: totals.pop(f"status_{value}") for value in S.values}
    by_issue = _rows(
        IssueCategory.choices,
        {value: totals.pop(f"issue_{value}") for value in IssueCategory.values},
    )
    decline_reasons = _rows(
        DeclineReason.choices,
        {value: totals.pop(f"decline_{value}") for value in DeclineReason.values},
    )
    outcomes = {
        key: sum(by_status[status] for status in statuses) for key, statuses in OUTCOMES.items()
    }
    median = totals.pop("median_decision")
    by_partner = list(
        referrals.values("organisation_id", "organisation__name", "organisation__short_name")
        .annotate(
            count=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=OUTCOMES["accepted"])),
            declined=Count("pk", filter=Q(status=S.DECLINED)),
            pending=Count("pk", filter=Q(status__in=OUTCOMES["pending"])),
        )
        .order_by("-count", "organisation__name")
    )
    for row in by_partner:
        row["label"] = row["organisation__short_name"] or row["organisation__name"]
    group_counts = dict(
        Referral.groups.through.objects.filter(referral__in=referrals.values("pk"))
        .values_list("populationgroup_id")
        .annotate(count=Count("referral_id"))
        .order_by()
    )
    by_group = [
        {"key": group.code, "label": group.localized_name, "count": group_counts.get(group.pk, 0)}
        for group in PopulationGroup.objects.all()
    ]
    return {
        **totals,
        "by_status": _rows(S.choices, by_status),
        "outcomes": outcomes,
        "by_outcome": [
            {"key": key, "label": OUTCOME_LABELS[key], "count": count}
            for key, count in outcomes.items()
        ],
        "median_days_to_decision": _days(median),
        "by_partner": by_partner,
        "by_group": by_group,
        "by_issue": by_issue,
        "decline_reasons": decline_reasons,
    }


def _days(value) -> Decimal | None:
    """A duration as days with one decimal (the median arrives as a timedelta)."""
    if value is None:
        return None
    if not isinstance(value, datetime.timedelta):  # SQLite hands back microseconds
        value = datetime.timedelta(microseconds=float(value))
    return Decimal(value.total_seconds() / 86400).quantize(Decimal("0.1"))


# --- Outreach ----------------------------------------------------------------------------


def campaign_log_queryset(scope: Scope):
    """Logs held in the period, in the centre's area, logged by or listing the organisation."""
    logs = CampaignLog.objects.filter(scope.dates_q("date"), scope.area_q("area__code"))
    if scope.organisation is not None:
        logs = logs.filter(
            pk__in=CampaignLog.objects.filter(
                Q(reporting_organisation=scope.organisation)
                | Q(partner_organisations=scope.organisation)
            ).values("pk")
        )
    return logs.order_by()


MATERIALS = F("leaflets") + F("brochures") + F("posters") + F("other_materials")


def _log_sums():
    return {
        "activities": Count("pk"),
        "people_reached": Coalesce(Sum("people_reached"), 0),
        "materials": Coalesce(Sum(MATERIALS, output_field=IntegerField()), 0),
        "consultations": Coalesce(Sum("consultations"), 0),
    }


def outreach_figures(scope: Scope) -> dict:
    """Activities, reach, materials, consultations and media reports; by campaign and type."""
    logs = campaign_log_queryset(scope)
    totals = logs.totals()
    by_type = {
        row["activity_type"]: row for row in logs.values("activity_type").annotate(**_log_sums())
    }
    by_activity_type = [
        {
            "key": value,
            "label": label,
            **{name: by_type.get(value, {}).get(name, 0) for name in _log_sums()},
        }
        for value, label in ActivityType.choices
    ]
    by_campaign = list(
        logs.values(key=Coalesce("campaign__translation_key", Value(None)))
        .annotate(**_log_sums())
        .order_by("-activities")
    )
    titles = _campaign_titles([row["key"] for row in by_campaign if row["key"]])
    for row in by_campaign:
        row["label"] = titles.get(row["key"]) if row["key"] else None
        row["label"] = row["label"] or str(_("No campaign"))
    media = totals["media_reports_by_level"]
    return {
        **totals,
        "media_city_plus": sum(media[level] for level in CITY_PLUS_LEVELS),
        "by_activity_type": by_activity_type,
        "by_campaign": by_campaign,
        "by_media_level": [
            {"key": value, "label": label, "count": media[value]}
            for value, label in MediaLevel.choices
        ],
        "materials_by_kind": [
            {
                "key": name,
                "label": CampaignLog._meta.get_field(name).verbose_name,
                "count": totals[name],
            }
            for name in ("leaflets", "brochures", "posters", "other_materials")
        ],
    }


def _campaign_titles(keys) -> dict:
    """Campaign titles in the current language, falling back to any translation (one query)."""
    if not keys:
        return {}
    current = Locale.get_active().pk
    titles = {}
    for key, title, locale_id in Page.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "title", "locale_id"
    ):
        if locale_id == current or key not in titles:
            titles[key] = title
    return titles


# --- Volunteers --------------------------------------------------------------------------

SIGNUP_AREA = Coalesce("shift__point__area__code", "shift__opportunity__point__area__code")
SIGNUP_POINT = Coalesce("shift__point_id", "shift__opportunity__point_id")


def service_querysets(scope: Scope):
    """Attended shifts (dated by their start) and approved extra hours in the scope.

    Each is annotated with `_area` (the area code of where it happened), so
    centre filters and per-centre grouping read the same column.
    """
    signups = (
        ShiftSignup.objects.attended()
        .filter(moments_q(scope, "shift__start"))
        .annotate(_area=SIGNUP_AREA, _point=SIGNUP_POINT)
        .filter(scope.area_q("_area"))
        .order_by()
    )
    extra = (
        ExtraHours.objects.filter(status=ReviewStatus.APPROVED)
        .filter(scope.dates_q("date"))
        .annotate(_area=F("point__area__code"), _point=F("point_id"))
        .filter(scope.area_q("_area"))
        .order_by()
    )
    return signups, extra


def _merge_hours(key: str, signup_rows, extra_rows) -> dict:
    """Grouped shift and extra-hours sums merged per `key` value (see `merge_hour_rows`)."""
    return {row[key]: row for row in merge_hour_rows((key,), signup_rows, extra_rows)}


def count_distinct_union(querysets, value: str, group: str | None = None):
    """COUNT(DISTINCT value) over the UNION of several querysets' rows, optionally grouped.

    The ORM cannot aggregate over a union, so the compiled SQL of each queryset
    is wrapped in one statement; the database still does all the counting.
    Returns an int, or a dict group → count.
    """
    columns = [value] if group is None else [group, value]
    connection = connections[router.db_for_read(querysets[0].model)]
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, sql_params = queryset.values_list(*columns).query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{index}")  # noqa: S608 - ORM SQL, params apart
        params.extend(sql_params)
    union = " UNION ".join(parts)
    # The union's columns are named after the first part's: the values_list names.
    counted = f"COUNT(DISTINCT u.{connection.ops.quote_name(value)})"
    if group is None:
        sql = f"SELECT {counted} FROM ({union}) AS u"  # noqa: S608 - quoted identifiers only
    else:
        grouped = f"u.{connection.ops.quote_name(group)}"
        sql = f"SELECT {grouped}, {counted} FROM ({union}) AS u GROUP BY {grouped}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if group is None:
            return cursor.fetchone()[0]
        return dict(cursor.fetchall())


def recruited_queryset(scope: Scope):
    """First approvals after review in the period, of volunteers who chose the centre's area."""
    approvals = VolunteerStatusChange.objects.filter(
        moments_q(scope, "at"),
        from_status=VolunteerStatus.IN_REVIEW,
        to_status=VolunteerStatus.APPROVED,
    )
    if scope.area_prefix:
        approvals = approvals.filter(
            volunteer__in=Volunteer.preferred_areas.through.objects.filter(
                area__code__startswith=scope.area_prefix
            ).values("volunteer_id")
        )
    return approvals.order_by()


def volunteer_figures(scope: Scope) -> dict:
    """Recruited and active volunteers by source, verified hours by source and workstation."""
    signups, extra = service_querysets(scope)
    sums = {"hours": Coalesce(Sum("hours"), ZERO_HOURS), "count": Count("pk")}
    by_source_hours = _merge_hours(
        "source",
        signups.values(source=F("volunteer__source")).annotate(**sums),
        extra.values(source=F("volunteer__source")).annotate(**sums),
    )
    by_point_hours = _merge_hours(
        "where",
        signups.values(where=F("_point")).annotate(**sums),
        extra.values(where=F("_point")).annotate(**sums),
    )
    active_by_source = count_distinct_union(
        [
            signups.annotate(_source=F("volunteer__source")),
            extra.annotate(_source=F("volunteer__source")),
        ],
        "volunteer_id",
        group="_source",
    )
    recruited = dict(
        recruited_queryset(scope)
        .values_list("volunteer__source")
        .annotate(n=Count("volunteer_id", distinct=True))
    )
    by_source = []
    for value, label in VolunteerSource.choices:
        hours = by_source_hours.get(value, {})
        by_source.append(
            {
                "key": value,
                "label": label,
                "recruited": recruited.get(value, 0),
                "active": active_by_source.get(value, 0),
                "hours": hours.get("hours", Decimal(0)),
                "shifts": hours.get("shifts", 0),
                "extra_entries": hours.get("extra_entries", 0),
            }
        )
    points = dict(
        ServicePoint.objects.filter(pk__in=[key for key in by_point_hours if key]).values_list(
            "pk", "name"
        )
    )
    by_point = sorted(
        (
            {
                "key": key,
                "label": points.get(key) or str(_("No workstation")),
                **values,
            }
            for key, values in by_point_hours.items()
        ),
        key=lambda row: (-row["hours"], row["label"]),
    )
    status_counts = dict(
        Volunteer.objects.filter(anonymised_at__isnull=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "recruited": sum(recruited.values()),
        "active": count_distinct_union([signups, extra], "volunteer_id"),
        "hours": sum((row["hours"] for row in by_source), Decimal(0)),
        "shifts": sum(row["shifts"] for row in by_source),
        "by_source": by_source,
        "by_point": by_point,
        "by_status": _rows(VolunteerStatus.choices, status_counts),
    }


# --- Network coverage --------------------------------------------------------------------


def _activity_q(scope: Scope) -> Q:
    """Points that had volunteer service, or a campaign log in their area, in the period.

    Three uncorrelated IN subqueries, each evaluated once, rather than an
    EXISTS per point.
    """
    signups, extra = service_querysets(Scope(scope.start, scope.end))
    logs = CampaignLog.objects.filter(scope.dates_q("date"), area__isnull=False)
    return (
        Q(pk__in=signups.values("_point"))
        | Q(pk__in=extra.filter(point__isnull=False).values("point_id"))
        | Q(area_id__in=logs.values("area_id"))
    )


def coverage_figures(scope: Scope) -> dict:
    """Points by kind, liaison officers, points per township, points active in the period."""
    points = ServicePoint.objects.active().filter(scope.area_q("area__code"))
    if scope.organisation is not None:
        points = points.filter(host_organisation=scope.organisation)
    points = points.order_by()
    active = _activity_q(scope)
    kind_counts = {
        row["kind"]: row
        for row in points.values("kind").annotate(
            points=Count("pk"), active_in_period=Count("pk", filter=active)
        )
    }
    by_kind = []
    for key, kinds in COVERAGE_KINDS.items():
        by_kind.append(
            {
                "key": key,
                "label": COVERAGE_LABELS[key],
                "points": sum(kind_counts.get(kind, {}).get("points", 0) for kind in kinds),
                "active_in_period": sum(
                    kind_counts.get(kind, {}).get("active_in_period", 0) for kind in kinds
                ),
            }
        )
    township_rows = (
        points.filter(area__level__in=("township", "village"))
        .values(township=Substr("area__code", 1, 9))
        .annotate(
            points=Count("pk"),
            liaison_points=Count("pk", filter=Q(kind=PointKind.LIAISON_POINT)),
            active_in_period=Count("pk", filter=active),
        )
        .order_by("township")
    )
    townships = {
        area.code[:9]: area
        for area in Area.objects.filter(level="township")
        .filter(scope.area_q("code"))
        .select_related("parent")
    }
    by_township = []
    for row in township_rows:
        area = townships.get(row["township"].ljust(12, "0")[:9])
        by_township.append(
            {
                **row,
                "label": f"{area.parent.name} · {area.name}" if area else row["township"],
            }
        )
    officers = LiaisonOfficer.objects.filter(point__in=points.values("pk")).count()
    return {
        "points": sum(row["points"] for row in by_kind),
        "active_in_period": sum(row["active_in_period"] for row in by_kind),
        "liaison_officers": officers,
        "by_kind": by_kind,
        "by_township": by_township,
    }


# --- Per centre --------------------------------------------------------------------------


def per_centre_figures(scope: Scope) -> dict[str, dict]:
    """The headline figures of every centre in grouped queries: county prefix → figures.

    Rows that belong to no county land under `scope.CITY_LEVEL`'s caller-side
    bucket (the keys here are raw county prefixes, or None).
    """
    result: dict = {}

    def put(key, name, value):
        result.setdefault(key, {})[name] = value

    logs = campaign_log_queryset(scope)
    for row in logs.values(key=county_key("area__code")).annotate(**_log_sums()):
        for name in ("activities", "people_reached", "materials"):
            put(row["key"], name, row[name])
    from outreach.models.campaign_logs import MediaReport

    for row in (
        MediaReport.objects.filter(log__in=logs.values("pk"), level__in=CITY_PLUS_LEVELS)
        .values(key=county_key("log__area__code"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        put(row["key"], "media_city_plus", row["n"])
    for row in (
        referral_queryset(scope)
        .values(key=county_key("centre__area__code"))
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=OUTCOMES["accepted"])),
            declined=Count("pk", filter=Q(status=S.DECLINED)),
            pending=Count("pk", filter=Q(status__in=OUTCOMES["pending"])),
        )
    ):
        for name in ("received", "accepted", "declined", "pending"):
            put(row["key"], name, row[name])
    signups, extra = service_querysets(scope)
    sums = {"hours": Coalesce(Sum("hours"), ZERO_HOURS), "count": Count("pk")}
    hours = _merge_hours(
        "key",
        signups.values(key=Substr("_area", 1, COUNTY_PREFIX_LENGTH)).annotate(**sums),
        extra.values(key=Substr("_area", 1, COUNTY_PREFIX_LENGTH)).annotate(**sums),
    )
    for key, values in hours.items():
        put(key, "hours", values["hours"])
    active = count_distinct_union(
        [
            signups.annotate(_county=Substr("_area", 1, COUNTY_PREFIX_LENGTH)),
            extra.annotate(_county=Substr("_area", 1, COUNTY_PREFIX_LENGTH)),
        ],
        "volunteer_id",
        group="_county",
    )
    for key, count in active.items():
        put(key, "volunteers_active", count)
    for row in (
        Volunteer.preferred_areas.through.objects.filter(
            volunteer__in=recruited_queryset(Scope(scope.start, scope.end)).values("volunteer_id")
        )
        .values(key=county_key("area__code"))
        .annotate(n=Count("volunteer_id", distinct=True))
        .order_by()
    ):
        put(row["key"], "volunteers_recruited", row["n"])
    return result
