"""Staff admin views of referrals and partner accounts (Wagtail admin).

The triage queue and its export, the referral detail page with one form per
allowed move, the bulk assignment, the read-only audit log, partner
invitations and the deactivation of a partner membership. Every write goes
through `partners.services`; every page showing a referral's personal data
writes an audit row.
"""

import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from portal.admin_import import (
    SpreadsheetExportViewMixin,
    SpreadsheetIndexViewMixin,
    download_response,
)
from portal.imports import SPREADSHEET_CONTENT_TYPES, export_spreadsheet

from . import audit
from .choices import AuditAction, DeclineReason, IssueCategory, ReferralStatus
from .models import (
    CENTRE_KINDS,
    PartnerMembership,
    ProviderRosterEntry,
    Referral,
    ServicePoint,
)
from .services import (
    REQUIRED_MESSAGES,
    STAFF,
    ReferralAlreadyHandled,
    TransitionNotAllowed,
    allowed_moves,
    assign_referrals,
    deactivate_membership,
    duplicate_referrals,
    invite_partner,
    transition_referral,
)

# --- Permission policies ----------------------------------------------------------------


class RestrictedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions for `actions` only; every other action is denied to everyone.

    Superusers included: the audit log is never edited, and referrals are
    neither added (partners submit them) nor deleted (the retention run
    anonymises them) in the admin.
    """

    def __init__(self, model, *, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action in self.actions]
        if not actions:
            return self._get_users_with_any_permission_codenames([]).none()
        return super().users_with_any_permission(actions)


# --- Triage queue -------------------------------------------------------------------------

#: "2026-000123", "000123" or "123": the part after the year is the primary key.
REFERENCE_RE = re.compile(r"^\s*(?:\d{4}-)?0*(\d{1,12})\s*$")


def _earlier_with_same(field: str, days: int):
    """Another referral with the same keyed hash in the `days` before this one.

    A blank hash (no ID number given, or anonymised) matches nothing: the CASE
    keeps PostgreSQL from scanning every other blank row of the period.
    """
    earlier = Referral.objects.filter(
        **{field: OuterRef(field)},
        submitted_at__lte=OuterRef("submitted_at"),
        submitted_at__gte=OuterRef("submitted_at") - datetime.timedelta(days=days),
    ).exclude(pk=OuterRef("pk"))
    return Case(
        When(**{field: ""}, then=Value(False)),
        default=Exists(earlier),
        output_field=BooleanField(),
    )


def queue_queryset():
    """What the queue's columns need, in a fixed number of queries whatever the page size."""
    days = settings.REFERRAL_DUPLICATE_DAYS
    return (
        Referral.objects.select_related("organisation", "centre")
        .prefetch_related("groups")
        .annotate(
            duplicate_mobile=_earlier_with_same("mobile_hash", days),
            duplicate_id_number=_earlier_with_same("id_number_hash", days),
        )
    )


def _badge(text, modifier="label"):
    return format_html('<span class="w-status w-status--{}">{}</span>', modifier, text)


class TextColumn(Column):
    """A cell from `render(instance)`: plain or already-escaped text, no per-cell lookups.

    The queue renders 50 rows of 10 cells; Django's `get_FOO_display` and
    Wagtail's date cells cost more per cell than everything else together.
    """

    def __init__(self, name, *, render, **kwargs):
        super().__init__(name, **kwargs)
        self.render = render

    def get_value(self, instance):
        return self.render(instance)

    def render_cell_html(self, instance, parent_context):
        # Same markup as wagtailadmin/tables/cell.html, without a template render per cell.
        return format_html("<td>{}</td>", self.render(instance))


class ReferenceColumn(TitleColumn):
    """The reference, linked to the detail page (title_cell.html's markup, rendered directly)."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="title"><div class="title-wrapper"><a href="{}">'
            '<span id="referral_{}_title">{}</span></a></div></td>',
            reverse("referrals:detail", args=[instance.pk]),
            instance.pk,
            instance.reference,
        )


class CheckboxColumn(BulkActionsCheckboxColumn):
    """The bulk actions checkbox (listing_checkbox_cell.html's markup, rendered directly)."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="bulk-action-checkbox-cell"><input type="checkbox" data-object-id="{}" '
            'data-bulk-action-checkbox class="bulk-action-checkbox" aria-label="{}" '
            'aria-describedby="referral_{}_title" /></td>',
            instance.pk,
            self.select_label,
            instance.pk,
        )


def _labels(choices):
    """Choice labels translated once per request, not once per cell."""
    return {value: str(label) for value, label in choices}


def _local_date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def _queue_cells():
    """The queue's computed cells, with their texts translated once for the request."""
    statuses = _labels(ReferralStatus.choices)
    issues = _labels(IssueCategory.choices)
    urgent = _badge(gettext("Urgent"), "primary")
    duplicate = _badge(gettext("Possible duplicate"))
    overdue = gettext("Overdue by %(days)s d")
    paused = gettext("%(days)s d (paused)")
    left = gettext("%(days)s d")
    now = timezone.now()

    def deadline(instance):
        days = instance.review_days_left(now)
        if days is None:
            return "—"
        if instance.clock_running and instance.review_due_at < now:
            return _badge(overdue % {"days": max(-days, 0) or 1}, "primary")
        return (paused if instance.clock_paused else left) % {"days": days}

    return {
        "urgent": lambda instance: urgent if instance.is_urgent else "",
        "status": lambda instance: statuses.get(instance.status, instance.status),
        "issue": lambda instance: issues.get(instance.issue_category, ""),
        "groups": lambda instance: "、".join(group.name for group in instance.groups.all()),
        "submitted": lambda instance: _local_date(instance.submitted_at),
        "deadline": deadline,
        "duplicate": lambda instance: (
            duplicate if instance.duplicate_mobile or instance.duplicate_id_number else ""
        ),
    }


def _org_name(instance):
    return instance.organisation.name


def _centre_name(instance):
    return instance.centre.name


class ReferralIndexView(SpreadsheetIndexViewMixin, IndexView):
    """The triage queue: unfinished referrals, urgent first then oldest, no personal data."""

    template_name = "admin/partners/referral_index.html"
    any_permission_required = ["view", "change"]
    page_title = _("Referral queue")

    @cached_property
    def is_searchable(self):
        return bool(self.index_results_url)

    def get_base_queryset(self):
        return queue_queryset()

    def order_queryset(self, queryset):
        if not self.ordering:
            return queryset.queue_order()
        return queryset.order_by(self.ordering, "pk")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        match = REFERENCE_RE.match(self.search_query)
        if not match:
            return queryset.none()
        return queryset.filter(pk=int(match[1]))

    @cached_property
    def columns(self):
        cells = _queue_cells()
        checkboxes = CheckboxColumn("bulk_actions", obj_type="referral")
        checkboxes.select_label = gettext("Select")
        return [
            checkboxes,
            ReferenceColumn("reference", label=_("Reference"), sort_key="submitted_at"),
            TextColumn("is_urgent", label=_("Urgent"), render=cells["urgent"]),
            TextColumn("status", label=_("Status"), render=cells["status"], sort_key="status"),
            TextColumn("organisation", label=_("Referring organisation"), render=_org_name),
            TextColumn("centre", label=_("Legal aid centre"), render=_centre_name),
            TextColumn("issue_category", label=_("Legal issue"), render=cells["issue"]),
            TextColumn("groups", label=_("Groups"), render=cells["groups"]),
            TextColumn(
                "submitted_at",
                label=_("Submitted"),
                render=cells["submitted"],
                sort_key="submitted_at",
            ),
            TextColumn(
                "review_due_at",
                label=_("Days left"),
                render=cells["deadline"],
                sort_key="review_due_at",
            ),
            TextColumn("duplicate", label=_("Duplicate"), render=cells["duplicate"]),
        ]


class ReferralExportView(SpreadsheetExportViewMixin, ReferralIndexView):
    """The queue as filtered on screen, as XLSX or CSV; the export is audited."""

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in SPREADSHEET_CONTENT_TYPES:
            fmt = "xlsx"
        queryset = self.get_queryset()
        spreadsheet = export_spreadsheet(self.resource_class(), queryset, fmt)
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "referral",
            row_count=queryset.count(),
            context=request.path,
        )
        return download_response(spreadsheet)


# --- Referral detail and its moves --------------------------------------------------------


class ReferralMoveForm(forms.Form):
    """One allowed move of a referral, with exactly the fields that move needs."""

    expected_status = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, to_status, move, **kwargs):
        super().__init__(*args, prefix=to_status, **kwargs)
        self.to_status = to_status
        self.move = move
        requires = set(move.requires)
        if to_status == ReferralStatus.DECLINED:
            self.fields["decline_reason"] = forms.ChoiceField(
                label=_("Reason for declining"),
                choices=[("", "---------"), *DeclineReason.choices],
                error_messages={"required": REQUIRED_MESSAGES["decline_reason"]},
            )
        if to_status == ReferralStatus.TRANSFERRED:
            self.fields["transferred_to"] = forms.ModelChoiceField(
                label=_("Transferred to"),
                queryset=ServicePoint.objects.filter(kind__in=CENTRE_KINDS, is_active=True),
                required=False,
            )
            self.fields["transferred_to_name"] = forms.CharField(
                label=_("Or another centre (name)"), max_length=120, required=False
            )
        if to_status == ReferralStatus.ASSIGNED:
            self.fields["assigned_provider"] = forms.ModelChoiceField(
                label=_("Lawyer or legal service worker"),
                queryset=ProviderRosterEntry.objects.filter(is_active=True),
                error_messages={"required": REQUIRED_MESSAGES["assigned_provider"]},
            )
        self.fields["note_for_partner"] = forms.CharField(
            label=_("Note for the partner"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required="note_for_partner" in requires,
            error_messages={"required": REQUIRED_MESSAGES["note_for_partner"]},
        )
        self.fields["internal_note"] = forms.CharField(
            label=_("Internal note (staff only)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        )

    @property
    def label(self):
        return self.move.label

    def clean(self):
        cleaned = super().clean()
        if self.to_status == ReferralStatus.TRANSFERRED and not (
            cleaned.get("transferred_to") or cleaned.get("transferred_to_name", "").strip()
        ):
            self.add_error("transferred_to", REQUIRED_MESSAGES["transferred_to"])
        return cleaned


class ReferralDetailView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Everything about one referral, its history, possible duplicates and the staff's moves.

    Shows the personal data in clear (ID number decrypted), so every rendering
    writes an audit row. Acting needs `partners.change_referral`.
    """

    model = Referral
    permission_required = "view"
    template_name = "admin/partners/referral_detail.html"
    header_icon = "clipboard-list"
    _show_breadcrumbs = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.referral = get_object_or_404(
            Referral.objects.select_related(
                "organisation",
                "centre",
                "submitted_by",
                "transferred_to",
                "assigned_provider",
            ),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Referral %(reference)s") % {"reference": self.referral.reference}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("referrals:index"), "label": _("Referral queue")},
            {"url": "", "label": self.referral.reference},
        ]

    @property
    def detail_url(self):
        return reverse("referrals:detail", args=[self.referral.pk])

    def move_forms(self, bound=None):
        if not self.user_has_permission("change"):
            return []
        forms_ = []
        for to_status, move in allowed_moves(self.referral.status, STAFF).items():
            if bound is not None and bound.to_status == to_status:
                forms_.append(bound)
            else:
                forms_.append(
                    ReferralMoveForm(
                        to_status=to_status,
                        move=move,
                        initial={"expected_status": self.referral.status},
                    )
                )
        return forms_

    def get_context_data(self, bound_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.referral
        context.update(
            referral=referral,
            id_number=referral.id_number if referral.id_number_encrypted else "",
            groups=list(referral.groups.all()),
            history=referral.history.select_related("actor"),
            duplicates=list(duplicate_referrals(referral)),
            duplicate_days=settings.REFERRAL_DUPLICATE_DAYS,
            move_forms=self.move_forms(bound_form),
            days_left=referral.review_days_left(),
        )
        return context

    def render_page(self, bound_form=None):
        audit.record(
            self.request.user,
            AuditAction.VIEW,
            "referral",
            object_id=self.referral.pk,
            context=self.request.path,
        )
        return self.render_to_response(self.get_context_data(bound_form=bound_form))

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("change"):
            raise PermissionDenied
        to_status = request.POST.get("move", "")
        expected = request.POST.get(f"{to_status}-expected_status", "")
        # The move is looked up from the status the user saw: when someone else
        # moved the referral since, the service says so ("already handled").
        move = allowed_moves(expected, STAFF).get(to_status)
        if move is None:
            messages.error(
                request,
                gettext("A referral that is “%(current)s” cannot be moved that way.")
                % {"current": self.referral.get_status_display()},
            )
            return redirect(self.detail_url)
        form = ReferralMoveForm(request.POST, to_status=to_status, move=move)
        if form.is_valid():
            data = form.cleaned_data
            try:
                transition_referral(
                    self.referral.pk,
                    to_status,
                    by=request.user,
                    role=STAFF,
                    expected_status=data["expected_status"],
                    note_for_partner=data.get("note_for_partner", ""),
                    internal_note=data.get("internal_note", ""),
                    decline_reason=data.get("decline_reason", ""),
                    transferred_to=data.get("transferred_to"),
                    transferred_to_name=data.get("transferred_to_name", ""),
                    assigned_provider=data.get("assigned_provider"),
                )
            except (ReferralAlreadyHandled, TransitionNotAllowed) as error:
                messages.error(request, " ".join(error.messages))
                return redirect(self.detail_url)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    gettext("Referral %(reference)s: %(action)s done.")
                    % {"reference": self.referral.reference, "action": move.label},
                )
                return redirect(self.detail_url)
        messages.error(request, gettext("The referral could not be moved: see the form below."))
        return self.render_page(bound_form=form)


# --- Bulk assignment ------------------------------------------------------------------------


class AssignProviderForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Lawyer or legal service worker"),
        queryset=ProviderRosterEntry.objects.filter(is_active=True),
    )
    note_for_partner = forms.CharField(
        label=_("Note for the partner"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AssignReferralsBulkAction(BulkAction):
    """Assign the selected accepted referrals to one provider (`services.assign_referrals`)."""

    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected referrals to a lawyer or legal service worker")
    template_name = "admin/partners/referral_bulk_assign.html"
    action_priority = 10
    form_class = AssignProviderForm
    models = [Referral]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("partners.change_referral"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(
            Referral.objects.filter(pk__in=[pk for pk in object_ids if str(pk).isdigit()])
            .select_related("organisation")
            .queue_order()
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return Referral.objects.filter(status=ReferralStatus.ACCEPTED).values_list("pk", flat=True)

    def object_context(self, obj):
        return {"item": obj, "url": reverse("referrals:detail", args=[obj.pk])}

    def get_execution_context(self):
        return {
            "provider": self.cleaned_form.cleaned_data["provider"],
            "note_for_partner": self.cleaned_form.cleaned_data["note_for_partner"],
            "user": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, provider=None, note_for_partner="", user=None, **kwargs):
        moved, refused = assign_referrals(
            [obj.pk for obj in objects],
            provider=provider,
            by=user,
            note_for_partner=note_for_partner,
        )
        return len(moved), len(refused)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return gettext(
            "Assigned to %(provider)s: %(moved)d. Refused (not accepted, or handled by "
            "someone else): %(refused)d."
        ) % {
            "provider": self.cleaned_form.cleaned_data["provider"],
            "moved": num_parent_objects,
            "refused": num_child_objects,
        }


# --- Audit log ----------------------------------------------------------------------------


class AuditEventIndexView(IndexView):
    """The audit trail, newest first; nothing here writes."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor")


# --- Partner accounts ---------------------------------------------------------------------


def invitation_status(invitation) -> str:
    """sent, accepted, revoked or expired."""
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "sent"


INVITATION_STATUS_LABELS = {
    "sent": _("Sent"),
    "accepted": _("Accepted"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
}


class InvitationStatusColumn(Column):
    def get_value(self, instance):
        status = invitation_status(instance)
        return _badge(INVITATION_STATUS_LABELS[status], "primary" if status == "sent" else "label")


class PartnerInvitationCreateView(CreateView):
    """The invitation form: `services.invite_partner` creates the row and queues the email."""

    def form_valid(self, form):
        self.form = form
        data = form.cleaned_data
        try:
            self.object = invite_partner(
                email=data["email"],
                organisation=data["organisation"],
                role=data["role"],
                by=self.request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Invitation sent to %(email)s.") % {"email": self.object.email},
        )
        return redirect(self.index_url_name)


class PartnerMembershipIndexView(IndexView):
    """Memberships, each active one with a "Deactivate" button for staff who may change them."""

    deactivate_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Deactivate"),
                    url=reverse(self.deactivate_url_name, args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class DeactivateMembershipView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then take the person's partner access away and end their sessions."""

    model = PartnerMembership
    permission_required = "change"
    template_name = "admin/partners/membership_deactivate.html"
    header_icon = "key"
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.membership = get_object_or_404(
            PartnerMembership.objects.select_related("user", "organisation"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("Deactivate partner account")

    def get_page_subtitle(self):
        return str(self.membership.user)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "membership": self.membership,
            "index_url": reverse(self.index_url_name),
        }

    def post(self, request, *args, **kwargs):
        if not self.membership.is_active:
            raise Http404
        ended = deactivate_membership(self.membership, by=request.user)
        messages.success(
            request,
            gettext("%(user)s can no longer use the partner pages; %(count)d session(s) ended.")
            % {"user": self.membership.user, "count": ended},
        )
        return redirect(self.index_url_name)
