"""The greening demo (demo.greening): the article's programme, its projects in every state,
one handed over through the service, plantings and an open loss; a second load changes
nothing. The demo is loaded once for the package at NOW (tests.demo.conftest)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import translation

from assets.models import Asset
from greening.choices import Phase, ProjectKind
from greening.models import Loss, PhaseChange, Planting, Programme, Project, ProjectAsset, ProjectPhase, Spending
from maintenance.choices import TargetMode
from maintenance.models import Plan
from tests.demo.conftest import TODAY


def snapshot() -> dict:
    tables = [Programme, Project, ProjectPhase, PhaseChange, Spending, ProjectAsset, Planting, Loss, Asset, Plan]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in tables}


def test_prints_its_summary(loaded):
    output, _generated = loaded
    assert "Demo greening loaded: created 16 projects of the 2026 programme (1 handed over now)" in output


def test_the_articles_programme(loaded):
    programme = Programme.objects.get(year=2026)
    assert (programme.name, programme.greening_m2, programme.budget, programme.roads, programme.pieces) == (
        "2026 年度绿化提升", 130_000, 30_000_000, 6, 12,
    )  # fmt: skip
    projects = Project.objects.filter(programme=programme)
    kinds = Counter(projects.values_list("kind", flat=True))
    assert kinds == {
        ProjectKind.GREEN_SPACE: 3, ProjectKind.ROAD: 6, ProjectKind.STREET_CORNER: 3, ProjectKind.LOT_GREENING: 2,
        ProjectKind.LOT_BEAUTIFYING: 1, ProjectKind.LOT_HARDENING: 1,
    }  # fmt: skip
    names = set(projects.values_list("name", flat=True))
    assert {"酥溪北岸绿化", "酥溪南岸绿化", "九鼎公园绿化"} <= names
    assert any("皇城路" in name for name in names) and any("梅城路" in name for name in names)
    institutes = set(projects.filter(kind=ProjectKind.STREET_CORNER).values_list("design_institute", flat=True))
    assert len(institutes) == 3 and any("中央美院" in institute for institute in institutes)
    # The new greening's 30 million: the Suxi banks and Jiuding Park.
    green = projects.filter(kind=ProjectKind.GREEN_SPACE)
    assert sum(project.budget for project in green) == 30_000_000
    assert 125_000 <= sum(project.area_m2 for project in green) <= 135_000


def test_projects_in_every_state(loaded):
    phases = Counter(Project.objects.values_list("phase", flat=True))
    assert phases[Phase.HANDED_OVER] == 13
    assert phases[Phase.CONSTRUCTION] == 2
    assert set(Project.objects.late(TODAY).values_list("code", flat=True)) == {"LOT-ZHANGSHU"}
    assert Spending.objects.filter(project__code="SUXI-N").count() == 5
    # Every handed-over project has its assets and its story of phase changes.
    for project in Project.objects.filter(phase=Phase.HANDED_OVER):
        assert project.handed_assets.exists(), project.code
        assert project.phase_changes.filter(to_phase=Phase.HANDED_OVER).exists(), project.code
    assert ProjectAsset.objects.filter(project__code="SUXI-N").count() == 4


def test_the_lot_handed_over_now_has_its_asset_and_plans(loaded):
    project = Project.objects.get(code="LOT-HUANGCHENG")
    [link] = project.handed_assets.select_related("asset")
    asset = link.asset
    assert (asset.code, asset.kind, asset.zone.code, asset.department.code) == (
        "LOT-HUANGCHENG", "green_space", "roads-greening", "landscaping",
    )  # fmt: skip
    # The demo's plans already clean, water and weed every green space of the zone, so the
    # hand-over skips those three templates (no care twice) and makes the pruning plan only;
    # the covering plans took the new asset in as it was saved.
    plans = Plan.objects.filter(assets=asset)
    assert [plan.task_type.code for plan in plans] == ["pruning"] and plans.get().crew.code == "landscaping"
    covering = Plan.objects.filter(targets__asset=asset, targets__active=True, target_mode=TargetMode.MATCH)
    assert sorted(covering.values_list("task_type__code", flat=True)) == ["cleaning", "watering", "weeding"]
    assert project.handed_over_by.username == "planner"


def test_a_belt_has_its_plantings_and_one_open_loss(loaded):
    assert Planting.objects.filter(asset__code="GS-SUXI-N-01").count() == 5
    loss = Loss.objects.get()
    assert (loss.asset.code, loss.species, loss.count, loss.replanted) == ("GS-SUXI-N-01", "香樟", 3, None)


def test_a_second_load_changes_nothing(loaded):
    before = snapshot()
    with translation.override("en"):
        output = io.StringIO()
        call_command("load_demo", stdout=output)
    assert snapshot() == before
    assert "Demo greening loaded: created 0 projects" in output.getvalue()


pytestmark = pytest.mark.django_db
