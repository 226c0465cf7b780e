"""Maintenance's demo data: the crews and the maintenance a zone would really run.

Loaded by `manage.py load_demo` after demo.registry, which has created the departments,
the zones, the assets and the logins these plans refer to. What the report names (the
six roads, the green spaces, the street-corner landscapes, the kitchen-waste plant and
the municipal works, sanitation and landscaping units) is used as it is; crew names,
frequencies, checklists and meter readings are plausible assumptions for the demo.

Create-only, like every demo loader (demo.loader): crews, memberships and plans are
looked up by their natural key (crew code; crew + user; plan name) and created only if
absent; a plan's checklist, chosen assets and six weeks of history (demo.history) are
made only when the plan is created. Nothing that exists is ever changed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import AssetKind
from assets.models import Asset, Department, Zone
from maintenance.choices import CalendarPolicy, ChecklistItemKind, Meter, NonWorkingDayRule, PlanMode, TargetMode
from maintenance.models import ChecklistItem, Crew, CrewMembership, MeterReading, Plan, TaskType, WorkOrder

from .history import History
from .loader import DemoLoader

# code, Chinese name, English name, department (a code from demo.registry.DEPARTMENTS)
CREWS = [
    ("sanitation", "环卫保洁班", "Sanitation cleaning crew", "sanitation"),
    ("landscaping", "园林养护班", "Landscaping care crew", "landscaping"),
    # The kitchen-waste plant is run by the sanitation office, by operators of its own.
    ("plant-operators", "餐厨设备运维班", "Kitchen-waste plant operators", "sanitation"),
    ("municipal-works", "市政养护班", "Municipal works crew", "municipal-works"),
]

# username (a demo login from demo.people), crew code, leader. A leader may reassign work
# within the crew: the demo logins show both sides.
MEMBERSHIPS = [
    ("crew-sanitation-lead", "sanitation", True),
    ("crew-sanitation", "sanitation", False),
    ("crew-sanitation-2", "sanitation", False),
    ("crew-landscaping", "landscaping", True),
    ("crew-landscaping-2", "landscaping", False),
    ("crew-plant", "plant-operators", True),
    ("crew-plant-2", "plant-operators", False),
    ("crew-municipal", "municipal-works", True),
    ("crew-municipal-2", "municipal-works", False),
]

# The roads and the green spaces are the roads-and-greening zone's (demo.registry); the
# street-corner landscapes stand in every zone.
ZONE = "roads-greening"
# The plans' rules count from here (an INTERVAL=3 rule needs a fixed first day), or from
# the start of the demo's history if that is earlier (demo.history).
PLANS_START = datetime.date(2026, 1, 1)

PASS = ChecklistItemKind.PASS_FAIL
NUMBER = ChecklistItemKind.NUMBER
TEXT = ChecklistItemKind.TEXT


@dataclass(frozen=True)
class Check:
    """One checklist line."""

    label: str
    kind: str = PASS
    unit: str = ""
    required: bool = True
    meter: str = ""  # the meter whose reading the answer is (a number item)


@dataclass(frozen=True)
class PlanSpec:
    """One demo plan. Targets: every asset of ``target_kind`` in the zone, or ``machines``."""

    name: str
    task_type: str
    crew: str
    instructions: str
    estimated_minutes: int
    checklist: list[Check]
    rrule: str = ""
    calendar: str = CalendarPolicy.EVERY_DAY
    non_working: str = NonWorkingDayRule.NEXT
    due_time: datetime.time | None = None
    target_kind: str = ""
    machines: list[str] = field(default_factory=list)
    mode: str = PlanMode.FIXED
    meter: str = ""
    meter_interval: Decimal | None = None
    zone: str | None = ZONE  # a match rule's zone (None: every zone)


# The kitchen-waste plant's machines (EQ-PLANT-01…06 in demo.registry_assets). The anaerobic
# fermentation tank (04) has no motor and so no running-hours meter.
PLANT_MACHINES = [f"EQ-PLANT-{n:02d}" for n in range(1, 7)]

# The machines' running hours are read on every inspection and servicing: the line records
# the meter (the fermentation tank has none, so the line is optional).
RUNNING_HOURS_CHECK = Check("运行小时数", NUMBER, "h", required=False, meter=Meter.RUNNING_HOURS)
MACHINE_CHECKS = [
    RUNNING_HOURS_CHECK,
    Check("运行无异响、无异常振动"),
    Check("无漏油、漏液"),
    Check("安全防护装置完好"),
]
# The machines with a running-hours meter (the 500-hour plan's targets); their hours are
# made up in demo.history.
METERED_MACHINES = ["EQ-PLANT-01", "EQ-PLANT-02", "EQ-PLANT-03", "EQ-PLANT-05", "EQ-PLANT-06"]

PLANS = [
    PlanSpec(
        name="主次干道路段每日清扫",
        task_type="cleaning",
        crew="sanitation",
        instructions="机扫与人工保洁结合：清扫路面和人行道，清理果皮箱，捡拾绿化带内垃圾。雨雪天先清积水、积雪。",
        estimated_minutes=45,
        checklist=[
            Check("路面无垃圾"),
            Check("人行道已清扫"),
            Check("果皮箱已清理"),
            Check("发现的问题（乱堆乱放、牛皮癣等）", TEXT, required=False),
        ],
        rrule="FREQ=DAILY",
        due_time=datetime.time(7, 0),
        target_kind=AssetKind.ROAD_SEGMENT,
    ),
    PlanSpec(
        name="道路及人行道月度巡查",
        task_type="inspection",
        crew="municipal-works",
        instructions="步行巡查路面、人行道和附属设施；有坑槽、松动或缺损的，拍照记录并报修。",
        estimated_minutes=30,
        checklist=[
            Check("路面无坑槽、裂缝"),
            Check("人行道砖无松动、缺损"),
            Check("窨井盖完好、平整"),
            Check("需报修的问题", TEXT, required=False),
        ],
        # The last Friday of the month; if that is a holiday, the working day before it.
        rrule="FREQ=MONTHLY;BYDAY=-1FR",
        calendar=CalendarPolicy.WORKING_DAYS,
        non_working=NonWorkingDayRule.PREVIOUS,
        due_time=datetime.time(9, 0),
        target_kind=AssetKind.ROAD_SEGMENT,
    ),
    PlanSpec(
        name="绿地每周保洁",
        task_type="cleaning",
        crew="landscaping",
        instructions="清理绿地内垃圾、枯枝落叶和杂物，清理滨水绿带岸边漂浮物。",
        estimated_minutes=60,
        checklist=[Check("绿地内无垃圾、杂物"), Check("枯枝落叶已清理")],
        rrule="FREQ=WEEKLY;BYDAY=MO",
        calendar=CalendarPolicy.WORKING_DAYS,
        due_time=datetime.time(8, 30),
        target_kind=AssetKind.GREEN_SPACE,
    ),
    PlanSpec(
        name="街角小品每周保洁",
        task_type="cleaning",
        crew="landscaping",
        instructions="擦洗小品表面，清除乱贴乱画，整理周边花箱和铺装。",
        estimated_minutes=30,
        checklist=[
            Check("小品表面已擦洗"),
            Check("无乱贴乱画（牛皮癣）"),
            Check("周边无乱堆乱放"),
            Check("破损情况", TEXT, required=False),
        ],
        rrule="FREQ=WEEKLY;BYDAY=TU",
        calendar=CalendarPolicy.WORKING_DAYS,
        due_time=datetime.time(8, 30),
        target_kind=AssetKind.LANDSCAPE,
        zone=None,
    ),
    PlanSpec(
        name="绿地浇水（5–10月，每三天）",
        task_type="watering",
        crew="landscaping",
        instructions="早晨或傍晚浇水，浇透不积水；新植苗木加浇。雨天可跳过，请注明原因。",
        estimated_minutes=40,
        checklist=[Check("浇水量", NUMBER, "m³"), Check("土壤已浇透")],
        rrule="FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10",
        calendar=CalendarPolicy.WORKING_DAYS,
        due_time=datetime.time(7, 30),
        target_kind=AssetKind.GREEN_SPACE,
    ),
    PlanSpec(
        name="绿地每月除草",
        task_type="weeding",
        crew="landscaping",
        instructions="人工拔除草坪和花境中的杂草，清运草屑；不使用除草剂。",
        estimated_minutes=120,
        checklist=[Check("除草面积", NUMBER, "m²"), Check("杂草已清除、草屑已清运")],
        rrule="FREQ=MONTHLY;BYMONTHDAY=1",
        calendar=CalendarPolicy.WORKING_DAYS,
        due_time=datetime.time(8, 0),
        target_kind=AssetKind.GREEN_SPACE,
    ),
    PlanSpec(
        name="餐厨设备每周巡检",
        task_type="inspection",
        crew="plant-operators",
        # The plant runs every day, holidays included: so does its inspection.
        instructions="按巡检路线逐台检查运行状态，抄录运行小时数，发现异常立即报告班长。",
        estimated_minutes=20,
        checklist=[*MACHINE_CHECKS, Check("发现的问题", TEXT, required=False)],
        rrule="FREQ=WEEKLY;BYDAY=WE",
        due_time=datetime.time(9, 0),
        machines=PLANT_MACHINES,
    ),
    PlanSpec(
        name="餐厨设备月度保养",
        task_type="servicing",
        crew="plant-operators",
        instructions="停机挂牌后保养：加注润滑油脂，检查紧固件和传动部件，清洗滤网。",
        estimated_minutes=90,
        checklist=[
            RUNNING_HOURS_CHECK,
            Check("润滑油脂已加注"),
            Check("紧固件、传动部件已检查"),
            Check("滤网已清洗"),
            Check("更换的零部件", TEXT, required=False),
        ],
        rrule="FREQ=MONTHLY;BYDAY=1MO",
        calendar=CalendarPolicy.WORKING_DAYS,
        due_time=datetime.time(9, 0),
        machines=PLANT_MACHINES,
    ),
    PlanSpec(
        name="餐厨设备每运行500小时保养",
        task_type="servicing",
        crew="plant-operators",
        instructions="按厂家保养手册更换机油和滤芯，检查皮带、链条张紧，完成后录入当前运行小时数。",
        estimated_minutes=180,
        # The order page asks for the meter's reading itself: no checklist line for it.
        checklist=[
            Check("机油、滤芯已更换"),
            Check("皮带、链条张紧已检查"),
            Check("保养记录", TEXT, required=False),
        ],
        due_time=datetime.time(9, 0),
        machines=METERED_MACHINES,
        mode=PlanMode.METER,
        meter=Meter.RUNNING_HOURS,
        meter_interval=Decimal("500"),
    ),
]


class MaintenanceLoader(DemoLoader):
    def __init__(self, stdout: TextIO | None):
        super().__init__(stdout)
        self.today = timezone.localdate()

    def load(self) -> None:
        departments = {department.code: department for department in Department.objects.all()}
        crews = {}
        for code, name, name_en, department in CREWS:
            crews[code], _created = self.ensure(
                Crew, {"code": code}, name=name, name_en=name_en, department=departments[department]
            )
        self.report(Crew)

        usernames = [username for username, _crew, _leader in MEMBERSHIPS]
        users = get_user_model()._default_manager.in_bulk(usernames, field_name="username")
        for username, crew, leader in MEMBERSHIPS:
            if username in users:  # a demo login someone deleted stays deleted
                self.ensure(CrewMembership, {"crew": crews[crew], "user": users[username]}, is_leader=leader)
        self.report(CrewMembership)

        machines = {asset.code: asset for asset in Asset.objects.filter(code__in=PLANT_MACHINES)}
        zones = {zone.code: zone for zone in Zone.objects.all()}
        task_types = {task_type.code: task_type for task_type in TaskType.objects.all()}
        history = History(self.today)
        created = []
        for spec in PLANS:
            plan, is_new = self.ensure(
                Plan,
                {"name": spec.name},
                task_type=task_types[spec.task_type],
                instructions=spec.instructions,
                estimated_minutes=spec.estimated_minutes,
                crew=crews[spec.crew],
                target_mode=TargetMode.MATCH if spec.target_kind else TargetMode.ASSETS,
                target_kind=spec.target_kind,
                target_zone=zones[spec.zone] if spec.target_kind and spec.zone else None,
                mode=spec.mode,
                rrule=spec.rrule,
                start=min(PLANS_START, history.first_day),
                due_time=spec.due_time,
                calendar=spec.calendar,
                non_working=spec.non_working,
                meter=spec.meter,
                meter_interval=spec.meter_interval,
            )
            if not is_new:
                continue
            plan.assets.set([machines[code] for code in spec.machines if code in machines])
            for position, check in enumerate(spec.checklist, start=1):
                item = ChecklistItem(plan=plan, position=position, **vars(check))
                item.full_clean()
                item.save()
                self.created[ChecklistItem] += 1
            created.append(plan)
        self.report(Plan)

        # Six weeks of work on the plans created now (a plan already there has its own).
        if created:
            history.run(created, [machines[code] for code in METERED_MACHINES if code in machines])
            self.created[WorkOrder] += history.orders
            self.created[MeterReading] += history.readings
        self.report(WorkOrder)
        self.report(MeterReading)

    def summary(self) -> str:
        created, kept = self.created, sum(self.kept.values())
        if not created:
            return _("Demo plans already loaded: all %(kept)d rows were there and were left unchanged.") % {
                "kept": kept
            }
        return _(
            "Demo plans loaded: created %(crews)d crews (%(members)d memberships), %(plans)d maintenance plans "
            "(%(items)d checklist items), and six weeks of their work: %(orders)d work orders and %(readings)d "
            "meter readings; %(kept)d rows were already there and were left unchanged."
        ) % {
            "crews": created[Crew],
            "members": created[CrewMembership],
            "plans": created[Plan],
            "items": created[ChecklistItem],
            "orders": created[WorkOrder],
            "readings": created[MeterReading],
            "kept": kept,
        }


def load(stdout: TextIO | None = None) -> str:
    """Load the demo crews and plans where they are missing; return a one-line summary.

    Needs demo.registry loaded first (departments, zones, assets, logins). Progress (one
    line per kind of record) goes to stdout if given.
    """
    return MaintenanceLoader(stdout).run()
