"""The hand-over: a project accepted becomes its asset and plans, exactly once, all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assets.models import Asset
from greening import services
from greening.choices import Phase, ProjectKind
from greening.models import PhaseChange, PlanTemplate, Project, ProjectAsset, ProjectPhase
from greening.tasks import first_work_orders_job
from maintenance.choices import TargetMode
from maintenance.models import Plan, PlanTarget, TaskType, WorkOrder
from tests.factories import MULTI_LINE, AssetFactory, DepartmentFactory, ZoneFactory, square
from tests.greening.conftest import make_project
from tests.maintenance.factories import TODAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date


def counts():
    return Asset.objects.count(), Plan.objects.count(), ProjectAsset.objects.count(), PhaseChange.objects.count()


def test_a_green_space_becomes_its_asset_and_four_plans(accepted_project, keeper_crews, planner):
    care, water = keeper_crews
    # The watering crew already waters: the new watering plan goes to it; the rest to the first crew.
    Plan.objects.create(
        name="已有浇水", task_type=TaskType.objects.get(code="watering"), crew=water, rrule="FREQ=DAILY",
    )  # fmt: skip

    result = services.hand_over(accepted_project, planner, at(TODAY))

    assert result.created
    [asset] = result.assets
    assert (asset.code, asset.name, asset.kind, asset.zone, asset.department) == (
        "JD-PARK", "九鼎公园绿化", "green_space", accepted_project.zone, accepted_project.keeper,
    )  # fmt: skip
    assert asset.geometry == accepted_project.geometry
    assert asset.commissioned == D(2026, 9, 20)
    assert asset.detail().vegetation == ""  # its details, for the registry to fill in
    assert list(ProjectAsset.objects.values_list("project", "asset")) == [(accepted_project.pk, asset.pk)]
    plans = {
        plan.name: (plan.task_type.code, plan.rrule, plan.crew.code, list(plan.assets.all()), plan.start)
        for plan in Plan.objects.filter(assets=asset)
    }
    assert plans == {
        "九鼎公园绿化 · 绿地每周保洁": ("cleaning", "FREQ=WEEKLY;BYDAY=MO", "b-care", [asset], TODAY),
        "九鼎公园绿化 · 绿地浇水（5–10 月每三天）": (
            "watering", "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10", "c-water", [asset], TODAY,
        ),
        "九鼎公园绿化 · 绿地修剪（每年两次）": (
            "pruning", "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15", "b-care", [asset], TODAY,
        ),
        "九鼎公园绿化 · 绿地每月除草": ("weeding", "FREQ=MONTHLY;BYMONTHDAY=10", "b-care", [asset], TODAY),
    }  # fmt: skip
    project = Project.objects.get(pk=accepted_project.pk)
    assert (project.phase, project.handed_over, project.handed_over_by) == (Phase.HANDED_OVER, at(TODAY), planner)
    handed = ProjectPhase.objects.get(project=project, phase=Phase.HANDED_OVER)
    assert (handed.actual_start, handed.actual_end) == (TODAY, TODAY)
    change = PhaseChange.objects.get(project=project)
    assert (change.from_phase, change.to_phase, change.by) == (Phase.ACCEPTANCE, Phase.HANDED_OVER, planner)


def zone_plan(zone, crew, **fields) -> Plan:
    """A running plan cleaning every green space of ``zone`` (None: of every zone) weekly."""
    fields = {"name": "园区绿地每周保洁", "rrule": "FREQ=WEEKLY;BYDAY=TU", "target_kind": "green_space", **fields}
    return Plan.objects.create(
        task_type=TaskType.objects.get(code="cleaning"), crew=crew, target_mode=TargetMode.MATCH,
        target_zone=zone, **fields,
    )  # fmt: skip


@pytest.mark.parametrize("everywhere", [False, True], ids=["zone-wide", "kind-wide"])
def test_a_plan_covering_the_zone_takes_the_place_of_its_template(
    accepted_project, keeper_crews, crew_of_member, planner, everywhere
):
    covering = zone_plan(None if everywhere else accepted_project.zone, crew_of_member)

    result = services.hand_over(accepted_project, planner, at(TODAY))

    [asset] = result.assets
    # No second cleaning plan: the zone's plan took the new green space in as it was saved.
    assert sorted(plan.task_type.code for plan in result.plans) == ["pruning", "watering", "weeding"]
    assert list(Plan.objects.filter(task_type__code="cleaning")) == [covering]
    assert PlanTarget.objects.filter(plan=covering, asset=asset, active=True).exists()


def test_a_paused_plan_or_another_zones_covers_nothing(accepted_project, keeper_crews, crew_of_member, planner):
    zone_plan(accepted_project.zone, crew_of_member, paused=True)
    zone_plan(ZoneFactory(), crew_of_member, name="别区绿地保洁")
    zone_plan(accepted_project.zone, crew_of_member, name="街角保洁", target_kind="landscape")

    result = services.hand_over(accepted_project, planner)

    assert sorted(plan.task_type.code for plan in result.plans) == ["cleaning", "pruning", "watering", "weeding"]


def test_the_hand_over_page_says_which_plan_covers_a_template(
    accepted_project, keeper_crews, crew_of_member, planner, signed_in, english
):
    covering = zone_plan(accepted_project.zone, crew_of_member)
    cleaning = PlanTemplate.objects.get(asset_kind="green_space", task_type__code="cleaning")
    url = reverse("project-handover", args=[accepted_project.pk])

    page = signed_in(planner).get(url).content.decode()

    assert f"already covered by plan {covering.name}" in page and covering.get_absolute_url() in page
    assert f'name="crew-{cleaning.pk}"' not in page
    assert signed_in(planner).post(url).status_code == 302
    page = signed_in(planner).get(url).content.decode()
    assert "Already covered by these plans" in page and covering.get_absolute_url() in page
    assert Plan.objects.filter(task_type__code="cleaning").count() == 1


def test_a_crew_chosen_per_template_is_used(accepted_project, keeper_crews, planner):
    weeding = PlanTemplate.objects.get(asset_kind="green_space", task_type__code="weeding")
    services.hand_over(accepted_project, planner, crews={weeding.pk: keeper_crews[1]})
    assert Plan.objects.get(task_type__code="weeding").crew == keeper_crews[1]
    assert set(Plan.objects.exclude(task_type__code="weeding").values_list("crew__code", flat=True)) == {"b-care"}


def test_a_street_corner_piece_is_a_point_and_a_road_a_line(keeper, keeper_crews, planner):
    piece = make_project(keeper, code="SC-1", kind=ProjectKind.STREET_CORNER, geometry=square(size=0.0002))
    road = make_project(keeper, code="RD-1", kind=ProjectKind.ROAD, geometry=MULTI_LINE)

    [landscape] = services.hand_over(piece, planner).assets
    [segment] = services.hand_over(road, planner).assets

    assert landscape.kind == "landscape" and landscape.geometry["type"] == "Point"
    lon, lat = landscape.geometry["coordinates"]
    assert 120.05 < lon < 120.0502 and 28.90 < lat < 28.9002
    assert (segment.kind, segment.geometry) == ("road_segment", MULTI_LINE)
    assert (segment.detail().road_name, segment.detail().resurfaced) == (road.name, D(2026, 9, 20))
    assert landscape.detail() is not None
    assert set(Plan.objects.filter(assets=landscape).values_list("task_type__code", flat=True)) == {
        "cleaning", "inspection",
    }  # fmt: skip
    assert Plan.objects.filter(assets=segment).count() == 2


def test_the_asset_code_is_the_projects_unless_taken(accepted_project, planner):
    AssetFactory(code="JD-PARK")
    [asset] = services.hand_over(accepted_project, planner).assets
    assert asset.code == "JD-PARK-2"


def test_handing_over_twice_makes_nothing_more(accepted_project, planner):
    first = services.hand_over(accepted_project, planner, at(TODAY))
    before = counts()

    again = services.hand_over(accepted_project, planner, at(TODAY, 11))

    assert not again.created
    assert counts() == before
    assert again.assets == first.assets
    assert {plan.pk for plan in again.plans} == {plan.pk for plan in first.plans}
    assert Project.objects.get(pk=accepted_project.pk).handed_over == at(TODAY)


@pytest.mark.parametrize(
    ("accepted", "message"),
    [(None, "once its acceptance has ended"), (D(2026, 9, 30), "The acceptance ends on 2026-09-30")],
)
def test_refused_before_the_acceptance_ended(keeper, keeper_crews, planner, english, accepted, message):
    project = make_project(keeper, accepted=accepted)
    if accepted is None:
        ProjectPhase.objects.filter(project=project, phase=Phase.ACCEPTANCE).update(actual_end=None)
    before = counts()
    with pytest.raises(ValidationError, match=message):
        services.hand_over(project, planner)
    assert counts() == before
    assert Project.objects.get(pk=project.pk).phase == Phase.ACCEPTANCE


def test_only_the_planning_bureau_and_administrators_hand_over(accepted_project, manager, inspector, administrator):
    for user in (manager, inspector):
        with pytest.raises(PermissionDenied):
            services.hand_over(accepted_project, user)
    assert services.hand_over(accepted_project, administrator).created


def test_an_invalid_template_leaves_nothing_made(accepted_project, planner, english):
    PlanTemplate.objects.filter(asset_kind="green_space", task_type__code="weeding").update(rrule="FREQ=SOMETIMES")
    before = counts()
    with pytest.raises(ValidationError, match="cannot make a plan"):
        services.hand_over(accepted_project, planner)
    assert counts() == before
    project = Project.objects.get(pk=accepted_project.pk)
    assert (project.phase, project.handed_over) == (Phase.ACCEPTANCE, None)
    assert not ProjectPhase.objects.filter(project=project, phase=Phase.HANDED_OVER).exists()


def test_a_department_without_crews_is_refused(keeper, planner, english):
    project = make_project(DepartmentFactory(code="no-crews"))
    before = counts()
    with pytest.raises(ValidationError, match="has no crew"):
        services.hand_over(project, planner)
    assert counts() == before


def test_a_crew_of_another_department_is_refused(accepted_project, crew_of_member, planner, english):
    template = PlanTemplate.objects.filter(asset_kind="green_space").first()
    before = counts()
    with pytest.raises(ValidationError, match="is not of"):
        services.hand_over(accepted_project, planner, crews={template.pk: crew_of_member})
    assert counts() == before


def test_a_road_drawn_as_an_area_is_refused(keeper, keeper_crews, planner, english):
    project = make_project(keeper, kind=ProjectKind.ROAD, geometry=square())
    with pytest.raises(ValidationError, match="drawn as a line"):
        services.hand_over(project, planner)
    assert Asset.objects.count() == 0


def test_the_first_work_orders_come_from_the_task(accepted_project, planner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        result = services.hand_over(accepted_project, planner)
    assert len(callbacks) == 1  # the task, enqueued once the hand-over is committed
    assert services.first_orders_progress(result.plans).generated is False
    assert WorkOrder.objects.count() == 0

    summary = first_work_orders_job([plan.pk for plan in result.plans])

    progress = services.first_orders_progress(result.plans)
    # From Monday 28 September to 12 October (the 14 days' horizon): cleaning on 3 Mondays,
    # watering every third day from the 28th (5), weeding on 10 October; pruning not before March.
    assert progress.generated and progress.orders == WorkOrder.objects.count() == 3 + 5 + 1
    assert "Work orders created" in summary or "工单" in summary
    # Another asset's plan is not generated by it.
    assert not WorkOrder.objects.exclude(plan__in=result.plans).exists()


def test_the_task_runs_when_the_hand_over_commits(accepted_project, planner, django_capture_on_commit_callbacks):
    # Tests run django-q2 synchronously (tests/settings.py): the callback runs the job.
    with django_capture_on_commit_callbacks(execute=True):
        result = services.hand_over(accepted_project, planner)
    assert services.first_orders_progress(result.plans).orders == 9


# --- Pages ---------------------------------------------------------------------------------


def test_the_hand_over_page_shows_what_will_be_made_and_does_it(accepted_project, keeper_crews, planner, signed_in):
    url = reverse("project-handover", args=[accepted_project.pk])
    page = signed_in(planner).get(url).content.decode()
    assert "九鼎公园绿化" in page and "Green space" in page
    templates = list(PlanTemplate.objects.filter(asset_kind="green_space"))
    for template in templates:
        assert f'name="crew-{template.pk}"' in page and template.name in page
    weeding = next(template for template in templates if template.task_type.code == "weeding")

    response = signed_in(planner).post(url, {f"crew-{weeding.pk}": keeper_crews[1].pk})

    assert response.status_code == 302
    assert Plan.objects.get(task_type__code="weeding").crew == keeper_crews[1]
    page = signed_in(planner).get(url).content.decode()
    assert Asset.objects.get().get_absolute_url() in page
    assert "waiting for the scheduler" in page
    assert signed_in(planner).post(url).status_code == 302  # again: nothing more
    assert Asset.objects.count() == 1


def test_a_crew_not_of_the_department_is_a_clear_400(accepted_project, crew_of_member, planner, signed_in):
    template = PlanTemplate.objects.filter(asset_kind="green_space").first()
    url = reverse("project-handover", args=[accepted_project.pk])
    response = signed_in(planner).post(url, {f"crew-{template.pk}": crew_of_member.pk})
    assert response.status_code == 400 and "Choose one of the department" in response.content.decode()
    assert Asset.objects.count() == 0


def test_before_acceptance_the_page_says_why(keeper, keeper_crews, planner, signed_in):
    project = make_project(keeper, accepted=None)
    ProjectPhase.objects.filter(project=project, phase=Phase.ACCEPTANCE).update(actual_end=None)
    url = reverse("project-handover", args=[project.pk])
    assert "once its acceptance has ended" in signed_in(planner).get(url).content.decode()
    response = signed_in(planner).post(url)
    assert response.status_code == 400 and Asset.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("manager", 403), ("inspector", 403), ("crew_member", 404)])
def test_who_may_open_the_hand_over_page(accepted_project, signed_in, request, who, status):
    client = signed_in(request.getfixturevalue(who))
    url = reverse("project-handover", args=[accepted_project.pk])
    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    assert Asset.objects.count() == 0


def test_the_project_pages_part(accepted_project, planner, manager, rf):
    from django.template import Context, Template

    part = Template('{% include "greening/_project_handover.html" %}')

    def render(user):
        request = rf.get("/")
        request.user = user
        return part.render(Context({"request": request, "project": Project.objects.get(pk=accepted_project.pk)}))

    assert reverse("project-handover", args=[accepted_project.pk]) in render(planner)
    assert reverse("project-handover", args=[accepted_project.pk]) not in render(manager)
    result = services.hand_over(accepted_project, planner)
    first_work_orders_job([plan.pk for plan in result.plans])
    html = render(manager)
    assert result.assets[0].get_absolute_url() in html
    assert all(plan.get_absolute_url() in html for plan in result.plans)
    assert "9" in html and 'data-handed-over="yes"' in html


def test_a_template_with_a_bad_rule_is_refused_in_the_admin(admin_client):
    template = PlanTemplate.objects.filter(asset_kind="green_space").first()
    url = reverse("admin:greening_plantemplate_change", args=[template.pk])
    data = {
        "asset_kind": template.asset_kind, "name": template.name, "task_type": template.task_type_id,
        "rrule": "FREQ=SOMETIMES", "instructions": "", "estimated_minutes": "", "active": "on",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    template.refresh_from_db()
    assert template.rrule != "FREQ=SOMETIMES"
