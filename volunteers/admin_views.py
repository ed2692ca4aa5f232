"""Staff admin views of the volunteer programme (Wagtail admin).

The volunteer's record with its vetting moves and credential checks (every
rendering audited), the audited roster export, the shift form, attendance
marking for a whole shift in one form, the review of extra hours and the
hours report with its XLSX export. Every write goes through
`volunteers.services`.
"""

from decimal import Decimal

import tablib
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from partners import audit
from partners.choices import AuditAction
from partners.validators import normalise_mobile, validate_mobile
from portal.admin_import import (
    SpreadsheetExportViewMixin,
    SpreadsheetImportView,
    SpreadsheetIndexView,
    download_response,
)
from portal.imports import (
    MAX_IMPORT_BYTES,
    SPREADSHEET_CONTENT_TYPES,
    ImportIssue,
    ImportOutcome,
    export_spreadsheet,
    spreadsheet_file,
)
from portal.spreadsheets import escape_formula

from .applications import APPLICATION_FIELDS
from .choices import (
    Attendance,
    CredentialKind,
    ReviewStatus,
    Skill,
    VolunteerSource,
    VolunteerStatus,
)
from .models import Credential, ExtraHours, Shift, ShiftSignup, Volunteer
from .resources import SOURCE_SHEET_NAMES
from .roster import check_roster_upload, import_roster
from .services import (
    VETTING,
    change_volunteer_status,
    mark_attendance,
    merge_hour_rows,
    review_extra_hours,
    verified_hours,
)

# --- Volunteers -------------------------------------------------------------------------


class VolunteerContactForm(WagtailAdminModelForm):
    """What staff may correct by hand: names, contacts and study details, not the vetting."""

    # Longer than the stored 11 digits: "+86 138 0000 1111" is normalised before saving.
    mobile = forms.CharField(
        label=Volunteer._meta.get_field("mobile").verbose_name, max_length=20, required=False
    )

    class Meta:
        model = Volunteer
        fields = [
            "real_name",
            "mobile",
            "institution",
            "college",
            "grade",
            "supervisor_name",
            "languages",
            "emergency_contact_name",
            "emergency_contact_phone",
        ]

    def clean_mobile(self):
        mobile = normalise_mobile(self.cleaned_data.get("mobile", ""))
        if mobile:
            validate_mobile(mobile)
            clash = Volunteer.objects.filter(mobile=mobile).exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(_("Another volunteer has this mobile number."))
        return mobile


class VolunteerIndexView(SpreadsheetIndexView):
    """The volunteer list; the header offers the roster import, template and export."""


class VolunteerExportView(SpreadsheetExportViewMixin, VolunteerIndexView):
    """The list as filtered on screen, as the roster spreadsheet; the export is audited."""

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in SPREADSHEET_CONTENT_TYPES:
            fmt = "xlsx"
        queryset = self.get_queryset()
        spreadsheet = export_spreadsheet(self.resource_class(), queryset, fmt)
        audit.record(
            request.user,
            AuditAction.EXPORT,
            "volunteer",
            row_count=queryset.count(),
            context=request.path,
        )
        return download_response(spreadsheet)


class RosterImportView(SpreadsheetImportView):
    """Upload → dry-run preview → confirm, through `volunteers.roster.import_roster`."""

    page_title = _("Import volunteer roster")
    preview_fields = ("real_name", "mobile", "institution", "college", "source")

    def run_import(self, file, *, dry_run):
        return import_roster(file, by=self.request.user, dry_run=dry_run)

    def post(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        if "token" not in request.POST and upload is not None:
            # The upload form would only say "upload a CSV or XLSX" for a CSV in
            # another encoding; the roster check says to save it as UTF-8.
            try:
                check_roster_upload(upload.name, upload.read(MAX_IMPORT_BYTES + 1))
            except ValidationError as error:
                if error.code == "encoding":
                    outcome = ImportOutcome(
                        issues=[ImportIssue(None, "", message) for message in error.messages]
                    )
                    return self.render_to_response(
                        self.get_context_data(outcome=outcome, filename=upload.name)
                    )
            upload.seek(0)
        return super().post(request, *args, **kwargs)


class VettingForm(forms.Form):
    """One allowed vetting move: a note, required where `services.VETTING` says so."""

    def __init__(self, *args, to_status, note_required, **kwargs):
        super().__init__(*args, prefix=f"move-{to_status}", **kwargs)
        self.to_status = to_status
        self.label = _("Move to “%(status)s”") % {"status": VolunteerStatus(to_status).label}
        self.fields["note"] = forms.CharField(
            label=_("Reason (the volunteer will read it)") if note_required else _("Note"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=note_required,
            error_messages={"required": _("Give the reason: the volunteer will read it.")},
        )


class VolunteerInspectView(InspectView):
    """The volunteer's record: application, files, credentials, history, hours, vetting.

    Shows personal data, so every rendering writes an audit row. Vetting
    needs `change_volunteer`; verifying a credential `change_credential`.
    """

    template_name = "admin/volunteers/volunteer_inspect.html"
    fields = [
        *APPLICATION_FIELDS,
        "code_accepted_at",
        "scan_consent_at",
        "status",
        "status_reason",
        "status_changed_at",
        "applied_at",
        "user",
    ]

    def get_object(self, queryset=None):
        return get_object_or_404(Volunteer.objects.select_related("user"), pk=self.pk)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, list):
            value = "、".join(str(item) for item in value)
        return "-" if value is None or value == "" else value

    def get_user_display_value(self):
        return self.object.user.email if self.object.user_id else "-"

    def vetting_forms(self, bound=None):
        if not self.user_has_permission("change"):
            return []
        result = []
        for to_status, note_required in VETTING.get(self.object.status, {}).items():
            if bound is not None and bound.to_status == to_status:
                result.append(bound)
            else:
                result.append(VettingForm(to_status=to_status, note_required=note_required))
        return result

    def get_context_data(self, bound_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        volunteer = self.object
        context.update(
            volunteer=volunteer,
            files=[
                (file, reverse("volunteers:file", args=[file.pk])) for file in volunteer.files.all()
            ],
            credentials=volunteer.credentials.select_related("verified_by", "scan"),
            may_verify=self.request.user.has_perm("volunteers.change_credential"),
            history=volunteer.history.select_related("actor"),
            hours=verified_hours(volunteer),
            vetting_forms=self.vetting_forms(bound_form),
            today=timezone.localdate(),
        )
        return context

    def render_page(self, bound_form=None):
        audit.record(
            self.request.user,
            AuditAction.VIEW,
            "volunteer",
            object_id=self.object.pk,
            context=self.request.path,
        )
        return self.render_to_response(self.get_context_data(bound_form=bound_form))

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if "verify_credential" in request.POST:
            return self.verify_credential(request.POST["verify_credential"])
        if not self.user_has_permission("change"):
            raise PermissionDenied
        to_status = request.POST.get("move", "")
        moves = VETTING.get(self.object.status, {})
        if to_status not in moves:
            messages.error(
                request,
                gettext("A volunteer who is “%(current)s” cannot be moved that way.")
                % {"current": self.object.get_status_display()},
            )
            return redirect(request.path)
        form = VettingForm(request.POST, to_status=to_status, note_required=moves[to_status])
        if form.is_valid():
            try:
                change_volunteer_status(
                    self.object.pk, to_status, by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.object.refresh_from_db()
                messages.success(
                    request,
                    gettext("%(name)s is now “%(status)s”.")
                    % {"name": self.object.real_name, "status": self.object.get_status_display()},
                )
                return redirect(request.path)
        messages.error(request, gettext("The status was not changed: see the form below."))
        return self.render_page(bound_form=form)

    def verify_credential(self, credential_id):
        if not self.request.user.has_perm("volunteers.change_credential"):
            raise PermissionDenied
        credential = get_object_or_404(
            Credential,
            pk=credential_id if str(credential_id).isdigit() else 0,
            volunteer=self.object,
        )
        credential.verified = True
        credential.verified_by = self.request.user
        credential.save(update_fields=["verified", "verified_by"])
        messages.success(
            self.request,
            gettext("%(credential)s verified.") % {"credential": credential.get_kind_display()},
        )
        return redirect(self.request.path)


# --- Shifts -------------------------------------------------------------------------------


class ShiftForm(WagtailAdminModelForm):
    """A shift; the required skills and credentials as checkboxes over their lists."""

    required_skills = forms.MultipleChoiceField(
        label=_("Required skills"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    required_credentials = forms.MultipleChoiceField(
        label=_("Required credentials"),
        choices=CredentialKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kinds of credential a volunteer must hold, verified and valid on the day."),
    )

    class Meta:
        model = Shift
        fields = [
            "opportunity",
            "start",
            "end",
            "point",
            "capacity",
            "required_skills",
            "required_credentials",
            "students_per_supervisor",
            "cancel_deadline_hours",
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The shift must end after it starts."))
        return cleaned


class ShiftIndexView(IndexView):
    """Shifts, each with the number of confirmed places and an "Attendance" button."""

    attendance_url_name = None

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("opportunity", "point", "opportunity__point")
            .annotate(
                confirmed_count=Count("signups", filter=Q(signups__status="confirmed")),
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.attendance_url_name and self.request.user.has_perm("volunteers.change_shiftsignup"):
            buttons.append(
                MenuItem(
                    _("Attendance"),
                    url=reverse(self.attendance_url_name, args=[instance.pk]),
                    icon_name="tasks",
                    priority=30,
                )
            )
        return buttons


class AttendanceRowForm(forms.Form):
    """One confirmed sign-up: attended or did not come, and the hours if not the shift's."""

    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (Attendance.ATTENDED, Attendance.ATTENDED.label),
            (Attendance.NO_SHOW, Attendance.NO_SHOW.label),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal(0),
        max_value=Decimal(24),
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "style": "width: 6em"}),
    )

    def __init__(self, *args, signup, **kwargs):
        initial = {}
        if signup.attendance != Attendance.UNMARKED:
            initial["attendance"] = signup.attendance
            initial["hours"] = signup.hours
        super().__init__(*args, prefix=f"signup-{signup.pk}", initial=initial, **kwargs)
        self.signup = signup


class ShiftAttendanceView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Mark who came to a shift, all confirmed sign-ups in one form (`mark_attendance`).

    Rows left blank are not marked. All or nothing: one refused row and no
    row is saved. The waitlist is shown read-only.
    """

    permission_policy = ModelPermissionPolicy(ShiftSignup)
    any_permission_required = ["view", "change"]
    template_name = "admin/volunteers/shift_attendance.html"
    header_icon = "tasks"
    _show_breadcrumbs = True
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.shift = get_object_or_404(
            Shift.objects.select_related("opportunity", "point", "opportunity__point"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Attendance")

    def get_page_subtitle(self):
        return str(self.shift)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Shifts")},
            {"url": "", "label": _("Attendance"), "sublabel": str(self.shift)},
        ]

    def confirmed(self):
        return self.shift.signups.filter(status="confirmed").select_related("volunteer")

    def row_forms(self, data=None):
        return [AttendanceRowForm(data, signup=signup) for signup in self.confirmed()]

    def get_context_data(self, rows=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            shift=self.shift,
            rows=rows if rows is not None else self.row_forms(),
            waitlist=self.shift.signups.waitlist().select_related("volunteer"),
            may_change=self.user_has_permission("change"),
            default_hours=self.shift.duration_hours,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("change"):
            raise PermissionDenied
        rows = self.row_forms(request.POST)
        if all(row.is_valid() for row in rows):
            marked = 0
            try:
                with transaction.atomic():
                    for row in rows:
                        attendance = row.cleaned_data["attendance"]
                        if not attendance:
                            continue
                        try:
                            mark_attendance(
                                row.signup.pk,
                                attendance,
                                by=request.user,
                                hours=row.cleaned_data["hours"],
                            )
                        except ValidationError as error:
                            for message in error.messages:
                                row.add_error(None, message)
                            raise
                        marked += 1
            except ValidationError:
                pass
            else:
                messages.success(
                    request,
                    gettext("Attendance saved for %(count)d volunteer(s).") % {"count": marked},
                )
                return redirect(request.path)
        messages.error(request, gettext("Nothing was saved: see the rows below."))
        return self.render_to_response(self.get_context_data(rows=rows))


# --- Extra hours --------------------------------------------------------------------------


class ExtraHoursIndexView(IndexView):
    """Reported hours, pending first by default, each pending one with a "Review" button."""

    review_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("volunteer", "point", "reviewed_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == ReviewStatus.PENDING and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Review"),
                    url=reverse(self.review_url_name, args=[instance.pk]),
                    icon_name="tick",
                    priority=10,
                )
            )
        return buttons


class ReviewExtraHoursForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ReviewStatus.APPROVED, _("Approve")), (ReviewStatus.REJECTED, _("Reject"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Reason (needed to reject; the volunteer will read it)"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExtraHoursReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Approve or reject one report of extra hours (`services.review_extra_hours`)."""

    model = ExtraHours
    permission_required = "change"
    template_name = "admin/volunteers/extra_hours_review.html"
    header_icon = "time"
    _show_breadcrumbs = True
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.extra = get_object_or_404(
            ExtraHours.objects.select_related("volunteer", "point", "reviewed_by"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Review extra hours")

    def get_page_subtitle(self):
        return str(self.extra)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Extra hours")},
            {"url": "", "label": _("Review"), "sublabel": str(self.extra)},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(extra=self.extra, form=form or ReviewExtraHoursForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewExtraHoursForm(request.POST)
        if form.is_valid():
            try:
                review_extra_hours(
                    self.extra.pk,
                    form.cleaned_data["decision"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, gettext("The hours were reviewed."))
                return redirect(self.index_url_name)
        return self.render_to_response(self.get_context_data(form=form))


# --- Hours report -----------------------------------------------------------------------


class HoursReportForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=1))


def hours_totals(date_from=None, date_to=None) -> dict:
    """Verified hours in the period by volunteer, by source and by workstation.

    Attended shift hours (dated by the shift's start) plus approved extra
    hours, each summed in the database with `values()` + `Sum`/`Count`; the two
    aggregated lists are then merged per key.
    """
    shifts = ShiftSignup.objects.attended()
    extra = ExtraHours.objects.filter(status=ReviewStatus.APPROVED)
    if date_from:
        shifts = shifts.filter(shift__start__date__gte=date_from)
        extra = extra.filter(date__gte=date_from)
    if date_to:
        shifts = shifts.filter(shift__start__date__lte=date_to)
        extra = extra.filter(date__lte=date_to)

    aggregate = {"hours": Coalesce(Sum("hours"), ZERO), "count": Count("pk")}
    by_volunteer = merge_hour_rows(
        ("volunteer_id", "name", "source"),
        shifts.values("volunteer_id", name=F("volunteer__real_name"), source=F("volunteer__source"))
        .annotate(**aggregate)
        .order_by(),
        extra.values("volunteer_id", name=F("volunteer__real_name"), source=F("volunteer__source"))
        .annotate(**aggregate)
        .order_by(),
    )
    by_source = merge_hour_rows(
        ("source",),
        shifts.values(source=F("volunteer__source")).annotate(**aggregate).order_by(),
        extra.values(source=F("volunteer__source")).annotate(**aggregate).order_by(),
    )
    by_point = merge_hour_rows(
        ("workstation",),
        shifts.values(workstation=Coalesce("shift__point__name", "shift__opportunity__point__name"))
        .annotate(**aggregate)
        .order_by(),
        extra.values(workstation=F("point__name")).annotate(**aggregate).order_by(),
    )
    labels = dict(VolunteerSource.choices)
    for entry in (*by_volunteer, *by_source):
        entry["source_label"] = labels.get(entry["source"], entry["source"])
        entry["source_sheet_name"] = SOURCE_SHEET_NAMES.get(entry["source"], entry["source"])
    total = {
        name: sum((entry[name] for entry in by_source), Decimal(0) if "hours" in name else 0)
        for name in ("shift_hours", "shifts", "extra_hours", "extra_entries", "hours")
    }
    return {
        "by_volunteer": by_volunteer,
        "by_source": by_source,
        "by_point": by_point,
        "total": total,
        "volunteers": len(by_volunteer),
    }


class HoursReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Verified hours in a period: totals by volunteer, source and workstation; XLSX export."""

    permission_policy = ModelPermissionPolicy(ShiftSignup)
    permission_required = "view"
    template_name = "admin/volunteers/hours_report.html"
    header_icon = "time"
    page_title = _("Volunteer hours")
    #: The page lists this many volunteers; the export has them all.
    volunteers_shown = 100

    def get_form(self):
        return HoursReportForm(self.request.GET or None)

    def get_totals(self, form):
        if form.is_bound and form.is_valid():
            return hours_totals(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        return hours_totals()

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        totals = self.get_totals(form)
        if request.GET.get("format") == "xlsx":
            return self.export(form, totals)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                totals=totals,
                shown=totals["by_volunteer"][: self.volunteers_shown],
                export_query=f"{request.GET.urlencode()}&format=xlsx".lstrip("&"),
            )
        )

    def export(self, form, totals):
        hours, shifts, extra, extra_n = (
            gettext("Verified hours"),
            gettext("Shifts attended"),
            gettext("Extra hours"),
            gettext("Extra reports"),
        )
        header_tail = [hours, shifts, extra, extra_n]

        def tail(entry):
            return [
                float(entry["hours"]),
                entry["shifts"],
                float(entry["extra_hours"]),
                entry["extra_entries"],
            ]

        volunteers = tablib.Dataset(
            headers=[gettext("Name"), gettext("Source"), *header_tail],
            title=gettext("By volunteer"),
        )
        for entry in totals["by_volunteer"]:
            volunteers.append([entry["name"], entry["source_sheet_name"], *tail(entry)])
        sources = tablib.Dataset(
            headers=[gettext("Source"), *header_tail], title=gettext("By source")
        )
        for entry in totals["by_source"]:
            sources.append([entry["source_sheet_name"], *tail(entry)])
        points = tablib.Dataset(
            headers=[gettext("Workstation"), *header_tail], title=gettext("By workstation")
        )
        for entry in totals["by_point"]:
            points.append([entry["workstation"] or gettext("No workstation"), *tail(entry)])
        for sheet in (volunteers, sources, points):
            for index, row in enumerate(sheet):
                sheet[index] = [escape_formula(cell) for cell in row]
        period = ""
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
            period = f"-{start or ''}_{end or ''}"
        audit.record(
            self.request.user,
            AuditAction.EXPORT,
            "volunteer-hours",
            row_count=len(totals["by_volunteer"]),
            context=self.request.path,
        )
        return download_response(
            spreadsheet_file(
                tablib.Databook([volunteers, sources, points]), "xlsx", f"volunteer-hours{period}"
            )
        )
