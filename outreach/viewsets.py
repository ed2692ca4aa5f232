"""Wagtail admin for centre staff: campaign logs, with spreadsheet import and export."""

import re
import secrets

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import SnippetViewSet

from outreach.choices import ActivityType
from outreach.models import Brochure, CampaignLog, CampaignPage
from outreach.services import (
    MAX_IMPORT_BYTES,
    SPREADSHEET_CONTENT_TYPES,
    campaign_log_template,
    check_spreadsheet_upload,
    export_campaign_logs,
    import_campaign_logs,
)
from partners.models import Area

# The checked upload waits in the cache (Redis in production, shared by every
# app server) between the preview and the confirmation, for the same user only.
IMPORT_STASH_TIMEOUT = 30 * 60
IMPORT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")


def _download(spreadsheet):
    response = HttpResponse(spreadsheet.content, content_type=spreadsheet.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=spreadsheet.filename
    )
    return response


def _campaigns_with_logs(request):
    return CampaignPage.objects.filter(logs__isnull=False).distinct()


def _areas_with_logs(request):
    return Area.objects.filter(campaign_logs__isnull=False).distinct()


class CampaignLogFilterSet(WagtailFilterSet):
    """Filters of the campaign log list, also applied to its export."""

    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=_campaigns_with_logs, method="filter_campaign"
    )
    period = django_filters.DateFromToRangeFilter(
        label=_("Period"), field_name="date", widget=DateRangePickerWidget
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Township or county"), queryset=_areas_with_logs
    )
    activity_type = django_filters.ChoiceFilter(
        label=_("Activity type"),
        choices=ActivityType.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CampaignLog
        fields = []

    def filter_campaign(self, queryset, name, value):
        # Logs filed under either language version of the campaign page.
        return queryset.for_campaign(value) if value else queryset


class CampaignLogIndexView(IndexView):
    """The log list, with import, template and export in its header menu."""

    import_url_name = None
    export_url_name = None
    template_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail's built-in `?export=` would write other columns without the
        # formula escaping; the export view below is the one way out.
        self.is_export = False

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("area", "campaign")
            .annotate(
                _materials_total=F("leaflets")
                + F("brochures")
                + F("posters")
                + F("other_materials")
            )
        )

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if self.import_url_name and self.user_has_permission("add"):
            buttons.append(
                Button(
                    _("Import"),
                    url=reverse(self.import_url_name),
                    icon_name="upload",
                    priority=60,
                )
            )
            buttons.append(
                Button(
                    _("Download import template"),
                    url=reverse(self.template_url_name),
                    icon_name="doc-empty",
                    priority=80,
                )
            )
        if self.export_url_name and self.user_has_permission("view"):
            params = self.request.GET.copy()
            for key in (self.page_kwarg, "_w_filter_fragment", "export"):
                params.pop(key, None)
            for fmt, label in (("xlsx", _("Export XLSX")), ("csv", _("Export CSV"))):
                params["format"] = fmt
                buttons.append(
                    Button(
                        label,
                        url=f"{reverse(self.export_url_name)}?{params.urlencode()}",
                        icon_name="download",
                        priority=70,
                    )
                )
        return buttons


class CampaignLogExportView(CampaignLogIndexView):
    """The list as filtered, searched and ordered on screen, as an XLSX or CSV download."""

    permission_required = "view"
    any_permission_required = None

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in SPREADSHEET_CONTENT_TYPES:
            fmt = "xlsx"
        return _download(export_campaign_logs(self.get_queryset(), fmt))


class CampaignLogTemplateView(PermissionCheckedMixin, View):
    """The empty import spreadsheet with one example row."""

    model = CampaignLog
    permission_required = "add"

    def get(self, request, *args, **kwargs):
        return _download(campaign_log_template())


class CampaignLogImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A CSV or XLSX file of at most %(size)s MB with the template's columns.")
        % {"size": MAX_IMPORT_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
            )
        check_spreadsheet_upload(upload.name, upload.read())
        upload.seek(0)
        return upload


class CampaignLogImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload → dry-run preview (every problem, or the rows) → confirm → import.

    The file checked in the preview is kept in the cache under a random token
    bound to the user, so the confirmation imports exactly what was previewed.
    """

    model = CampaignLog
    permission_required = "add"
    template_name = "outreach/admin/campaign_log_import.html"
    page_title = _("Import campaign logs")
    header_icon = "upload"
    index_url_name = None
    template_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CampaignLogImportForm())
        context["action_url"] = self.request.path
        context["index_url"] = reverse(self.index_url_name)
        context["template_url"] = reverse(self.template_url_name)
        context["preview_headers"] = [
            capfirst(CampaignLog._meta.get_field(name).verbose_name)
            for name in (
                "date",
                "place",
                "area",
                "activity_type",
                "campaign",
                "organiser",
                "people_reached",
            )
        ]
        return context

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        form = CampaignLogImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        outcome = import_campaign_logs(upload, by=request.user, dry_run=True)
        token = None
        if outcome.ok:
            upload.seek(0)
            token = secrets.token_urlsafe(24)
            cache.set(self._stash_key(token), (upload.name, upload.read()), IMPORT_STASH_TIMEOUT)
        return self.render_to_response(
            self.get_context_data(outcome=outcome, token=token, filename=upload.name)
        )

    def confirm(self, token):
        key = self._stash_key(token) if IMPORT_TOKEN_RE.fullmatch(token) else None
        stashed = cache.get(key) if key else None
        # delete() says whether this request removed the entry: a second click
        # on Confirm finds it gone and cannot import the file twice.
        if stashed is None or not cache.delete(key):
            messages.error(self.request, _("The checked file has expired or was imported already."))
            return redirect(self.request.path)
        name, content = stashed
        outcome = import_campaign_logs(
            ContentFile(content, name=name), by=self.request.user, dry_run=False
        )
        if not outcome.ok:
            return self.render_to_response(self.get_context_data(outcome=outcome, filename=name))
        messages.success(
            self.request,
            ngettext(
                "Imported %(count)d campaign log.",
                "Imported %(count)d campaign logs.",
                outcome.created,
            )
            % {"count": outcome.created},
        )
        return redirect(self.index_url_name)

    def _stash_key(self, token):
        return f"outreach:campaign-log-import:{self.request.user.pk}:{token}"


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


class CampaignLogViewSet(ModelViewSet):
    """Campaign logs in the admin: list, filters, inspect, edit, import and export."""

    model = CampaignLog
    icon = "date"
    menu_label = _("Campaign logs")
    menu_order = 300
    add_to_admin_menu = True

    index_view_class = CampaignLogIndexView
    inspect_view_class = CampaignLogInspectView
    import_view_class = CampaignLogImportView
    export_view_class = CampaignLogExportView
    template_view_class = CampaignLogTemplateView

    list_display = [
        "date",
        "place",
        "area",
        "activity_type",
        "campaign",
        "people_reached",
        Column("materials_total", label=_("Materials"), sort_key="_materials_total"),
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

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            import_url_name=self.get_url_name("import"),
            export_url_name=self.get_url_name("export"),
            template_url_name=self.get_url_name("template"),
            **kwargs,
        )

    @property
    def import_view(self):
        return self.construct_view(
            self.import_view_class, template_url_name=self.get_url_name("template")
        )

    @property
    def export_view(self):
        return self.construct_view(self.export_view_class, **self.get_index_view_kwargs())

    @property
    def template_view(self):
        return self.construct_view(self.template_view_class)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", self.import_view, name="import"),
            path("export/", self.export_view, name="export"),
            path("template/", self.template_view, name="template"),
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
