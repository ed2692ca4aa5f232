"""Partner pages where an organisation logs the outreach it ran (/partners/outreach/).

Every page is for active partner members only (`partners.access.partner_required`).
A member sees their organisation's logs and nobody else's. Who may edit:

* a coordinator edits every log of their organisation;
* a reporter edits the logs they entered themselves.

Any other log, of another organisation or (for a reporter) of a colleague,
is a 404 exactly like a log that does not exist, so ids reveal nothing.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from outreach.forms import MediaReportFormSet, PartnerCampaignLogForm
from outreach.models import CampaignLog
from outreach.services import log_partner_activity, update_partner_activity
from partners.access import partner_required
from partners.choices import MembershipRole

LOGS_PER_PAGE = 25
MEDIA_REPORTS_PREFIX = "media_reports"


def _organisation_logs(membership):
    return CampaignLog.objects.filter(reporting_organisation=membership.organisation)


def _editable_logs(membership):
    """The logs this member may change: see the module docstring."""
    logs = _organisation_logs(membership)
    if membership.role != MembershipRole.COORDINATOR:
        logs = logs.filter(created_by=membership.user_id)
    return logs


def _can_edit(membership, log) -> bool:
    return membership.role == MembershipRole.COORDINATOR or log.created_by_id == membership.user_id


@partner_required
def log_list(request, *, membership):
    """The organisation's logs, newest first, with the year-end totals of all of them."""
    logs = _organisation_logs(membership)
    page = Paginator(
        logs.select_related("area", "campaign").order_by("-date", "-pk"), LOGS_PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = [{"log": log, "can_edit": _can_edit(membership, log)} for log in page]
    return render(
        request,
        "outreach/partner/log_list.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "items": page,
            "rows": rows,
            "totals": logs.totals(),
        },
    )


def _all_valid(form, formset) -> bool:
    # Both are validated, so the summary lists every problem at once.
    return all([form.is_valid(), formset.is_valid()])


def _error_summary(form, formset) -> list[dict]:
    """Every error of the form and its media report rows: link target, field label, message."""
    errors = [{"id": "", "label": "", "message": message} for message in form.non_field_errors()]
    for field in form:
        errors += [
            {"id": field.id_for_label, "label": field.label, "message": message}
            for message in field.errors
        ]
    errors += [{"id": "", "label": "", "message": m} for m in formset.non_form_errors()]
    for number, row in enumerate(formset.forms, start=1):
        prefix = _("Media report %(number)d") % {"number": number}
        errors += [
            {"id": "", "label": prefix, "message": message} for message in row.non_field_errors()
        ]
        for field in row:
            errors += [
                {"id": field.id_for_label, "label": f"{prefix} · {field.label}", "message": m}
                for m in field.errors
            ]
    return errors


def _render_form(request, *, membership, form, formset, log=None):
    return render(
        request,
        "outreach/partner/log_form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "formset": formset,
            "errors": _error_summary(form, formset) if form.is_bound else [],
            "log": log,
        },
    )


@partner_required
def log_create(request, *, membership):
    """Log an activity the organisation ran, with up to three media reports."""
    log = CampaignLog()
    if request.method == "POST":
        form = PartnerCampaignLogForm(request.POST, instance=log)
        formset = MediaReportFormSet(request.POST, instance=log, prefix=MEDIA_REPORTS_PREFIX)
        if _all_valid(form, formset):
            log_partner_activity(
                membership=membership,
                data=form.cleaned_data,
                media_reports=formset.reports,
                by=request.user,
            )
            messages.success(request, _("The activity was logged."))
            return redirect("partner_outreach:list")
    else:
        form = PartnerCampaignLogForm(
            instance=log, initial={"organiser": membership.organisation.name}
        )
        formset = MediaReportFormSet(instance=log, prefix=MEDIA_REPORTS_PREFIX)
    return _render_form(request, membership=membership, form=form, formset=formset)


@partner_required
def log_edit(request, pk, *, membership):
    """Change a log the member may edit (see the module docstring); others are 404."""
    log = get_object_or_404(_editable_logs(membership), pk=pk)
    if request.method == "POST":
        form = PartnerCampaignLogForm(request.POST, instance=log)
        formset = MediaReportFormSet(request.POST, instance=log, prefix=MEDIA_REPORTS_PREFIX)
        if _all_valid(form, formset):
            update_partner_activity(
                log,
                membership=membership,
                data=form.cleaned_data,
                media_reports=formset.reports,
                by=request.user,
            )
            messages.success(request, _("The campaign log was saved."))
            return redirect("partner_outreach:list")
    else:
        form = PartnerCampaignLogForm(instance=log)
        formset = MediaReportFormSet(instance=log, prefix=MEDIA_REPORTS_PREFIX)
    return _render_form(request, membership=membership, form=form, formset=formset, log=log)
