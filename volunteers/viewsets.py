"""Wagtail admin for centre staff: the volunteer programme under one "Volunteers" menu item.

* Volunteers: list with filters and search, the record page (application,
  files, credentials, history, hours, vetting moves; audited), contact edits,
  roster import / template / export (audited). No add view: rosters and the
  public application form add volunteers.
* Opportunities and their shifts (a separate list filtered by opportunity:
  `Shift.opportunity` is a plain foreign key, not a ParentalKey), with the
  attendance page of each shift.
* Extra hours volunteers report, to approve or reject.
* The hours report with its XLSX export.
"""

import django_filters
from django.db.models import Count, F, Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from partners.models import Area, ServicePoint
from portal.admin_import import SpreadsheetViewSetMixin
from portal.admin_urls import read_only_url_finder

from .admin_views import (
    ExtraHoursIndexView,
    ExtraHoursReviewView,
    HoursReportView,
    RosterImportView,
    ShiftAttendanceView,
    ShiftForm,
    ShiftIndexView,
    VolunteerContactForm,
    VolunteerExportView,
    VolunteerIndexView,
    VolunteerInspectView,
)
from .choices import ReviewStatus, VolunteerSource, VolunteerStatus
from .models import HOLDING_STATUSES, ExtraHours, Opportunity, Shift, ShiftSignup, Volunteer
from .resources import VolunteerRosterResource


def _column(column_class, model, name, **kwargs):
    label = capfirst(model._meta.get_field(name).verbose_name)
    return column_class(name, label=label, sort_key=name, **kwargs)


def _preferred_areas(request):
    return Area.objects.filter(level__in=["city", "county", "township"]).order_by("code")


# --- Volunteers -------------------------------------------------------------------------


class VolunteerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=VolunteerStatus.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=VolunteerSource.choices)
    institution = django_filters.CharFilter(
        label=_("University or institution"), lookup_expr="icontains"
    )
    preferred_areas = django_filters.ModelChoiceFilter(
        label=_("Preferred area"), queryset=_preferred_areas
    )
    applied = django_filters.DateFromToRangeFilter(
        label=_("Applied"), field_name="applied_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Volunteer
        fields = ["status", "source", "institution", "preferred_areas"]


class VolunteerViewSet(SpreadsheetViewSetMixin, ModelViewSet):
    """Volunteers: list, record page with vetting, contact edits, roster import and export."""

    model = Volunteer
    name = "volunteer-people"
    url_prefix = "volunteers/people"
    icon = "group"
    menu_label = _("Volunteers")
    index_view_class = VolunteerIndexView
    export_view_class = VolunteerExportView
    import_view_class = RosterImportView
    resource_class = VolunteerRosterResource
    # A roster both adds volunteers and updates the ones it matches.
    import_permissions = ("add", "change")
    inspect_view_enabled = True
    inspect_view_class = VolunteerInspectView
    copy_view_enabled = False
    search_fields = ["real_name", "mobile"]
    search_backend_name = None
    list_per_page = 50
    filterset_class = VolunteerFilterSet
    list_display = [
        "real_name",
        "mobile",
        "source",
        "institution",
        "status",
        _column(DateColumn, Volunteer, "applied_at"),
    ]

    def get_form_class(self, for_update=False):
        return VolunteerContactForm

    def get_common_view_kwargs(self, **kwargs):
        # No add view (rosters and the application form add volunteers) and no
        # delete (a volunteer's account deletion anonymises the record).
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "delete_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in ("add", "delete")
        ]


# --- Opportunities and shifts -----------------------------------------------------------


def _points_with_opportunities(request):
    return ServicePoint.objects.filter(opportunities__isnull=False).distinct().order_by("code")


class OpportunityFilterSet(WagtailFilterSet):
    point = django_filters.ModelChoiceFilter(label=_("Place"), queryset=_points_with_opportunities)

    class Meta:
        model = Opportunity
        fields = ["kind", "is_published", "point"]


class ShiftsLinkColumn(Column):
    """The number of shifts, linking to the shift list filtered to the opportunity."""

    def get_value(self, instance):
        url = reverse("volunteer-shifts:index")
        return format_html(
            '<a href="{}?opportunity={}">{}</a>', url, instance.pk, instance.shift_count
        )


class OpportunityViewSet(ModelViewSet):
    """What volunteers can do; each opportunity's shifts are in the Shifts list."""

    model = Opportunity
    name = "volunteer-opportunities"
    url_prefix = "volunteers/opportunities"
    icon = "calendar-alt"
    form_fields = ["title", "kind", "description", "point", "is_published"]
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["title", "description"]
    search_backend_name = None
    list_per_page = 50
    filterset_class = OpportunityFilterSet
    list_display = [
        "title",
        "kind",
        "point",
        _column(BooleanColumn, Opportunity, "is_published"),
        ShiftsLinkColumn("shift_count", label=_("Shifts"), sort_key="shift_count"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        queryset = Opportunity.objects.select_related("point").annotate(shift_count=Count("shifts"))
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


def _opportunities_with_shifts(request):
    return Opportunity.objects.filter(shifts__isnull=False).distinct().order_by("title")


class ShiftFilterSet(WagtailFilterSet):
    opportunity = django_filters.ModelChoiceFilter(
        label=_("Opportunity"), queryset=_opportunities_with_shifts
    )
    start = django_filters.DateFromToRangeFilter(
        label=_("Date"), field_name="start__date", widget=DateRangePickerWidget
    )
    short = django_filters.BooleanFilter(
        label=_("Upcoming and short of volunteers"), method="filter_short"
    )

    class Meta:
        model = Shift
        fields = ["opportunity", "start"]

    def filter_short(self, queryset, name, value):
        # Places are held by confirmed and offered sign-ups, as the sign-up service counts them.
        held = Count("signups", filter=Q(signups__status__in=HOLDING_STATUSES))
        short = (
            Shift.objects.upcoming().annotate(held=held).filter(held__lt=F("capacity")).values("pk")
        )
        return queryset.filter(pk__in=short) if value else queryset.exclude(pk__in=short)


class ShiftViewSet(ModelViewSet):
    """Shifts of the opportunities, with an attendance page per shift."""

    model = Shift
    name = "volunteer-shifts"
    url_prefix = "volunteers/shifts"
    icon = "time"
    index_view_class = ShiftIndexView
    copy_view_enabled = True
    inspect_view_enabled = False
    search_fields = ["opportunity__title"]
    search_backend_name = None
    list_per_page = 50
    filterset_class = ShiftFilterSet
    list_display = [
        "__str__",
        _column(DateColumn, Shift, "end"),
        Column("place", label=_("Place")),
        "capacity",
        Column("confirmed_count", label=_("Confirmed"), sort_key="confirmed_count"),
    ]

    def get_form_class(self, for_update=False):
        return ShiftForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            attendance_url_name=self.get_url_name("attendance"), **kwargs
        )

    @property
    def attendance_view(self):
        return self.construct_view(ShiftAttendanceView, index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("attendance/<int:pk>/", self.attendance_view, name="attendance"),
        ]


# --- Extra hours --------------------------------------------------------------------------

ANY_STATUS = "all"


class ExtraHoursFilterSet(WagtailFilterSet):
    """With no status chosen, the reports waiting for approval."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ANY_STATUS, _("Any status")), *ReviewStatus.choices],
        empty_label=_("Waiting for approval"),
        method="filter_status",
    )

    class Meta:
        model = ExtraHours
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=ReviewStatus.PENDING)
        return queryset


class ExtraHoursViewSet(ModelViewSet):
    """Hours volunteers reported outside shifts: list, and approve or reject each."""

    model = ExtraHours
    name = "volunteer-extra-hours"
    url_prefix = "volunteers/extra-hours"
    icon = "time"
    index_view_class = ExtraHoursIndexView
    filterset_class = ExtraHoursFilterSet
    search_fields = ["volunteer__real_name", "description"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "volunteer",
        _column(DateColumn, ExtraHours, "date"),
        "hours",
        "description",
        "point",
        "status",
        "review_note",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(review_url_name=self.get_url_name("review"), **kwargs)

    @property
    def url_finder_class(self):
        return read_only_url_finder(self.get_url_name("review"))

    @property
    def review_view(self):
        return self.construct_view(ExtraHoursReviewView, index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("review/<int:pk>/", self.review_view, name="review"),
        ]


# --- Hours report -------------------------------------------------------------------------


class HoursReportViewSet(ViewSet):
    """The hours report: one page and its XLSX export (`?format=xlsx`)."""

    name = "volunteer-hours"
    url_prefix = "volunteers/hours"
    icon = "table"
    menu_label = _("Hours report")

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        policy = ModelPermissionPolicy(ShiftSignup)

        def is_shown(_self, request):
            return policy.user_has_permission(request.user, "view")

        return type("HoursReportMenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        return [path("", HoursReportView.as_view(), name="index")]


class VolunteersViewSetGroup(ViewSetGroup):
    """One "Volunteers" menu item for the programme's lists and report."""

    menu_label = _("Volunteers")
    menu_icon = "group"
    menu_order = 260
    items = (
        VolunteerViewSet,
        OpportunityViewSet,
        ShiftViewSet,
        ExtraHoursViewSet,
        HoursReportViewSet,
    )
