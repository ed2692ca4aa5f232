"""Staff report pages in the Wagtail admin (/admin/reports/...), each with its XLSX export.

Every report reads `outreach.reports.figures` for the filtered scope and lays
the figures out as `Section`s: a chart (pygal SVG, no script) above a table
with the same numbers. `?format=xlsx` downloads the same sections.
"""

import abc

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.admin_import import download_response
from portal.pdf import CJKFontMissing

from . import figures
from .forms import ReportFilterForm, YearEndForm
from .sections import Section, sections_workbook
from .year_end import CENTRE_COLUMNS, year_end_summary

#: The permission every statistics page needs (figures only, never personal data).
REPORT_PERMISSION = "outreach.view_reports"


class StatisticsMixin:
    """Only staff with the reports permission; others go back to the admin home."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ReportView(StatisticsMixin, WagtailAdminTemplateMixin, TemplateView, abc.ABC):
    """A filtered report: headline figures, then sections; `?format=xlsx` exports them."""

    template_name = "admin/reports/report.html"
    header_icon = "table"
    #: File name stem of the export.
    export_stem = "report"

    @abc.abstractmethod
    def get_figures(self, scope) -> dict:
        """The figures of the filtered scope (a function of `outreach.reports.figures`)."""

    def get_headlines(self, data) -> list[tuple[str, object]]:
        return []

    @abc.abstractmethod
    def get_sections(self, data) -> list[Section]:
        """The figures laid out as sections (chart + table), shared by page and export."""

    def get(self, request, *args, **kwargs):
        form = ReportFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, sections=[]))
        scope = form.scope()
        data = self.get_figures(scope)
        sections = self.get_sections(data)
        headlines = self.get_headlines(data)
        if request.GET.get("format") == "xlsx":
            return download_response(
                sections_workbook(
                    sections,
                    stem=f"{self.export_stem}-{scope.start}_{scope.end}",
                    heading_rows=[*self.filter_rows(scope), *headlines],
                )
            )
        query = request.GET.copy()
        query["format"] = "xlsx"
        return self.render_to_response(
            self.get_context_data(
                form=form,
                scope=scope,
                filters=self.filter_rows(scope),
                headlines=headlines,
                sections=sections,
                export_query=query.urlencode(),
            )
        )

    def filter_rows(self, scope):
        return [
            (gettext("Report"), str(self.page_title)),
            (
                gettext("Period"),
                f"{date_format(scope.start, 'SHORT_DATE_FORMAT')} – "
                f"{date_format(scope.end, 'SHORT_DATE_FORMAT')}",
            ),
            (
                gettext("Legal aid centre"),
                scope.centre.name if scope.centre else gettext("The whole network"),
            ),
            (
                gettext("Partner organisation"),
                scope.organisation.name if scope.organisation else gettext("All partners"),
            ),
        ]


COUNT = ("count", _("Number"))


class ReferralReportView(ReportView):
    page_title = _("Referral statistics")
    export_stem = "referrals"

    def get_figures(self, scope):
        return figures.referral_figures(scope)

    def get_headlines(self, data):
        days = data["median_days_to_decision"]
        return [
            (gettext("Referrals received"), data["received"]),
            (gettext("People concerned"), data["people"]),
            (gettext("Accepted"), data["outcomes"]["accepted"]),
            (gettext("Declined"), data["outcomes"]["declined"]),
            (gettext("Awaiting a decision"), data["outcomes"]["pending"]),
            (gettext("Overdue"), data["overdue"]),
            (gettext("Median days to decision"), "—" if days is None else days),
        ]

    def get_sections(self, data):
        return [
            Section(
                "outcomes",
                _("Referrals by outcome"),
                [("label", _("Outcome")), COUNT],
                data["by_outcome"],
                chart="count",
            ),
            Section(
                "partners",
                _("Referrals by partner organisation"),
                [
                    ("label", _("Partner organisation")),
                    ("count", _("Referrals")),
                    ("accepted", _("Accepted")),
                    ("declined", _("Declined")),
                    ("pending", _("Awaiting a decision")),
                ],
                data["by_partner"],
                chart="count",
            ),
            Section(
                "groups",
                _("Referrals by group served"),
                [("label", _("Group served")), COUNT],
                data["by_group"],
                chart="count",
                note=_(
                    "A referral can name several groups, so these add up to more than the"
                    " referrals."
                ),
            ),
            Section(
                "issues",
                _("Referrals by issue"),
                [("label", _("Issue")), COUNT],
                data["by_issue"],
                chart="count",
            ),
            Section(
                "declines",
                _("Decline reasons"),
                [("label", _("Reason")), COUNT],
                data["decline_reasons"],
                chart="count",
            ),
            Section(
                "statuses",
                _("Referrals by status"),
                [("label", _("Status")), COUNT],
                data["by_status"],
            ),
        ]


class OutreachReportView(ReportView):
    page_title = _("Outreach statistics")
    export_stem = "outreach"
    LOG_COLUMNS = [
        ("activities", _("Activities")),
        ("people_reached", _("People reached")),
        ("materials", _("Materials")),
        ("consultations", _("Consultations")),
    ]

    def get_figures(self, scope):
        return figures.outreach_figures(scope)

    def get_headlines(self, data):
        return [
            (gettext("Outreach activities"), data["activities"]),
            (gettext("People reached"), data["people_reached"]),
            (gettext("Materials distributed"), data["materials_total"]),
            (gettext("Consultations"), data["consultations"]),
            (gettext("Media reports"), data["media_reports"]),
            (gettext("Reports in city-level or higher media"), data["media_city_plus"]),
        ]

    def get_sections(self, data):
        return [
            Section(
                "types",
                _("Activities by type"),
                [("label", _("Activity type")), *self.LOG_COLUMNS],
                data["by_activity_type"],
                chart="activities",
            ),
            Section(
                "campaigns",
                _("Activities by campaign"),
                [("label", _("Campaign")), *self.LOG_COLUMNS],
                data["by_campaign"],
                chart="activities",
            ),
            Section(
                "media",
                _("Media reports by level"),
                [("label", _("Level")), COUNT],
                data["by_media_level"],
                chart="count",
            ),
            Section(
                "materials",
                _("Materials by kind"),
                [("label", _("Kind")), COUNT],
                data["materials_by_kind"],
                chart="count",
            ),
        ]


class VolunteerReportView(ReportView):
    page_title = _("Volunteer statistics")
    export_stem = "volunteers"

    def get_figures(self, scope):
        return figures.volunteer_figures(scope)

    def get_headlines(self, data):
        return [
            (gettext("Volunteers recruited"), data["recruited"]),
            (gettext("Active volunteers"), data["active"]),
            (gettext("Verified hours"), data["hours"]),
            (gettext("Shifts attended"), data["shifts"]),
        ]

    def get_sections(self, data):
        hours_columns = [
            ("hours", _("Verified hours")),
            ("shifts", _("Shifts attended")),
            ("extra_entries", _("Extra-hours reports")),
        ]
        return [
            Section(
                "sources",
                _("Volunteers by source"),
                [
                    ("label", _("Source")),
                    ("recruited", _("Recruited")),
                    ("active", _("Active")),
                    *hours_columns,
                ],
                data["by_source"],
                chart="hours",
            ),
            Section(
                "points",
                _("Hours by workstation"),
                [("label", _("Workstation")), *hours_columns],
                data["by_point"],
                chart="hours",
            ),
            Section(
                "statuses",
                _("Volunteers by vetting state (today)"),
                [("label", _("State")), COUNT],
                data["by_status"],
                chart="count",
                note=_("Current states of all volunteers, whatever the period."),
            ),
        ]


class CoverageReportView(ReportView):
    page_title = _("Network coverage")
    export_stem = "coverage"

    def get_figures(self, scope):
        return figures.coverage_figures(scope)

    def get_headlines(self, data):
        return [
            (gettext("Points in service"), data["points"]),
            (gettext("Points with activity in the period"), data["active_in_period"]),
            (gettext("Liaison officers"), data["liaison_officers"]),
        ]

    def get_sections(self, data):
        return [
            Section(
                "kinds",
                _("Points by kind"),
                [
                    ("label", _("Kind")),
                    ("points", _("Points")),
                    ("active_in_period", _("With activity in the period")),
                ],
                data["by_kind"],
                chart="points",
            ),
            Section(
                "townships",
                _("Points per township"),
                [
                    ("label", _("Township")),
                    ("points", _("Points")),
                    ("liaison_points", _("Liaison points")),
                    ("active_in_period", _("With activity in the period")),
                ],
                data["by_township"],
                note=_(
                    "Activity: volunteer service at the point or an outreach activity logged in"
                    " its area."
                ),
            ),
        ]


class YearEndView(StatisticsMixin, WagtailAdminTemplateMixin, TemplateView):
    """The year-end summary: a printable page, `?format=xlsx` and `?format=pdf`."""

    template_name = "admin/reports/year_end.html"
    page_title = _("Year-end summary")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        form = YearEndForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, summary=None))
        data = form.cleaned_data if form.is_bound else {}
        year = data.get("year") or timezone.localdate().year
        centre = data.get("centre")
        summary = year_end_summary(year, centre)
        fmt = request.GET.get("format")
        if fmt == "xlsx":
            from .exports import year_end_workbook

            return download_response(year_end_workbook(summary))
        if fmt == "pdf":
            from .exports import year_end_pdf

            try:
                content, filename = year_end_pdf(summary)
            except CJKFontMissing:
                return self.render_to_response(
                    self.get_context_data(form=form, summary=None, font_missing=True), status=503
                )
            response = HttpResponse(content, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        query = request.GET.copy()
        query["year"] = year
        return self.render_to_response(
            self.get_context_data(
                form=form,
                summary=summary,
                centre_columns=CENTRE_COLUMNS,
                xlsx_query=_with(query, "xlsx"),
                pdf_query=_with(query, "pdf"),
            )
        )


def _with(query, fmt):
    query = query.copy()
    query["format"] = fmt
    return query.urlencode()
