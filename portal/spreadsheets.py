"""Helpers for files people open in a spreadsheet (CSV, XLSX exports).

A cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return,
which some programs skip before looking) is run as a formula by Excel, WPS and
LibreOffice: an exported name like `=HYPERLINK(...)` would turn into a live link
or command on a staff member's machine (CSV injection, OWASP). Prefixing such
text with a single quote makes the spreadsheet show it as plain text; imports
take the quote off again (`unescape_formula`), so exported files round-trip.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """The value made safe for a spreadsheet cell; only text is ever changed.

    Numbers, dates and None pass through untouched, so a negative number stays
    a number; the same text as a string (`"-1"`) is escaped like any other.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo `escape_formula()` on import, so that exports round-trip.

    Drops the guard quote an export put in front of text that starts with a
    formula trigger. (Text that itself began with a quote and a trigger, such
    as "'=x", comes back without its quote: the export cannot tell it apart.)
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
