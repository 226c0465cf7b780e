"""Bulk import and export of the register: XLSX or CSV through django-import-export
(``frontage.resources.UnitResource``).

An import is a dry run first (what each row would do, the errors of each) and then the
same file for real, every row or none: any error and nothing is written. A row equal to
its unit is skipped, so importing a file again changes nothing.
"""

import csv
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import tablib
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from import_export.results import RowResult
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assets.models import Zone

from .. import credit_code
from ..choices import UnitKind
from ..resources import KEYS, REQUIRED, UnitResource, describe_errors, escape, header, header_keys, text

logger = logging.getLogger(__name__)

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# Bigger files are refused before they are read: the register has a few thousand units.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_LINES = 2 * MAX_ROWS  # blank lines included
MAX_COLUMNS = 100

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTIONS = {
    NEW: pgettext_lazy("an imported row", "new"),
    UPDATE: pgettext_lazy("an imported row", "updated"),
    UNCHANGED: pgettext_lazy("an imported row", "unchanged"),
    ERROR: pgettext_lazy("an imported row", "error"),
}
ACTION_OF = {
    RowResult.IMPORT_TYPE_NEW: NEW,
    RowResult.IMPORT_TYPE_UPDATE: UPDATE,
    RowResult.IMPORT_TYPE_SKIP: UNCHANGED,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read: its message says why."""


@dataclass
class RowReport:
    number: int  # the row in the spreadsheet (its header is row 1)
    code: str
    name: str
    action: str  # NEW, UPDATE, UNCHANGED or ERROR
    messages: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(ACTIONS[self.action])


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            totals[row.action] += 1
        return totals

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(row.action == ERROR for row in self.rows)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.failed

    def summary(self) -> str:
        totals = self.totals
        rows = len(self.rows)
        counts = {"rows": rows, **{key: totals[key] for key in ACTIONS}}
        if self.failed:
            counts["error"] = totals[ERROR] or len(self.errors)
            return (
                ngettext(
                    "%(rows)s row: %(error)s with errors. Nothing was written: correct the file and import it again.",
                    "%(rows)s rows: %(error)s with errors. Nothing was written: correct the file and import it again.",
                    rows,
                )
                % counts
            )
        if self.dry_run:
            return (
                ngettext(
                    "%(rows)s row: %(new)s would be created, %(update)s updated, %(unchanged)s unchanged. "
                    "Nothing has been written yet.",
                    "%(rows)s rows: %(new)s would be created, %(update)s updated, %(unchanged)s unchanged. "
                    "Nothing has been written yet.",
                    rows,
                )
                % counts
            )
        return (
            ngettext(
                "%(rows)s row: %(new)s created, %(update)s updated, %(unchanged)s unchanged.",
                "%(rows)s rows: %(new)s created, %(update)s updated, %(unchanged)s unchanged.",
                rows,
            )
            % counts
        )


def import_units(file_bytes: bytes, format: str, *, dry_run: bool, by=None) -> ImportReport:
    """Check (``dry_run``) or import a register file; every row or none is written."""
    report = ImportReport(dry_run=dry_run)
    try:
        lines, dataset = read_dataset(file_bytes, format)
    except ImportFileError as error:
        report.errors.append(str(error))
        return report
    resource = UnitResource()
    resource.lines = lines
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)
    report.errors.extend(str(error.error) for error in result.base_errors)
    for line, values, row in zip(lines, dataset.dict, result.rows, strict=False):
        entry = RowReport(number=line, code=text(values.get("code")), name=text(values.get("name")), action=ERROR)
        if row.validation_error is not None:
            entry.messages = describe_errors(row.validation_error)
        elif row.errors:
            entry.messages = [str(error.error) for error in row.errors]
        else:
            entry.action = ACTION_OF.get(row.import_type, ERROR)
        report.rows.append(entry)
    if not dry_run:
        logger.info("Door units imported by %s: %s", getattr(by, "username", "a command"), report.totals)
    return report


# --- Reading a file ------------------------------------------------------------------------


def read_dataset(file_bytes: bytes, format: str) -> tuple[list[int], tablib.Dataset]:
    """The file's rows under their column keys, with the spreadsheet row of each (blank
    rows left out), or ImportFileError."""
    if format not in FORMATS:
        raise ImportFileError(_("Import an XLSX or CSV file."))
    if len(file_bytes) > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported at once: split it.")
            % {"size": f"{len(file_bytes) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )
    rows = iter(_xlsx_rows(file_bytes) if format == "xlsx" else _csv_rows(file_bytes))
    headers = next((row for _line, row in rows if any(text(cell) for cell in row)), None)
    if headers is None:
        raise ImportFileError(_("The file is empty: start from the template."))
    keys = _header_keys(headers)
    columns = [key for key in KEYS if key in keys]
    lines, data = [], []
    for line, row in rows:
        if not any(text(cell) for cell in row):
            continue
        if len(data) == MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows; import at most %(limit)s at once.")
                % {"limit": f"{MAX_ROWS:,}"}
            )
        cells = dict(zip(keys, row, strict=False))
        data.append([cells.get(key) for key in columns])
        lines.append(line)
    return lines, tablib.Dataset(*data, headers=columns)


def _header_keys(headers) -> list[str | None]:
    accepted = header_keys()
    keys, unknown = [], []
    for cell in headers:
        name = text(cell)
        key = accepted.get("".join(name.split()).casefold()) if name else None
        if name and key is None:
            unknown.append(name)
        keys.append(key)
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": "、".join(unknown), "columns": "、".join(header(key) for key in KEYS)}
        )
    doubled = sorted({key for key in keys if key and keys.count(key) > 1}, key=KEYS.index)
    if doubled:
        raise ImportFileError(
            _("These columns appear twice: %(columns)s.") % {"columns": "、".join(header(key) for key in doubled)}
        )
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        raise ImportFileError(
            _("The file lacks the columns %(columns)s.") % {"columns": "、".join(header(key) for key in missing)}
        )
    return keys


def _xlsx_rows(file_bytes: bytes) -> Iterator[tuple[int, tuple]]:
    try:
        workbook = load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("This is not an XLSX file that can be read: save it from Excel again.")) from error
    try:
        # Columns past MAX_COLUMNS are never read, nor lines past MAX_LINES: a small file
        # can claim a huge sheet.
        sheet = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        for line, row in enumerate(sheet, 1):
            if line > MAX_LINES:
                raise ImportFileError(
                    _("The file has more than %(limit)s rows; import at most %(limit)s at once.")
                    % {"limit": f"{MAX_ROWS:,}"}
                )
            yield line, row
    finally:
        workbook.close()


def _csv_rows(file_bytes: bytes) -> Iterator[tuple[int, list]]:
    content = decode(file_bytes)
    first = content.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), 1)


def decode(file_bytes: bytes) -> str:
    """CSV text in UTF-8 (with or without a BOM) or GB18030 (Chinese Excel's "CSV")."""
    if file_bytes.startswith(b"\xef\xbb\xbf"):
        return file_bytes[3:].decode("utf-8", errors="replace")
    try:
        return file_bytes.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return file_bytes.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 text: save it as CSV UTF-8.")) from error


# --- Writing files -------------------------------------------------------------------------


def unit_template(format: str) -> bytes:
    """An empty register file: the headers in the active language and one example row
    (write over it)."""
    zone = Zone.objects.order_by("code").first()
    base = "91330782MA2HX0000"
    example = {
        "code": "U-0001",
        "name": _("Example shop"),
        "kind": str(UnitKind.SHOP.label),
        "credit_code": base + credit_code.check_character(base),
        "address": _("1 Example Road"),
        "longitude": 120.05,
        "latitude": 28.9,
        "frontage": '{"type": "LineString", "coordinates": [[120.0499, 28.9], [120.0501, 28.9]]}',
        "zone": zone.code if zone else _("zone code"),
        "village": "",
        "road": "",
        "contact_name": _("Wang Jianguo"),
        "contact_phone": "13900000000",
        "active": 1,
        "notes": "",
    }
    headers = [header(key) for key in KEYS]
    return _write(format, headers, [[example[key] for key in KEYS]])


def export_units(units: QuerySet, format: str, *, personal: bool) -> bytes:
    """The units as a register file (headers in the active language, importable again);
    the person and the phone only with ``personal`` (the caller asks may_see_personal)."""
    resource = UnitResource(personal=personal)
    units = units.select_related("zone", "village", "road").order_by("code")
    dataset = resource.export(units, force_native_type=format == "xlsx")
    return _write(format, list(dataset.headers), [[escape(value) for value in row] for row in dataset])


def _write(format: str, headers: list[str], rows: list[list]) -> bytes:
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(["" if value is None else value for value in row] for row in rows)
        # With a BOM, Excel reads the Chinese right.
        return buffer.getvalue().encode("utf-8-sig")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Door units")))
    sheet.freeze_panes = "A2"
    for number, name in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(number)].width = max(12, min(40, len(name) * 2))
    sheet.append([_bold(sheet, name) for name in headers])
    for row in rows:
        # XML holds no control characters: openpyxl would refuse the whole file.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell
