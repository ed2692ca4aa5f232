"""QuickSelect renders the same options as Django's Select, without a template per option."""

import re

from django import forms

from portal.widgets import QuickSelect

CHOICES = [("", "— all —"), ("x", "X & <Y>"), ("7", "Seven")]


def _normalise(html: str) -> str:
    html = re.sub(r">\s+<", "><", html.strip())
    # Attribute order differs; compare the options and the set of attributes.
    tag = re.match(r"<select([^>]*)>", html).group(1)
    return sorted(tag.split()), html[html.index(">") + 1 :]


def test_quick_select_matches_djangos_select():
    class Quick(forms.Form):
        field = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)

    class Plain(forms.Form):
        field = forms.ChoiceField(choices=CHOICES, required=False)

    for value in ("", "x", "7"):
        quick = Quick(data={"field": value})["field"].as_widget()
        plain = Plain(data={"field": value})["field"].as_widget()
        assert _normalise(quick) == _normalise(plain)
    assert "X &amp; &lt;Y&gt;" in Quick()["field"].as_widget()
    assert 'value="7" selected' in Quick(data={"field": "7"})["field"].as_widget()
