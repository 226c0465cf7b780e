"""The planning bureau's demo: the year's greening programme as the local report tells it.

Programme 2026 "2026 年度绿化提升": 130,000 m² of new greening for 30 million yuan, mainly
both banks of the Suxi river and Jiuding Park; six branch roads resurfaced (the report names
Huangcheng Road 皇城路 and Meicheng Road 梅城路; the other four are demo examples); twelve
street-corner landscape pieces by three design institutes (one the Central Academy of Fine
Arts 中央美院); vacant lots greened, beautified and hardened. Contractors, budgets and
dates are invented.

The works the registry already holds (demo.registry_assets: the Suxi belts, the park, the
six roads, the twelve pieces) were handed over before the system: their projects are linked
to those assets here. One vacant lot beside Huangcheng Road is handed over now, through
greening.services.hand_over (its asset and plans from the templates); others are in
construction, one of them late. A Suxi belt has its plantings and one open loss.
Create-only, like every demo loader (demo.loader).
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import TextIO

import shapely
import shapely.geometry
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.geometry import measure
from assets.models import Asset, Department, Zone
from greening.choices import PHASE_ORDER, Phase, ProjectKind
from greening.models import (
    Loss,
    PhaseChange,
    Planting,
    Programme,
    Project,
    ProjectAsset,
    ProjectPhase,
    Spending,
)
from greening.services import hand_over

from .loader import DemoLoader
from .registry_assets import (
    CAA,
    CAFA,
    JIUDING_PARK,
    LANDSCAPE_PIECES,
    ROADS,
    SUXI_CENTRELINE,
    ZJ_PLANNING,
    _bank_strip,
)
from .shapes import line, point, polygon, rectangle

D = datetime.date
YEAR = 2026


@dataclass(frozen=True)
class ProjectSpec:
    """A demo project. ``planned``: the planned starts of planning, design, tender,
    construction, acceptance and the hand-over (each phase planned to end the day before
    the next starts); ``actual``: the actual starts so far (the last one still running,
    unless ``ended``, the day its acceptance ended). ``assets``: the registry's assets it
    made (handed over before the system), or ``hand_over``: handed over now."""

    code: str
    name: str
    kind: ProjectKind
    geometry: dict
    budget: int
    planned: list[D]
    actual: list[D]
    zone: str = "roads-greening"
    keeper: str = "landscaping"
    design_institute: str = ""
    contractor: str = ""
    target_m2: int | None = None
    target_m: int | None = None
    target_pieces: int | None = None
    assets: list[str] = field(default_factory=list)
    ended: D | None = None
    hand_over: bool = False
    spending: list[tuple[D, int, str]] = field(default_factory=list)
    notes: str = ""


def _suxi(side: str) -> dict:
    """One bank's belt: its stretches (which share their ends) made one polygon."""
    strips = [shapely.geometry.shape(_bank_strip(start, end, side)) for start, end in pairwise(SUXI_CENTRELINE)]
    belt = shapely.set_precision(shapely.unary_union(strips), 1e-6)
    return json.loads(json.dumps(shapely.geometry.mapping(belt)))


def _spend(budget: int, *days: D) -> list[tuple[D, int, str]]:
    """Spending as the works went: design, an advance, progress payments (shares of the budget)."""
    purposes = ["设计费", "工程预付款", "进度款（第一期）", "进度款（第二期）", "竣工结算款"]
    shares = [Decimal("0.05"), Decimal("0.25"), Decimal("0.30"), Decimal("0.25"), Decimal("0.10")]
    return [(day, int(budget * share), purpose) for day, share, purpose in zip(days, shares, purposes, strict=False)]


# Pieces LS-01…12 (demo.registry_assets.LANDSCAPE_PIECES, in order): four by each institute.
PIECE_PLACES = {f"LS-{n:02d}": location for n, (*_rest, location, _zone) in enumerate(LANDSCAPE_PIECES, start=1)}
PIECES = {
    institute: [code for code, spec in zip(PIECE_PLACES, LANDSCAPE_PIECES, strict=True) if spec[1] == institute]
    for institute in (CAFA, CAA, ZJ_PLANNING)
}
# The lot handed over now: a verge beside Huangcheng Road, inside the roads-and-greening zone.
HUANGCHENG_LOT = rectangle(120.04680, 28.89350, 120.04695, 28.89450)

GREEN_PLANNED = [D(YEAR, 1, 5), D(YEAR, 2, 1), D(YEAR, 3, 1), D(YEAR, 3, 20), D(YEAR, 6, 1), D(YEAR, 7, 1)]
GREEN_ACTUAL = [D(YEAR, 1, 5), D(YEAR, 2, 3), D(YEAR, 3, 2), D(YEAR, 3, 23), D(YEAR, 6, 15), D(YEAR, 7, 1)]


def _road_projects() -> list[ProjectSpec]:
    specs = []
    for road in ROADS:
        done = road.resurfaced
        specs.append(
            ProjectSpec(
                code=f"ROAD-{road.code}",
                name=f"{road.name}提升改造（白改黑）",
                kind=ProjectKind.ROAD,
                geometry=line(*road.junctions),
                budget=1_200_000,
                keeper="municipal-works",
                design_institute=ZJ_PLANNING,
                contractor="永康市市政工程有限公司（演示）",
                target_m=round(measure(line(*road.junctions)).length_m or 0),
                planned=[
                    D(YEAR, 1, 10),
                    D(YEAR, 2, 1),
                    D(YEAR, 3, 1),
                    D(YEAR, 3, 25),
                    done,
                    done + datetime.timedelta(15),
                ],
                actual=[
                    D(YEAR, 1, 10),
                    D(YEAR, 2, 2),
                    D(YEAR, 3, 2),
                    D(YEAR, 3, 26),
                    done,
                    done + datetime.timedelta(15),
                ],  # fmt: skip
                assets=[f"RD-{road.code}", *(f"RD-{road.code}-{n:02d}" for n in range(1, len(road.junctions)))],
                spending=_spend(1_200_000, D(YEAR, 2, 10), D(YEAR, 3, 30), D(YEAR, 4, 30), done),
                notes="主次干道提升改造：路面“白改黑”，新建人行道，采用生态环保材料。",
            )
        )
    return specs


def _piece_projects() -> list[ProjectSpec]:
    return [
        ProjectSpec(
            code=f"SC-{n}",
            name=f"街角小品（{institute.split('（')[0]}设计）",
            kind=ProjectKind.STREET_CORNER,
            geometry={"type": "MultiPoint", "coordinates": [list(PIECE_PLACES[code]) for code in codes]},
            zone="roads-greening",
            budget=800_000,
            design_institute=institute,
            contractor="浙江酥溪景观工程有限公司（演示）",
            target_pieces=4,
            planned=[D(YEAR, 1, 5), D(YEAR, 1, 20), D(YEAR, 2, 20), D(YEAR, 3, 10), D(YEAR, 4 + 2 * n, 1)]
            + [D(YEAR, 4 + 2 * n, 20)],
            actual=[D(YEAR, 1, 5), D(YEAR, 1, 22), D(YEAR, 2, 24), D(YEAR, 3, 12), D(YEAR, 4 + 2 * n, 5)]
            + [D(YEAR, 4 + 2 * n, 28)],
            assets=codes,
            spending=_spend(800_000, D(YEAR, 1, 30), D(YEAR, 3, 15), D(YEAR, 4 + 2 * n, 1)),
            notes="拆违清理后的空地，因地制宜、突出重点。",
        )
        for n, (institute, codes) in enumerate(PIECES.items(), start=1)
    ]


def project_specs(today: D) -> list[ProjectSpec]:
    accepted = min(D(YEAR, 11, 20), today)
    return [
        *(
            ProjectSpec(
                code=f"SUXI-{side}",
                name=f"酥溪{bank}绿化",
                kind=ProjectKind.GREEN_SPACE,
                geometry=_suxi(side),
                budget=10_500_000,
                design_institute=ZJ_PLANNING,
                contractor="永康市园林建设有限公司（演示）",
                target_m2=38_800,
                planned=GREEN_PLANNED,
                actual=GREEN_ACTUAL,
                assets=[f"GS-SUXI-{side}-{n:02d}" for n in range(1, 5)],
                spending=_spend(
                    10_500_000, D(YEAR, 1, 25), D(YEAR, 3, 25), D(YEAR, 4, 30), D(YEAR, 5, 31), D(YEAR, 7, 20)
                ),
                notes="新增绿化重点：酥溪两岸滨水绿带。",
            )
            for side, bank in (("N", "北岸"), ("S", "南岸"))
        ),
        ProjectSpec(
            code="JIUDING",
            name="九鼎公园绿化",
            kind=ProjectKind.GREEN_SPACE,
            geometry=rectangle(*JIUDING_PARK),
            budget=9_000_000,
            design_institute=CAA,
            contractor="永康市园林建设有限公司（演示）",
            target_m2=51_900,
            planned=GREEN_PLANNED,
            actual=GREEN_ACTUAL,
            assets=["GS-JIUDING", "GS-JIUDING-01", "GS-JIUDING-02", "GS-JIUDING-03", "GS-JIUDING-04"],
            spending=_spend(9_000_000, D(YEAR, 1, 25), D(YEAR, 3, 25), D(YEAR, 4, 30), D(YEAR, 5, 31), D(YEAR, 7, 20)),
        ),
        *_road_projects(),
        *_piece_projects(),
        ProjectSpec(
            code="LOT-HUANGCHENG",
            name="皇城路沿线空地复绿",
            kind=ProjectKind.LOT_GREENING,
            geometry=HUANGCHENG_LOT,
            budget=260_000,
            contractor="永康市园林建设有限公司（演示）",
            target_m2=1_600,
            planned=[D(YEAR, 7, 1), D(YEAR, 7, 20), D(YEAR, 8, 10), D(YEAR, 9, 1), D(YEAR, 11, 1), D(YEAR, 11, 23)],
            actual=[D(YEAR, 7, 1), D(YEAR, 7, 21), D(YEAR, 8, 12), D(YEAR, 9, 2), min(D(YEAR, 11, 3), accepted)],
            ended=accepted,
            hand_over=True,
            spending=_spend(260_000, D(YEAR, 7, 30), D(YEAR, 9, 5), D(YEAR, 10, 15)),
            notes="拆违清理后的空地：复绿。",
        ),
        ProjectSpec(
            code="LOT-ZHANGSHU",
            name="樟树村拆后空地美化",
            kind=ProjectKind.LOT_BEAUTIFYING,
            geometry=polygon((120.0405, 28.9050), (120.0412, 28.9050), (120.0412, 28.9055), (120.0405, 28.9055)),
            zone="villages",
            budget=420_000,
            design_institute=CAFA,
            contractor="浙江酥溪景观工程有限公司（演示）",
            target_pieces=1,
            # Late: its construction was to end with October.
            planned=[D(YEAR, 6, 1), D(YEAR, 6, 20), D(YEAR, 7, 15), D(YEAR, 8, 10), D(YEAR, 11, 1), D(YEAR, 11, 20)],
            actual=[D(YEAR, 6, 1), D(YEAR, 6, 25), D(YEAR, 7, 30), D(YEAR, 8, 28)],
            spending=_spend(420_000, D(YEAR, 7, 5), D(YEAR, 9, 1)),
            notes="施工方人手不足，工期滞后。",
        ),
        ProjectSpec(
            code="LOT-SHIZHU",
            name="石柱村拆后空地复绿",
            kind=ProjectKind.LOT_GREENING,
            geometry=polygon((120.0350, 28.8950), (120.0360, 28.8950), (120.0360, 28.8958), (120.0350, 28.8958)),
            zone="villages",
            budget=300_000,
            contractor="永康市园林建设有限公司（演示）",
            target_m2=7_800,
            planned=[
                D(YEAR, 8, 1),
                D(YEAR, 8, 20),
                D(YEAR, 9, 10),
                D(YEAR, 10, 8),
                D(YEAR, 12, 21),
                D(YEAR + 1, 1, 10),
            ],
            actual=[D(YEAR, 8, 3), D(YEAR, 8, 20), D(YEAR, 9, 10), D(YEAR, 10, 9)],
            spending=_spend(300_000, D(YEAR, 8, 28), D(YEAR, 10, 20)),
        ),
        ProjectSpec(
            code="LOT-KEYUAN",
            name="科源路拆后空地硬化",
            kind=ProjectKind.LOT_HARDENING,
            geometry=point(120.0650, 28.8990),
            zone="enterprises",
            keeper="municipal-works",
            budget=180_000,
            planned=[D(YEAR, 10, 10), D(YEAR, 11, 1), D(YEAR, 12, 16), D(YEAR + 1, 1, 5), D(YEAR + 1, 3, 1)]
            + [D(YEAR + 1, 3, 20)],
            actual=[D(YEAR, 10, 12), D(YEAR, 11, 2)],
            notes="拆除活动棚后的空地，硬化后作临时停车。",
        ),
    ]


# A Suxi belt's plantings (species, count, area m², planted) and its one open loss.
PLANTED_BELT = "GS-SUXI-N-01"
PLANTINGS = [
    ("垂柳", 60, None, D(YEAR, 4, 8)),
    ("水杉", 80, None, D(YEAR, 4, 10)),
    ("香樟", 45, None, D(YEAR, 4, 12)),
    ("红叶石楠", 300, None, D(YEAR, 5, 6)),
    ("麦冬", None, Decimal("3200.0"), D(YEAR, 5, 20)),
]
LOSS = ("香樟", 3, D(YEAR, 11, 18), "三株香樟枯死（移栽后未成活），需补植。")


def phases(spec: ProjectSpec) -> dict[Phase, dict]:
    """Each phase's planned and actual start and end, from the spec's boundaries."""
    rows = {}
    one = datetime.timedelta(days=1)
    for index, phase in enumerate(PHASE_ORDER):
        last = index == len(PHASE_ORDER) - 1
        planned_start = spec.planned[index]
        planned_end = planned_start if last else spec.planned[index + 1] - one
        actual_start = spec.actual[index] if index < len(spec.actual) else None
        if last:
            actual_end = actual_start
        elif index + 1 < len(spec.actual):
            actual_end = spec.actual[index + 1] - one
        elif actual_start is not None and phase == Phase.ACCEPTANCE and spec.ended:
            actual_end = spec.ended
        else:
            actual_end = None
        rows[phase] = {
            "planned_start": planned_start,
            "planned_end": planned_end,
            "actual_start": actual_start,
            "actual_end": actual_end,
        }
    return rows


class GreeningLoader(DemoLoader):
    def __init__(self, stdout: TextIO | None):
        super().__init__(stdout)
        self.today = timezone.localdate()

    def load(self) -> None:
        self.planner = get_user_model()._default_manager.filter(username="planner").first()
        programme, _created = self.ensure(
            Programme, {"year": YEAR}, name="2026 年度绿化提升", greening_m2=Decimal("130000"),
            budget=Decimal("30000000"), roads=6, pieces=12,
            notes="今年投入3000万元，新增绿化13万平方米，主要是酥溪两岸、九鼎公园；六条主次干道提升改造；街角小品。",
        )  # fmt: skip
        departments = {department.code: department for department in Department.objects.all()}
        zones = {zone.code: zone for zone in Zone.objects.all()}
        to_hand_over = []
        for spec in project_specs(self.today):
            project = self._project(spec, programme, departments, zones)
            if spec.hand_over and project.handed_over is None:
                to_hand_over.append(project)
        for model in (Programme, Project, ProjectPhase, Spending, ProjectAsset, PhaseChange):
            self.report(model)
        self.handed_over = 0
        for project in to_hand_over:
            if self.planner is not None:
                hand_over(project, self.planner)
                self.handed_over += 1
        self._care()

    def _project(self, spec: ProjectSpec, programme, departments, zones) -> Project:
        rows = phases(spec)
        current = Project.phase_of([ProjectPhase(phase=phase, **row) for phase, row in rows.items()])
        handed = current == Phase.HANDED_OVER
        west, south, east, north = measure(spec.geometry).bbox
        at = timezone.make_aware(
            datetime.datetime.combine(rows[Phase.HANDED_OVER]["actual_start"] or self.today, datetime.time(10))
        )
        project, created = self.ensure(
            Project, {"code": spec.code}, name=spec.name, kind=spec.kind, programme=programme,
            geometry=spec.geometry, min_lon=west, min_lat=south, max_lon=east, max_lat=north,
            zone=zones[spec.zone], keeper=departments[spec.keeper], design_institute=spec.design_institute,
            contractor=spec.contractor, budget=Decimal(spec.budget), target_m2=spec.target_m2,
            target_m=spec.target_m, target_pieces=spec.target_pieces, leader="管委会分管副主任（演示）",
            liaison="规划建设分局 联络员（演示）", notes=spec.notes, phase=current,
            handed_over=at if handed else None, handed_over_by=self.planner if handed else None,
            created_by=self.planner,
        )  # fmt: skip
        if not created:
            return project
        for phase, row in rows.items():
            self.ensure(ProjectPhase, {"project": project, "phase": phase}, **row)
        previous = Phase.PLANNING
        for phase in PHASE_ORDER[1:]:
            start = rows[phase]["actual_start"]
            if start is None:
                break
            moment = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
            self.ensure(
                PhaseChange, {"project": project, "to_phase": phase}, from_phase=previous, by=self.planner, at=moment
            )
            previous = phase
        for day, amount, purpose in spec.spending:
            if day <= self.today:
                self.ensure(
                    Spending, {"project": project, "day": day, "purpose": purpose}, amount=amount, by=self.planner
                )
        if handed:
            for asset in Asset.objects.filter(code__in=spec.assets).order_by("code"):
                self.ensure(ProjectAsset, {"asset": asset}, project=project)
        return project

    def _care(self) -> None:
        belt = Asset.objects.filter(code=PLANTED_BELT).first()
        if belt is None:
            return
        plantings = {}
        for species, count, area, planted in PLANTINGS:
            plantings[species], _created = self.ensure(
                Planting, {"asset": belt, "species": species, "planted": planted}, count=count, area_m2=area,
                created_by=self.planner,
            )  # fmt: skip
        species, count, noted, note = LOSS
        reporter = get_user_model()._default_manager.filter(username="crew-landscaping").first()
        if noted <= self.today:
            self.ensure(
                Loss, {"asset": belt, "species": species, "noted": noted}, planting=plantings[species], count=count,
                note=note, reported_by=reporter,
            )  # fmt: skip
        self.report(Planting)
        self.report(Loss)

    def summary(self) -> str:
        return _(
            "Demo greening loaded: created %(projects)d projects of the %(year)d programme (%(handed)d handed over "
            "now), %(phases)d phases, %(spending)d spending entries, %(plantings)d plantings and %(losses)d losses; "
            "%(kept)d rows were already there and were left unchanged."
        ) % {
            "projects": self.created[Project],
            "year": YEAR,
            "handed": self.handed_over,
            "phases": self.created[ProjectPhase],
            "spending": self.created[Spending],
            "plantings": self.created[Planting],
            "losses": self.created[Loss],
            "kept": sum(self.kept.values()),
        }


def load(stdout: TextIO | None = None) -> str:
    return GreeningLoader(stdout).run()
