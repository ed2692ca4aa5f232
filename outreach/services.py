"""Writes that the outreach app performs on behalf of a person or a command."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log as log_action

from outreach.models import CampaignLog, MediaReport
from outreach.resources import CampaignLogResource
from portal.imports import MAX_IMPORT_BYTES as MAX_IMPORT_BYTES  # re-exported
from portal.imports import (
    ImportOutcome,
    SpreadsheetFile,
    export_spreadsheet,
    import_spreadsheet,
    spreadsheet_template,
)
from portal.imports import check_spreadsheet_upload as check_spreadsheet_upload  # re-exported


@transaction.atomic
def ensure_demo_staff(*, email: str, password: str):
    """Create or reset the development superuser with a verified email address."""
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(
        username="admin", defaults={"email": email, "first_name": "演示", "last_name": "管理员"}
    )
    user.email = email
    user.is_staff = True
    user.is_superuser = True
    user.is_active = True
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


REVIEW_WORKFLOW_NAME = "初审 → 律师复审"


def is_unreviewed_brochure_file(document) -> bool:
    """Whether a document is the file of a draft brochure and of no published one."""
    from outreach.models import Brochure

    brochures = Brochure.objects.filter(document=document)
    return brochures.exists() and not brochures.filter(live=True).exists()


def assign_review_workflow(page):
    """Make the two-step review (初审 → 律师复审) apply to a page and everything below it.

    Used for article index pages, so every article needs both approvals.
    """
    from wagtail.models import Workflow, WorkflowPage

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first()
    if workflow is None:
        return None
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


# ---------------------------------------------------------------------------
# Campaign logs: spreadsheet import and export (the shared steps: portal.imports)


@dataclass(frozen=True)
class ImportPreviewRow:
    """A clean row of a dry run: its spreadsheet row, the log it makes and its media outlet."""

    row: int
    log: CampaignLog
    media_outlet: str


def import_campaign_logs(file, *, by, dry_run: bool) -> ImportOutcome:
    """Validate a CSV or XLSX of campaign logs and, unless `dry_run`, create every row.

    All or nothing: the rows are imported in one transaction that is rolled
    back if any row is invalid, so either every row becomes a log or none
    does. Problems come back as `ImportIssue`s (row, column, reason) in the
    active language. Each created log gets a "created" history entry by `by`.
    """
    outcome = import_spreadsheet(CampaignLogResource(), file, by=by, dry_run=dry_run)
    outcome.preview = [
        ImportPreviewRow(item.row, item.instance, item.values.get("媒体名称") or "")
        for item in outcome.preview
    ]
    return outcome


def export_campaign_logs(queryset, fmt: str = "xlsx") -> SpreadsheetFile:
    """The logs of `queryset` as an XLSX or CSV file with the import columns, formulas escaped."""
    return export_spreadsheet(CampaignLogResource(), queryset, fmt)


def campaign_log_template() -> SpreadsheetFile:
    """An XLSX to fill in: the import columns with one example row, and a sheet of instructions."""
    return spreadsheet_template(CampaignLogResource())


# ---------------------------------------------------------------------------
# Campaign logs: entered by partner organisations on their own pages

#: The log fields a partner fills in; anything else in `data` is ignored.
PARTNER_LOG_FIELDS = (
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
)
#: The media report fields a partner fills in.
PARTNER_MEDIA_REPORT_FIELDS = ("outlet", "level", "url", "date")


def _fill_partner_log(log: CampaignLog, *, organisation, data: dict, media_reports) -> None:
    """Copy the partner's values onto `log`, validate it and save it with its media reports.

    The attribution is never read from `data`: a posted `reporting_organisation`
    or `created_by` is dropped with every other unknown key.
    """
    for name in PARTNER_LOG_FIELDS:
        if name in data:
            setattr(log, name, data[name])
    log.reporting_organisation = organisation
    # Replaces the log's reports: those not in `media_reports` are deleted on save.
    log.media_reports = [
        MediaReport(
            sort_order=index,
            **{name: report[name] for name in PARTNER_MEDIA_REPORT_FIELDS if name in report},
        )
        for index, report in enumerate(media_reports)
    ]
    log.full_clean(exclude=["partner_organisations"])
    for report in log.media_reports.all():
        report.full_clean(exclude=["log"])
    partners = list(log.partner_organisations.all()) if log.pk else []
    if organisation not in partners:
        log.partner_organisations = [*partners, organisation]
    log.save()


def log_partner_activity(*, membership, data: dict, media_reports, by) -> CampaignLog:
    """Create the campaign log of an activity a partner organisation ran.

    `data` holds the partner form's cleaned values and `media_reports` a list
    of dicts (outlet, level, url, date). The log is attributed to the
    membership's organisation (reporting organisation and one of its partner
    organisations) and to `by`, and gets a "created" history entry by `by`.
    Raises `ValidationError` if the values break a rule of the model (e.g.
    a date in the future).
    """
    with transaction.atomic():
        log = CampaignLog(created_by=by)
        _fill_partner_log(
            log, organisation=membership.organisation, data=data, media_reports=media_reports
        )
        log_action(instance=log, action="wagtail.create", user=by)
    return log


def update_partner_activity(log: CampaignLog, *, membership, data: dict, media_reports, by):
    """Save a partner's changes to a log its organisation entered; `media_reports` replaces all.

    Who may edit which log is the view's question (`partner_views`); this
    only refuses a log of another organisation. `created_by` stays the person
    who entered it. Writes an "edited" history entry by `by`.
    """
    if log.reporting_organisation_id != membership.organisation_id:
        raise PermissionDenied("This campaign log was entered by another organisation.")
    with transaction.atomic():
        _fill_partner_log(
            log, organisation=membership.organisation, data=data, media_reports=media_reports
        )
        log_action(instance=log, action="wagtail.edit", user=by)
    return log
