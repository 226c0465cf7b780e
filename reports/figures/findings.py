"""Findings as China's digital urban management evaluates them (GB/T 30428): the
findings registered in the period and what became of them, and the rebound rate."""

import dataclasses
import datetime
import functools

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import Department, Zone
from inspections.choices import FindingStatus, ReinspectionStatus
from inspections.filters import stage_condition
from inspections.models import Category, Finding, Reinspection, overdue_condition

from ..periods import Period
from .common import Filters, link, moments, rate

DEFINITIONS = _(
    "Registered: the findings found in the period (a public report from when it was made), "
    "less public reports not accepted and voided findings. Of those: disposal rate = "
    "disposed ÷ those that should be disposed by now (dispatched and past their deadline, "
    "or disposed); on-time disposal rate = disposed by the deadline ÷ disposed; rework "
    "rate = times sent back ÷ verifications (sent back + closed); closure rate = closed ÷ "
    "registered. Past deadline: dispatched findings open past their deadline now, whenever "
    "found. Rebound rate = rebounds ÷ re-inspections done in the period."
)


@dataclasses.dataclass
class Tally:
    registered: int = 0
    to_dispose: int = 0
    disposed: int = 0
    on_time: int = 0
    sent_back: int = 0
    closed: int = 0
    reinspected: int = 0
    rebounds: int = 0

    @property
    def disposal_rate(self):
        return rate(self.disposed, self.to_dispose)

    @property
    def on_time_rate(self):
        return rate(self.on_time, self.disposed)

    @property
    def rework_rate(self):
        return rate(self.sent_back, self.sent_back + self.closed)

    @property
    def closure_rate(self):
        return rate(self.closed, self.registered)

    @property
    def rebound_rate(self):
        return rate(self.rebounds, self.reinspected)


FINDING_COUNTS = ("registered", "to_dispose", "disposed", "on_time", "sent_back", "closed")
CHECK_COUNTS = ("reinspected", "rebounds")


@dataclasses.dataclass
class Row:
    label: str
    tally: Tally
    params: dict

    @functools.cached_property
    def links(self) -> dict[str, str]:
        """Each figure's findings on the findings list (FindingFilter's parameters)."""
        stages = {
            "registered": {"stage": "registered"},
            "to_dispose": {"stage": "to_dispose"},
            "disposed": {"stage": "disposed"},
            "on_time": {"stage": "on_time"},
            "sent_back": {"stage": "reworked"},
            "closed": {"status": FindingStatus.CLOSED},
            "rebounds": {"rebounds": "yes"},
        }
        return {name: link("finding-list", **self.params, **extra) for name, extra in stages.items()}


@dataclasses.dataclass
class FindingFigures:
    total: Row
    zones: list[Row]
    departments: list[Row]
    categories: list[Row]
    weeks: list[tuple[Period, Tally]]
    overdue: int
    overdue_link: str
    text = DEFINITIONS


def _scoped(queryset, filters: Filters, prefix: str = ""):
    """The filters that apply to findings: zone, category, crew, and the department (the
    one dispatched to, or the department of the crew dispatched to)."""
    if filters.zone:
        queryset = queryset.filter(**{f"{prefix}zone": filters.zone})
    if filters.category:
        queryset = queryset.filter(**{f"{prefix}category": filters.category})
    if filters.crew:
        queryset = queryset.filter(**{f"{prefix}crew": filters.crew})
    if filters.department:
        queryset = queryset.filter(
            Q(**{f"{prefix}department": filters.department}) | Q(**{f"{prefix}crew__department": filters.department})
        )
    return queryset


def _finding_counts(now) -> dict:
    # Named n_…: an annotation named "disposed" or "closed" would hide the column.
    return {
        "n_registered": Count("pk", filter=stage_condition("registered", now)),
        "n_to_dispose": Count("pk", filter=stage_condition("to_dispose", now)),
        "n_disposed": Count("pk", filter=stage_condition("disposed", now)),
        "n_on_time": Count("pk", filter=stage_condition("on_time", now)),
        "n_sent_back": Coalesce(Sum("rework_count", filter=stage_condition("registered", now)), 0),
        "n_closed": Count("pk", filter=Q(status=FindingStatus.CLOSED)),
    }


CHECKS = {
    "n_reinspected": Count("pk"),
    "n_rebounds": Count("pk", filter=Q(status=ReinspectionStatus.REBOUND)),
}

# How each breakdown groups a finding (and a re-inspection, through its finding).
GROUPS = {
    "zone": "zone",
    "department": Coalesce("department", "crew__department"),
    "category": "category",
    "week": TruncWeek("created", tzinfo=timezone.get_default_timezone()),
}


def _grouped(queryset, key, counts: dict, prefix: str = "") -> dict:
    expression = GROUPS[key]
    if isinstance(expression, str):
        expression = F(prefix + expression)
    elif prefix and key == "department":
        expression = Coalesce(f"{prefix}department", f"{prefix}crew__department")
    elif prefix and key == "week":
        expression = TruncWeek("checked", tzinfo=timezone.get_default_timezone())
    rows = queryset.annotate(key=expression).values("key").annotate(**counts).order_by()
    return {row["key"]: {name[2:]: row[name] for name in counts} for row in rows}


def finding_figures(period: Period, filters: Filters, now: datetime.datetime | None = None) -> FindingFigures:
    """The figures (DEFINITIONS) in total and per zone, department, category and ISO week
    (a finding's week is when it was found; a re-inspection's, when it was done). Twelve
    queries: five of findings (total and four breakdowns), five of re-inspections, the
    overdue count, and the names (zones, departments, categories: three, only for those
    present)."""
    now = now or timezone.now()
    start, end = moments(period)
    findings = _scoped(Finding.objects.filter(created__gte=start, created__lt=end), filters)
    checks = _scoped(
        Reinspection.objects.filter(
            checked__gte=start,
            checked__lt=end,
            status__in=[ReinspectionStatus.HELD, ReinspectionStatus.REBOUND],
        ),
        filters,
        prefix="finding__",
    )
    counts = _finding_counts(now)
    totals = {**findings.aggregate(**counts), **checks.aggregate(**CHECKS)}
    total = Tally(**{name[2:]: value for name, value in totals.items()})
    groups = {}
    for key in GROUPS:
        found = _grouped(findings, key, counts)
        checked = _grouped(checks, key, CHECKS, prefix="finding__")
        groups[key] = {k: Tally(**found.get(k, {}), **checked.get(k, {})) for k in {*found, *checked}}
    base = {
        "created_from": period.start.isoformat(),
        "created_to": period.end.isoformat(),
        **filters.params("zone", "category", "crew", "department"),
    }

    def rows(model, key, order) -> list[Row]:
        present = model.objects.filter(pk__in=[k for k in groups[key] if k is not None]).order_by(order)
        return [Row(str(item), groups[key][item.pk], {**base, key: item.pk}) for item in present]

    weekly = {(k.date() if hasattr(k, "date") else k): v for k, v in groups["week"].items() if k is not None}
    overdue_params = filters.params("zone", "category", "crew", "department")
    return FindingFigures(
        total=Row(str(_("All findings")), total, base),
        zones=rows(Zone, "zone", "code"),
        departments=rows(Department, "department", "code"),
        categories=rows(Category, "category", "code"),
        weeks=[(week, weekly.get(week.start, Tally())) for week in period.weeks()],
        overdue=_scoped(Finding.objects.filter(overdue_condition(now)), filters).count(),
        overdue_link=link("finding-list", **overdue_params, overdue="yes"),
    )
