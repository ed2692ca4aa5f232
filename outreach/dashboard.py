"""The staff dashboard on the Wagtail admin home: this month and this year at a glance.

Four panels (referrals, volunteers, short shifts, campaign activity), each
shown only to staff who may view the model behind it. Every figure is counted
by the database in a fixed number of queries, and every number links to the
admin list filtered to the rows it counts.
"""

import calendar
import dataclasses
import datetime

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from outreach.models import CampaignLog
from partners.choices import ReferralStatus
from partners.models import Referral
from volunteers.choices import VolunteerStatus
from volunteers.models import HOLDING_STATUSES, Shift, Volunteer

#: How far ahead the short-shift panel looks: from now to the end of the day this many days on.
SHIFT_DAYS_AHEAD = 14
#: Short shifts listed on the panel; the count and its link cover all of them.
SHIFT_ROWS = 10


@dataclasses.dataclass(frozen=True)
class Period:
    """A column of figures: a calendar span in the site's time zone, both ends inclusive.

    `first` and `last` are None for a column over all dates.
    """

    label: str
    first: datetime.date | None = None
    last: datetime.date | None = None
    #: The span for the column heading: "2026-05" or "2026".
    span: str = ""


@dataclasses.dataclass(frozen=True)
class Figure:
    """A number, the admin list of the rows it counts, and its column for screen readers."""

    count: int
    url: str
    column: str = ""


@dataclasses.dataclass(frozen=True)
class Row:
    label: str
    figures: list[Figure]
    is_total: bool = False


def this_month(today: datetime.date) -> Period:
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return Period(_("This month"), first, last, first.strftime("%Y-%m"))


def this_year(today: datetime.date) -> Period:
    first, last = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    return Period(_("This year"), first, last, str(today.year))


def admin_list_url(url_name: str, **params) -> str:
    """The admin list at `url_name`, filtered by `params` (dates as ISO strings)."""
    query = urlencode(
        {
            key: value.isoformat() if isinstance(value, datetime.date) else value
            for key, value in params.items()
        }
    )
    url = reverse(url_name)
    return f"{url}?{query}" if query else url


class DashboardPanel(Component):
    """A home page panel shown to superusers and to staff with `permission`."""

    permission = ""

    def is_shown_to(self, user) -> bool:
        return user.has_perm(self.permission)


class ReferralsPanel(DashboardPanel):
    """Referrals submitted this month and this year by status, and how many are overdue."""

    name = "dashboard_referrals"
    order = 100
    template_name = "admin/dashboard/referrals.html"
    permission = "partners.view_referral"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        month, year = columns = [this_month(today), this_year(today)]
        # One grouped query: the year's referrals by status, the month's counted alongside.
        counts = {
            row["status"]: row
            for row in Referral.objects.submitted_between(year.first, year.last)
            .order_by()
            .values("status")
            .annotate(
                in_month=Count(
                    "pk",
                    filter=Q(
                        submitted_at__date__gte=month.first, submitted_at__date__lte=month.last
                    ),
                ),
                in_year=Count("pk"),
            )
        }
        keys = ("in_month", "in_year")

        def figures(status, count_of):
            return [
                Figure(
                    count_of(key),
                    admin_list_url(
                        "referrals:index",
                        # With no status the queue lists only the unfinished referrals.
                        status=status or "all",
                        submitted_from=column.first,
                        submitted_to=column.last,
                    ),
                    column.label,
                )
                for key, column in zip(keys, columns, strict=True)
            ]

        rows = [
            Row(label, figures(status, lambda key, s=status: counts.get(s, {}).get(key, 0)))
            for status, label in ReferralStatus.choices
        ]
        rows.append(
            Row(
                _("All referrals"),
                figures(None, lambda key: sum(row[key] for row in counts.values())),
                is_total=True,
            )
        )
        overdue = Referral.objects.overdue().count()
        return {
            "columns": columns,
            "rows": rows,
            "overdue": Figure(overdue, admin_list_url("referrals:index", overdue="true")),
            "overdue_text": ngettext("%(count)d overdue", "%(count)d overdue", overdue)
            % {"count": overdue},
        }


class VolunteersPanel(DashboardPanel):
    """Volunteers by vetting state: all of them, and those who applied this month and year."""

    name = "dashboard_volunteers"
    order = 110
    template_name = "admin/dashboard/volunteers.html"
    permission = "volunteers.view_volunteer"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        month, year = this_month(today), this_year(today)
        columns = [
            Period(_("All")),
            dataclasses.replace(month, label=_("Applied this month")),
            dataclasses.replace(year, label=_("Applied this year")),
        ]
        # One grouped query: every volunteer by status, with this month's and year's applicants.
        counts = {
            row["status"]: row
            for row in Volunteer.objects.order_by()
            .values("status")
            .annotate(
                in_all=Count("pk"),
                in_month=Count(
                    "pk",
                    filter=Q(applied_at__date__gte=month.first, applied_at__date__lte=month.last),
                ),
                in_year=Count(
                    "pk",
                    filter=Q(applied_at__date__gte=year.first, applied_at__date__lte=year.last),
                ),
            )
        }
        keys = ("in_all", "in_month", "in_year")

        def figures(status, count_of):
            result = []
            for key, column in zip(keys, columns, strict=True):
                params = {"status": status} if status else {}
                if column.first:
                    params.update(applied_from=column.first, applied_to=column.last)
                url = admin_list_url("volunteer-people:index", **params)
                result.append(Figure(count_of(key), url, column.label))
            return result

        rows = [
            Row(label, figures(status, lambda key, s=status: counts.get(s, {}).get(key, 0)))
            for status, label in VolunteerStatus.choices
        ]
        rows.append(
            Row(
                _("All volunteers"),
                figures(None, lambda key: sum(row[key] for row in counts.values())),
                is_total=True,
            )
        )
        return {"columns": columns, "rows": rows}


def short_shifts(now: datetime.datetime, last_day: datetime.date):
    """Shifts from `now` to the end of `last_day` with fewer places held than offered.

    Held places are confirmed and offered sign-ups (`HOLDING_STATUSES`), as the
    sign-up service and the shift list's "short" filter count them.
    """
    held = Count("signups", filter=Q(signups__status__in=HOLDING_STATUSES))
    return (
        Shift.objects.upcoming(now)
        .filter(start__date__lte=last_day)
        .annotate(filled=held)
        .filter(filled__lt=F("capacity"))
    )


class ShortShiftsPanel(DashboardPanel):
    """The soonest shifts of the next two weeks that still have places nobody holds."""

    name = "dashboard_short_shifts"
    order = 120
    template_name = "admin/dashboard/short_shifts.html"
    permission = "volunteers.view_shift"

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        today = timezone.localdate(now)
        last_day = today + datetime.timedelta(days=SHIFT_DAYS_AHEAD)
        shifts = short_shifts(now, last_day)
        rows = [
            {
                "title": shift.opportunity.title,
                "place": shift.place,
                "start": timezone.localtime(shift.start),
                "end": timezone.localtime(shift.end),
                "filled": shift.filled,
                "capacity": shift.capacity,
                "url": reverse("volunteer-shifts:edit", args=[shift.pk]),
            }
            for shift in shifts.select_related("opportunity__point", "point").order_by(
                "start", "pk"
            )[:SHIFT_ROWS]
        ]
        total = shifts.count()
        return {
            "rows": rows,
            "last_day": last_day,
            "total": Figure(
                total,
                admin_list_url(
                    "volunteer-shifts:index", short="true", start_from=today, start_to=last_day
                ),
            ),
            "total_text": ngettext(
                "%(count)d shift short of volunteers",
                "%(count)d shifts short of volunteers",
                total,
            )
            % {"count": total},
        }


class CampaignActivityPanel(DashboardPanel):
    """Campaign logs of this month and this year: activities, reach, materials, media reports."""

    name = "dashboard_campaign_activity"
    order = 130
    template_name = "admin/dashboard/campaign_activity.html"
    permission = "outreach.view_campaignlog"

    #: The `CampaignLogQuerySet.totals()` keys shown, in order.
    FIGURES = (
        ("activities", _("Activities")),
        ("people_reached", _("People reached")),
        ("materials_total", _("Materials handed out")),
        ("media_reports", _("Media reports")),
    )

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        columns = [this_month(today), this_year(today)]
        totals = [
            CampaignLog.objects.in_period(column.first, column.last).totals() for column in columns
        ]
        urls = [
            admin_list_url("campaign-logs:index", period_from=column.first, period_to=column.last)
            for column in columns
        ]
        rows = [
            Row(
                label,
                [
                    Figure(column_totals[key], url, column.label)
                    for column, column_totals, url in zip(columns, totals, urls, strict=True)
                ],
            )
            for key, label in self.FIGURES
        ]
        return {"columns": columns, "rows": rows}


PANELS = (ReferralsPanel, VolunteersPanel, ShortShiftsPanel, CampaignActivityPanel)


def panels_for(user) -> list[DashboardPanel]:
    """The dashboard panels `user` may see (superusers see every one)."""
    return [panel for panel in (cls() for cls in PANELS) if panel.is_shown_to(user)]
