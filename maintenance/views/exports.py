"""The work-order list's exports: the filtered orders as CSV (streamed, UTF-8 with a BOM
so that Excel reads Chinese right) or XLSX (openpyxl's write-only workbook, written to a
temporary file row by row).

Either way the rows are read from one server-side cursor in chunks of plain values
(never all model instances at once), in the list's order; headers and statuses are in
the request's language, names in it when they have one; dates are dates.
"""

import csv
import datetime
import functools
import tempfile
from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from assets.models import place_name
from core.models import bilingual_name

from ..choices import Outcome
from ..models import outcome

CHUNK = 2000

# (header, column width in the XLSX) in the order of _row()'s values.
COLUMNS = [
    (pgettext_lazy("a work order's number", "Order"), 9),
    (_("Due"), 12),
    (_("Due time"), 9),
    (_("Asset code"), 14),
    (_("Asset"), 28),
    (_("Place"), 20),
    (_("Zone"), 20),
    (_("Plan"), 32),
    (_("Task type"), 14),
    (_("Crew"), 18),
    (_("Department"), 22),
    (_("Status"), 14),
    (_("Closed"), 17),
    (_("Assignee"), 14),
    (_("Minutes spent"), 9),
]

FIELDS = [
    "pk",
    "due",
    "due_time",
    "status",
    "closed",
    "asset__code",
    "asset__name",
    "asset__kind",
    "asset__road__road_name",
    "asset__zone__name",
    "asset__zone__name_en",
    "plan__name",
    "plan__task_type__name",
    "plan__task_type__name_en",
    "crew__name",
    "crew__name_en",
    "crew__department__name",
    "crew__department__name_en",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "minutes_spent",
]


def _person(username: str | None, first_name: str, last_name: str) -> str:
    """As User.get_full_name() or its username, for a user read as plain values."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


def _row(order, today: datetime.date, statuses: dict[str, str], name) -> list:
    zone = name(order.asset__zone__name, order.asset__zone__name_en)
    closed = None
    if order.closed is not None:  # in the zone's time, without a zone: spreadsheets know none
        closed = timezone.localtime(order.closed, timezone.get_default_timezone()).replace(tzinfo=None)
    return [
        order.pk,
        order.due,
        order.due_time,
        order.asset__code,
        order.asset__name,
        place_name(order.asset__kind, order.asset__road__road_name, zone),
        zone,
        order.plan__name,
        name(order.plan__task_type__name, order.plan__task_type__name_en),
        name(order.crew__name, order.crew__name_en),
        name(order.crew__department__name, order.crew__department__name_en),
        statuses[outcome(order.status, order.due, order.closed, today)],
        closed,
        _person(order.assignee__username, order.assignee__first_name, order.assignee__last_name),
        order.minutes_spent,
    ]


def rows(orders: QuerySet, today: datetime.date) -> Iterator[list[list]]:
    """The orders' export rows, a chunk at a time, in the language active now (held for
    each chunk: a streamed response is written after its view has returned)."""
    return _chunks(orders, today, translation.get_language())


def _chunks(orders: QuerySet, today: datetime.date, language: str) -> Iterator[list[list]]:
    values = orders.values_list(*FIELDS, named=True).iterator(chunk_size=CHUNK)
    while chunk := list(islice(values, CHUNK)):
        with translation.override(language):
            statuses = {value: str(label) for value, label in Outcome.choices}
            # A few crews, zones and task types on many rows: each name is chosen once.
            name = functools.cache(bilingual_name)
            converted = [_row(order, today, statuses, name) for order in chunk]
        yield converted


def headers() -> list[str]:
    return [str(label) for label, _width in COLUMNS]


# --- CSV -----------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# such text is written behind an apostrophe, which shows it as typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)


class _Line:
    """csv.writer's file: hands back each line instead of storing it."""

    def write(self, line: str) -> str:
        return line


def csv_response(orders: QuerySet, today: datetime.date, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Line())
    header = "\ufeff" + writer.writerow(headers())  # the BOM: Excel then reads UTF-8
    chunks = rows(orders, today)  # now, in the request's language

    def lines() -> Iterator[str]:
        yield header
        for chunk in chunks:
            yield "".join(writer.writerow([_csv_value(value) for value in row]) for row in chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx_value(sheet, value):
    if not isinstance(value, str):
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        # XML cannot hold most control characters (openpyxl would refuse the whole file).
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value  # a plain value: the cheap path (most of the cells, on 100,000 rows)
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # text that starts with "=": never a formula
    return cell


def xlsx_response(orders: QuerySet, today: datetime.date, filename: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Work orders")))
    sheet.freeze_panes = "A2"
    for index, (_label, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header = []
    for label in headers():
        cell = WriteOnlyCell(sheet, label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for chunk in rows(orders, today):
        for row in chunk:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    # A temporary file, not memory: 100,000 rows make a file of some megabytes.
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
