"""Work orders due in the period: per crew and department, and the preventive-maintenance
compliance managers are judged on."""

import dataclasses
import datetime
import functools

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from maintenance.choices import OPEN_STATUSES, OrderStatus, Outcome
from maintenance.models import Crew, WorkOrder, outcome_condition, overdue_condition

from ..periods import Period
from .common import Filters, link, rate

COMPLIANCE_TEXT = _(
    "Preventive-maintenance compliance: the preventive orders due in the period done by "
    "their due date (the day read in the zone's time) ÷ the preventive orders due in the "
    "period. Skipped orders and orders still open count against it; cancelled orders (a "
    "paused plan, a retired asset) are not due. Corrective orders (put right after a "
    "finding) are counted apart and not in the compliance."
)


@dataclasses.dataclass
class Tally:
    """What became of the orders due in the period (cancelled ones are not due)."""

    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    skipped: int = 0
    waiting: int = 0  # open and not yet past due: the rest of the period

    def add(self, other: "Tally") -> None:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    @property
    def compliance(self) -> float | None:
        return rate(self.on_time, self.due)


@dataclasses.dataclass
class Row:
    """One line of a table: a crew, a department or the total, with its list parameters."""

    label: str
    tally: Tally
    params: dict

    @functools.cached_property
    def links(self) -> dict[str, str]:
        """Each figure's rows on the work-order list."""
        status = {
            "due": "due",
            "on_time": Outcome.DONE_ON_TIME,
            "late": Outcome.DONE_LATE,
            "overdue": Outcome.OVERDUE,
            "skipped": Outcome.SKIPPED,
            "waiting": "waiting",
        }
        return {name: link("order-list", **self.params, status=value) for name, value in status.items()}


@dataclasses.dataclass
class OrderFigures:
    crews: list[Row]
    departments: list[Row]
    total: Row
    corrective: Row
    weeks: list[tuple[Period, Tally]]
    text = COMPLIANCE_TEXT


def _counts(today: datetime.date) -> dict:
    # SQL's FILTER clauses, one per outcome (maintenance's outcome_condition: the list's
    # status filter uses the same conditions, so a figure and its link agree).
    def outcome(value):
        return Count("pk", filter=outcome_condition(value, today))

    # Named n_…: an annotation named "due" would hide the column the conditions read.
    counts = {
        "due": Count("pk"),
        "on_time": outcome(Outcome.DONE_ON_TIME),
        "late": outcome(Outcome.DONE_LATE),
        "overdue": outcome(Outcome.OVERDUE),
        "skipped": outcome(Outcome.SKIPPED),
        "waiting": Count("pk", filter=Q(status__in=OPEN_STATUSES) & ~overdue_condition(today)),
    }
    return {f"n_{name}": count for name, count in counts.items()}


def _tally(row: dict) -> Tally:
    return Tally(**{field.name: row[f"n_{field.name}"] for field in dataclasses.fields(Tally)})


def scope(period: Period, filters: Filters):
    """The orders due in the period (not cancelled), by the filters that apply: department
    (the crew's), zone (the asset's), crew."""
    orders = WorkOrder.objects.filter(due__range=(period.start, period.end)).exclude(status=OrderStatus.CANCELLED)
    if filters.department:
        orders = orders.filter(crew__department=filters.department)
    if filters.zone:
        orders = orders.filter(asset__zone=filters.zone)
    if filters.crew:
        orders = orders.filter(crew=filters.crew)
    return orders


def order_figures(period: Period, filters: Filters, today: datetime.date) -> OrderFigures:
    """Per crew and per department, the orders due in the period: due, done on time, done
    late, overdue (open past due), skipped, still to do; the compliance (COMPLIANCE_TEXT).
    Two queries: the counts by crew, kind and week (one pass over the period's orders: the
    crews' rows and the weeks' are summed from it), the crews' names."""
    orders = scope(period, filters)
    grouped = (
        orders.annotate(week=TruncWeek("due"))
        .values("crew", "plan__corrective", "week")
        .annotate(**_counts(today))
        .order_by()
    )
    by_crew: dict[int, Tally] = {}
    weekly: dict[datetime.date, Tally] = {}
    corrective = Tally()
    for row in grouped:
        tally = _tally(row)
        if row["plan__corrective"]:
            corrective.add(tally)
            continue
        by_crew.setdefault(row["crew"], Tally()).add(tally)
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        weekly.setdefault(week, Tally()).add(tally)
    crews = Crew.objects.filter(pk__in=by_crew).select_related("department").order_by("department__code", "code")
    base = {**period_params(period), **filters.params("department", "zone", "crew")}
    crew_rows, departments = [], {}
    for crew in crews:
        crew_rows.append(Row(str(crew), by_crew[crew.pk], {**base, "crew": crew.pk, "kind": "preventive"}))
        department = departments.setdefault(
            crew.department_id,
            Row(str(crew.department), Tally(), {**base, "department": crew.department_id, "kind": "preventive"}),
        )
        department.tally.add(by_crew[crew.pk])
    total = Tally()
    for tally in by_crew.values():
        total.add(tally)
    return OrderFigures(
        crews=crew_rows,
        departments=list(departments.values()),
        total=Row(str(_("All crews")), total, {**base, "kind": "preventive"}),
        corrective=Row(str(_("Corrective orders")), corrective, {**base, "kind": "corrective"}),
        weeks=[(week, weekly.get(week.start, Tally())) for week in period.weeks()],
    )


def period_params(period: Period) -> dict:
    """The work-order list's due range for the period."""
    return {"due_from": period.start.isoformat(), "due_to": period.end.isoformat()}
