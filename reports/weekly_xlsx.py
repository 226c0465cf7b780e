"""The Monday report as an XLSX workbook (openpyxl): one sheet per section, numbers as
numbers, rates as numbers with a percent format, headers in the active language."""

import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.models import bilingual_name

from .models_weekly import WeeklyReport

PERCENT = "0.0%"


def _order_columns():
    return [
        ("due", _("Due")),
        ("on_time", _("Done on time")),
        ("late", _("Done late")),
        ("overdue", _("Overdue")),
        ("skipped", _("Skipped")),
        ("waiting", _("Still to do")),
        ("compliance", _("Compliance")),
    ]


def _finding_columns():
    return [
        ("registered", _("Registered")),
        ("to_dispose", _("Should be disposed")),
        ("disposed", _("Disposed")),
        ("disposal_rate", _("Disposal rate")),
        ("on_time_rate", _("On-time disposal rate")),
        ("rework_rate", _("Rework rate")),
        ("closure_rate", _("Closure rate")),
        ("reinspected", _("Re-inspections")),
        ("rebounds", _("Rebounds")),
        ("rebound_rate", _("Rebound rate")),
    ]


def _is_rate(name: str) -> bool:
    return name.endswith("rate") or name == "compliance"


def _sheet(book: Workbook, title: str, header: list[str]):
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _append(sheet, values: list, rates: set[int]) -> None:
    sheet.append(values)
    for index in rates:
        sheet.cell(row=sheet.max_row, column=index + 1).number_format = PERCENT


def _figures_sheet(book, title, first, columns, rows, totals):
    """A row per department or zone (and the totals): each figure, then its change
    against the week before (a rate's change in percentage points, as a percent)."""
    header = [first]
    for _name, label in columns:
        header += [label, _("%(figure)s, change") % {"figure": label}]
    sheet = _sheet(book, title, header)
    rates = {1 + 2 * i + j for i, (name, _label) in enumerate(columns) if _is_rate(name) for j in (0, 1)}
    for label, row in [*((bilingual_name(r["name"], r["name_en"]), r) for r in rows), *totals]:
        values = [label]
        for name, _label in columns:
            values += [row[name], row["change"][name]]
        _append(sheet, values, rates)


def workbook(report: WeeklyReport, data: dict | None = None) -> bytes:
    """The report's workbook; ``data`` a part of it (a department head's,
    weekly.for_departments: no totals, escalations hidden), else all of it."""
    data = report.data if data is None else data
    scoped = data.get("scoped", False)
    book = Workbook()
    summary = book.active
    summary.title = _("Week")[:31]
    summary.append([_("Week"), report.week])
    summary.append([_("From"), report.start])
    summary.append([_("To"), report.end])
    summary.append([_("Generated"), timezone.localtime(report.generated).replace(tzinfo=None)])
    summary.append([_("Compared with"), data["previous_week"]])
    for row in (2, 3):
        summary.cell(row=row, column=2).number_format = "yyyy-mm-dd"
    summary.cell(row=4, column=2).number_format = "yyyy-mm-dd hh:mm"
    orders, found = data["orders"], data["findings"]
    total = _("Total")
    _figures_sheet(
        book,
        _("Orders per department"),
        _("Department"),
        _order_columns(),
        orders["departments"],
        [] if scoped else [(total, orders["total"]), (_("Corrective orders"), orders["corrective"])],
    )
    _figures_sheet(book, _("Orders per zone"), _("Zone"), _order_columns(), orders["zones"], [])
    _figures_sheet(book, _("Findings per department"), _("Department"), _finding_columns(), found["departments"], [])
    _figures_sheet(
        book,
        _("Findings per zone"),
        _("Zone"),
        _finding_columns(),
        found["zones"],
        [] if scoped else [(total, found["total"])],
    )
    places = _sheet(book, _("Worst places"), [_("Zone"), _("Findings"), _("Rebounds"), _("Score")])
    for place in data["places"]:
        places.append(
            [bilingual_name(place["name"], place["name_en"]), place["findings"], place["rebounds"], place["score"]]
        )
    if scoped:
        # A department head's workbook: the escalations are the whole zone's, left out.
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()
    escalations = _sheet(
        book,
        _("Escalated rebounds"),
        [_("Finding"), _("Escalated"), _("Rebound number"), _("Zone"), _("Category"), _("Cleared")],
    )
    for row in data["escalations"]:
        moment = datetime.datetime.fromisoformat(row["escalated"]).replace(tzinfo=None)
        escalations.append(
            [
                row["pk"],
                moment,
                row["rebound_number"],
                bilingual_name(row["zone"], row["zone_en"]),
                bilingual_name(row["category"], row["category_en"]),
                _("yes") if row["cleared"] else _("no"),
            ]
        )
        escalations.cell(row=escalations.max_row, column=2).number_format = "yyyy-mm-dd hh:mm"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
