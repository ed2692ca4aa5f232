"""The year-end work summary (年度工作总结): the figures a centre states each December.

`year_end_summary(year, centre)` gathers, for the network or one centre, the
figures of `outreach.reports.figures` for the year and the year before, the
change between them, a table per centre and the sentences the summaries are
written in ("全年共开展法律援助宣传活动301场次，散发各种宣传资料8万份……").
The page, the XLSX and the PDF all render this one structure.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import figures
from .scope import CITY_LEVEL, Scope, bucket, centre_keys, centres


@dataclass
class Figure:
    """One line of the summary table: this year, the previous year and the change."""

    key: str
    label: str
    unit: str
    current: object
    previous: object

    @property
    def change(self):
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of the previous year (None when that was 0)."""
        if self.change is None or not self.previous:
            return None
        return (Decimal(self.change) * 100 / Decimal(self.previous)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def change_text(self) -> str:
        return change_phrase(self.change, self.percent, self.unit)


@dataclass
class Summary:
    year: int
    centre: object
    scope: Scope
    current: dict
    previous: dict
    figures: list[Figure]
    sentences: list[str]
    centre_rows: list[dict] = field(default_factory=list)
    breakdowns: list[dict] = field(default_factory=list)

    def figure(self, key) -> Figure:
        return next(row for row in self.figures if row.key == key)

    @property
    def title(self) -> str:
        name = self.centre.name if self.centre else gettext("the legal aid network")
        return gettext("%(name)s: work summary figures for %(year)s") % {
            "name": name,
            "year": self.year,
        }


#: (key, label, unit, section, path into the figures) of every summary line.
LINES = (
    (
        "activities",
        _("Outreach activities held"),
        pgettext_lazy("unit", "activities"),
        "outreach",
        "activities",
    ),
    (
        "people_reached",
        _("People reached"),
        pgettext_lazy("unit", "people"),
        "outreach",
        "people_reached",
    ),
    (
        "materials",
        _("Materials distributed"),
        pgettext_lazy("unit", "copies"),
        "outreach",
        "materials_total",
    ),
    (
        "consultations",
        _("Consultations at outreach activities"),
        pgettext_lazy("unit", "people"),
        "outreach",
        "consultations",
    ),
    (
        "media_reports",
        _("Media reports"),
        pgettext_lazy("unit", "reports"),
        "outreach",
        "media_reports",
    ),
    (
        "media_city_plus",
        _("Reports in city-level or higher media"),
        pgettext_lazy("unit", "reports"),
        "outreach",
        "media_city_plus",
    ),
    (
        "recruited",
        _("Volunteers recruited"),
        pgettext_lazy("unit", "volunteers"),
        "volunteers",
        "recruited",
    ),
    ("active", _("Active volunteers"), pgettext_lazy("unit", "volunteers"), "volunteers", "active"),
    ("hours", _("Volunteer hours served"), pgettext_lazy("unit", "hours"), "volunteers", "hours"),
    (
        "received",
        _("Referrals received from partners"),
        pgettext_lazy("unit", "referrals"),
        "referrals",
        "received",
    ),
    (
        "accepted",
        _("Referrals accepted"),
        pgettext_lazy("unit", "referrals"),
        "referrals",
        "outcomes.accepted",
    ),
    (
        "declined",
        _("Referrals declined"),
        pgettext_lazy("unit", "referrals"),
        "referrals",
        "outcomes.declined",
    ),
    (
        "pending",
        _("Referrals awaiting a decision"),
        pgettext_lazy("unit", "referrals"),
        "referrals",
        "outcomes.pending",
    ),
    (
        "median_days",
        _("Median days from referral to decision"),
        pgettext_lazy("unit", "days"),
        "referrals",
        "median_days_to_decision",
    ),
    (
        "points_active",
        _("Workstations and liaison points with activity"),
        pgettext_lazy("unit", "points"),
        "coverage",
        "active_in_period",
    ),
)
#: Headline figures of the per-centre table.
CENTRE_COLUMNS = (
    ("activities", _("Outreach activities")),
    ("materials", _("Materials")),
    ("media_city_plus", _("City-level media reports")),
    ("received", _("Referrals")),
    ("accepted", _("Accepted")),
    ("volunteers_active", _("Active volunteers")),
    ("hours", _("Volunteer hours")),
)


def _lookup(data: dict, path: str):
    for part in path.split("."):
        data = data[part]
    return data


def gather(scope: Scope) -> dict:
    """Every figure of a scope, by section."""
    return {
        "outreach": figures.outreach_figures(scope),
        "volunteers": figures.volunteer_figures(scope),
        "referrals": figures.referral_figures(scope),
        "coverage": figures.coverage_figures(scope),
    }


def year_end_summary(year: int, centre=None) -> Summary:
    """The summary of `year` for one centre, or for the network when `centre` is None."""
    scope = Scope.year(year, centre=centre)
    previous_scope = scope.previous_year()
    current, previous = gather(scope), gather(previous_scope)
    lines = [
        Figure(
            key=key,
            label=label,
            unit=unit,
            current=_lookup(current[section], path),
            previous=_lookup(previous[section], path),
        )
        for key, label, unit, section, path in LINES
    ]
    summary = Summary(
        year=year,
        centre=centre,
        scope=scope,
        current=current,
        previous=previous,
        figures=lines,
        sentences=[],
    )
    summary.sentences = sentences(summary)
    summary.breakdowns = breakdowns(current, previous)
    if centre is None:
        summary.centre_rows = centre_rows(scope, previous_scope)
    return summary


def centre_rows(scope: Scope, previous_scope: Scope) -> list[dict]:
    """One row per centre (plus city level and the network) with this and last year's figures."""
    centre_list = centres()
    keys = centre_keys(centre_list)
    rows = {}
    city = next((c for c in centre_list if c.kind == "city_centre"), None)
    order = [*keys, CITY_LEVEL]
    for key in order:
        centre = keys.get(key)
        label = (
            centre.name
            if centre
            else gettext("City level (%(name)s)")
            % {"name": city.name if city else gettext("no county")}
        )
        rows[key] = {"key": key, "label": label, "current": {}, "previous": {}}
    for which, data in (
        ("current", figures.per_centre_figures(scope)),
        ("previous", figures.per_centre_figures(previous_scope)),
    ):
        for raw_key, values in data.items():
            target = rows[bucket(raw_key, keys)][which]
            for name, value in values.items():
                target[name] = target.get(name, 0) + value
    result = []
    for key in order:
        row = rows[key]
        row["cells"] = [
            {
                "key": name,
                "current": row["current"].get(name, 0),
                "previous": row["previous"].get(name, 0),
            }
            for name, _label in CENTRE_COLUMNS
        ]
        result.append(row)
    return result


#: (key, title, section, list, value) of the tables that break a figure down.
BREAKDOWNS = (
    ("partners", _("Referrals by partner organisation"), "referrals", "by_partner", "count"),
    ("groups", _("Referrals by group served"), "referrals", "by_group", "count"),
    ("issues", _("Referrals by issue"), "referrals", "by_issue", "count"),
    ("declines", _("Decline reasons"), "referrals", "decline_reasons", "count"),
    ("recruited", _("Volunteers recruited by source"), "volunteers", "by_source", "recruited"),
    ("hours", _("Volunteer hours by source"), "volunteers", "by_source", "hours"),
    ("types", _("Outreach activities by type"), "outreach", "by_activity_type", "activities"),
    ("media", _("Media reports by level"), "outreach", "by_media_level", "count"),
)


def breakdowns(current: dict, previous: dict) -> list[dict]:
    """Each breakdown as rows of label, this year and last year (rows matched by key)."""
    result = []
    for key, title, section, name, value in BREAKDOWNS:
        before = {_row_key(row): row[value] for row in previous[section][name]}
        rows = [
            {"label": row["label"], "current": row[value], "previous": before.pop(_row_key(row), 0)}
            for row in current[section][name]
        ]
        # A partner that referred last year but not this year still gets its line.
        rows += [
            {"label": row["label"], "current": 0, "previous": row[value]}
            for row in previous[section][name]
            if _row_key(row) in before and row[value]
        ]
        result.append({"key": key, "title": title, "rows": rows})
    return result


def _row_key(row):
    return row.get("key", row.get("organisation_id"))


# --- Sentences ---------------------------------------------------------------------------


def format_count(value) -> str:
    """A count as the summaries write it: 80000 → "8万" in Chinese, "80,000" in English.

    Chinese summaries round large round numbers to 万 (ten thousand): a count
    of at least 10,000 that is a whole number of thousands is written with 万
    and at most one decimal (82,000 → 8.2万); any other count is written in
    full, without separators, so no figure is ever rounded away.
    """
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=not _is_chinese())
    value = int(value)
    if _is_chinese():
        if abs(value) >= 10000 and value % 1000 == 0:
            wan = Decimal(value) / 10000
            return f"{wan.normalize():f}万"
        return str(value)
    return number_format(value, force_grouping=True)


def _is_chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def change_phrase(change, percent, unit) -> str:
    """ "增加12场次（+4.2%）", "减少3件", "与上年持平" or "—" when there is nothing to compare."""
    if change is None:
        return "—"
    if change == 0:
        return gettext("unchanged")
    values = {"count": format_count(abs(change)), "unit": unit}
    if percent is None:
        template = (
            gettext("up %(count)s %(unit)s") if change > 0 else gettext("down %(count)s %(unit)s")
        )
        return template % values
    values["percent"] = f"{abs(percent):f}%"
    template = (
        gettext("up %(count)s %(unit)s (%(percent)s)")
        if change > 0
        else gettext("down %(count)s %(unit)s (%(percent)s)")
    )
    return template % values


def _source_phrase(rows, name) -> str:
    parts = [
        gettext("%(label)s %(count)s") % {"label": row["label"], "count": format_count(row[name])}
        for row in rows
        if row[name]
    ]
    return pgettext("list separator", ", ").join(parts)


def sentences(summary: Summary) -> list[str]:
    """The summary's paragraphs, in the page's language."""
    out, vol, ref, cov = (
        summary.current[name] for name in ("outreach", "volunteers", "referrals", "coverage")
    )
    f = {line.key: line for line in summary.figures}
    result = [
        gettext(
            "In the year %(activities)s legal aid outreach activities were held and "
            "%(materials)s copies of materials of all kinds were distributed, reaching "
            "%(people)s people; %(consultations)s people were given legal advice on the spot."
        )
        % {
            "activities": format_count(out["activities"]),
            "materials": format_count(out["materials_total"]),
            "people": format_count(out["people_reached"]),
            "consultations": format_count(out["consultations"]),
        },
        gettext(
            "Media reported on the work %(media)s times, %(city_plus)s of them in "
            "city-level or higher media."
        )
        % {
            "media": format_count(out["media_reports"]),
            "city_plus": format_count(out["media_city_plus"]),
        },
    ]
    volunteer_values = {
        "recruited": format_count(vol["recruited"]),
        "active": format_count(vol["active"]),
        "hours": format_count(vol["hours"]),
        "sources": _source_phrase(vol["by_source"], "recruited"),
    }
    if volunteer_values["sources"]:
        volunteers = gettext(
            "%(recruited)s legal aid volunteers were recruited in the year (%(sources)s); "
            "%(active)s volunteers served on duty and at outreach activities, %(hours)s "
            "hours in all."
        )
    else:
        volunteers = gettext(
            "%(recruited)s legal aid volunteers were recruited in the year; %(active)s "
            "volunteers served on duty and at outreach activities, %(hours)s hours in all."
        )
    result.append(volunteers % volunteer_values)
    referral_values = {
        "received": format_count(ref["received"]),
        "accepted": format_count(ref["outcomes"]["accepted"]),
        "declined": format_count(ref["outcomes"]["declined"]),
        "pending": format_count(ref["outcomes"]["pending"]),
        "days": format_count(ref["median_days_to_decision"]),
    }
    if ref["median_days_to_decision"] is not None:
        referrals = gettext(
            "Partner organisations made %(received)s referrals to legal aid; %(accepted)s "
            "were accepted, %(declined)s declined and %(pending)s await a decision. Half of "
            "the decisions were made within %(days)s days."
        )
    else:
        referrals = gettext(
            "Partner organisations made %(received)s referrals to legal aid; %(accepted)s "
            "were accepted, %(declined)s declined and %(pending)s await a decision."
        )
    result.append(referrals % referral_values)
    kinds = {row["key"]: row["points"] for row in cov["by_kind"]}
    result.append(
        gettext(
            "The network has %(workstations)s township workstations, %(special)s special and "
            "duty-lawyer workstations and %(liaison)s village liaison points with "
            "%(officers)s liaison officers; %(active)s points had activity this year."
        )
        % {
            "workstations": format_count(kinds["workstations"]),
            "special": format_count(kinds["special_workstations"]),
            "liaison": format_count(kinds["liaison_points"]),
            "officers": format_count(cov["liaison_officers"]),
            "active": format_count(cov["active_in_period"]),
        }
    )
    result.append(
        gettext(
            "Compared with %(previous)s: outreach activities %(activities)s, referrals "
            "%(referrals)s, volunteer hours %(hours)s."
        )
        % {
            "previous": summary.year - 1,
            "activities": f["activities"].change_text,
            "referrals": f["received"].change_text,
            "hours": f["hours"].change_text,
        }
    )
    return result
