"""Writes that the outreach app performs on behalf of a person or a command."""

import csv
import io
import uuid
import zipfile
from dataclasses import dataclass, field

import openpyxl
import tablib
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from openpyxl.utils import get_column_letter
from wagtail.models import Locale, ModelLogEntry

from outreach.choices import ActivityType, MediaLevel
from outreach.models import CampaignLog, CampaignPage, MediaReport
from outreach.resources import (
    ACTIVITY_TYPE_SHEET_NAMES,
    MEDIA_LEVEL_SHEET_NAMES,
    CampaignLogResource,
)
from partners.choices import AreaLevel
from partners.models import Area
from portal.spreadsheets import escape_formula


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
# Campaign logs: spreadsheet import and export

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# An XLSX file is a zip archive: bound what openpyxl would have to unpack.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
# Trailing formatted-but-empty rows end the sheet once this many follow each other.
MAX_BLANK_RUN = 1000
# Excel on Chinese Windows saves "CSV" in GBK (GB18030 is its superset).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
SPREADSHEET_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX.CONTENT_TYPE}
SHEET_TITLE = "宣传活动记录"


@dataclass(frozen=True)
class ImportIssue:
    """One problem found in an import file.

    `row` counts as the spreadsheet shows it: the header is row 1, so the first
    data row is row 2; None for a problem with the file as a whole.
    """

    row: int | None
    column: str
    message: str

    def __str__(self):
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is None:
            return self.message
        if self.column:
            return str(_("Row %(row)s · %(column)s · %(message)s") % values)
        return str(_("Row %(row)s · %(message)s") % values)


@dataclass(frozen=True)
class ImportPreviewRow:
    """A clean row of a dry run: its spreadsheet row, the log it makes and its media outlet."""

    row: int
    log: CampaignLog
    media_outlet: str


@dataclass
class CampaignLogImport:
    """What an import of campaign logs found (dry run) or did."""

    format: str = ""
    total_rows: int = 0
    created: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    #: The rows as they will be saved, for a clean dry run.
    preview: list[ImportPreviewRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class SpreadsheetFile:
    """A generated spreadsheet, ready to send as a download."""

    content: bytes
    content_type: str
    filename: str


def check_spreadsheet_upload(name: str, content: bytes) -> str:
    """The format of an uploaded spreadsheet, "csv" or "xlsx", judged by its bytes.

    The extension must agree with the content: an XLSX must be a real Office
    Open XML workbook of bounded unpacked size, a CSV must be text in UTF-8 or
    GB18030. Raises ValidationError otherwise, or when the file is empty or
    over MAX_IMPORT_BYTES.
    """
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20},
            code="too_large",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx" and _is_xlsx(content):
        return "xlsx"
    if extension == "csv" and _decode_csv(content) is not None:
        return "csv"
    raise ValidationError(_("Upload a CSV or XLSX spreadsheet."), code="invalid_format")


def _is_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return False
    is_workbook = {"[Content_Types].xml", "xl/workbook.xml"} <= names
    return is_workbook and unpacked <= MAX_XLSX_UNPACKED_BYTES


def _decode_csv(content: bytes) -> str | None:
    if b"\x00" in content:
        return None  # binary, whatever its name says
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _sheet_rows(fmt: str, content: bytes):
    """The cells of the first sheet, row by row, as lists of Python values."""
    if fmt == "csv":
        yield from csv.reader(io.StringIO(_decode_csv(content), newline=""))
        return
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        for row in workbook.active.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _is_blank_cell(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_table(fmt: str, content: bytes):
    """The import file as a Dataset, the spreadsheet row number of each of its rows, and issues.

    Read here rather than through import-export's formats so that ragged rows
    (CSV lines with missing trailing commas) load, blank rows are dropped and
    every remaining row keeps the number the user sees in the spreadsheet.
    """
    issues = []
    rows = _sheet_rows(fmt, content)
    try:
        header_cells = next(rows, None)
    except Exception:  # any parser failure means an unreadable file
        header_cells = None
    if header_cells is None or all(_is_blank_cell(cell) for cell in header_cells):
        return None, [], [ImportIssue(None, "", str(_("The file has no header row.")))]

    headers = ["" if cell is None else str(cell).strip() for cell in header_cells]
    known = CampaignLogResource.column_names()
    seen = set()
    for header in headers:
        if not header:
            continue
        if header not in known:
            issues.append(ImportIssue(1, header, str(_("Unknown column."))))
        elif header in seen:
            issues.append(ImportIssue(1, header, str(_("The column appears more than once."))))
        seen.add(header)
    for required in CampaignLogResource.REQUIRED_COLUMNS:
        if required not in seen:
            issues.append(ImportIssue(1, required, str(_("This column is missing."))))
    kept = [index for index, header in enumerate(headers) if header]

    dataset = tablib.Dataset(headers=[headers[index] for index in kept])
    sheet_rows = []
    blank_run = 0
    try:
        for number, cells in enumerate(rows, start=2):
            if all(_is_blank_cell(cell) for cell in cells):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            cells = list(cells) + [None] * (len(headers) - len(cells))
            stray = [
                index
                for index, cell in enumerate(cells)
                if (index >= len(headers) or not headers[index]) and not _is_blank_cell(cell)
            ]
            if stray:
                issues.append(
                    ImportIssue(
                        number,
                        "",
                        str(
                            _("Column %(column)s holds data but has no header.")
                            % {"column": get_column_letter(stray[0] + 1)}
                        ),
                    )
                )
            if len(sheet_rows) >= MAX_IMPORT_ROWS:
                issues.append(
                    ImportIssue(
                        None,
                        "",
                        str(
                            _("The file has more than %(count)s rows; split it into smaller files.")
                            % {"count": MAX_IMPORT_ROWS}
                        ),
                    )
                )
                break
            dataset.append([cells[index] for index in kept])
            sheet_rows.append(number)
    except Exception:  # a damaged file is reported, not raised
        issues.append(ImportIssue(None, "", str(_("The file could not be read."))))
    if not sheet_rows and not issues:
        issues.append(ImportIssue(None, "", str(_("The file has no data rows."))))
    return dataset, sheet_rows, issues


def import_campaign_logs(file, *, by, dry_run: bool) -> CampaignLogImport:
    """Validate a CSV or XLSX of campaign logs and, unless `dry_run`, create every row.

    All or nothing: the rows are imported in one transaction that is rolled
    back if any row is invalid, so either every row becomes a log or none
    does. Problems come back as `ImportIssue`s (row, column, reason) in the
    active language. Each created log gets a "created" history entry by `by`.
    """
    content = file.read(MAX_IMPORT_BYTES + 1)
    outcome = CampaignLogImport()
    try:
        outcome.format = check_spreadsheet_upload(file.name or "", content)
    except ValidationError as error:
        outcome.issues = [ImportIssue(None, "", message) for message in error.messages]
        return outcome

    dataset, sheet_rows, outcome.issues = _read_table(outcome.format, content)
    outcome.total_rows = len(sheet_rows)
    if outcome.issues:
        return outcome

    resource = CampaignLogResource()
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            # Explicit, whatever IMPORT_EXPORT_USE_TRANSACTIONS says: with both
            # flags import-export rolls the whole import back on any invalid row.
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        if not dry_run and not result.has_errors() and not result.has_validation_errors():
            _log_created(result, by)
    outcome.issues = _result_issues(result, resource, sheet_rows)
    if outcome.ok:
        outcome.preview = [
            ImportPreviewRow(row, row_result.instance, row_result.row_values.get("媒体名称") or "")
            for row, row_result in zip(sheet_rows, result.rows, strict=True)
        ]
        if not dry_run:
            outcome.created = result.totals[RowResult.IMPORT_TYPE_NEW]
    return outcome


def _result_issues(result, resource, sheet_rows) -> list[ImportIssue]:
    """import-export's errors as issues on spreadsheet rows and columns, in sheet order."""
    issues = [ImportIssue(None, "", str(error.error)) for error in result.base_errors]
    for invalid in result.invalid_rows:
        row = sheet_rows[invalid.number - 1]
        for key, messages in invalid.error_dict.items():
            column = resource.column_for_error(key)
            issues.extend(ImportIssue(row, column, message) for message in messages)
    for error_row in result.error_rows:
        row = sheet_rows[error_row.number - 1]
        issues.extend(
            ImportIssue(
                row, "", str(_("The row could not be saved: %(error)s") % {"error": error.error})
            )
            for error in error_row.errors
        )
    columns = CampaignLogResource.column_names()
    return sorted(
        issues,
        key=lambda issue: (
            issue.row or 0,
            columns.index(issue.column) if issue.column in columns else len(columns),
        ),
    )


def _log_created(result, by):
    """The audit trail: the "created" history entry the admin's add view writes, per log.

    Written in one insert (log_action() would validate and insert row by row),
    grouped by one uuid so the import reads as one action.
    """
    content_type = ContentType.objects.get_for_model(CampaignLog)
    timestamp = timezone.now()
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(row.instance.pk),
            label=str(row.instance),
            action="wagtail.create",
            timestamp=timestamp,
            user=by,
            uuid=batch,
            data={},
        )
        for row in result.rows
    )


def export_campaign_logs(queryset, fmt: str = "xlsx") -> SpreadsheetFile:
    """The logs of `queryset` as an XLSX or CSV file with the import columns.

    Text cells that a spreadsheet would run as formulas are escaped (see
    `portal.spreadsheets`), so the file is safe to open; import undoes the
    escaping, so the file can be imported again unchanged.
    """
    if fmt not in SPREADSHEET_CONTENT_TYPES:
        raise ValueError(f"Unknown spreadsheet format: {fmt!r}")
    queryset = queryset.select_related("area", "campaign").prefetch_related(
        Prefetch("media_reports", queryset=MediaReport.objects.order_by("sort_order", "pk"))
    )
    dataset = CampaignLogResource().export(queryset)
    dataset.title = SHEET_TITLE
    return _spreadsheet_file(dataset, fmt, f"campaign-logs-{timezone.localdate():%Y%m%d}")


def campaign_log_template() -> SpreadsheetFile:
    """An XLSX to fill in: the import columns with one example row, and a sheet of instructions."""
    campaign = (
        CampaignPage.objects.filter(locale=Locale.get_default())
        .order_by("-start_date")
        .values_list("title", flat=True)
        .first()
    )
    area_code = Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("code", flat=True).first()
    example = {
        "日期": timezone.localdate(),
        "地点": "北关镇文化广场",
        "区划代码": area_code or "",
        "活动类型": ACTIVITY_TYPE_SHEET_NAMES[ActivityType.STREET_STALL],
        "所属活动": campaign or "",
        "组织单位": "县法律援助中心",
        "受众人数": 200,
        "宣传单": 300,
        "宣传册": 50,
        "海报": 4,
        "其他资料": 0,
        "咨询人次": 25,
        "媒体名称": "县电视台",
        "媒体级别": MEDIA_LEVEL_SHEET_NAMES[MediaLevel.COUNTY],
        "报道链接": "",
        "备注": "",
    }
    columns = CampaignLogResource.column_names()
    sheet = tablib.Dataset(headers=columns, title=SHEET_TITLE)
    sheet.append([escape_formula(example[column]) for column in columns])

    count = _("Optional. A whole number, 0 or more; blank means 0.")
    guide = {
        "日期": _("Required. The day the activity was held, such as 2021-03-15."),
        "地点": _("Required. Where it was held."),
        "区划代码": _("Optional. The division code of the township or county."),
        "活动类型": _("Required. One of: %(values)s.")
        % {"values": "、".join(ACTIVITY_TYPE_SHEET_NAMES.values())},
        "所属活动": _("Optional. The title of the campaign, as on its page."),
        "组织单位": _("Required. The organisation that held the activity."),
        "受众人数": _("Required. A whole number, 0 or more."),
        "宣传单": count,
        "宣传册": count,
        "海报": count,
        "其他资料": count,
        "咨询人次": count,
        "媒体名称": _("Optional. The outlet that reported the activity (one per row)."),
        "媒体级别": _("Needed with a media outlet. One of: %(values)s.")
        % {"values": "、".join(MEDIA_LEVEL_SHEET_NAMES.values())},
        "报道链接": _("Optional. The address of the report."),
        "备注": _("Optional."),
    }
    instructions = tablib.Dataset(
        headers=[str(_("Column")), str(_("What to enter"))], title=str(_("Instructions"))
    )
    for column in columns:
        instructions.append([column, str(guide[column])])
    return _spreadsheet_file(
        tablib.Databook([sheet, instructions]), "xlsx", "campaign-logs-template"
    )


def _spreadsheet_file(data, fmt: str, stem: str) -> SpreadsheetFile:
    # tablib directly rather than import-export's Format.export_data(): that
    # applies IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, which would strip the "="
    # from cells escaped already and turn numbers and dates into text.
    if fmt == "csv":
        # With a byte order mark Excel reads UTF-8; without it, GBK and mojibake.
        content = ("\ufeff" + data.export("csv")).encode("utf-8")
    else:
        content = data.export("xlsx")
    return SpreadsheetFile(content, SPREADSHEET_CONTENT_TYPES[fmt], f"{stem}.{fmt}")
