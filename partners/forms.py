"""Public forms of the network directory."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import PointKind
from .models import PopulationGroup

MAX_QUERY_LENGTH = 100


class DirectoryFilterForm(forms.Form):
    """Search and filters of the directory lists: a plain GET form, no JavaScript needed.

    An invalid value (an unknown group code in a pasted link) drops that filter
    only; the others still apply.
    """

    q = forms.CharField(
        label=_("Village, township, name or address"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    group = forms.ModelChoiceField(
        label=_("Group served"),
        queryset=PopulationGroup.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Everyone"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of point"),
        choices=[("", _("All kinds")), *PointKind.choices],
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(data, **kwargs)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    @property
    def filters(self) -> dict:
        """The valid, non-empty filter values, keyed by field name."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
