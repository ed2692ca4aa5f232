"""Charts carry no inline style or script; their CSS is the static file."""

from pathlib import Path

from django.conf import settings

from portal.charts import bar_chart, chart_css

ROWS = [{"label": "赡养", "count": 3}, {"label": 'a style="x"', "count": 5}]


def test_bar_chart_has_no_style_element_style_attribute_or_script():
    svg = bar_chart(ROWS, title="T")
    assert svg.startswith("<svg ")
    assert 'class="pygal-chart"' in svg
    assert "<style" not in svg
    assert "<script" not in svg
    # Only the label's text says style=; no element has the attribute.
    assert svg.count("style=") == svg.count('a style="x"')


def test_bar_chart_css_file_is_up_to_date():
    css_file = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"
    assert css_file.read_text(encoding="utf-8") == chart_css()


def test_chart_css_is_scoped_to_charts_and_hides_the_tooltip():
    css = chart_css()
    assert "#chart-" not in css
    assert ".pygal-chart .color-4" in css
    assert css.rstrip().endswith(".pygal-chart .tooltip{opacity:0}")
