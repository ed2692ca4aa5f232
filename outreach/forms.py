"""Forms of the outreach app's own pages: partner organisations logging their outreach."""

from django import forms
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from outreach.models import CampaignLog, CampaignPage, MediaReport
from outreach.models.campaign_logs import LOG_AREA_LEVELS
from partners.models import Area

#: A log carries at most this many media reports when a partner enters it.
MAX_PARTNER_MEDIA_REPORTS = 3


class DateInput(forms.DateInput):
    """The browser's date picker; ISO dates are what it sends and expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CountInput(forms.NumberInput):
    """A whole-number counter: phones show their numeric keypad."""

    def __init__(self, attrs=None):
        super().__init__({"min": 0, "inputmode": "numeric", **(attrs or {})})


class PartnerCampaignLogForm(forms.ModelForm):
    """The partner's campaign log form: the staff form's fields and rules, for one organisation.

    Who logged the activity (`reporting_organisation`, `created_by`) and the
    partner list are not fields: `outreach.services` sets them from the
    membership, so nothing posted can attribute a log to someone else.
    The date rule (not in the future) is `CampaignLog.clean()`, run by the
    model validation of this form exactly as in the admin.
    """

    class Meta:
        model = CampaignLog
        fields = [
            "date",
            "place",
            "area",
            "activity_type",
            "campaign",
            "organiser",
            "people_reached",
            "leaflets",
            "brochures",
            "posters",
            "other_materials",
            "consultations",
            "notes",
        ]
        widgets = {
            "date": DateInput(),
            "people_reached": CountInput(),
            "leaflets": CountInput(),
            "brochures": CountInput(),
            "posters": CountInput(),
            "other_materials": CountInput(),
            "consultations": CountInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(level__in=LOG_AREA_LEVELS).order_by(
            "code"
        )
        self.fields["area"].empty_label = _("Not recorded")
        # Campaigns of the reader's language; a log filed under the other
        # language's page keeps its campaign when edited.
        campaigns = Q(locale=Locale.get_active())
        if self.instance.campaign_id:
            campaigns |= Q(pk=self.instance.campaign_id)
        self.fields["campaign"].queryset = (
            CampaignPage.objects.live().filter(campaigns).order_by("-start_date", "title")
        )
        self.fields["campaign"].empty_label = _("No campaign")


class MediaReportForm(forms.ModelForm):
    """One media report (媒体报道) about the logged activity."""

    # A link typed without a scheme ("www.example.org/...") is taken as https.
    url = MediaReport._meta.get_field("url").formfield(assume_scheme="https")

    class Meta:
        model = MediaReport
        fields = ["outlet", "level", "url", "date"]
        widgets = {"date": DateInput()}


class BaseMediaReportFormSet(BaseInlineFormSet):
    """The media report rows; blank rows are skipped, so a form always offers all of them."""

    @property
    def reports(self) -> list[dict]:
        """The field values of the kept rows (not blank, not marked for deletion), in order.

        Call after `is_valid()`. A blank extra row has empty `cleaned_data`.
        """
        return [
            {name: form.cleaned_data[name] for name in MediaReportForm._meta.fields}
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


#: Always shows every row (no script adds rows): existing reports plus empty ones up to the max.
MediaReportFormSet = inlineformset_factory(
    CampaignLog,
    MediaReport,
    form=MediaReportForm,
    formset=BaseMediaReportFormSet,
    extra=MAX_PARTNER_MEDIA_REPORTS,
    max_num=MAX_PARTNER_MEDIA_REPORTS,
    validate_max=True,
    absolute_max=MAX_PARTNER_MEDIA_REPORTS,
    can_delete=True,
    can_delete_extra=False,
)
