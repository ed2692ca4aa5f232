"""Writes that the outreach app performs on behalf of a person or a command."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from outreach.models import CampaignLog
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
