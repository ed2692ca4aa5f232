"""A partner organisation's own figures for a period (/partners/figures/), and their XLSX.

Every active member, coordinator or reporter, sees the same counts: the
referrals the organisation sent and what became of them, and the outreach it
logged or took part in. The scope is always the member's own organisation,
whatever the query string says; the figures are aggregates from
`outreach.reports.figures` (the staff reports read the same functions), never
rows, so no name or other personal data reaches the page or the file.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partners.access import partner_required
from portal.admin_import import download_response
from portal.forms import AccessibleFormMixin

from .reports import figures
from .reports.forms import PeriodForm
from .reports.scope import Scope
from .reports.sections import Section, sections_workbook

ISO_DATE = "%Y-%m-%d"


class FiguresPeriodForm(AccessibleFormMixin, PeriodForm):
    """The period of the figures, with the browser's own date picker (no admin widget)."""

    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )

    def period(self) -> tuple[datetime.date, datetime.date]:
        start, end = super().period()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if not data.get("date_from") and data.get("date_to"):
            # Only an end given: its year up to it, not this year's start after it.
            start = data["date_to"].replace(month=1, day=1)
        return start, end


COUNT = ("count", _("Number"))


def _headline(key, label, value) -> dict:
    return {"key": key, "label": label, "value": "—" if value is None else value}


def referral_headlines(data) -> list[dict]:
    return [
        _headline("received", gettext("Referrals received"), data["received"]),
        _headline("accepted", gettext("Accepted"), data["outcomes"]["accepted"]),
        _headline("declined", gettext("Declined"), data["outcomes"]["declined"]),
        _headline("pending", gettext("Awaiting a decision"), data["outcomes"]["pending"]),
        _headline(
            "median_days",
            gettext("Median days to decision"),
            data["median_days_to_decision"],
        ),
    ]


def outreach_headlines(data) -> list[dict]:
    return [
        _headline("activities", gettext("Outreach activities"), data["activities"]),
        _headline("people_reached", gettext("People reached"), data["people_reached"]),
        _headline("materials", gettext("Materials distributed"), data["materials_total"]),
        _headline("media_reports", gettext("Media reports"), data["media_reports"]),
    ]


def referral_sections(data) -> list[Section]:
    return [
        Section(
            "outcomes",
            _("Referrals by outcome"),
            [("label", _("Outcome")), COUNT],
            data["by_outcome"],
            chart="count",
        ),
        Section(
            "groups",
            _("Referrals by group served"),
            [("label", _("Group served")), COUNT],
            data["by_group"],
            chart="count",
            note=_(
                "A referral can name several groups, so these add up to more than the referrals."
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
    ]


def outreach_sections(data) -> list[Section]:
    return [
        Section(
            "types",
            _("Activities by type"),
            [
                ("label", _("Activity type")),
                ("activities", _("Activities")),
                ("people_reached", _("People reached")),
                ("materials", _("Materials")),
            ],
            data["by_activity_type"],
            chart="activities",
        ),
        Section(
            "media",
            _("Media reports by level"),
            [("label", _("Level")), COUNT],
            data["by_media_level"],
            chart="count",
        ),
    ]


def _period_label(start, end) -> str:
    # ISO dates: "01/02/2025" reads differently in different countries.
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def _default_initial() -> dict:
    start, end = FiguresPeriodForm().period()
    return {"date_from": start, "date_to": end}


@partner_required
def figures_page(request, *, membership):
    """Headline figures and sections of the member's organisation; `?format=xlsx` exports them."""
    organisation = membership.organisation
    form = FiguresPeriodForm(request.GET or None, initial=_default_initial())
    context = {"membership": membership, "organisation": organisation, "form": form}
    if form.is_bound and not form.is_valid():
        # Nothing is computed from a period that could not be read.
        return render(request, "outreach/partner/figures.html", context)

    start, end = form.period()
    scope = Scope(start, end, organisation=organisation)
    referrals = figures.referral_figures(scope)
    outreach = figures.outreach_figures(scope)
    groups = [
        {
            "key": "referrals",
            "title": gettext("Referrals"),
            "headlines": referral_headlines(referrals),
            "sections": referral_sections(referrals),
        },
        {
            "key": "outreach",
            "title": gettext("Outreach"),
            "headlines": outreach_headlines(outreach),
            "sections": outreach_sections(outreach),
        },
    ]
    if request.GET.get("format") == "xlsx":
        heading_rows = [
            (gettext("Partner organisation"), organisation.name),
            (gettext("Period"), _period_label(start, end)),
        ]
        for group in groups:
            heading_rows += [(row["label"], row["value"]) for row in group["headlines"]]
        workbook = sections_workbook(
            [section for group in groups for section in group["sections"]],
            stem=f"figures-{start:%Y%m%d}-{end:%Y%m%d}",
            heading_rows=heading_rows,
        )
        response = download_response(workbook)
        response["Cache-Control"] = "no-store"
        return response

    # The file gets the period shown, not whatever else the query string held.
    export_query = urlencode(
        {"date_from": start.isoformat(), "date_to": end.isoformat(), "format": "xlsx"}
    )
    context.update(
        {
            "start": start,
            "end": end,
            "groups": groups,
            "export_query": export_query,
        }
    )
    return render(request, "outreach/partner/figures.html", context)
