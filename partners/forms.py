"""Forms of the partners app: the public directory filters and the partner portal."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import AccessibleFormMixin

from .choices import AgeBand, PointKind, ReferralStatus
from .models import CENTRE_KINDS, CODE_PREFIX_LENGTH, PopulationGroup, Referral, ServicePoint
from .validators import normalise_mobile, validate_id_number, validate_mobile

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


# ---------------------------------------------------------------------------
# Partner portal: the referral form, its filters and the lifecycle buttons


class ReferralForm(AccessibleFormMixin, forms.ModelForm):
    """The partner's referral form; `partners.services.submit_referral` saves what it cleans.

    The organisation, submitter and status are not fields: they come from the
    membership and the state machine, whatever a request posts. The ID number
    is checked here and stored encrypted by the service; the submission key
    makes a second POST of the same page return the first referral.
    """

    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("11 digits, e.g. 13812345678. The centre calls this number."),
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "off", "maxlength": 20}
        ),
    )
    id_number = forms.CharField(
        label=_("Resident ID number"),
        required=False,
        max_length=18,
        help_text=_(
            "18 characters. Stored encrypted; after saving only the last four characters are shown."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": 18,
            }
        ),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups the person belongs to"),
        queryset=PopulationGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every group that applies."),
        error_messages={"required": _("Choose at least one group.")},
    )
    consent = forms.BooleanField(
        label=_(
            "The person agreed, separately, that we share their personal information, "
            "including sensitive information, with the legal aid centre."
        ),
        error_messages={
            "required": _(
                "The referral can only be sent with the person's separate consent to "
                "share their information with the legal aid centre."
            )
        },
    )
    guardian_consent = forms.BooleanField(
        label=_("The guardian agreed that we share the child's information with the centre."),
        required=False,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    #: Fields a guardian gives for a child under 14.
    GUARDIAN_FIELDS = ("guardian_name", "guardian_relationship", "guardian_mobile")

    class Meta:
        model = Referral
        fields = [
            "applicant_name",
            "gender",
            "age_band",
            "groups",
            "issue_category",
            "description",
            "centre",
            "is_urgent",
            "financial_check_exempt",
            "exemption_reason",
            "is_collective",
            "people_count",
            "preferred_contact_time",
            "guardian_name",
            "guardian_relationship",
            "guardian_mobile",
        ]
        widgets = {
            "applicant_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "gender": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "people_count": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "guardian_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "guardian_relationship": forms.TextInput(attrs={"autocomplete": "off"}),
            "guardian_mobile": forms.TextInput(
                attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "off"}
            ),
        }
        help_texts = {
            "applicant_name": _("The name on the person's ID card."),
            "description": _(
                "What happened and what the person wants, in a few sentences (at most 1000 "
                "characters). Leave out health details the centre does not need."
            ),
            "centre": _("The centre nearest to the person; the centre may transfer it."),
            "is_urgent": _("Tick if a limitation period or hearing is close."),
            "financial_check_exempt": _(
                "Tick if the person need not prove financial hardship, then give the reason."
            ),
            "is_collective": _("Several people with the same claim, e.g. unpaid wages."),
            "people_count": _("For a collective case: how many people, at least 2."),
            "guardian_name": _("Required for a child under 14."),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        centres = ServicePoint.objects.active().filter(kind__in=CENTRE_KINDS)
        self.fields["centre"].queryset = centres.select_related("area")
        self.fields["centre"].empty_label = None
        self.fields["centre"].label = _("Legal aid centre to send it to")
        self.fields["exemption_reason"].label = _("Reason for the exemption")
        # Counted only for a collective case; a single person is one.
        self.fields["people_count"].required = False
        self.fields["submission_key"].label = _("Form key")
        # Radio buttons need no empty choice; lists show a "choose" entry first.
        self.fields["gender"].choices = self.fields["gender"].choices[1:]
        for name in ("age_band", "issue_category", "exemption_reason"):
            field = self.fields[name]
            field.choices = [("", _("— choose —")), *field.choices[1:]]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial.setdefault("people_count", 1)
            default = default_centre(organisation, centres)
            if default is not None:
                self.initial.setdefault("centre", default.pk)

    def clean_mobile(self):
        value = normalise_mobile(self.cleaned_data["mobile"])
        validate_mobile(value)
        return value

    def clean_guardian_mobile(self):
        value = normalise_mobile(self.cleaned_data["guardian_mobile"])
        if value:
            validate_mobile(value)
        return value

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value:
            validate_id_number(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("financial_check_exempt"):
            if not data.get("exemption_reason") and "exemption_reason" not in self.errors:
                self.add_error(
                    "exemption_reason", _("Give the reason why the financial check is not needed.")
                )
        else:
            data["exemption_reason"] = ""
        count = data.get("people_count")
        if data.get("is_collective"):
            if "people_count" not in self.errors and (count is None or count < 2):
                self.add_error("people_count", _("A collective case needs at least 2 people."))
        elif "people_count" not in self.errors:
            data["people_count"] = 1
        if data.get("age_band") == AgeBand.UNDER_14:
            for name in self.GUARDIAN_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Required for a child under 14: fill in the guardian."))
            if not data.get("guardian_consent"):
                self.add_error(
                    "guardian_consent",
                    _("For a child under 14 the guardian must agree to the referral."),
                )
        return data

    def service_data(self) -> dict:
        """The cleaned values in the shape `submit_referral` takes (groups apart)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("groups", "submission_key")
        }


def default_centre(organisation, centres):
    """The county centre of the organisation's county, else the first centre listed."""
    area = getattr(organisation, "area", None)
    county_length = CODE_PREFIX_LENGTH["county"]
    if area is not None and CODE_PREFIX_LENGTH.get(area.level, 0) >= county_length:
        prefix = area.code[:county_length]
        for centre in centres:
            if centre.kind == PointKind.COUNTY_CENTRE and centre.area.code.startswith(prefix):
                return centre
    return next(iter(centres), None)


class ReferralFilterForm(forms.Form):
    """Filters of a list of referrals: status, group and the period submitted (GET).

    `filter()` applies the valid filters only: an invalid date drops that filter
    and shows its error, the others still apply.
    """

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ReferralStatus.choices],
        required=False,
    )
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=PopulationGroup.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All groups"),
    )
    date_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    @property
    def filters(self) -> dict:
        """The valid, non-empty filter values, keyed by field name."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filter(self, queryset, *, period_only=False):
        """`queryset` narrowed by the valid filters (only the dates when `period_only`)."""
        filters = self.filters
        queryset = queryset.submitted_between(filters.get("date_from"), filters.get("date_to"))
        if period_only:
            return queryset
        if status := filters.get("status"):
            queryset = queryset.filter(status=status)
        if group := filters.get("group"):
            queryset = queryset.filter(groups=group)
        return queryset


class TransitionForm(forms.Form):
    """A partner's move of a referral: the status they saw, and a note for the centre."""

    expected_status = forms.ChoiceField(choices=ReferralStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for the legal aid centre"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("The information the centre asked for")
            self.fields["note"].error_messages["required"] = _(
                "Write the information the centre asked for."
            )
