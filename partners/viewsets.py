"""Wagtail admin for centre staff: the network, and the referrals with partner accounts.

Areas, partner organisations, service points (with their opening hours inline),
liaison officers, partner memberships and the provider roster: each with
search, filters and an inspect view. Areas, organisations, points and the
roster import and export spreadsheets (`portal.admin_import`), matched by code;
liaison officers export only, with phone numbers of officers who consented.

The "Referrals" menu item holds the triage queue (with its detail page, bulk
assignment and export, see `partners.admin_views`), partner invitations and
the read-only audit log.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_import import SpreadsheetImportView, SpreadsheetViewSetMixin
from portal.admin_urls import read_only_url_finder
from portal.widgets import QuickSelect

from .admin_views import (
    AuditEventIndexView,
    DeactivateMembershipView,
    InvitationStatusColumn,
    PartnerInvitationCreateView,
    PartnerMembershipIndexView,
    ReferralDetailView,
    ReferralExportView,
    ReferralIndexView,
)
from .choices import AreaLevel, AuditAction, IssueCategory, ReferralStatus
from .managers import FINISHED_STATUSES
from .models import (
    CENTRE_KINDS,
    Area,
    AuditEvent,
    LiaisonOfficer,
    PartnerInvitation,
    PartnerMembership,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    Referral,
    ServicePoint,
    ServiceType,
)
from .resources import (
    AreaResource,
    LiaisonOfficerResource,
    PartnerOrganisationResource,
    ProviderRosterResource,
    ReferralResource,
    ServicePointResource,
)


def _column(column_class, model, name):
    label = capfirst(model._meta.get_field(name).verbose_name)
    return column_class(name, label=label, sort_key=name)


def _cities_and_counties(request):
    return Area.objects.filter(level__in=[AreaLevel.CITY, AreaLevel.COUNTY]).order_by("code")


def _areas_with_organisations(request):
    return Area.objects.filter(organisations__isnull=False).distinct().order_by("code")


def _areas_with_providers(request):
    return Area.objects.filter(providers__isnull=False).distinct().order_by("code")


class WithinAreaFilter(django_filters.ModelChoiceFilter):
    """Rows in a city or county or anywhere below it (division codes nest by prefix)."""

    def __init__(self, *args, area_path="area", **kwargs):
        kwargs.setdefault("label", _("City or county"))
        kwargs.setdefault("queryset", _cities_and_counties)
        super().__init__(*args, **kwargs)
        self.area_path = area_path

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.area_path}__code__startswith": value.code_prefix})


class AreaFilterSet(WagtailFilterSet):
    within = WithinAreaFilter(area_path="parent", label=_("Within"))

    class Meta:
        model = Area
        fields = ["level"]


class PartnerOrganisationFilterSet(WagtailFilterSet):
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=_areas_with_organisations)

    class Meta:
        model = PartnerOrganisation
        fields = ["kind", "is_committee_member"]


class ServicePointFilterSet(WagtailFilterSet):
    area = WithinAreaFilter()
    groups_served = django_filters.ModelChoiceFilter(
        label=_("Group served"), queryset=PopulationGroup.objects.all()
    )
    services = django_filters.ModelChoiceFilter(
        label=_("Service offered"), queryset=ServiceType.objects.all()
    )

    class Meta:
        model = ServicePoint
        fields = ["kind", "level", "is_active"]


class LiaisonOfficerFilterSet(WagtailFilterSet):
    area = WithinAreaFilter(area_path="point__area")

    class Meta:
        model = LiaisonOfficer
        fields = ["phone_consent"]


class PartnerMembershipFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=lambda request: PartnerOrganisation.objects.filter(
            memberships__isnull=False
        ).distinct(),
    )

    class Meta:
        model = PartnerMembership
        fields = ["role", "is_active"]


class ProviderRosterFilterSet(WagtailFilterSet):
    area = django_filters.ModelChoiceFilter(label=_("County"), queryset=_areas_with_providers)

    class Meta:
        model = ProviderRosterEntry
        fields = ["kind", "is_active"]


class NetworkInspectView(InspectView):
    """The inspect page, with "-" for what is not filled in rather than "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "-" if value is None or value == "" else value


class NetworkViewSet(ModelViewSet):
    """Defaults of the network's admin lists: inspect view, ORM search, related rows in bulk."""

    inspect_view_enabled = True
    inspect_view_class = NetworkInspectView
    list_per_page = 50
    # Not indexed by Wagtail search: plain icontains over `search_fields`.
    search_backend_name = None
    #: Foreign keys the list shows, fetched with the rows.
    list_select_related = ()

    def get_index_view_kwargs(self, **kwargs):
        queryset = self.model._default_manager.select_related(*self.list_select_related)
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class NetworkImportView(SpreadsheetImportView):
    """The preview shows what each row does: a new row, a changed one, or none."""

    preview_fields = ("code", "name", "kind", "area")


class AreaImportView(SpreadsheetImportView):
    preview_fields = ("code", "name", "level", "parent")


class RosterImportView(SpreadsheetImportView):
    preview_fields = ("code", "name", "kind", "office", "area")


class AreaViewSet(SpreadsheetViewSetMixin, NetworkViewSet):
    """Administrative divisions, city to village, by their division codes."""

    model = Area
    name = "network-areas"
    url_prefix = "network/areas"
    icon = "globe"
    resource_class = AreaResource
    import_view_class = AreaImportView
    import_permissions = ("add", "change")
    list_display = ["name", "code", "level", "parent"]
    list_select_related = ["parent"]
    filterset_class = AreaFilterSet
    search_fields = ["name", "code"]
    form_fields = ["code", "name", "level", "parent"]
    copy_view_enabled = False


class PartnerOrganisationViewSet(SpreadsheetViewSetMixin, NetworkViewSet):
    """Partner bodies and the member units of the legal aid work committee."""

    model = PartnerOrganisation
    name = "network-organisations"
    url_prefix = "network/organisations"
    icon = "group"
    resource_class = PartnerOrganisationResource
    import_view_class = NetworkImportView
    import_permissions = ("add", "change")
    list_display = [
        "name",
        "short_name",
        "kind",
        "area",
        _column(BooleanColumn, PartnerOrganisation, "is_committee_member"),
        _column(DateColumn, PartnerOrganisation, "updated"),
    ]
    list_select_related = ["area"]
    filterset_class = PartnerOrganisationFilterSet
    search_fields = ["name", "short_name", "code", "coordinator"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("area")]),
                FieldPanel("parent"),
                FieldPanel("phone"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_committee_member"),
                FieldPanel("committee_duties"),
                FieldRowPanel(
                    [
                        FieldPanel("responsible_leader"),
                        FieldPanel("responsible_department"),
                        FieldPanel("coordinator"),
                    ]
                ),
            ],
            heading=_("Legal aid work committee"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("agreement_signed_on"),
                FieldPanel("eligibility_confirmation"),
                FieldPanel("collaboration_procedure"),
                FieldPanel("information_sharing"),
                FieldPanel("assessment_method"),
            ],
            heading=_("Collaboration agreement"),
        ),
    ]


class ServicePointInspectView(NetworkInspectView):
    """The inspect page, with the opening hours one weekday a line."""

    def get_opening_hours_display_value(self):
        by_day = {}
        for row in self.object.opening_hours.order_by("weekday", "opens"):
            by_day.setdefault(row.get_weekday_display(), []).append(
                f"{row.opens:%H:%M}–{row.closes:%H:%M}"
            )
        if not by_day:
            return "-"
        return format_html_join(
            "", "<div>{} {}</div>", ((day, ", ".join(ranges)) for day, ranges in by_day.items())
        )

    def get_field_label(self, field_name, field):
        if field_name == "opening_hours":
            return _("Opening hours")
        return super().get_field_label(field_name, field)


class ServicePointViewSet(SpreadsheetViewSetMixin, NetworkViewSet):
    """Centres, workstations and liaison points, with their opening hours inline."""

    model = ServicePoint
    name = "network-points"
    url_prefix = "network/points"
    icon = "site"
    resource_class = ServicePointResource
    import_view_class = NetworkImportView
    import_permissions = ("add", "change")
    inspect_view_class = ServicePointInspectView
    list_display = [
        "name",
        "code",
        "kind",
        "area",
        "host_organisation",
        _column(BooleanColumn, ServicePoint, "is_active"),
        _column(DateColumn, ServicePoint, "updated"),
    ]
    list_select_related = ["area", "host_organisation"]
    filterset_class = ServicePointFilterSet
    search_fields = ["name", "code", "address", "phone"]
    copy_view_enabled = False
    inspect_view_fields = [
        "code",
        "name",
        "kind",
        "level",
        "area",
        "parent",
        "host_organisation",
        "groups_served",
        "services",
        "address",
        "latitude",
        "longitude",
        "phone",
        "opening_hours",
        "duty_schedule",
        "description",
        "is_active",
        "updated",
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("level")]),
                FieldPanel("area"),
                FieldPanel("parent"),
                FieldPanel("host_organisation"),
                FieldPanel("is_active"),
            ],
            heading=_("Place in the network"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("phone"),
            ],
            heading=_("Address and phone"),
        ),
        FieldPanel("groups_served", widget=forms.CheckboxSelectMultiple),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "opening_hours",
            heading=_("Opening hours"),
            label=_("Opening period"),
            panels=[
                FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])
            ],
        ),
        FieldPanel("duty_schedule"),
        FieldPanel("description"),
    ]


class LiaisonOfficerViewSet(SpreadsheetViewSetMixin, NetworkViewSet):
    """Village liaison officers. Exported without the numbers of officers who did not consent."""

    model = LiaisonOfficer
    name = "network-officers"
    url_prefix = "network/officers"
    icon = "user"
    resource_class = LiaisonOfficerResource
    import_enabled = False
    list_display = [
        "name",
        "point",
        "phone",
        _column(BooleanColumn, LiaisonOfficer, "phone_consent"),
    ]
    list_select_related = ["point"]
    filterset_class = LiaisonOfficerFilterSet
    search_fields = ["name", "point__name", "point__code"]
    form_fields = ["point", "name", "phone", "phone_consent"]
    copy_view_enabled = False


class PartnerMembershipViewSet(NetworkViewSet):
    """Partner accounts and their roles: list, inspect and edit (invitations add them)."""

    model = PartnerMembership
    name = "network-memberships"
    url_prefix = "network/memberships"
    icon = "key"
    list_display = [
        "user",
        "organisation",
        "role",
        _column(BooleanColumn, PartnerMembership, "is_active"),
        _column(DateColumn, PartnerMembership, "created"),
    ]
    list_select_related = ["user", "organisation"]
    filterset_class = PartnerMembershipFilterSet
    search_fields = [
        "user__username",
        "user__email",
        "user__first_name",
        "user__last_name",
        "organisation__name",
    ]
    form_fields = ["organisation", "role", "is_active"]
    copy_view_enabled = False
    index_view_class = PartnerMembershipIndexView

    def get_common_view_kwargs(self, **kwargs):
        # No add view: memberships come from invitations, not from this form.
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            deactivate_url_name=self.get_url_name("deactivate"), **kwargs
        )

    @property
    def deactivate_view(self):
        return self.construct_view(DeactivateMembershipView)

    def get_urlpatterns(self):
        return [
            *(pattern for pattern in super().get_urlpatterns() if pattern.name != "add"),
            path("deactivate/<int:pk>/", self.deactivate_view, name="deactivate"),
        ]


class ProviderRosterViewSet(SpreadsheetViewSetMixin, NetworkViewSet):
    """The roster of lawyers and legal service workers applicants choose from (点援制)."""

    model = ProviderRosterEntry
    name = "network-roster"
    url_prefix = "network/roster"
    icon = "user"
    resource_class = ProviderRosterResource
    import_view_class = RosterImportView
    import_permissions = ("add", "change")
    list_display = [
        "name",
        "kind",
        "office",
        "area",
        _column(BooleanColumn, ProviderRosterEntry, "is_active"),
    ]
    list_select_related = ["area"]
    filterset_class = ProviderRosterFilterSet
    search_fields = ["name", "code", "office", "practice_areas"]
    form_fields = [
        "code",
        "name",
        "kind",
        "office",
        "practice_areas",
        "area",
        "office_phone",
        "is_active",
    ]
    copy_view_enabled = False


class NetworkViewSetGroup(ViewSetGroup):
    """One "Network" menu item for every list of the network."""

    menu_label = _("Network")
    menu_icon = "site"
    menu_order = 250
    items = (
        ServicePointViewSet,
        AreaViewSet,
        PartnerOrganisationViewSet,
        LiaisonOfficerViewSet,
        PartnerMembershipViewSet,
        ProviderRosterViewSet,
    )


# --- Referrals ---------------------------------------------------------------------------


def _organisations_with_referrals(request):
    # A semi-join on the organisation index rather than DISTINCT over every referral.
    return PartnerOrganisation.objects.filter(
        Exists(Referral.objects.filter(organisation=OuterRef("pk")))
    ).order_by("name")


def _centres(request):
    return ServicePoint.objects.filter(kind__in=CENTRE_KINDS).order_by("code")


ANY_STATUS = "all"


class ReferralFilterSet(WagtailFilterSet):
    """The queue's filters; with no status chosen, the referrals not finished yet."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ANY_STATUS, _("Any status")), *ReferralStatus.choices],
        empty_label=_("Not finished"),
        method="filter_status",
        widget=QuickSelect,
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Referring organisation"),
        queryset=_organisations_with_referrals,
        widget=QuickSelect,
    )
    centre = django_filters.ModelChoiceFilter(
        label=_("Legal aid centre"), queryset=_centres, widget=QuickSelect
    )
    groups = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=PopulationGroup.objects.all(), widget=QuickSelect
    )
    issue_category = django_filters.ChoiceFilter(
        label=_("Legal issue"), choices=IssueCategory.choices, widget=QuickSelect
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    is_urgent = django_filters.BooleanFilter(label=_("Urgent"))
    # Whole days in the site's time zone, as `Referral.objects.submitted_between` counts them.
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), field_name="submitted_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Referral
        fields = ["status", "organisation", "centre", "groups", "issue_category", "is_urgent"]

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        overdue = Referral.objects.overdue().filter(pk=OuterRef("pk"))
        return queryset.filter(Exists(overdue)) if value else queryset.exclude(Exists(overdue))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            unfinished = [s for s in ReferralStatus.values if s not in FINISHED_STATUSES]
            queryset = queryset.filter(status__in=unfinished)
        return queryset


class ReferralViewSet(ModelViewSet):
    """The triage queue at /admin/referrals/: list, detail with moves, bulk assign, export.

    No add (partners submit referrals), no edit form (moves go through the
    state machine), no delete (the retention run anonymises).
    """

    model = Referral
    name = "referrals"
    url_prefix = "referrals"
    icon = "clipboard-list"
    menu_label = _("Referral queue")
    index_view_class = ReferralIndexView
    filterset_class = ReferralFilterSet
    search_backend_name = None
    list_per_page = 25
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(export_url_name=self.get_url_name("export"), **kwargs)

    @property
    def url_finder_class(self):
        return read_only_url_finder(self.get_url_name("detail"))

    @property
    def detail_view(self):
        return self.construct_view(ReferralDetailView)

    @property
    def export_view(self):
        return self.construct_view(
            ReferralExportView,
            **self.get_index_view_kwargs(),
            resource_class=ReferralResource,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("export/", self.export_view, name="export"),
            path("<int:pk>/", self.detail_view, name="detail"),
        ]


class PartnerInvitationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            ("sent", _("Sent")),
            ("accepted", _("Accepted")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
        ],
        method="filter_status",
    )

    class Meta:
        model = PartnerInvitation
        fields = ["organisation", "role"]

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        if value == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if value == "revoked":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        pending = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        if value == "expired":
            return pending.filter(expires_at__lte=now)
        return pending.filter(expires_at__gt=now)


class PartnerInvitationViewSet(ModelViewSet):
    """Invite a person of a partner organisation by email; follow the invitations' status."""

    model = PartnerInvitation
    name = "partner-invitations"
    url_prefix = "partner-invitations"
    icon = "mail"
    add_view_class = PartnerInvitationCreateView
    form_fields = ["email", "organisation", "role"]
    list_display = [
        "email",
        "organisation",
        "role",
        InvitationStatusColumn("status", label=_("Status")),
        _column(DateColumn, PartnerInvitation, "created"),
        _column(DateColumn, PartnerInvitation, "expires_at"),
        "invited_by",
    ]
    filterset_class = PartnerInvitationFilterSet
    search_fields = ["email", "organisation__name"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_index_view_kwargs(self, **kwargs):
        queryset = PartnerInvitation.objects.select_related("organisation", "invited_by")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)

    url_finder_class = read_only_url_finder(None)

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "edit_url_name": None,
            "delete_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
        ]


def _audit_actors(request):
    return (
        get_user_model()
        .objects.filter(Exists(AuditEvent.objects.filter(actor=OuterRef("pk"))))
        .order_by("username")
    )


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    subject = django_filters.CharFilter(label=_("Record kind"))
    actor = django_filters.ModelChoiceFilter(label=_("User"), queryset=_audit_actors)
    at = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "subject", "actor", "at"]


class AuditEventViewSet(ModelViewSet):
    """Who read or exported personal data: a list only, never edited or deleted."""

    model = AuditEvent
    name = "audit-events"
    url_prefix = "audit-events"
    icon = "history"
    index_view_class = AuditEventIndexView
    list_display = [
        _column(DateColumn, AuditEvent, "at"),
        "actor_label",
        "action",
        "subject",
        "object_id",
        "row_count",
        "context",
    ]
    filterset_class = AuditEventFilterSet
    search_fields = ["actor_label", "object_id", "context"]
    search_backend_name = None
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = False
    url_finder_class = read_only_url_finder(None)

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class ReferralsViewSetGroup(ViewSetGroup):
    """One "Referrals" menu item: the queue, partner invitations and the audit log."""

    menu_label = _("Referrals")
    menu_icon = "clipboard-list"
    menu_order = 240
    items = (ReferralViewSet, PartnerInvitationViewSet, AuditEventViewSet)
