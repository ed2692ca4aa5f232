"""Form widgets the portal needs beyond Django's own."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A single <select> rendered in Python instead of one template per option.

    Django renders every <option> through its own template, about half a
    millisecond each; list filters with ~100 options on every request of a busy
    admin page (the referral queue) pay tens of milliseconds for it. Flat
    choices only (no option groups), same markup and attributes as `Select`.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option_value is None else option_value,
                    " selected"
                    if str("" if option_value is None else option_value) in selected
                    else "",
                    label,
                )
                for option_value, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
