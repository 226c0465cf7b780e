"""The hand-over: a project accepted becomes maintained assets with their plans.

One action, in one transaction with the project's row locked: the registry asset (one
per project, with the project's geometry; a street-corner piece is a point of the
registry, its drawn outline's representative point), the link to the project, a
maintenance plan per active template of the asset's kind (the keeper department's
crew) — unless a running plan of the template's task type already takes in every asset
of that kind in the zone (or everywhere): maintenance adds the asset to that plan as it
is saved, so the template is skipped and the asset is not cared for twice
(covering_plans) —, the HANDED_OVER phase and the change of phase. A project handed over already is
answered with what its hand-over made: nothing is made twice, whoever asks at once. Any
failure (a template whose rule is invalid, a department with no crew) leaves nothing.

The new plans' first work orders are generated after the commit by a django-q2 task
(greening.tasks.first_work_orders_job → maintenance's generation for those plans only),
not inside the lock: the project page shows whether it has run.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import GEOMETRY_FOR_KIND, AssetKind, AssetStatus, GeometryType
from assets.geometry import geometry_type, position
from assets.models import DETAIL_MODELS, MEASURED_FIELDS, Asset
from maintenance.choices import PlanMode, TargetMode
from maintenance.models import Crew, Plan, PlanTarget, WorkOrder

from ..choices import ASSET_KIND_FOR_PROJECT, Phase
from ..models import PhaseChange, PlanTemplate, Project, ProjectAsset, ProjectPhase
from ..queries import may_edit_projects

# The django-q2 task that makes the new plans' first work orders.
FIRST_ORDERS_TASK = "greening.tasks.first_work_orders_job"


@dataclass
class PlannedPlan:
    """A plan the hand-over makes from a template, with the crew it goes to (None: none)."""

    template: PlanTemplate
    crew: Crew | None
    crews: list[Crew] = field(default_factory=list)  # the keeper department's, to choose from
    # A plan that already does this task type to every asset of the kind in the zone (or
    # everywhere): the template is skipped, so the new asset is not cared for twice.
    covered_by: Plan | None = None


@dataclass
class HandOverResult:
    """What a hand-over made (or, asked again, had made)."""

    project: Project
    assets: list[Asset]
    plans: list[Plan]
    created: bool  # False: the project was handed over already


def acceptance_end(project: Project) -> datetime.date | None:
    row = ProjectPhase.objects.filter(project=project, phase=Phase.ACCEPTANCE).first()
    return row.actual_end if row else None


def refusal(project: Project, today: datetime.date) -> str | None:
    """Why the project cannot be handed over now (None: it can, or it was)."""
    if project.handed_over is not None:
        return None
    end = acceptance_end(project)
    if end is None:
        return _("The project can be handed over once its acceptance has ended (record the acceptance's actual end).")
    if end > today:
        return _("The acceptance ends on %(day)s: the project can be handed over from then.") % {"day": end}
    return None


def asset_kind(project: Project) -> str:
    return ASSET_KIND_FOR_PROJECT[project.kind]


def asset_geometry(project: Project, kind: str) -> dict:
    """The project's geometry as the registry draws its kind: a landscape piece is a point
    (the representative point of what was drawn); a green space a polygon, a road
    segment a line, as drawn (several parts stay one asset)."""
    expected = GEOMETRY_FOR_KIND[kind]
    if expected == GeometryType.POINT:
        place = position(project.geometry)
        if place is None:
            raise ValidationError(_("The project's geometry has no point to place the asset at."), code="no_point")
        lat, lon = place
        return {"type": "Point", "coordinates": [lon, lat]}
    actual = geometry_type(project.geometry)
    if actual != expected:
        raise ValidationError(
            _("A %(kind)s is drawn as a %(expected)s, but the project is drawn as a %(actual)s: redraw it first."),
            code="wrong_geometry",
            params={"kind": AssetKind(kind).label, "expected": expected.label, "actual": actual.label},
        )
    return project.geometry


def asset_details(project: Project, kind: str, finished: datetime.date | None) -> dict:
    """The new asset's kind-specific details, as far as the project knows them."""
    if kind == AssetKind.LANDSCAPE:
        return {"designer": project.design_institute}
    if kind == AssetKind.ROAD_SEGMENT:
        return {"road_name": project.name, "resurfaced": finished}
    return {}


def default_crew(crews: list[Crew], template: PlanTemplate, doing: set[tuple[int, int]]) -> Crew | None:
    """The keeper's first crew (by code) whose plans do the template's task type, else its first crew."""
    for crew in crews:
        if (crew.pk, template.task_type_id) in doing:
            return crew
    return crews[0] if crews else None


def covering_plans(project: Project) -> dict[int, Plan]:
    """task type pk → the plan (first by name) that will pick the new asset up by itself:
    a running plan matching every asset of the asset's kind, in every zone or in the
    project's (maintenance's sync_targets adds the asset to it when it is saved). A paused
    plan covers nothing: it does no work until resumed."""
    plans = (
        Plan.objects.filter(
            target_mode=TargetMode.MATCH, target_kind=asset_kind(project), paused=False, corrective=False
        )
        .filter(Q(target_zone__isnull=True) | Q(target_zone=project.zone_id))
        .select_related("crew")
        .order_by("-name", "-pk")
    )
    return {plan.task_type_id: plan for plan in plans}


def planned_plans(project: Project, crews: dict | None = None) -> list[PlannedPlan]:
    """The plans a hand-over makes: one per active template of the asset's kind, with the
    chosen crew (``crews``: template pk → crew) or the default one; a template whose task
    type a plan already covers (covering_plans) comes with ``covered_by`` and is not made."""
    crews = crews or {}
    department_crews = list(Crew.objects.filter(department=project.keeper_id).order_by("code"))
    doing = set(Plan.objects.filter(crew__in=department_crews, corrective=False).values_list("crew_id", "task_type_id"))
    covering = covering_plans(project)
    templates = PlanTemplate.objects.filter(asset_kind=asset_kind(project), active=True).select_related("task_type")
    return [
        PlannedPlan(
            template=template,
            crew=crews.get(template.pk) or default_crew(department_crews, template, doing),
            crews=department_crews,
            covered_by=covering.get(template.task_type_id),
        )
        for template in templates.order_by("name", "pk")
    ]


def asset_code(project: Project) -> str:
    """The asset's code: the project's, with a number added if the registry has it already."""
    base = project.code[:46]
    code, number = base, 1
    while Asset.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


def handed_over_result(project: Project) -> HandOverResult:
    assets = list(Asset.objects.filter(project_link__project=project).order_by("code"))
    plans = list(Plan.objects.filter(assets__in=assets).select_related("crew", "task_type").order_by("name", "pk"))
    return HandOverResult(project=project, assets=assets, plans=plans, created=False)


def hand_over(project: Project, by, now: datetime.datetime | None = None, crews: dict | None = None) -> HandOverResult:
    """Hand the project over into maintenance (see the module's text). ``crews`` chooses
    a crew per template (template pk → Crew, of the keeper department); the others get
    the default. PermissionDenied for who may not; ValidationError for what is not ready."""
    if not may_edit_projects(by):
        raise PermissionDenied(_("Only the planning bureau and administrators hand projects over."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.handed_over is not None:
            return handed_over_result(project)
        reason = refusal(project, today)
        if reason:
            raise ValidationError(reason, code="not_accepted")
        result = _make(project, by, now, today, crews)
    plan_ids = [plan.pk for plan in result.plans]
    transaction.on_commit(lambda: enqueue_first_orders(plan_ids))
    return result


def _make(project: Project, by, now: datetime.datetime, today: datetime.date, crews: dict | None) -> HandOverResult:
    kind = asset_kind(project)
    planned = [item for item in planned_plans(project, crews) if item.covered_by is None]
    for item in planned:
        if item.crew is None:
            raise ValidationError(
                _("%(department)s has no crew to keep the new %(kind)s: add a crew to it first."),
                code="no_crew",
                params={"department": project.keeper.display_name, "kind": AssetKind(kind).label},
            )
        if item.crew.department_id != project.keeper_id:
            raise ValidationError(
                _("The crew %(crew)s is not of %(department)s, which keeps the asset."),
                code="crew_department",
                params={"crew": item.crew.display_name, "department": project.keeper.display_name},
            )
    asset = Asset(
        code=asset_code(project),
        name=project.name,
        kind=kind,
        status=AssetStatus.IN_SERVICE,
        department=project.keeper,
        zone=project.zone,
        commissioned=acceptance_end(project),
        geometry=asset_geometry(project, kind),
        notes=_("Handed over by project %(code)s.") % {"code": project.code},
    )
    asset.full_clean(exclude=MEASURED_FIELDS)
    asset.save()
    detail = DETAIL_MODELS[kind](asset=asset, **asset_details(project, kind, asset.commissioned))
    detail.full_clean()
    detail.save()
    ProjectAsset.objects.create(project=project, asset=asset)
    plans = []
    for item in planned:
        template = item.template
        plan = Plan(
            name=f"{asset.name} · {template.name}",
            task_type=template.task_type,
            instructions=template.instructions,
            estimated_minutes=template.estimated_minutes,
            crew=item.crew,
            target_mode=TargetMode.ASSETS,
            mode=PlanMode.FIXED,
            rrule=template.rrule,
            start=today,
        )
        try:
            plan.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("The template “%(template)s” cannot make a plan: %(error)s"),
                code="template_invalid",
                params={"template": template.name, "error": " ".join(error.messages)},
            ) from error
        plan.save()
        plan.assets.set([asset])
        plans.append(plan)
    handed, _created = ProjectPhase.objects.get_or_create(project=project, phase=Phase.HANDED_OVER)
    handed.actual_start = handed.actual_start or today
    handed.actual_end = today
    handed.save(update_fields=["actual_start", "actual_end"])
    PhaseChange.objects.create(project=project, from_phase=project.phase, to_phase=Phase.HANDED_OVER, by=by, at=now)
    project.phase = Phase.HANDED_OVER
    project.handed_over = now
    project.handed_over_by = by
    project.save(update_fields=["phase", "handed_over", "handed_over_by", "updated"])
    return HandOverResult(project=project, assets=[asset], plans=plans, created=True)


def enqueue_first_orders(plan_ids: list[int]) -> None:
    """Ask django-q2 to make the new plans' first work orders (after the hand-over's commit)."""
    from django_q.tasks import async_task

    async_task(FIRST_ORDERS_TASK, plan_ids, task_name=f"first-orders-{'-'.join(map(str, plan_ids))}"[:100])


def first_orders(plan_ids: list[int], today: datetime.date | None = None):
    """Generate the given plans' work orders (maintenance's generation, these plans only)."""
    from maintenance.services import generate_work_orders

    return generate_work_orders(today=today or timezone.localdate(), plan_ids=plan_ids)


@dataclass
class FirstOrders:
    """How far the new plans' first work orders are: made (how many) or still waiting."""

    generated: bool
    orders: int


def first_orders_progress(plans: list[Plan]) -> FirstOrders:
    """Generation has run for the plans once their targets exist (sync_targets makes them)."""
    ids = [plan.pk for plan in plans]
    if not ids:
        return FirstOrders(generated=True, orders=0)
    generated = PlanTarget.objects.filter(plan__in=ids).exists()
    orders = WorkOrder.objects.filter(plan__in=ids).count() if generated else 0
    return FirstOrders(generated=generated, orders=orders)
