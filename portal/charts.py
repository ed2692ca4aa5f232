"""Server-rendered charts: pygal SVG inlined in the page, readable without JavaScript.

Every chart is paired with a table of the same figures in the template, so
screen-reader users and anyone printing the page get the numbers as text.

The Content-Security-Policy allows no inline style (`style-src 'self'`), and an
inline SVG's `<style>` element and `style` attributes count as inline. So the
charts are rendered without them and pygal's CSS is served as a static file,
`static/css/charts.css`, written by `chart_css()` with every chart's own `#chart-<id>`
selector replaced by the `.pygal-chart` class all charts share. A nonce would also
work but would make every page that shows a chart differ on each request.
Regenerate the file after changing STYLE:

    .venv/bin/python -m portal.charts > static/css/charts.css
"""

import html
import re
import unicodedata

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe

SVG_SCRIPT_RE = re.compile(r"<script\b.*?</script>", re.DOTALL)
SVG_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)
# Inside a tag only: pygal escapes `<` and `>` in attribute values and text.
STYLE_ATTRIBUTE_RE = re.compile(r'(<[^<>]*?)\sstyle="[^"]*"')
CHART_ID_RE = re.compile(r"#chart-[0-9a-f-]+")

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
    chart = _horizontal_bar(
        height=max(160, 36 * len(rows) + 40),
        margin_left=8 + _wide_label_deficit(labels, STYLE.label_font_size),
    )
    chart.x_labels = labels
    chart.add(title, [_number(row[value_key]) for row in rows])
    return _inline(chart, title)


def _horizontal_bar(**options):
    return pygal.HorizontalBar(
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        width=520,
        print_values=True,
        explicit_size=False,
        margin=8,
        truncate_label=-1,
        style=STYLE,
        **options,
    )


def chart_css() -> str:
    """The CSS of every chart, as served from static/css/charts.css.

    pygal's stylesheet of a chart with one series per colour of STYLE, scoped to
    `.pygal-chart` instead of the chart's id. The tooltip, which pygal hides
    with a `style` attribute for its script to show, is hidden here instead.
    """
    chart = _horizontal_bar(height=160)
    for index in range(len(STYLE.colors)):
        chart.add(str(index), [index + 1])
    css = SVG_STYLE_RE.search(chart.render(is_unicode=True)).group(1)
    css = CHART_ID_RE.sub(".pygal-chart", html.unescape(css))
    return (
        "/* pygal's chart styles, scoped to .pygal-chart (see portal/charts.py).\n"
        " * Generated: .venv/bin/python -m portal.charts > static/css/charts.css */\n"
        f"{css.strip()}\n"
        ".pygal-chart .tooltip{opacity:0}\n"
    )


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
    # The styles come from static/css/charts.css (see the module docstring).
    svg = STYLE_ATTRIBUTE_RE.sub(r"\1", SVG_STYLE_RE.sub("", svg))
    label = escape(title)
    return mark_safe(  # noqa: S308 - pygal's own markup; the only text put in is escaped
        svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    )


if __name__ == "__main__":  # pragma: no cover - regenerates static/css/charts.css
    print(chart_css(), end="")
