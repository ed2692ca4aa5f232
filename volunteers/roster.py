"""Importing a volunteer roster: the service the admin's import page and the benchmark call.

The same steps as `portal.imports.import_spreadsheet` (judge the upload by its
bytes, read the first sheet keeping each row's number, one transaction, all
or nothing, `ImportIssue`s "第 N 行 · 列 · 原因"), with two differences a
roster needs:

* a larger row limit: a province's roster runs to ten thousand people, where
  the network's own lists stop at `portal.imports.MAX_IMPORT_ROWS`;
* a missing required column is one problem for the whole file, naming every
  missing column, instead of one line per column.

CSV files may be UTF-8 or GBK/GB18030 (what Excel on Chinese Windows saves),
as everywhere in the portal; a CSV in neither is refused with a message asking
for UTF-8.
"""

import uuid

import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from portal import imports as portal_imports
from portal.imports import (
    ACTION_NEW,
    ACTION_SKIP,
    ACTION_UPDATE,
    MAX_BLANK_RUN,
    MAX_IMPORT_BYTES,
    ImportIssue,
    ImportOutcome,
    PreviewRow,
    _result_issues,
    check_spreadsheet_upload,
)

from .models import Volunteer
from .resources import VolunteerRosterResource

#: Rows one roster file may hold.
MAX_ROSTER_ROWS = 20_000


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Rosters hold people's names: only UTF-8 is read. GB18030 decodes almost any
# bytes, so guessing it (as the portal's other imports do) could store garbled
# names; a roster in GBK is refused with instructions to save it as UTF-8.
ROSTER_CSV_ENCODINGS = ("utf-8-sig",)


def _decode_csv(content: bytes) -> str | None:
    return portal_imports._decode_csv(content, ROSTER_CSV_ENCODINGS)


def _sheet_rows(fmt: str, content: bytes):
    return portal_imports._sheet_rows(fmt, content, ROSTER_CSV_ENCODINGS)


def read_roster(fmt: str, content: bytes, *, columns, required_columns):
    """The roster as a Dataset, each row's spreadsheet row number, and the problems found."""
    rows = _sheet_rows(fmt, content)
    try:
        header_cells = next(rows, None)
    except Exception:  # any parser failure means an unreadable file
        header_cells = None
    if header_cells is None or all(_is_blank(cell) for cell in header_cells):
        return None, [], [ImportIssue(None, "", _("The file has no header row."))]

    headers = ["" if cell is None else str(cell).strip() for cell in header_cells]
    issues = []
    seen = set()
    for header in headers:
        if not header:
            continue
        if header not in columns:
            issues.append(ImportIssue(1, header, _("Unknown column.")))
        elif header in seen:
            issues.append(ImportIssue(1, header, _("The column appears more than once.")))
        seen.add(header)
    missing = [column for column in required_columns if column not in seen]
    if missing:
        # One problem for the file: the rows cannot be checked without these columns.
        message = _(
            "The file lacks the required column(s) %(missing)s. Use the import template: "
            "its first row holds %(columns)s."
        ) % {"missing": "、".join(missing), "columns": "、".join(columns)}
        return None, [], [ImportIssue(None, "", message), *issues]

    kept = [index for index, header in enumerate(headers) if header]
    dataset = tablib.Dataset(headers=[headers[index] for index in kept])
    sheet_rows = []
    blank_run = 0
    try:
        for number, cells in enumerate(rows, start=2):
            if all(_is_blank(cell) for cell in cells):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            if len(sheet_rows) >= MAX_ROSTER_ROWS:
                issues.append(
                    ImportIssue(
                        None,
                        "",
                        _("The file has more than %(count)s rows; split it into smaller files.")
                        % {"count": MAX_ROSTER_ROWS},
                    )
                )
                break
            cells = list(cells) + [None] * (len(headers) - len(cells))
            if any(
                not _is_blank(cell)
                for index, cell in enumerate(cells)
                if index >= len(headers) or not headers[index]
            ):
                issues.append(ImportIssue(number, "", _("A column holds data but has no header.")))
            dataset.append([cells[index] for index in kept])
            sheet_rows.append(number)
    except Exception:  # a damaged file is reported, not raised
        issues.append(ImportIssue(None, "", _("The file could not be read.")))
    if not sheet_rows and not issues:
        issues.append(ImportIssue(None, "", _("The file has no data rows.")))
    return dataset, sheet_rows, issues


def check_roster_upload(name: str, content: bytes) -> str:
    """ "csv" or "xlsx"; a CSV not in UTF-8 (GBK included) is refused with its own message."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "csv" and content and b"\x00" not in content and _decode_csv(content) is None:
        raise ValidationError(
            _(
                "The CSV file is not in UTF-8 (it may be GBK). Nothing was imported. In Excel "
                "choose “Save as” → “CSV UTF-8 (comma delimited)”, or upload the XLSX file."
            ),
            code="encoding",
        )
    return check_spreadsheet_upload(name, content)


def log_changes(result, by):
    """The admin history entries ("created", "edited") of the imported volunteers, in one insert.

    Read from each row's instance: rows written in bulk get their primary
    key only once their batch is saved, after the row's result was made.
    """
    actions = {ACTION_NEW: "wagtail.create", ACTION_UPDATE: "wagtail.edit"}
    content_type = ContentType.objects.get_for_model(Volunteer)
    timestamp = timezone.now()
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(row.instance.pk),
            label=str(row.instance)[:255],
            action=actions[row.import_type],
            timestamp=timestamp,
            user=by,
            uuid=batch,
            data={},
        )
        for row in result.rows
        if row.import_type in actions
    )


def import_roster(file, *, by, dry_run: bool, resource=None) -> ImportOutcome:
    """Check a roster file and, unless `dry_run`, save every row: all or nothing.

    New mobile numbers become volunteers in status "applied"; known ones are
    updated (their status unchanged); rows identical to what is stored are
    skipped. Each created or changed volunteer gets a history entry by `by`.
    """
    resource = resource or VolunteerRosterResource()
    content = file.read(MAX_IMPORT_BYTES + 1)
    outcome = ImportOutcome()
    try:
        outcome.format = check_roster_upload(file.name or "", content)
    except ValidationError as error:
        outcome.issues = [ImportIssue(None, "", message) for message in error.messages]
        return outcome

    dataset, sheet_rows, outcome.issues = read_roster(
        outcome.format,
        content,
        columns=resource.column_names(),
        required_columns=resource.REQUIRED_COLUMNS,
    )
    outcome.total_rows = len(sheet_rows)
    if outcome.issues:
        return outcome

    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            sheet_rows=sheet_rows,
        )
        if not dry_run and not result.has_errors() and not result.has_validation_errors():
            log_changes(result, by)
    outcome.issues = _result_issues(result, resource, sheet_rows)
    if outcome.ok:
        outcome.preview = [
            PreviewRow(row, row_result.instance, row_result.row_values, row_result.import_type)
            for row, row_result in zip(sheet_rows, result.rows, strict=True)
        ]
        if not dry_run:
            outcome.created = result.totals[ACTION_NEW]
            outcome.updated = result.totals[ACTION_UPDATE]
            outcome.skipped = result.totals[ACTION_SKIP]
    return outcome
