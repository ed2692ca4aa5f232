"""Forms of the volunteer's own pages: the application, scans, calendar and account deletion."""

import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from partners.choices import AreaLevel
from partners.models import Area
from partners.validators import normalise_mobile, validate_mobile
from portal.forms import AccessibleFormMixin

from .applications import APPLICATION_FIELDS
from .choices import Availability, CredentialKind, FileKind, Skill, VolunteerSource
from .models import Volunteer

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ApplicationForm(AccessibleFormMixin, forms.ModelForm):
    """The volunteer application, also used to edit it while it is still `applied`."""

    real_name = forms.CharField(
        label=_("Real name"),
        max_length=60,
        strip=True,
        help_text=_("As on your ID card. Names of any length and script are accepted."),
    )
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A mainland China mobile number; the centre calls you on it."),
    )
    has_legal_qualification = forms.TypedChoiceField(
        label=_("Do you hold the legal professional qualification (法律职业资格)?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    skills = forms.MultipleChoiceField(
        label=_("What you can do"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When you can usually serve"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_areas = AreaChoiceField(
        label=_("Where you would like to serve"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Counties, districts, townships and streets; choose any number."),
    )
    accept_code = forms.BooleanField(
        label=_("I have read the volunteer code and agree to follow it."),
        required=True,
        error_messages={"required": _("You must accept the volunteer code to apply.")},
    )
    scan_consent = forms.BooleanField(
        label=_(
            "I agree that the centre keeps scans of my ID card and certificates that I upload, "
            "to verify my identity and qualifications."
        ),
        required=False,
        help_text=_(
            "Optional and separate from your application. You can withdraw it at any time; "
            "your scans are then deleted."
        ),
    )

    class Meta:
        model = Volunteer
        fields = APPLICATION_FIELDS
        widgets = {
            "source": forms.RadioSelect,
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_areas"].queryset = Area.objects.filter(
            level__in=(AreaLevel.COUNTY, AreaLevel.TOWNSHIP)
        ).order_by("code")
        self.fields["source"].choices = VolunteerSource.choices
        self.fields["real_name"].widget.attrs["autocomplete"] = "name"
        self.fields["real_name"].error_messages["required"] = _("Enter your real name.")
        self.fields["mobile"].error_messages["required"] = _("Enter your mobile number.")
        self.fields["source"].error_messages["required"] = _("Choose where you come from.")
        self.fields["has_legal_qualification"].error_messages["required"] = _(
            "Say whether you hold the legal professional qualification."
        )
        if self.instance.pk:
            self.initial["has_legal_qualification"] = (
                "yes" if self.instance.has_legal_qualification else "no"
            )
            self.initial["scan_consent"] = bool(self.instance.scan_consent_at)

    def area_groups(self) -> list[dict]:
        """The area checkboxes grouped by county: each township under its county."""
        groups: list[dict] = []
        for checkbox in self["preferred_areas"]:
            area = checkbox.data["value"].instance
            if area.level == AreaLevel.COUNTY or not groups:
                groups.append({"area": area, "county": checkbox, "townships": []})
                if area.level != AreaLevel.COUNTY:
                    groups[-1]["county"] = None
                    groups[-1]["townships"].append(checkbox)
            else:
                groups[-1]["townships"].append(checkbox)
        return groups

    def clean_mobile(self):
        value = normalise_mobile(self.cleaned_data["mobile"])
        validate_mobile(value)
        taken = Volunteer.objects.filter(mobile=value)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "This mobile number is already registered to another volunteer. If it is "
                    "yours, sign in with the account you applied with or call the centre."
                ),
                code="mobile_taken",
            )
        return value

    def clean_skills(self):
        return list(self.cleaned_data["skills"])

    def clean_availability(self):
        return list(self.cleaned_data["availability"])

    def clean(self):
        data = super().clean()
        if data.get("source") == VolunteerSource.STUDENT and not data.get("supervisor_name"):
            self.add_error(
                "supervisor_name", _("Students must name the teacher who supervises them.")
            )
        if data.get("has_legal_qualification") and not data.get("qualification_number"):
            self.add_error(
                "qualification_number",
                _("Enter the number of your legal professional qualification certificate."),
            )
        if data.get("has_legal_qualification") is False:
            data["qualification_number"] = ""
        return data

    def application_data(self) -> dict:
        """The cleaned values the application services take (areas and consents apart)."""
        return {
            name: self.cleaned_data[name]
            for name in APPLICATION_FIELDS
            if name != "preferred_areas" and name in self.cleaned_data
        }


class FileUploadForm(AccessibleFormMixin, forms.Form):
    """A scan of the ID card or a certificate, optionally recorded as a credential."""

    kind = forms.ChoiceField(
        label=_("What the file shows"), choices=FileKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    credential_kind = forms.ChoiceField(
        label=_("Certificate"),
        choices=[("", _("Not a certificate / do not record")), *CredentialKind.choices],
        required=False,
        help_text=_("For a certificate scan: which certificate it is. Staff verify it later."),
    )
    credential_number = forms.CharField(
        label=_("Certificate number"), max_length=40, required=False
    )
    issued_on = forms.DateField(
        label=_("Issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if it does not expire."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG or JPEG, at most %(limit)s.") % {
            "limit": filesizeformat(settings.VOLUNTEER_UPLOAD_MAX_BYTES)
        }

    def clean(self):
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        if issued and issued > datetime.date.today() + datetime.timedelta(days=1):
            self.add_error("issued_on", _("The issue date is in the future."))
        if data.get("credential_kind") and data.get("kind") != FileKind.CERTIFICATE:
            self.add_error(
                "credential_kind", _("Only a certificate scan can be recorded as a certificate.")
            )
        return data

    def credential_data(self) -> dict | None:
        if not self.cleaned_data.get("credential_kind"):
            return None
        return {
            "kind": self.cleaned_data["credential_kind"],
            "number": self.cleaned_data.get("credential_number", "").strip(),
            "issued_on": self.cleaned_data.get("issued_on"),
            "expires_on": self.cleaned_data.get("expires_on"),
        }


class AccountDeleteForm(AccessibleFormMixin, forms.Form):
    """Deleting the account: a confirming checkbox and the password, against slips and theft."""

    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.has_usable_password() or not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
