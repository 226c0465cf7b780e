"""Projects' rows: the current phase from the actual dates, lateness, the database's rules."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from greening.choices import Phase, ProjectKind
from greening.models import PlanTemplate, Project, ProjectPhase, Spending
from tests.factories import DepartmentFactory, ZoneFactory, square

pytestmark = pytest.mark.django_db
D = datetime.date


def project(**fields):
    return Project.objects.create(
        code=fields.pop("code", "P-1"), name="九鼎公园绿化", kind=ProjectKind.GREEN_SPACE, geometry=square(size=0.002),
        zone=ZoneFactory(), keeper=DepartmentFactory(), **fields,
    )  # fmt: skip


def test_the_geometry_is_measured():
    # 0.002° of latitude is 221 m; of longitude at 28.9° N, 195 m.
    assert project().area_m2 == pytest.approx(43_240, rel=0.005)


def test_the_current_phase_is_the_last_started_in_order():
    rows = [
        ProjectPhase(phase=Phase.PLANNING, actual_start=D(2026, 1, 5), actual_end=D(2026, 2, 1)),
        ProjectPhase(phase=Phase.DESIGN, actual_start=D(2026, 2, 2)),
        ProjectPhase(phase=Phase.TENDER),
    ]
    assert Project.phase_of(rows) == Phase.DESIGN
    assert Project.phase_of([]) == Phase.PLANNING


def test_a_project_is_late_when_a_phase_is_behind_plan():
    on_time = project(code="P-ON")
    ProjectPhase.objects.create(
        project=on_time, phase=Phase.DESIGN, planned_start=D(2026, 3, 1), actual_start=D(2026, 3, 1),
        planned_end=D(2026, 6, 30),
    )  # fmt: skip
    not_started = project(code="P-LATE")
    ProjectPhase.objects.create(project=not_started, phase=Phase.TENDER, planned_start=D(2026, 5, 1))
    not_ended = project(code="P-LONG")
    ProjectPhase.objects.create(
        project=not_ended, phase=Phase.CONSTRUCTION, planned_start=D(2026, 3, 1), actual_start=D(2026, 3, 2),
        planned_end=D(2026, 5, 31),
    )  # fmt: skip
    today = D(2026, 6, 1)
    assert set(Project.objects.late(today).values_list("code", flat=True)) == {"P-LATE", "P-LONG"}
    flags = dict(Project.objects.with_late(today).values_list("code", "is_late"))
    assert flags == {"P-ON": False, "P-LATE": True, "P-LONG": True}
    # The last day of a plan is not late yet.
    assert not Project.objects.late(D(2026, 5, 31)).filter(code="P-LONG").exists()


def test_dates_and_money_the_database_refuses():
    p = project()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPhase.objects.create(project=p, phase=Phase.DESIGN, actual_start=D(2026, 3, 2), actual_end=D(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPhase.objects.create(project=p, phase=Phase.DESIGN, actual_end=D(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Spending.objects.create(project=p, day=D(2026, 3, 1), amount=0, purpose="nothing")


def test_the_hand_over_templates_are_seeded():
    kinds = set(PlanTemplate.objects.values_list("asset_kind", flat=True))
    assert kinds == {"green_space", "landscape", "road_segment"}
    assert PlanTemplate.objects.filter(asset_kind="green_space").count() == 4
