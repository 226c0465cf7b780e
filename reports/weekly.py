"""The Monday report (周一汇报制): a week's figures, stored once per ISO week.

``generate_weekly_report("2026-W48")`` computes the dashboard's figures (reports.figures)
for the week and for the week before, per department and per zone, the worst ten places
and the week's escalated rebounds, and stores them as plain JSON (WeeklyReport.data):
numbers, rates (0–1 or None) and both names of each department and zone, so the page and
the XLSX read in either language. Generating a week again replaces its row. The query
count does not grow with the data: the figures' grouped queries, twice (this week and the
week before), and one for the escalations.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Department, Zone
from core.models import bilingual_name
from inspections.models import Finding

from . import figures, periods
from .figures import orders as order_module
from .figures.common import moments
from .models_weekly import WeeklyReport
from .periods import Period

ORDER_FIELDS = ("due", "on_time", "late", "overdue", "skipped", "waiting")
ORDER_RATES = ("compliance",)
FINDING_FIELDS = ("registered", "to_dispose", "disposed", "on_time", "sent_back", "closed", "reinspected", "rebounds")
FINDING_RATES = ("disposal_rate", "on_time_rate", "rework_rate", "closure_rate", "rebound_rate")


def week_period(week: str, today: datetime.date | None = None) -> Period:
    """The ISO week "2026-W48" if it has ended or begun; a future week is a ValidationError."""
    period = periods.iso_week(week)
    today = today or timezone.localdate()
    if period.start > today:
        raise ValidationError(_("The week %(week)s has not begun yet.") % {"week": period.iso_week()}, code="future")
    return period


def last_week(today: datetime.date | None = None) -> str:
    """The ISO week before the one ``today`` is in (the Monday report's)."""
    today = today or timezone.localdate()
    return periods.week_of(today - datetime.timedelta(days=7)).iso_week()


def _names(item) -> dict:
    if item is None:
        return {"key": None, "name": "—", "name_en": "—"}
    return {"key": item.pk, "name": item.name, "name_en": item.name_en}


def _orders(tally) -> dict:
    return {**dataclasses.asdict(tally), "compliance": tally.compliance}


def _findings(tally) -> dict:
    values = {name: getattr(tally, name) for name in FINDING_FIELDS}
    return {**values, **{name: getattr(tally, name) for name in FINDING_RATES}}


def _orders_by_zone(period: Period, today: datetime.date) -> list[dict]:
    """Preventive orders due in the week per zone (the asset's): one grouped query and
    the zones' names. The same counts as figures.order_figures (its scope and tallies)."""
    grouped = (
        order_module.scope(period, figures.Filters())
        .filter(plan__corrective=False)
        .values("asset__zone")
        .annotate(**order_module._counts(today))
        .order_by()
    )
    tallies = {row["asset__zone"]: order_module._tally(row) for row in grouped}
    zones = Zone.objects.filter(pk__in=tallies).order_by("code")
    return [{**_names(zone), **_orders(tallies[zone.pk])} for zone in zones]


def _section(period: Period, today: datetime.date, now: datetime.datetime) -> dict:
    """The week's figures per department and per zone, with the totals."""
    everything = figures.Filters()
    orders = figures.order_figures(period, everything, today)
    found = figures.finding_figures(period, everything, now)
    # The rows' names in both languages: two queries, whatever the number of rows.
    departments = Department.objects.in_bulk(
        [row.params["department"] for row in orders.departments + found.departments]
    )
    zones = Zone.objects.in_bulk([row.params["zone"] for row in found.zones])
    door = figures.door_figures(period, everything, today)
    projects = figures.project_figures(period, everything, today)
    return {
        "orders": {
            "departments": [
                {**_names(departments[row.params["department"]]), **_orders(row.tally)} for row in orders.departments
            ],
            "zones": _orders_by_zone(period, today),
            "total": _orders(orders.total.tally),
            "corrective": _orders(orders.corrective.tally),
        },
        "findings": {
            "departments": [
                {**_names(departments[row.params["department"]]), **_findings(row.tally)} for row in found.departments
            ],
            "zones": [{**_names(zones[row.params["zone"]]), **_findings(row.tally)} for row in found.zones],
            "total": _findings(found.total.tally),
            "overdue": found.overdue,
        },
        "door": {
            "checks": door.checks,
            "units_checked": door.units_checked,
            "red": door.red,
            "expiring": door.expiring,
        },
        "projects": {
            "on_time": projects.on_time,
            "late": projects.late,
            "handed_over": projects.handed_over,
            "budget": float(projects.budget),
            "spent": float(projects.spent),
            "spent_in_period": float(projects.spent_in_period),
        },
    }


def _change(now, before):
    """This week's number less last week's; None when either rate is undefined."""
    if now is None or before is None:
        return None
    return now - before


def _compare(current: dict, previous: dict) -> None:
    """Adds to each row of ``current`` a "change" against the same row of ``previous``
    (a department or zone absent last week counts as zeros)."""
    for section in ("orders", "findings"):
        for part in ("departments", "zones"):
            before = {row["key"]: row for row in previous[section][part]}
            for row in current[section][part]:
                old = before.get(row["key"], {})
                row["change"] = {
                    name: _change(value, old.get(name, 0 if not name.endswith(("rate", "compliance")) else None))
                    for name, value in row.items()
                    if name not in ("key", "name", "name_en")
                }
        for total in ("total", "corrective") if section == "orders" else ("total",):
            row, old = current[section][total], previous[section][total]
            row["change"] = {name: _change(value, old[name]) for name, value in row.items() if name in old}


def _escalations(period: Period) -> list[dict]:
    """The rebounds escalated in the week (one query, oldest first)."""
    start, end = moments(period)
    rows = (
        Finding.objects.filter(escalated__gte=start, escalated__lt=end)
        .order_by("escalated", "pk")
        .values(
            "pk",
            "escalated",
            "rebound_number",
            "status",
            "zone__name",
            "zone__name_en",
            "category__name",
            "category__name_en",
            "escalation_cleared",
        )
    )
    return [
        {
            "pk": row["pk"],
            "escalated": timezone.localtime(row["escalated"]).isoformat(),
            "rebound_number": row["rebound_number"],
            "status": row["status"],
            "zone": row["zone__name"],
            "zone_en": row["zone__name_en"],
            "category": row["category__name"],
            "category_en": row["category__name_en"],
            "cleared": row["escalation_cleared"] is not None,
        }
        for row in rows
    ]


def _places(period: Period) -> list[dict]:
    return [
        {**_names(place.zone), "findings": place.findings, "rebounds": place.rebounds, "score": place.score}
        for place in figures.worst_places(period, figures.Filters())
    ]


def compute(period: Period, now: datetime.datetime | None = None) -> dict:
    """The report's data for the week (see the module's docstring)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    before = Period(period.start - datetime.timedelta(days=7), period.end - datetime.timedelta(days=7))
    current = _section(period, today, now)
    _compare(current, _section(before, today, now))
    return {
        **current,
        "previous_week": before.iso_week(),
        "places": _places(period),
        "escalations": _escalations(period),
    }


@transaction.atomic
def generate_weekly_report(week: str, now: datetime.datetime | None = None) -> WeeklyReport:
    """Computes and stores the report of ISO week ``week`` ("2026-W48"), replacing the one
    stored. A bad or future week is a ValidationError; a week without data, zeros."""
    now = now or timezone.now()
    period = week_period(week, timezone.localdate(now))
    report, _created = WeeklyReport.objects.update_or_create(
        week=period.iso_week(),
        defaults={"start": period.start, "end": period.end, "generated": now, "data": compute(period, now)},
    )
    return report


def summary(report: WeeklyReport) -> str:
    """One line for the notification: the week's compliance, findings and rebounds."""
    orders, found = report.data["orders"]["total"], report.data["findings"]["total"]
    compliance = "—" if orders["compliance"] is None else f"{orders['compliance'] * 100:.1f}%"
    return _(
        "%(week)s: %(due)s orders due, compliance %(compliance)s; %(registered)s findings, "
        "%(rebounds)s rebounds, %(escalated)s escalated."
    ) % {
        "week": report.week,
        "due": orders["due"],
        "compliance": compliance,
        "registered": found["registered"],
        "rebounds": found["rebounds"],
        "escalated": len(report.data["escalations"]),
    }


def label(row: dict) -> str:
    """A stored department's or zone's name in the active language."""
    return bilingual_name(row["name"], row["name_en"])


def for_departments(data: dict, departments: set[int], zones: set[int]) -> dict:
    """A department head's part of a stored report: the rows of their departments and of
    the zones those lead (``zones``), and the worst places among those zones. The
    zone-wide totals, the overdue count, the escalations, door pledges and projects are
    the whole zone's: left out (``scoped`` says so to the page and the workbook)."""

    def rows(section: str, part: str, keys: set[int]) -> list[dict]:
        return [row for row in data[section][part] if row["key"] in keys]

    return {
        "scoped": True,
        "previous_week": data["previous_week"],
        "orders": {"departments": rows("orders", "departments", departments), "zones": rows("orders", "zones", zones)},
        "findings": {
            "departments": rows("findings", "departments", departments),
            "zones": rows("findings", "zones", zones),
        },
        "places": [place for place in data["places"] if place["key"] in zones],
        "escalations": [],
    }
