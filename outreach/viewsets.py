"""Wagtail admin for centre staff: campaign logs, with spreadsheet import and export."""

import django_filters
from django import forms
from django.db.models import F
from django.utils.dateformat import format as format_date
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from outreach.choices import ActivityType
from outreach.models import Brochure, CampaignLog, CampaignPage
from outreach.resources import CampaignLogResource
from partners.models import Area, PartnerOrganisation
from partners.viewsets import WithinAreaFilter
from portal.admin_import import (
    SpreadsheetImportView,
    SpreadsheetIndexView,
    SpreadsheetViewSetMixin,
)


def _campaigns_with_logs(request):
    return CampaignPage.objects.filter(logs__isnull=False).distinct()


def _areas_with_logs(request):
    return Area.objects.filter(campaign_logs__isnull=False).distinct()


def _partners_with_logs(request):
    return PartnerOrganisation.objects.filter(logged_campaign_logs__isnull=False).distinct()


class CampaignLogFilterSet(WagtailFilterSet):
    """Filters of the campaign log list, also applied to its export."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=_campaigns_with_logs, method="filter_campaign"
    )
    period = django_filters.DateFromToRangeFilter(
        label=_("Period"), field_name="date", widget=DateRangePickerWidget
    )
    within = WithinAreaFilter(area_path="area")
    area = django_filters.ModelChoiceFilter(
        label=_("Township or county"), queryset=_areas_with_logs
    )
    activity_type = django_filters.ChoiceFilter(
        label=_("Activity type"),
        choices=ActivityType.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    reporting_organisation = django_filters.ModelChoiceFilter(
        label=_("Logged by partner"), queryset=_partners_with_logs
    )

    class Meta:
        model = CampaignLog
        fields = []

    def filter_campaign(self, queryset, name, value):
        # Logs filed under either language version of the campaign page.
        return queryset.for_campaign(value) if value else queryset


class CampaignLogIndexView(SpreadsheetIndexView):
    """The log list, with import, template and export in its header menu."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("area", "campaign", "reporting_organisation")
            .annotate(
                _materials_total=F("leaflets")
                + F("brochures")
                + F("posters")
                + F("other_materials")
            )
        )


class CampaignLogImportView(SpreadsheetImportView):
    """Upload → dry-run preview (every problem, or the rows) → confirm → import."""

    page_title = _("Import campaign logs")

    def get_preview_columns(self):
        def label(name):
            return capfirst(CampaignLog._meta.get_field(name).verbose_name)

        return [
            (label("date"), lambda item: format_date(item.instance.date, "Y-m-d")),
            (label("place"), lambda item: item.instance.place),
            (label("area"), lambda item: item.instance.area.name if item.instance.area else ""),
            (label("activity_type"), lambda item: item.instance.get_activity_type_display()),
            (
                label("campaign"),
                lambda item: item.instance.campaign.title if item.instance.campaign else "",
            ),
            (label("organiser"), lambda item: item.instance.organiser),
            (label("people_reached"), lambda item: item.instance.people_reached),
            (_("Materials"), lambda item: item.instance.materials_total),
            (_("Consultations"), lambda item: item.instance.consultations),
            (_("Media outlet"), lambda item: item.values.get("媒体名称") or ""),
        ]

    def get_success_message(self, outcome):
        return ngettext(
            "Imported %(count)d campaign log.",
            "Imported %(count)d campaign logs.",
            outcome.created,
        ) % {"count": outcome.created}


class CampaignLogInspectView(InspectView):
    """The inspect page, with the media reports, photos and partners written out."""

    extra_labels = {
        "materials_total": _("Materials in all"),
        "media_reports": _("Media reports"),
        "photos": _("Photos"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_area_display_value(self):
        return self.object.area or "-"

    def get_campaign_display_value(self):
        return self.object.campaign or "-"

    def get_materials_total_display_value(self):
        return self.object.materials_total

    def get_partner_organisations_display_value(self):
        return ", ".join(str(org) for org in self.object.partner_organisations.all()) or "-"

    def get_media_reports_display_value(self):
        reports = self.object.media_reports.all()
        if not reports:
            return "-"
        return format_html_join(
            "",
            "<p>{} ({}) {}</p>",
            ((report.outlet, report.get_level_display(), report.url) for report in reports),
        )

    def get_photos_display_value(self):
        photos = self.object.photos.select_related("image")
        if not photos:
            return "-"
        return format_html_join(
            "",
            "<figure>{}<figcaption>{}</figcaption></figure>",
            (
                (photo.image.get_rendition("max-240x180").img_tag(), photo.caption)
                for photo in photos
            ),
        )


class CampaignLogViewSet(SpreadsheetViewSetMixin, ModelViewSet):
    """Campaign logs in the admin: list, filters, inspect, edit, import and export."""

    model = CampaignLog
    icon = "date"
    menu_label = _("Campaign logs")
    menu_order = 300
    add_to_admin_menu = True

    index_view_class = CampaignLogIndexView
    inspect_view_class = CampaignLogInspectView
    import_view_class = CampaignLogImportView
    resource_class = CampaignLogResource

    list_display = [
        "date",
        "place",
        "area",
        "activity_type",
        "campaign",
        "people_reached",
        Column("materials_total", label=_("Materials"), sort_key="_materials_total"),
        Column(
            "reporting_organisation",
            label=_("Logged by partner"),
            accessor=lambda log: log.reporting_organisation or "",
        ),
    ]
    list_per_page = 50
    filterset_class = CampaignLogFilterSet
    search_fields = ["place", "organiser", "notes"]
    # Not indexed by Wagtail search: plain icontains over the fields above.
    search_backend_name = None

    inspect_view_enabled = True
    inspect_view_fields = [
        "date",
        "place",
        "area",
        "activity_type",
        "campaign",
        "organiser",
        "partner_organisations",
        "people_reached",
        "leaflets",
        "brochures",
        "posters",
        "other_materials",
        "materials_total",
        "consultations",
        "media_reports",
        "photos",
        "notes",
        "created",
        "updated",
    ]


class BrochureViewSet(SnippetViewSet):
    """Brochures for the brochure page, reviewed twice before they are published."""

    model = Brochure
    icon = "doc-full"
    menu_label = _("Brochures")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "category", "language", "version", "live", UpdatedAtColumn()]
    list_filter = ["category", "language", "live"]
    search_fields = ["title", "summary"]
