"""Six weeks of the crews' work before today, so that managers and inspectors have
something to review on the first start: orders done on time, done late, skipped with a
reason, and left overdue, with their answers, notes, time spent and meter readings.

It is made the way it would have happened, through the services: each day, generation
runs as the nightly job would (services.generate_work_orders with that day as today),
then the crews start, complete and skip that day's orders (services.save_answers,
complete_work_order, skip_work_order, start_work_order) in the order they would have.
The services stamp what they do with the present time; each stamp (an order's created,
started, closed and updated, an answer's time, a reading's time) is then set back to
the moment in the past it happened at. Readings are recorded in time order, so each one
passes the checks it would have passed then.

Which orders are late, skipped or left open is decided by a hash of the plan, the asset
and the date: the same every time for the same day, no randomness.
"""

import datetime
import zlib
from decimal import Decimal

from django.db.models import OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from assets.models import Asset
from maintenance.choices import OPEN_STATUSES, Meter, PlanMode
from maintenance.models import ChecklistAnswer, CrewMembership, MeterReading, Plan, PlanTarget, WorkOrder
from maintenance.services import (
    complete_work_order,
    generate_work_orders,
    record_meter_reading,
    save_answers,
    skip_work_order,
    start_work_order,
    sync_targets,
)

HISTORY_DAYS = 42
DAY = datetime.timedelta(days=1)
# When the scheduler's nightly generation runs (maintenance.schedules).
NIGHTLY = datetime.time(0, 30)
# An order without a time of its own is started at this time.
WORKDAY_START = datetime.time(8, 0)

# Running hours of the metered machines (demo.maintenance.METERED_MACHINES): hours a day,
# the meter on the history's first day, and the hours run since the last 500-hour service
# then. The plant was commissioned in December 2025.
RUNNING_HOURS = {
    "EQ-PLANT-01": (Decimal("14"), Decimal("4030"), Decimal("310")),  # sorting line
    "EQ-PLANT-02": (Decimal("12"), Decimal("3480"), Decimal("180")),  # crusher-pulper
    "EQ-PLANT-03": (Decimal("16"), Decimal("4600"), Decimal("430")),  # oil-water separator
    "EQ-PLANT-05": (Decimal("10"), Decimal("2890"), Decimal("120")),  # decanter centrifuge
    "EQ-PLANT-06": (Decimal("22"), Decimal("6560"), Decimal("150")),  # biogas generator set
}

# Why a crew skipped an order, by task type.
SKIP_REASONS = {
    "cleaning": ["暴雨，路面积水，雨停后已补扫", "路段管线施工封闭，无法作业", "人员抽调参加“十乱”集中整治"],
    "inspection": ["设备停机检修，本次巡检顺延", "人员抽调参加创卫迎检"],
    "watering": ["前一天降雨充足，土壤湿润，无需浇水", "供水管网检修停水"],
    "weeding": ["连续降雨，土壤过湿，改期除草"],
    "servicing": ["备件未到货，待到货后保养"],
}
# What a crew writes in a checklist's free-text line, now and then, by task type.
FINDINGS = {
    "cleaning": ["发现牛皮癣3处，已清除", "人行道有乱堆乱放，已通知商户整改", "果皮箱破损1个，已报修"],
    "inspection": ["人行道砖松动2块，已报修", "窨井盖异响，已报市政维修", "油水分离器出口轻微渗漏，已紧固"],
    "watering": [],
    "weeding": [],
    "servicing": ["更换润滑油滤芯1个", "更换传动皮带1条"],
}
# The note when an item failed.
FAILED_NOTE = "“{label}”未达标：已现场处理，次日复查。"


def _hash(*parts) -> int:
    return zlib.crc32("|".join(str(part) for part in parts).encode())


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class History:
    """Runs the crews' work from HISTORY_DAYS ago up to yesterday on the given plans."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.first_day = today - datetime.timedelta(days=HISTORY_DAYS)
        self.metered_from = _at(self.first_day - DAY, datetime.time(17, 0))
        self.orders = 0
        self.readings = 0

    def run(self, plans: list[Plan], machines: list[Asset]) -> None:
        plan_ids = [plan.pk for plan in plans]
        self.members = {}
        for membership in CrewMembership.objects.select_related("user").order_by("-is_leader", "user__username"):
            self.members.setdefault(membership.crew_id, []).append(membership.user)
        readings_before = MeterReading.objects.count()
        self._start_meters([plan for plan in plans if plan.mode == PlanMode.METER], machines)
        day = self.first_day
        while day < self.today:
            self._generate(day, plan_ids)
            self._work(day, plan_ids)
            day += DAY
        # Each answer was given when its order was closed (or started, if still open).
        orders = WorkOrder.objects.filter(pk=OuterRef("order"))
        ChecklistAnswer.objects.filter(order__plan__in=plan_ids).update(
            answered=Coalesce(orders.values("closed")[:1], orders.values("started")[:1], orders.values("created")[:1])
        )
        planned = _at(self.first_day - 7 * DAY, datetime.time(10, 0))
        Plan.objects.filter(pk__in=plan_ids).update(created=planned, updated=planned)
        self.orders = WorkOrder.objects.filter(plan__in=plan_ids).count()
        self.readings = MeterReading.objects.count() - readings_before

    # --- Meters -----------------------------------------------------------------------

    def hours(self, code: str, moment: datetime.datetime) -> Decimal:
        """The machine's running-hours meter at that moment."""
        per_day, start, _since = RUNNING_HOURS[code]
        elapsed = Decimal((moment - self.metered_from).total_seconds()) / 86400
        return (start + per_day * elapsed).quantize(Decimal("0.1"))

    def _start_meters(self, meter_plans: list[Plan], machines: list[Asset]) -> None:
        """Each metered machine's reading the evening before the history starts, and the
        meter plans' baselines: the reading at each machine's last service."""
        fresh = []
        for machine in machines:
            if machine.code in RUNNING_HOURS and not MeterReading.objects.filter(asset=machine).exists():
                value = RUNNING_HOURS[machine.code][1]
                record_meter_reading(
                    machine, Meter.RUNNING_HOURS, value, None, read_at=self.metered_from, generate=False
                )
                fresh.append(machine.code)
        if not meter_plans:
            return
        sync_targets(Plan.objects.filter(pk__in=[plan.pk for plan in meter_plans]), self.first_day)
        targets = PlanTarget.objects.filter(plan__in=meter_plans, meter_baseline=None, asset__code__in=fresh)
        for target in targets.select_related("asset"):
            _per_day, start, since_service = RUNNING_HOURS[target.asset.code]
            PlanTarget.objects.filter(pk=target.pk).update(meter_baseline=start - since_service)

    # --- A day -----------------------------------------------------------------------

    def _generate(self, day: datetime.date, plan_ids: list[int]) -> None:
        """The nightly generation, as it ran that night."""
        before = timezone.now()
        generate_work_orders(today=day, plan_ids=plan_ids)
        night = _at(day, NIGHTLY)
        WorkOrder.objects.filter(plan__in=plan_ids, created__gte=before).update(created=night, updated=night)

    def _work(self, day: datetime.date, plan_ids: list[int]) -> None:
        """What the crews did that day, in the order they did it."""
        open_orders = WorkOrder.objects.filter(plan__in=plan_ids, status__in=OPEN_STATUSES, due__lte=day)
        actions = []
        # The plans' checklists are read once a day (the services read them through order.plan).
        for order in open_orders.select_related("plan__task_type", "asset").prefetch_related("plan__checklist"):
            action = self._action(order, day)
            if action is not None:
                actions.append(action)
        for moment, what, order in sorted(actions, key=lambda action: (action[0], action[2].pk)):
            getattr(self, f"_{what}")(order, day, moment)

    def _action(self, order: WorkOrder, day: datetime.date):
        """(when, what, order) if the crew acted on the order that day, else None."""
        roll = _hash(order.plan.name, order.asset.code, order.due) % 1000
        recent = (self.today - order.due).days <= 10
        start = _at(order.due, order.due_time or WORKDAY_START)
        minutes = datetime.timedelta(minutes=10 + roll % 90)
        if order.plan.mode == PlanMode.METER and roll < 135:
            roll = 40 + roll % 60  # a 500-hour service may be late, but is never skipped nor left
        if roll < 40:
            return (start + minutes / 3, "skip", order) if day == order.due else None
        if roll < 100:
            late = order.due + (1 + roll % 3) * DAY
            return (_at(late, datetime.time(9, 0)) + minutes, "complete", order) if day == late else None
        if roll < 125 and recent:
            return None  # forgotten: overdue
        if roll < 135 and recent:
            return (start + minutes, "start", order) if day == order.due else None
        return (start + minutes, "complete", order) if day == order.due else None

    def _crew_member(self, order: WorkOrder):
        members = self.members.get(order.crew_id) or [None]
        return members[_hash(order.asset.code, order.due) % len(members)]

    def _answers(self, order: WorkOrder, moment: datetime.datetime) -> tuple[dict[int, str], str]:
        """The checklist as the crew would have answered it, and the notes."""
        answers, notes = {}, []
        task = order.plan.task_type.code
        for item in order.plan.checklist.all():
            roll = _hash(order.asset.code, order.due, item.position) % 100
            if item.kind == "pass_fail":
                answers[item.pk] = "fail" if roll < 4 else "pass"
                if roll < 4:
                    notes.append(FAILED_NOTE.format(label=item.label))
            elif item.kind == "number":
                number = self._number(item, order, moment, roll)
                if number is not None:
                    answers[item.pk] = str(number)
            elif roll < 12 and FINDINGS.get(task):
                answers[item.pk] = FINDINGS[task][roll % len(FINDINGS[task])]
        return answers, "\n".join(notes)

    def _number(self, item, order: WorkOrder, moment: datetime.datetime, roll: int) -> Decimal | None:
        if item.meter:
            return self.hours(order.asset.code, moment) if order.asset.code in RUNNING_HOURS else None
        area = Decimal(order.asset.area_m2 or 0)
        if item.unit == "m³":  # watering: about 12 litres a square metre
            return (area * Decimal("0.012")).quantize(Decimal("0.1"))
        if item.unit == "m²":  # weeding: the part of the area that needed it
            return (area * Decimal(30 + roll % 30) / 100).quantize(Decimal("1"))
        return Decimal(1)

    def _complete(self, order: WorkOrder, day: datetime.date, moment: datetime.datetime) -> None:
        by = self._crew_member(order)
        answers, notes = self._answers(order, moment)
        save_answers(order, by, answers)
        estimated = order.plan.estimated_minutes or 30
        minutes = estimated * (80 + _hash(order.pk, "minutes") % 50) // 100
        reading = None
        if order.plan.mode == PlanMode.METER and order.asset.code in RUNNING_HOURS:
            reading = self.hours(order.asset.code, moment)
        complete_work_order(order, by, notes=notes, minutes_spent=minutes, meter_reading=reading, today=day)
        started = moment - datetime.timedelta(minutes=minutes)
        WorkOrder.objects.filter(pk=order.pk).update(closed=moment, started=started, updated=moment)
        if order.plan.meter or any(item.meter for item in order.plan.checklist.all()):
            MeterReading.objects.filter(order=order).update(read_at=moment)

    def _skip(self, order: WorkOrder, day: datetime.date, moment: datetime.datetime) -> None:
        reasons = SKIP_REASONS.get(order.plan.task_type.code) or SKIP_REASONS["cleaning"]
        reason = reasons[_hash(order.asset.code, order.due) % len(reasons)]
        skip_work_order(order, self._crew_member(order), reason, today=day)
        WorkOrder.objects.filter(pk=order.pk).update(closed=moment, updated=moment)

    def _start(self, order: WorkOrder, day: datetime.date, moment: datetime.datetime) -> None:
        """Started and half answered, never finished: it shows as overdue and in progress."""
        by = self._crew_member(order)
        start_work_order(order, by)
        answers, _notes = self._answers(order, moment)
        first = dict(list(answers.items())[:1])
        save_answers(order, by, first)
        WorkOrder.objects.filter(pk=order.pk).update(started=moment, updated=moment)
