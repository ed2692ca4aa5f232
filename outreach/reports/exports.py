"""The year-end summary as an XLSX workbook and as an A4 PDF (same content as the page)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext
from fpdf.fonts import FontFace

from portal.pdf import FONT_FAMILY, cjk_document

from .sections import Section, sections_workbook
from .year_end import CENTRE_COLUMNS, Summary


def _stem(summary: Summary) -> str:
    where = summary.centre.code if summary.centre else "network"
    return f"year-end-{summary.year}-{where}"


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def summary_sections(summary: Summary) -> list[Section]:
    """The summary as sections: sentences, main figures, per centre, breakdowns."""
    year, previous = str(summary.year), str(summary.year - 1)
    sections = [
        Section(
            "sentences",
            gettext("The year at a glance"),
            [("text", gettext("Summary"))],
            [{"text": sentence} for sentence in summary.sentences],
        ),
        Section(
            "figures",
            gettext("Main figures"),
            [
                ("label", gettext("Figure")),
                ("current", year),
                ("previous", previous),
                ("change", gettext("Change")),
                ("percent", gettext("Change (%)")),
            ],
            [
                {
                    "label": figure.label,
                    "current": figure.current,
                    "previous": figure.previous,
                    "change": figure.change,
                    "percent": figure.percent,
                }
                for figure in summary.figures
            ],
        ),
    ]
    if summary.centre_rows:
        columns = [("label", gettext("Centre"))]
        for name, label in CENTRE_COLUMNS:
            columns += [
                (f"{name}_current", f"{label} {year}"),
                (f"{name}_previous", f"{label} {previous}"),
            ]
        rows = []
        for row in summary.centre_rows:
            values = {"label": row["label"]}
            for cell in row["cells"]:
                values[f"{cell['key']}_current"] = cell["current"]
                values[f"{cell['key']}_previous"] = cell["previous"]
            rows.append(values)
        sections.append(Section("centres", gettext("Figures by centre"), columns, rows))
    for table in summary.breakdowns:
        sections.append(
            Section(
                table["key"],
                str(table["title"]),
                [("label", gettext("Item")), ("current", year), ("previous", previous)],
                table["rows"],
            )
        )
    return sections


def year_end_workbook(summary: Summary):
    return sections_workbook(
        summary_sections(summary),
        stem=_stem(summary),
        heading_rows=[
            (gettext("Report"), summary.title),
            (gettext("Year"), summary.year),
            (
                gettext("Legal aid centre"),
                summary.centre.name if summary.centre else gettext("The whole network"),
            ),
        ],
    )


HEADING = FontFace(emphasis=None, fill_color=(235, 235, 235))


def year_end_pdf(summary: Summary) -> tuple[bytes, str]:
    """The summary as an A4 document: title, paragraphs, then the tables."""
    pdf = cjk_document(title=summary.title)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(FONT_FAMILY, size=16)
    pdf.multi_cell(width, 9, summary.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.multi_cell(
        width,
        6,
        gettext("Period: %(start)s to %(end)s")
        % {"start": summary.scope.start, "end": summary.scope.end},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for section in summary_sections(summary):
        if section.key == "sentences":
            pdf.set_font(FONT_FAMILY, size=13)
            pdf.multi_cell(width, 8, section.title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT_FAMILY, size=11)
            for row in section.rows:
                pdf.multi_cell(
                    width, 7, "\u3000\u3000" + row["text"], new_x="LMARGIN", new_y="NEXT"
                )
                pdf.ln(1)
            pdf.ln(3)
            continue
        if section.key == "centres":
            _centre_table(pdf, summary)
            continue
        pdf.set_font(FONT_FAMILY, size=12)
        pdf.multi_cell(width, 8, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, size=9)
        first = 70 if len(section.columns) > 3 else 110
        rest = (width - first) / (len(section.columns) - 1)
        with pdf.table(
            col_widths=(first, *([rest] * (len(section.columns) - 1))),
            headings_style=HEADING,
            line_height=6,
            text_align=("LEFT", *(["RIGHT"] * (len(section.columns) - 1))),
        ) as table:
            row = table.row()
            for _name, label in section.columns:
                row.cell(str(label))
            for values in section.table:
                row = table.row()
                for value in values:
                    row.cell(_text(value))
        pdf.ln(4)
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.multi_cell(
        width,
        7,
        f"{summary.centre.name if summary.centre else gettext('The legal aid network')}\n"
        f"{timezone.localdate():%Y-%m-%d}",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output()), f"{_stem(summary)}.pdf"


def _centre_table(pdf, summary: Summary):
    """Per-centre figures: this year with last year in brackets, to fit A4 portrait."""
    pdf.set_font(FONT_FAMILY, size=12)
    pdf.multi_cell(pdf.epw, 8, gettext("Figures by centre"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=7)
    first = 40
    rest = (pdf.epw - first) / len(CENTRE_COLUMNS)
    with pdf.table(
        col_widths=(first, *([rest] * len(CENTRE_COLUMNS))),
        headings_style=HEADING,
        line_height=5,
        text_align=("LEFT", *(["RIGHT"] * len(CENTRE_COLUMNS))),
    ) as table:
        row = table.row()
        row.cell(gettext("Centre"))
        for _name, label in CENTRE_COLUMNS:
            row.cell(str(label))
        for centre_row in summary.centre_rows:
            row = table.row()
            row.cell(centre_row["label"])
            for cell in centre_row["cells"]:
                row.cell(f"{_text(cell['current'])}\n({_text(cell['previous'])})")
    pdf.set_font(FONT_FAMILY, size=8)
    pdf.multi_cell(
        pdf.epw,
        5,
        gettext("Figures in brackets are those of %(year)s.") % {"year": summary.year - 1},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
