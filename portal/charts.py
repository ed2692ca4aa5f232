"""Server-rendered charts: pygal SVG inlined in the page, readable without JavaScript.

Every chart is paired with a table of the same figures in the template, so
screen-reader users and anyone printing the page get the numbers as text.
"""

import re
import unicodedata

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe

SVG_SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.DOTALL)

STYLE = pygal.style.Style(
    background="transparent",
    plot_background="transparent",
    colors=("#0b4f8a", "#b45309", "#15803d", "#7c3aed", "#be123c"),
    font_family="'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=13,
    legend_font_size=14,
)


def bar_chart(rows, *, title: str, label_key: str = "label", value_key: str = "count") -> str:
    """A horizontal bar chart of `rows` (dicts) as inline SVG with no script at all.

    pygal puts a small configuration script inside every chart, even without
    its interactive JavaScript (`js=[]`); the page does not need it, so it is
    cut out. The SVG is an image to assistive technology, labelled by `title`;
    the table under it gives the same figures. Labels go through pygal's XML
    writer, which escapes them.
    """
    # pygal draws the first bar at the bottom: reversed, the chart reads top-down
    # in the order of the table beneath it.
    rows = list(rows)[::-1]
    labels = [str(row[label_key]) for row in rows]
    chart = pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        width=520,
        height=max(160, 36 * len(rows) + 40),
        print_values=True,
        explicit_size=False,
        margin=8,
        margin_left=8 + _wide_label_deficit(labels, STYLE.label_font_size),
        truncate_label=-1,
        style=STYLE,
    )
    chart.x_labels = labels
    chart.add(title, [_number(row[value_key]) for row in rows])
    return _inline(chart, title)


def _wide_label_deficit(labels, size) -> float:
    """Extra left margin so Chinese labels are not cut off.

    pygal sizes the label column as 0.6 × font size per character, right for
    Latin letters; a Chinese character is a full em wide, so the difference
    is added for the longest run of wide characters.
    """
    wide = [sum(unicodedata.east_asian_width(ch) in "WF" for ch in label) for label in labels]
    return 0.4 * size * max(wide, default=0)


def _number(value):
    # pygal plots floats; Decimal hours come from the database.
    return float(value) if value is not None else None


def _inline(chart, title: str) -> str:
    svg = SVG_SCRIPT_RE.sub("", chart.render(is_unicode=True))
    label = escape(title)
    return mark_safe(  # noqa: S308 - pygal's own markup; the only text put in is escaped
        svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    )
