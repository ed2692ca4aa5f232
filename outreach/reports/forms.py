"""Filter forms of the staff reports and the partner figures page."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from partners.choices import PointKind
from partners.models import PartnerOrganisation, ServicePoint

from .scope import Scope

#: The earliest year the year-end summary offers (the network's records start here).
FIRST_YEAR = 2000


def centre_choices():
    return (
        ServicePoint.objects.filter(
            kind__in=(PointKind.CITY_CENTRE, PointKind.COUNTY_CENTRE), is_active=True
        )
        .select_related("area")
        .order_by("level", "area__code")
    )


class PeriodForm(forms.Form):
    """A period, both ends inclusive; the current year to date when left empty."""

    date_from = forms.DateField(label=_("From"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("date_from") or datetime.date(today.year, 1, 1)
        end = data.get("date_to") or max(today, start)
        return start, end


class ReportFilterForm(PeriodForm):
    """Staff reports: a period, a centre (its whole area) and a referring partner."""

    centre = forms.ModelChoiceField(
        label=_("Legal aid centre"),
        queryset=ServicePoint.objects.none(),
        required=False,
        empty_label=_("The whole network"),
        help_text=_("A county centre counts its county, townships and villages."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=PartnerOrganisation.objects.order_by("name"),
        required=False,
        empty_label=_("All partners"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centre_choices()

    def scope(self) -> Scope:
        start, end = self.period()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Scope(start, end, centre=data.get("centre"), organisation=data.get("organisation"))


class YearEndForm(forms.Form):
    """The year and the centre of a year-end summary."""

    year = forms.IntegerField(label=_("Year"), required=False)
    centre = forms.ModelChoiceField(
        label=_("Legal aid centre"),
        queryset=ServicePoint.objects.none(),
        required=False,
        empty_label=_("The whole network"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centre_choices()
        this_year = timezone.localdate().year
        self.fields["year"].min_value = FIRST_YEAR
        self.fields["year"].max_value = this_year
        self.fields["year"].validators = []
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": this_year})

    def clean_year(self):
        year = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is None:
            return this_year
        if not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            )
        return year
