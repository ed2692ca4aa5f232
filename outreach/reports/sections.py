"""Report sections: one titled table (with an optional chart) shared by page and export.

A report view turns its figures into a list of `Section`s; the template draws
each as a chart with the same figures in a table beneath it, and the XLSX
export writes each as one sheet. Page and file therefore never disagree.
"""

from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext

from portal.charts import bar_chart
from portal.imports import spreadsheet_file
from portal.spreadsheets import escape_formula


@dataclass
class Section:
    """A table of rows (dicts) with labelled columns; `chart` names the column to plot."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict]
    chart: str | None = None
    note: str = ""
    totals: dict = field(default_factory=dict)

    @property
    def chart_svg(self) -> str:
        if not self.chart or not self.rows:
            return ""
        return bar_chart(self.rows, title=str(self.title), value_key=self.chart)

    @property
    def table(self) -> list[list]:
        """Rows as lists of cells, in column order."""
        return [[row.get(name) for name, _label in self.columns] for row in self.rows]

    @property
    def total_cells(self) -> list | None:
        if not self.totals:
            return None
        return [self.totals.get(name, "") for name, _label in self.columns]


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):  # Decimal: a number in the sheet, not text
        return float(value)
    return escape_formula(value if isinstance(value, int | float) else str(value))


def _sheet_title(title: str, used: set) -> str:
    # Excel sheet names: at most 31 characters, no []:*?/\ and unique.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:31]
    name, number = cleaned, 2
    while name in used:
        suffix = f" {number}"
        name, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def sections_workbook(sections, *, stem: str, heading_rows=()):
    """The sections as an XLSX workbook, one sheet each; text cells formula-escaped.

    `heading_rows` ([(label, value), ...]) go on a first "Report" sheet: the
    filters the figures were computed with.
    """
    used: set = set()
    sheets = []
    if heading_rows:
        about = tablib.Dataset(
            headers=[gettext("Item"), gettext("Value")],
            title=_sheet_title(gettext("Report"), used),
        )
        for label, value in heading_rows:
            about.append([_cell(label), _cell(value)])
        sheets.append(about)
    for section in sections:
        sheet = tablib.Dataset(
            headers=[str(label) for _name, label in section.columns],
            title=_sheet_title(section.title, used),
        )
        for row in section.table:
            sheet.append([_cell(value) for value in row])
        if section.total_cells:
            sheet.append([_cell(value) for value in section.total_cells])
        sheets.append(sheet)
    return spreadsheet_file(tablib.Databook(sheets), "xlsx", stem)
