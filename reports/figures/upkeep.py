"""Door pledges (门前三包) and the planning bureau's landscape projects."""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from frontage.choices import CheckStatus, Duty, PledgeStatus, Rating
from frontage.models import EXPIRY_WINDOW_DAYS, Check, Pledge, Unit
from greening.choices import Phase
from greening.models import Project, Spending
from greening.models.projects import late_condition

from ..periods import Period
from .common import Filters, link, rate

DOOR_TEXT = _(
    "Door checks done that were due in the period: the units checked, and the checks that "
    "found each duty failed. Red units: rated red by their recent checks now. Pledges "
    "ending: units whose pledge in force ends within 30 days (or has ended, not yet renewed)."
)
PROJECT_TEXT = _(
    "Projects not handed over: on time, or late (a phase planned to start or end before "
    "today has not). Spending: entries to date against the budgets, and those dated in the "
    "period."
)


@dataclasses.dataclass
class DoorFigures:
    checks: int
    units_checked: int
    failures: list[tuple[str, int, str]]  # the duty's name, the count, the link
    red: int
    expiring: int
    links: dict
    text = DOOR_TEXT


def door_figures(period: Period, filters: Filters, today: datetime.date, led_by=None) -> DoorFigures:
    """Door pledges by the zone filter (the only one that applies to a unit), and, for a
    department head, ``led_by`` their department: the units of the zones it leads. Three
    queries: the period's checks, the red units, the pledges ending."""
    checks = Check.objects.filter(status=CheckStatus.DONE, due__range=(period.start, period.end))
    units = Unit.objects.all()
    if led_by is not None:
        checks = checks.filter(unit__zone__lead=led_by)
        units = units.filter(zone__lead=led_by)
    if filters.zone:
        checks = checks.filter(unit__zone=filters.zone)
        units = units.filter(zone=filters.zone)
    counts = checks.aggregate(
        checks=Count("pk"),
        units=Count("unit", distinct=True),
        **{duty.value: Count("pk", filter=Q(**{f"{duty.value}_ok": False})) for duty in Duty},
    )
    ending = Pledge.objects.filter(
        status=PledgeStatus.ACTIVE, ends__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    )
    zone = filters.params("zone")
    check_params = {**zone, "status": CheckStatus.DONE, "due_from": period.start, "due_to": period.end}
    return DoorFigures(
        checks=counts["checks"],
        units_checked=counts["units"],
        failures=[
            (duty.label, counts[duty.value], link("check-list", **check_params, failed=duty.value)) for duty in Duty
        ],
        red=units.filter(rating=Rating.RED).count(),
        expiring=units.filter(pk__in=ending.values("unit")).count(),
        links={
            "checks": link("check-list", **check_params),
            "red": link("unit-list", **zone, rating=Rating.RED),
            "expiring": link("unit-list", **zone, expiring="yes"),
        },
    )


@dataclasses.dataclass
class ProjectFigures:
    on_time: int
    late: int
    handed_over: int
    budget: Decimal
    spent: Decimal
    spent_in_period: Decimal
    links: dict
    text = PROJECT_TEXT

    @property
    def spent_share(self):
        return rate(self.spent, self.budget)


def project_figures(period: Period, filters: Filters, today: datetime.date) -> ProjectFigures:
    """Projects by zone and department (the keeper). Two queries: the projects' counts and
    budgets, their spending."""
    projects = Project.objects.all()
    if filters.zone:
        projects = projects.filter(zone=filters.zone)
    if filters.department:
        projects = projects.filter(keeper=filters.department)
    money = DecimalField(max_digits=16, decimal_places=2)
    zero = Value(Decimal(0), output_field=money)
    handed = Q(phase=Phase.HANDED_OVER)
    counts = projects.aggregate(
        late=Count("pk", filter=late_condition(today)),
        open=Count("pk", filter=~handed),
        handed_over=Count("pk", filter=handed),
        budget=Coalesce(Sum("budget"), zero),
    )
    spending = Spending.objects.filter(project__in=projects).aggregate(
        spent=Coalesce(Sum("amount"), zero),
        in_period=Coalesce(Sum("amount", filter=Q(day__range=(period.start, period.end))), zero),
    )
    return ProjectFigures(
        on_time=counts["open"] - counts["late"],
        late=counts["late"],
        handed_over=counts["handed_over"],
        budget=counts["budget"],
        spent=spending["spent"],
        spent_in_period=spending["in_period"],
        # The project list has no zone or department filter: its links are the whole zone's.
        links={
            "late": link("project-list", late="yes"),
            "handed_over": link("project-list", phase=Phase.HANDED_OVER),
        },
    )
