import datetime
from decimal import Decimal

import pytest

from portal.spreadsheets import escape_formula


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","点击")',
        "+86 453 12348",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_escape_formula_prefixes_text_starting_with_a_trigger(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["清河市法律援助中心", "0453-12348", "a=b", " =1", "", "'already quoted"]
)
def test_escape_formula_leaves_other_text_alone(text):
    assert escape_formula(text) == text


@pytest.mark.parametrize(
    "value", [None, -1, -1.5, Decimal("-129.608000"), True, datetime.date(2026, 1, 1)]
)
def test_escape_formula_leaves_non_text_values_alone(value):
    assert escape_formula(value) is value
