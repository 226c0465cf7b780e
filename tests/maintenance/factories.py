"""Factories and small helpers for the maintenance engine's tests.

Time is pinned to Monday 2026-09-28, 09:00 in the zone (Asia/Shanghai): two days before
National Day 2026 (1–7 October off; Sunday 20 September and Saturday 10 October are
make-up working days).
"""

import datetime
from zoneinfo import ZoneInfo

import factory

from assets.choices import AssetKind
from maintenance.choices import CalendarPolicy, NonWorkingDayRule, PlanMode
from maintenance.models import Crew, CrewMembership, Plan, TaskType, WorkOrder
from tests.factories import AssetFactory, DepartmentFactory, UserFactory

ZONE_TZ = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 9, 28)
DAY = datetime.timedelta(days=1)
HORIZON_END = datetime.date(2026, 10, 12)  # TODAY + the 14 days of PlanFactory's horizon


def day(month: int, dom: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, dom)


def at(date: datetime.date, hour: int = 9) -> datetime.datetime:
    """A moment on ``date`` in the zone's time (what time-machine travels to)."""
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=ZONE_TZ)


def days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every date from first to last inclusive."""
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


class CrewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Crew

    code = factory.Sequence(lambda n: f"crew-{n}")
    name = factory.Sequence(lambda n: f"班组{n}")
    name_en = factory.Sequence(lambda n: f"Crew {n}")
    department = factory.SubFactory(DepartmentFactory)


def task_type(code: str = "cleaning") -> TaskType:
    """Task types are seeded by migration maintenance/0002."""
    return TaskType.objects.get(code=code)


class PlanFactory(factory.django.DjangoModelFactory):
    """A fixed, every-day plan recurring daily from TODAY; pass ``assets=[…]`` for its targets."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Plan {n}")
    task_type = factory.LazyFunction(task_type)
    crew = factory.SubFactory(CrewFactory)
    mode = PlanMode.FIXED
    rrule = "FREQ=DAILY"
    start = TODAY
    calendar = CalendarPolicy.EVERY_DAY
    non_working = NonWorkingDayRule.NEXT
    horizon_days = 14

    @factory.post_generation
    def assets(self, create, extracted, **kwargs):
        if create and extracted:
            self.assets.set(extracted)


def equipment(**kwargs):
    return AssetFactory(kind=AssetKind.EQUIPMENT, **kwargs)


def member_of(crew: Crew, username: str):
    user = UserFactory(username=username)
    CrewMembership.objects.create(crew=crew, user=user)
    return user


def dues(plan: Plan, **filters) -> list[datetime.date]:
    """The plan's work orders' due dates, in order."""
    return list(WorkOrder.objects.filter(plan=plan, **filters).order_by("due").values_list("due", flat=True))


def snapshot(model, **filters) -> list[dict]:
    """Every column of the matching rows: compared before and after a refused action."""
    return list(model.objects.filter(**filters).order_by("pk").values())
