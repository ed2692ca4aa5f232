"""The year-end summary and the figure functions it reads, against hand-counted data.

`report_data.build_known_year` builds a two-county network with rows in 2021,
2020 and just outside both years, and returns the figures counted by hand; every
test here compares the functions' output with those literals.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from outreach.reports import figures, year_end
from outreach.reports.scope import CITY_LEVEL, Scope
from outreach.reports.year_end import Figure, format_count, year_end_summary
from partners.choices import DeclineReason, IssueCategory
from partners.models import PopulationGroup
from volunteers.choices import VolunteerSource

from .report_data import build_known_year

pytestmark = pytest.mark.django_db

LINE_KEYS = [
    "activities",
    "people_reached",
    "materials",
    "consultations",
    "media_reports",
    "media_city_plus",
    "recruited",
    "active",
    "hours",
    "received",
    "accepted",
    "declined",
    "pending",
    "median_days",
    "points_active",
]
FIRST_SENTENCE_MSGID = (
    "In the year %(activities)s legal aid outreach activities were held and "
    "%(materials)s copies of materials of all kinds were distributed, reaching "
    "%(people)s people; %(consultations)s people were given legal advice on the spot."
)


@pytest.fixture
def known():
    return build_known_year(2021)


def _current(summary):
    return {line.key: line.current for line in summary.figures}


def _previous(summary):
    return {line.key: line.previous for line in summary.figures}


def _cells(row):
    return {cell["key"]: (cell["current"], cell["previous"]) for cell in row["cells"]}


def _centre_cells(figures_by_year):
    """The per-centre table's cells expected from a centre's summary figures."""
    this, last = figures_by_year[2021], figures_by_year[2020]
    names = {"volunteers_active": "active"}
    return {
        key: (this[names.get(key, key)], last[names.get(key, key)])
        for key in (
            "activities",
            "materials",
            "media_city_plus",
            "received",
            "accepted",
            "volunteers_active",
            "hours",
        )
    }


def _breakdown(summary, key):
    table = next(table for table in summary.breakdowns if table["key"] == key)
    return {str(row["label"]): (row["current"], row["previous"]) for row in table["rows"]}


def _by_label(choices, expected):
    """Choice value → counts, as label → counts; choices not listed expect (0, 0)."""
    return {str(label): expected.get(value, (0, 0)) for value, label in choices}


# --- The summary's lines -----------------------------------------------------------------


def test_year_end_summary_lines_in_order(known):
    summary = year_end_summary(2021)

    assert [line.key for line in summary.figures] == LINE_KEYS


def test_year_end_summary_network_current_figures(known):
    summary = year_end_summary(2021)

    assert _current(summary) == known["network"][2021]


def test_year_end_summary_network_previous_figures(known):
    summary = year_end_summary(2021)

    assert _previous(summary) == known["network"][2020]


def test_year_end_summary_changes(known):
    summary = year_end_summary(2021)

    assert {line.key: line.change for line in summary.figures} == {
        "activities": 2,
        "people_reached": 570,
        "materials": 2990,
        "consultations": 70,
        "media_reports": 6,
        "media_city_plus": 4,
        "recruited": 3,
        "active": 4,
        "hours": Decimal("14.0"),
        "received": 6,
        "accepted": 1,
        "declined": 1,
        "pending": 2,
        "median_days": Decimal("-3.0"),
        "points_active": 1,
    }


def test_year_end_summary_percents(known):
    summary = year_end_summary(2021)

    assert {line.key: line.percent for line in summary.figures} == {
        "activities": Decimal("100.0"),
        "people_reached": Decimal("150.0"),
        "materials": Decimal("564.2"),
        "consultations": Decimal("233.3"),
        "media_reports": Decimal("600.0"),
        "media_city_plus": Decimal("400.0"),
        "recruited": Decimal("150.0"),
        "active": Decimal("200.0"),
        "hours": Decimal("254.5"),
        "received": Decimal("200.0"),
        "accepted": Decimal("50.0"),
        "declined": Decimal("100.0"),
        "pending": None,  # nothing was pending in 2020: no percentage of 0
        "median_days": Decimal("-37.5"),
        "points_active": Decimal("33.3"),
    }


def test_figure_change_text_without_previous_count_in_english(known):
    summary = year_end_summary(2021)

    with translation.override("en"):
        assert summary.figure("pending").change_text == "up 2 referrals"


def test_figure_change_text_with_percent_in_english(known):
    summary = year_end_summary(2021)

    with translation.override("en"):
        assert summary.figure("materials").change_text == "up 2,990 copies (564.2%)"
        assert summary.figure("median_days").change_text == "down 3 days (37.5%)"


def test_figure_change_text_unchanged_in_english(known):
    summary = year_end_summary(2021, centre=known["centres"]["B"])

    with translation.override("en"):
        assert summary.figure("media_city_plus").change_text == "unchanged"


def test_figure_without_previous_value_has_no_change():
    line = Figure(key="median_days", label="", unit="", current=Decimal("5.0"), previous=None)

    assert (line.change, line.percent, line.change_text) == (None, None, "—")


# --- One centre ----------------------------------------------------------------------------


def test_year_end_summary_county_centre_counts_only_its_rows(known):
    summary = year_end_summary(2021, centre=known["centres"]["A"])

    assert _current(summary) == known["A"][2021]
    assert _previous(summary) == known["A"][2020]


def test_year_end_summary_other_county_centre_counts_only_its_rows(known):
    summary = year_end_summary(2021, centre=known["centres"]["B"])

    assert _current(summary) == known["B"][2021]
    assert _previous(summary) == known["B"][2020]


def test_year_end_summary_city_centre_gives_network_figures(known):
    summary = year_end_summary(2021, centre=known["centres"]["city"])

    assert _current(summary) == known["network"][2021]
    assert _previous(summary) == known["network"][2020]


def test_year_end_summary_for_a_centre_has_no_centre_table(known):
    summary = year_end_summary(2021, centre=known["centres"]["A"])

    assert summary.centre_rows == []


# --- The per-centre table ------------------------------------------------------------------


def test_year_end_summary_centre_rows_counties_then_city_level(known):
    centres = known["centres"]
    summary = year_end_summary(2021)

    assert [(row["key"], row["label"]) for row in summary.centre_rows] == [
        (centres["A"].area.code[:6], centres["A"].name),
        (centres["B"].area.code[:6], centres["B"].name),
        (CITY_LEVEL, gettext("City level (%(name)s)") % {"name": centres["city"].name}),
    ]


def test_year_end_summary_centre_rows_per_county_figures(known):
    rows = year_end_summary(2021).centre_rows

    assert _cells(rows[0]) == _centre_cells(known["A"])
    assert _cells(rows[1]) == _centre_cells(known["B"])


def test_year_end_summary_centre_rows_city_level_catches_rows_without_county(known):
    city_row = year_end_summary(2021).centre_rows[2]

    expected = known["city_row"]
    assert _cells(city_row) == {
        key: (value, expected[2020][key]) for key, value in expected[2021].items()
    }


# --- Breakdowns ----------------------------------------------------------------------------


def test_year_end_summary_partners_breakdown_keeps_last_years_partner(known):
    summary = year_end_summary(2021)

    rows = _breakdown(summary, "partners")
    assert rows == known["breakdowns"]["partners"]
    assert list(rows) == ["乙合作单位", "甲合作单位", "丙合作单位"]


def test_year_end_summary_groups_breakdown(known):
    summary = year_end_summary(2021)

    expected = known["breakdowns"]["groups"]
    assert _breakdown(summary, "groups") == {
        group.localized_name: expected[group.code] for group in PopulationGroup.objects.all()
    }


def test_year_end_summary_issues_breakdown(known):
    summary = year_end_summary(2021)

    assert _breakdown(summary, "issues") == _by_label(
        IssueCategory.choices, known["breakdowns"]["issues"]
    )


def test_year_end_summary_decline_reasons_breakdown(known):
    summary = year_end_summary(2021)

    assert _breakdown(summary, "declines") == _by_label(
        DeclineReason.choices, known["breakdowns"]["declines"]
    )


def test_year_end_summary_recruits_by_source_breakdown(known):
    summary = year_end_summary(2021)

    assert _breakdown(summary, "recruited") == _by_label(
        VolunteerSource.choices, known["breakdowns"]["recruited"]
    )


def test_year_end_summary_hours_by_source_breakdown(known):
    summary = year_end_summary(2021)

    assert _breakdown(summary, "hours") == _by_label(
        VolunteerSource.choices, known["breakdowns"]["hours"]
    )


def test_year_end_summary_media_by_level_breakdown(known):
    summary = year_end_summary(2021)

    levels = {
        row["key"]: str(row["label"]) for row in summary.current["outreach"]["by_media_level"]
    }
    assert _breakdown(summary, "media") == {
        levels[key]: counts for key, counts in known["breakdowns"]["media"].items()
    }


# --- Sentences -----------------------------------------------------------------------------


def _with_outreach(summary, **values):
    """The summary's sentences with some of this year's outreach figures replaced."""
    summary.current["outreach"].update(values)
    return year_end.sentences(summary)


def test_year_end_sentences_first_sentence_in_english(known):
    with translation.override("en"):
        summary = year_end_summary(2021)

    assert summary.sentences[0] == (
        "In the year 4 legal aid outreach activities were held and 3,520 copies of materials "
        "of all kinds were distributed, reaching 950 people; 100 people were given legal "
        "advice on the spot."
    )


def test_year_end_sentences_comparison_in_english(known):
    with translation.override("en"):
        summary = year_end_summary(2021)

    assert summary.sentences[-1] == (
        "Compared with 2020: outreach activities up 2 activities (100.0%), referrals up 6 "
        "referrals (200.0%), volunteer hours up 14 hours (254.5%)."
    )


def test_year_end_sentences_large_counts_in_english(known):
    with translation.override("en"):
        summary = year_end_summary(2021)
        first = _with_outreach(summary, activities=301, materials_total=80000)[0]

    assert first.startswith(
        "In the year 301 legal aid outreach activities were held and 80,000 copies"
    )


def test_year_end_sentences_chinese_counts_in_wan(known):
    summary = year_end_summary(2021)

    first = _with_outreach(summary, activities=301, materials_total=80000)[0]

    # Whatever the catalogue holds, the figures go in formatted the Chinese way.
    assert first == gettext(FIRST_SENTENCE_MSGID) % {
        "activities": "301",
        "materials": "8万",
        "people": "950",
        "consultations": "100",
    }


def test_year_end_sentences_first_sentence_literal_chinese(known):
    """Fails until the zh_Hans catalogue translates FIRST_SENTENCE_MSGID."""
    summary = year_end_summary(2021)

    first = _with_outreach(summary, activities=301, materials_total=80000)[0]

    assert first.startswith("全年共开展法律援助宣传活动301场次，散发各种宣传资料8万份")


# --- format_count --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (80000, "8万"),
        (82000, "8.2万"),
        (10000, "1万"),
        (1250000, "125万"),
        (82500, "82500"),
        (9000, "9000"),
        (301, "301"),
        (0, "0"),
        (Decimal("5.0"), "5"),
        (Decimal("6.5"), "6.5"),
        (None, "—"),
    ],
)
def test_format_count_in_chinese(value, text):
    assert format_count(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (80000, "80,000"),
        (82000, "82,000"),
        (1234567, "1,234,567"),
        (301, "301"),
        (Decimal("5.0"), "5"),
        (Decimal("6.5"), "6.5"),
        (None, "—"),
    ],
)
def test_format_count_in_english(value, text):
    with translation.override("en"):
        assert format_count(value) == text


# --- Filters of the figure functions -------------------------------------------------------


def test_referral_figures_centre_counts_only_its_referrals(known):
    a = figures.referral_figures(Scope.year(2021, centre=known["centres"]["A"]))
    b = figures.referral_figures(Scope.year(2021, centre=known["centres"]["B"]))

    assert (a["received"], a["outcomes"]["accepted"], a["outcomes"]["pending"]) == (4, 2, 1)
    assert (b["received"], b["outcomes"]["accepted"], b["outcomes"]["pending"]) == (4, 1, 0)


def test_outreach_figures_centre_counts_only_its_logs(known):
    a = figures.outreach_figures(Scope.year(2021, centre=known["centres"]["A"]))
    b = figures.outreach_figures(Scope.year(2021, centre=known["centres"]["B"]))

    assert (a["activities"], a["materials_total"], a["media_reports"]) == (2, 1470, 5)
    assert (b["activities"], b["materials_total"], b["media_reports"]) == (1, 2000, 1)


def test_volunteer_figures_centre_counts_only_its_volunteers(known):
    a = figures.volunteer_figures(Scope.year(2021, centre=known["centres"]["A"]))
    b = figures.volunteer_figures(Scope.year(2021, centre=known["centres"]["B"]))

    assert (a["recruited"], a["active"], a["hours"]) == (3, 2, Decimal("11.5"))
    assert (b["recruited"], b["active"], b["hours"]) == (2, 3, Decimal("6.0"))


def test_coverage_figures_centre_counts_only_its_points(known):
    a = figures.coverage_figures(Scope.year(2021, centre=known["centres"]["A"]))
    b = figures.coverage_figures(Scope.year(2021, centre=known["centres"]["B"]))

    assert (a["points"], a["liaison_officers"], a["active_in_period"]) == (3, 1, 3)
    assert (b["points"], b["liaison_officers"], b["active_in_period"]) == (3, 1, 1)


def test_coverage_figures_network_counts_every_point(known):
    network = figures.coverage_figures(Scope.year(2021))

    assert {row["key"]: row["points"] for row in network["by_kind"]} == {
        "centres": 3,
        "workstations": 2,
        "special_workstations": 0,
        "liaison_points": 2,
    }
    assert (network["liaison_officers"], network["active_in_period"]) == (2, 4)


@pytest.mark.parametrize("name", ["P1", "P2"])
def test_referral_figures_organisation_counts_only_its_referrals(known, name):
    scope = Scope.year(2021, organisation=known["partners"][name])

    result = figures.referral_figures(scope)

    expected = known[name][2021]
    assert {
        "received": result["received"],
        **{key: result["outcomes"][key] for key in ("accepted", "declined", "pending")},
    } == {key: expected[key] for key in ("received", "accepted", "declined", "pending")}


@pytest.mark.parametrize("name", ["P1", "P2"])
def test_outreach_figures_organisation_counts_its_logs_once(known, name):
    scope = Scope.year(2021, organisation=known["partners"][name])

    result = figures.outreach_figures(scope)

    expected = known[name][2021]
    assert (result["activities"], result["people_reached"], result["materials_total"]) == (
        expected["activities"],
        expected["people_reached"],
        expected["materials"],
    )


def test_figures_centre_and_organisation_together(known):
    scope = Scope.year(2021, centre=known["centres"]["A"], organisation=known["partners"]["P1"])

    referrals, outreach = figures.referral_figures(scope), figures.outreach_figures(scope)

    assert (referrals["received"], outreach["activities"], outreach["people_reached"]) == (
        2,
        1,
        200,
    )


# --- Query count ---------------------------------------------------------------------------


def test_year_end_summary_query_count_does_not_grow_with_rows():
    build_known_year(2021)
    year_end_summary(2021)  # warm any per-process caches
    with CaptureQueriesContext(connection) as base:
        year_end_summary(2021)
    for _ in range(4):
        build_known_year(2021)

    with CaptureQueriesContext(connection) as larger:
        summary = year_end_summary(2021)

    assert summary.figure("activities").current == 20  # five times the rows were counted
    assert len(larger) == len(base)
