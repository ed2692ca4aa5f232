"""Forms of the shift side: finding shifts, reporting extra hours, choosing a certificate period."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.choices import AreaLevel, PointKind
from partners.models import Area, ServicePoint
from portal.forms import AccessibleFormMixin

from .choices import OpportunityKind, Skill

HALF_HOUR = Decimal("0.5")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OpportunityFilterForm(AccessibleFormMixin, forms.Form):
    """Filters of the list of shifts (GET): dates, area, kind of opportunity and skill.

    `filter()` applies the valid filters only; an invalid one shows its error.
    """

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    area = forms.ModelChoiceField(
        label=_("County or township"),
        queryset=Area.objects.filter(level__in=[AreaLevel.COUNTY, AreaLevel.TOWNSHIP]),
        to_field_name="code",
        required=False,
        empty_label=_("All areas"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *OpportunityKind.choices],
        required=False,
    )
    skill = forms.ChoiceField(
        label=_("Skill"), choices=[("", _("Any skill")), *Skill.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Townships read better under their county: "平安县 · 六镇".
        self.fields["area"].queryset = self.fields["area"].queryset.select_related("parent")
        self.fields["area"].label_from_instance = self._area_label

    @staticmethod
    def _area_label(area):
        if area.level == AreaLevel.TOWNSHIP and area.parent_id:
            return f"{area.parent.name} · {area.name}"
        return area.name

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def filter(self, shifts):
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}
        if data.get("date_from") and "date_from" not in errors:
            shifts = shifts.filter(start__date__gte=data["date_from"])
        if data.get("date_to") and "date_to" not in errors:
            shifts = shifts.filter(start__date__lte=data["date_to"])
        if data.get("area"):
            prefix = data["area"].code_prefix
            shifts = shifts.filter(
                Q(point__area__code__startswith=prefix)
                | Q(point__isnull=True, opportunity__point__area__code__startswith=prefix)
            )
        if data.get("kind"):
            shifts = shifts.filter(opportunity__kind=data["kind"])
        if data.get("skill"):
            # Skills are fixed codes stored as a JSON list: match the quoted code, which
            # works on SQLite as well as PostgreSQL (SQLite has no JSON `contains`).
            shifts = shifts.filter(required_skills__icontains=f'"{data["skill"]}"')
        return shifts

    def active_filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


def workstations():
    return (
        ServicePoint.objects.active()
        .filter(kind__in=[PointKind.WORKSTATION, PointKind.SPECIAL_WORKSTATION])
        .order_by("area__code", "name")
    )


class ExtraHoursForm(AccessibleFormMixin, forms.Form):
    """Hours a volunteer worked outside a shift, for staff to approve."""

    date = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=HALF_HOUR,
        max_value=Decimal(24),
        max_digits=3,
        decimal_places=1,
        help_text=_("From 0.5 to 24, in half hours."),
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    description = forms.CharField(
        label=_("What you did"),
        max_length=500,
        help_text=_("At most 500 characters. Do not write the names of the people you helped."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    point = forms.ModelChoiceField(
        label=_("Workstation"),
        queryset=ServicePoint.objects.none(),
        required=False,
        empty_label=_("None (not at a workstation)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = workstations()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Hours cannot be reported for a future date."))
        return value

    def clean_hours(self):
        value = self.cleaned_data["hours"]
        if value % HALF_HOUR:
            raise forms.ValidationError(_("Report hours in half hours: 0.5, 1, 1.5 …"))
        return value

    def clean_description(self):
        value = self.cleaned_data["description"].strip()
        if not value:
            raise forms.ValidationError(_("Describe what you did."))
        return value


def this_year() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


class CertificatePeriodForm(AccessibleFormMixin, forms.Form):
    """The period a certificate of service covers (this year by default)."""

    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, data=None, **kwargs):
        start, end = this_year()
        if data is not None and not (data.get("start") or data.get("end")):
            data = None  # no period chosen yet: show this year
        kwargs.setdefault("initial", {"start": start, "end": end})
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days > 366 * 10:
                self.add_error("start", _("Choose a period of at most ten years."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period, or this year when none (or an invalid one) was given."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return this_year()
