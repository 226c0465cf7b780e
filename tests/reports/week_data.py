"""A hand-built week whose figures are known: ISO week 2026-W40, 28 September to 4
October, the week National Day's holiday begins (1–7 October off on China's calendar),
looked at on Friday 9 October 2026.

Work orders (preventive unless said; zone Z1 for orders 1–3, Z2 for the rest):
  crew A (department M): 1 done on its day; 2 done at 23:30 on its day (on time, the
  zone's day); 3 done at 00:30 the next day (late); 4 skipped; 5 still open (overdue);
  6 cancelled (not due); 10 a corrective order done on time (counted apart).
  crew B (department M): 7 due on Monday, done on 8 October after the holiday (late);
  one more due on 5 October (outside the week).
  crew C (department S): 9 done on time.
Findings found in the week (Z1, rubbish, crew A unless said): F1 closed on time; F2
closed after a rework (sent back once); F3 dispatched, past its deadline; F4 disposed
late; F5 registered only (no party); F6 a public report not accepted; F7 voided; in Z2
(a shed, department S): F8 dispatched, deadline ahead; F9 the rebound of an older F0.
Re-inspections done in the week: R1 of F0 (Z2), rebound; R2 of an older finding of Z1,
held; R3 held after the week.
Door units: U1 (Z1, red): checks failing sanitation and order, then sanitation; U2 (Z2,
green): a check passed, and one after the week; U2's pledge ends 30 October (within 30
days), U1's at the end of the year.
Projects (keeper M, zone Z1): one late (a phase planned to end on 1 October has not), one
on time, one handed over; budgets 100 + 200 + 300, spending 50 in the week and 25 before.
"""

import dataclasses
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from core.roles import Role
from frontage.choices import CheckStatus, Rating
from greening.choices import PHASE_ORDER, Phase
from greening.models import Spending
from inspections.choices import FindingSource, FindingStatus, ReinspectionStatus
from inspections.models import Category, Finding, Reinspection
from maintenance.choices import OrderStatus
from maintenance.models import Plan, WorkOrder
from reports.periods import Period
from tests.factories import AssetFactory, DepartmentFactory, PledgeFactory, UnitFactory, UserFactory, ZoneFactory, point
from tests.greening.factories import make_project
from tests.maintenance.factories import CrewFactory, PlanFactory

Z = ZoneInfo("Asia/Shanghai")
D = datetime.date
WEEK = Period(D(2026, 9, 28), D(2026, 10, 4))
TODAY = D(2026, 10, 9)


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=Z)


@dataclasses.dataclass
class Week:
    m: object
    s: object
    z1: object
    z2: object
    a: object
    b: object
    c: object
    rubbish: object
    shed: object


def _order(plan, zone, due, status=OrderStatus.SCHEDULED, closed=None, corrective=False, **fields):
    asset = AssetFactory(zone=zone, department=plan.crew.department)
    return WorkOrder.objects.create(
        plan=plan,
        asset=asset,
        crew=plan.crew,
        due=due,
        occurrence=None if corrective else due,
        status=status,
        closed=closed,
        **fields,
    )


def _finding(zone, category, status, created, **fields):
    return Finding.objects.create(
        zone=zone,
        category=category,
        status=status,
        created=created,
        point=point(0.001, 0.001),
        description="堆放垃圾",
        **fields,
    )


def build() -> Week:
    m = DepartmentFactory(code="m", name="市政", name_en="Municipal")
    s = DepartmentFactory(code="s", name="社发", name_en="Social")
    z1 = ZoneFactory(code="z1", name="一区", lead=m)
    z2 = ZoneFactory(code="z2", name="二区", lead=s)
    a = CrewFactory(code="a", department=m)
    b = CrewFactory(code="b", department=m)
    c = CrewFactory(code="c", department=s)
    pa, pb, pc = (PlanFactory(crew=crew) for crew in (a, b, c))
    corrective = Plan.objects.create(
        name="A corrective", task_type=pa.task_type, crew=a, corrective=True, paused=True, rrule="FREQ=DAILY"
    )
    done, skipped = OrderStatus.DONE, OrderStatus.SKIPPED
    _order(pa, z1, D(2026, 9, 28), done, at(D(2026, 9, 28), 10))
    _order(pa, z1, D(2026, 9, 30), done, at(D(2026, 9, 30), 23, 30))
    _order(pa, z1, D(2026, 9, 30), done, at(D(2026, 10, 1), 0, 30))
    _order(pa, z2, D(2026, 9, 29), skipped, at(D(2026, 9, 29)), skip_reason="下雨")
    _order(pa, z2, D(2026, 9, 29))
    _order(pa, z2, D(2026, 9, 28), OrderStatus.CANCELLED, at(D(2026, 9, 27)))
    _order(pb, z2, D(2026, 9, 28), done, at(D(2026, 10, 8)))
    _order(pb, z2, D(2026, 10, 5), done, at(D(2026, 10, 5)))
    _order(pc, z2, D(2026, 9, 29), done, at(D(2026, 9, 29), 15))
    _order(corrective, z2, D(2026, 9, 29), done, at(D(2026, 9, 29)), corrective=True)

    rubbish = Category.objects.get(code="exposed-rubbish")
    shed = Category.objects.get(code="illegal-building")
    F = FindingStatus
    day = D(2026, 9, 28)
    party = {"crew": a, "dispatched": at(day)}
    _finding(z1, rubbish, F.CLOSED, at(day), deadline=at(day, 15), disposed=at(day, 14), closed=at(day, 16), **party)
    _finding(
        z1, rubbish, F.CLOSED, at(day, 10), deadline=at(D(2026, 10, 8), 17), disposed=at(D(2026, 10, 8)),
        closed=at(D(2026, 10, 8), 10), rework_count=1, **party,
    )  # fmt: skip
    _finding(z1, rubbish, F.DISPATCHED, at(D(2026, 9, 29)), deadline=at(D(2026, 9, 30)), **party)
    disposed_late = {"deadline": at(D(2026, 9, 29), 12), "disposed": at(D(2026, 9, 29), 18)}
    _finding(z1, rubbish, F.DISPOSED, at(D(2026, 9, 29)), **disposed_late, **party)
    _finding(z1, rubbish, F.REGISTERED, at(D(2026, 9, 30)))
    _finding(z1, rubbish, F.PENDING, at(D(2026, 9, 30)), source=FindingSource.PUBLIC)
    _finding(z1, rubbish, F.VOIDED, at(D(2026, 9, 30)))
    late = at(D(2026, 10, 20))
    _finding(z2, shed, F.DISPATCHED, at(D(2026, 10, 2)), department=s, deadline=late, dispatched=at(D(2026, 10, 2)))
    old = _finding(
        z2, shed, F.CLOSED, at(D(2026, 9, 1)), department=s, deadline=at(D(2026, 9, 5)), disposed=at(D(2026, 9, 4)),
        closed=at(D(2026, 9, 4)), dispatched=at(D(2026, 9, 1)),
    )  # fmt: skip
    older = _finding(
        z1, rubbish, F.CLOSED, at(D(2026, 9, 1)), crew=a, deadline=at(D(2026, 9, 5)), disposed=at(D(2026, 9, 4)),
        closed=at(D(2026, 9, 4)), dispatched=at(D(2026, 9, 1)),
    )  # fmt: skip
    _finding(
        z2, shed, F.DISPATCHED, at(D(2026, 10, 2)), department=s, deadline=late, dispatched=at(D(2026, 10, 2)),
        rebound_of=old, rebound_number=1, source=FindingSource.REBOUND,
    )  # fmt: skip
    inspector = UserFactory(username="week-inspector")
    inspector.groups.add(Group.objects.get(name=Role.INSPECTOR.value))
    R = ReinspectionStatus
    Reinspection.objects.create(
        finding=old, offset=30, due=D(2026, 10, 2), status=R.REBOUND, checked=at(D(2026, 10, 2))
    )
    Reinspection.objects.create(finding=older, offset=25, due=D(2026, 9, 29), status=R.HELD, checked=at(D(2026, 9, 29)))
    Reinspection.objects.create(finding=older, offset=30, due=D(2026, 10, 6), status=R.HELD, checked=at(D(2026, 10, 8)))

    u1 = UnitFactory(zone=z1, rating=Rating.RED)
    u2 = UnitFactory(zone=z2, rating=Rating.GREEN)
    PledgeFactory(unit=u1)
    PledgeFactory(unit=u2, starts=D(2025, 10, 31), ends=D(2026, 10, 30), signed=D(2025, 10, 20))
    checked = {"status": CheckStatus.DONE, "inspector": inspector, "sanitation_ok": True, "greening_ok": True}
    u1.checks.create(due=D(2026, 9, 29), done=at(D(2026, 9, 29)), **{**checked, "sanitation_ok": False}, order_ok=False)
    u1.checks.create(due=D(2026, 10, 1), done=at(D(2026, 10, 1)), **{**checked, "sanitation_ok": False}, order_ok=True)
    u2.checks.create(due=D(2026, 9, 30), done=at(D(2026, 9, 30)), **checked, order_ok=True)
    u2.checks.create(due=D(2026, 10, 6), done=at(D(2026, 10, 6)), **checked, order_ok=False)

    planned = {"planned_start": D(2026, 9, 1), "planned_end": D(2026, 10, 1), "actual_start": D(2026, 9, 1)}
    late_project = make_project({Phase.DESIGN: planned}, zone=z1, keeper=m, budget=100)
    make_project({Phase.DESIGN: {**planned, "planned_end": D(2026, 12, 1)}}, zone=z1, keeper=m, budget=200)
    ended = {phase: {"actual_start": D(2026, 1, 1), "actual_end": D(2026, 3, 1)} for phase in PHASE_ORDER}
    make_project(ended, zone=z1, keeper=m, budget=300)
    Spending.objects.create(project=late_project, day=D(2026, 9, 30), amount=Decimal(50))
    Spending.objects.create(project=late_project, day=D(2026, 9, 1), amount=Decimal(25))
    return Week(m, s, z1, z2, a, b, c, rubbish, shed)


def build_more(week: Week) -> None:
    """More of everything in the same week (a new department, zone, crew and category):
    the query count must not grow."""
    department = DepartmentFactory(code="n")
    zone = ZoneFactory(code="z3", lead=department)
    plan = PlanFactory(crew=CrewFactory(code="d", department=department))
    for n in range(5):
        _order(plan, zone, D(2026, 9, 28) + datetime.timedelta(days=n), OrderStatus.DONE, at(D(2026, 10, 1)))
    category = Category.objects.get(code="illegal-building")
    for n in range(5):
        day = D(2026, 9, 28) + datetime.timedelta(days=n)
        found = _finding(
            zone, category, FindingStatus.CLOSED, at(day), department=department, deadline=at(D(2026, 10, 8)),
            disposed=at(D(2026, 10, 1)), closed=at(D(2026, 10, 1)), dispatched=at(D(2026, 9, 28)),
        )  # fmt: skip
        Reinspection.objects.create(
            finding=found, offset=1, due=D(2026, 10, 2), status=ReinspectionStatus.HELD, checked=at(D(2026, 10, 2))
        )
    for _ in range(3):
        unit = UnitFactory(zone=zone, rating=Rating.RED)
        PledgeFactory(unit=unit)
