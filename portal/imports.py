"""Spreadsheet import and export, shared by every admin list that offers them.

The steps, for a resource built on `portal.resources.SpreadsheetResource`:

* `check_spreadsheet_upload()` judges an upload by its bytes, not its name: a
  CSV in UTF-8 or GB18030, or a real XLSX workbook, within the size limits;
* `import_spreadsheet()` reads the first sheet (ragged and blank rows allowed,
  each row keeping the number the spreadsheet shows), checks the header row
  against the resource's columns and runs `resource.import_data()` in one
  transaction: a dry run for the preview, or the import. All or nothing: one
  bad row and nothing is saved. Problems come back as `ImportIssue`s naming
  the row, the column and the reason ("第 11 行 · 日期 · 输入一个有效的日期。");
* `export_spreadsheet()` writes a queryset as XLSX or CSV with the import
  columns, text that a spreadsheet would run as a formula escaped;
* `spreadsheet_template()` writes the file to fill in: the columns, example
  rows and a sheet of instructions.

`portal.admin_import` puts these behind the upload → preview → confirm views.
"""

import csv
import io
import uuid
import zipfile
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from openpyxl.utils import get_column_letter
from wagtail.models import ModelLogEntry

from portal.spreadsheets import escape_formula

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# An XLSX file is a zip archive: bound what openpyxl would have to unpack.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
# Trailing formatted-but-empty rows end the sheet once this many follow each other.
MAX_BLANK_RUN = 1000
# Excel on Chinese Windows saves "CSV" in GBK (GB18030 is its superset).
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
SPREADSHEET_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX.CONTENT_TYPE}

#: What a clean row of an import does (import-export's row result types).
ACTION_NEW = RowResult.IMPORT_TYPE_NEW
ACTION_UPDATE = RowResult.IMPORT_TYPE_UPDATE
ACTION_SKIP = RowResult.IMPORT_TYPE_SKIP


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
class PreviewRow:
    """A clean row: its spreadsheet row, the object as it will be saved, the cells, the action.

    `action` is ACTION_NEW, ACTION_UPDATE or ACTION_SKIP (the row matches the
    stored object and changes nothing).
    """

    row: int
    instance: object
    values: dict
    action: str


@dataclass
class ImportOutcome:
    """What an import found (dry run) or did.

    The counts are those of a real import; a dry run leaves them at 0 and
    says what each row would do in `preview`.
    """

    format: str = ""
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    #: The rows in spreadsheet order, when there are no issues.
    preview: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class SpreadsheetFile:
    """A generated spreadsheet, ready to send as a download."""

    content: bytes
    content_type: str
    filename: str


# ---------------------------------------------------------------------------
# Reading an upload


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


def _decode_csv(content: bytes, encodings=CSV_ENCODINGS) -> str | None:
    if b"\x00" in content:
        return None  # binary, whatever its name says
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _sheet_rows(fmt: str, content: bytes, encodings=CSV_ENCODINGS):
    """The cells of the first sheet, row by row, as lists of Python values."""
    if fmt == "csv":
        yield from csv.reader(io.StringIO(_decode_csv(content, encodings), newline=""))
        return
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        for row in workbook.active.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _is_blank_cell(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_spreadsheet(fmt: str, content: bytes, *, columns, required_columns=()):
    """The file as a Dataset, the spreadsheet row number of each of its rows, and issues.

    Read here rather than through import-export's formats so that ragged rows
    (CSV lines with missing trailing commas) load, blank rows are dropped and
    every remaining row keeps the number the user sees in the spreadsheet.
    Headers must be among `columns`, once each, and include `required_columns`.
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
    seen = set()
    for header in headers:
        if not header:
            continue
        if header not in columns:
            issues.append(ImportIssue(1, header, str(_("Unknown column."))))
        elif header in seen:
            issues.append(ImportIssue(1, header, str(_("The column appears more than once."))))
        seen.add(header)
    for required in required_columns:
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


# ---------------------------------------------------------------------------
# Importing


def import_spreadsheet(resource, file, *, by, dry_run: bool) -> ImportOutcome:
    """Validate a CSV or XLSX with `resource` and, unless `dry_run`, save every row.

    All or nothing: the rows are imported in one transaction that is rolled
    back if any row is invalid. Problems come back as `ImportIssue`s in the
    active language, sorted by row and column. Each created or changed object
    gets a history entry by `by` (the admin's "created" / "edited").
    """
    content = file.read(MAX_IMPORT_BYTES + 1)
    outcome = ImportOutcome()
    try:
        outcome.format = check_spreadsheet_upload(file.name or "", content)
    except ValidationError as error:
        outcome.issues = [ImportIssue(None, "", message) for message in error.messages]
        return outcome

    dataset, sheet_rows, outcome.issues = read_spreadsheet(
        outcome.format,
        content,
        columns=resource.column_names(),
        required_columns=resource.REQUIRED_COLUMNS,
    )
    outcome.total_rows = len(sheet_rows)
    if outcome.issues:
        return outcome
    dataset, sheet_rows = resource.order_rows(dataset, sheet_rows)

    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            # Explicit, whatever IMPORT_EXPORT_USE_TRANSACTIONS says: with both
            # flags import-export rolls the whole import back on any invalid row.
            use_transactions=True,
            rollback_on_validation_errors=True,
            # For resources that name rows in their messages ("as on row 7").
            sheet_rows=sheet_rows,
        )
        if not dry_run and not result.has_errors() and not result.has_validation_errors():
            _log_changes(resource, result, by)
    outcome.issues = _result_issues(result, resource, sheet_rows)
    if outcome.ok:
        outcome.preview = sorted(
            (
                PreviewRow(row, row_result.instance, row_result.row_values, row_result.import_type)
                for row, row_result in zip(sheet_rows, result.rows, strict=True)
            ),
            key=lambda item: item.row,
        )
        if not dry_run:
            outcome.created = result.totals[ACTION_NEW]
            outcome.updated = result.totals[ACTION_UPDATE]
            outcome.skipped = result.totals[ACTION_SKIP]
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
    columns = resource.column_names()
    return sorted(
        issues,
        key=lambda issue: (
            issue.row or 0,
            columns.index(issue.column) if issue.column in columns else len(columns),
        ),
    )


def _log_changes(resource, result, by):
    """The audit trail: the history entries the admin's add and edit views write, per object.

    Written in one insert (log_action() would validate and insert row by row),
    grouped by one uuid so the import reads as one action.
    """
    actions = {ACTION_NEW: "wagtail.create", ACTION_UPDATE: "wagtail.edit"}
    content_type = ContentType.objects.get_for_model(resource._meta.model)
    timestamp = timezone.now()
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(row.object_id),
            label=row.object_repr,
            action=actions[row.import_type],
            timestamp=timestamp,
            user=by,
            uuid=batch,
            data={},
        )
        for row in result.rows
        if row.import_type in actions
    )


# ---------------------------------------------------------------------------
# Writing files


def export_spreadsheet(resource, queryset, fmt: str = "xlsx") -> SpreadsheetFile:
    """The objects of `queryset` as an XLSX or CSV file with the import columns.

    Text cells that a spreadsheet would run as formulas are escaped (see
    `portal.spreadsheets`), so the file is safe to open; import undoes the
    escaping, so the file can be imported again unchanged.
    """
    if fmt not in SPREADSHEET_CONTENT_TYPES:
        raise ValueError(f"Unknown spreadsheet format: {fmt!r}")
    dataset = resource.export(resource.get_export_queryset(queryset))
    dataset.title = resource.sheet_title
    return spreadsheet_file(dataset, fmt, f"{resource.file_stem}-{timezone.localdate():%Y%m%d}")


def spreadsheet_template(resource) -> SpreadsheetFile:
    """An XLSX to fill in: the import columns with example rows, and a sheet of instructions."""
    columns = resource.column_names()
    sheet = tablib.Dataset(headers=columns, title=resource.sheet_title)
    for example in resource.template_rows():
        sheet.append([escape_formula(example.get(column, "")) for column in columns])
    guide = resource.column_guide()
    instructions = tablib.Dataset(
        headers=[str(_("Column")), str(_("What to enter"))], title=str(_("Instructions"))
    )
    for column in columns:
        instructions.append([column, str(guide.get(column, ""))])
    return spreadsheet_file(
        tablib.Databook([sheet, instructions]), "xlsx", f"{resource.file_stem}-template"
    )


def spreadsheet_file(data, fmt: str, stem: str) -> SpreadsheetFile:
    """A tablib Dataset (or, for XLSX, Databook) as a file named `stem.fmt`."""
    # tablib directly rather than import-export's Format.export_data(): that
    # applies IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, which would strip the "="
    # from cells escaped already and turn numbers and dates into text.
    if fmt == "csv":
        # With a byte order mark Excel reads UTF-8; without it, GBK and mojibake.
        content = ("\ufeff" + data.export("csv")).encode("utf-8")
    else:
        content = data.export("xlsx")
    return SpreadsheetFile(content, SPREADSHEET_CONTENT_TYPES[fmt], f"{stem}.{fmt}")
