"""The programme page's numbers: the year's targets against what its projects add up to,
counted in the database (one aggregate query), and the map's features."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Sum
from django.urls import reverse

from .choices import ASSET_KIND_FOR_PROJECT, Phase, ProjectKind
from .models import Programme, Project, ProjectPhase
from .models.projects import late_condition
from .services.projects import spent_subquery


def done_condition() -> Q:
    """A project is done when handed over, or when its acceptance has ended."""
    accepted = ProjectPhase.objects.filter(project=OuterRef("pk"), phase=Phase.ACCEPTANCE, actual_end__isnull=False)
    return Q(phase=Phase.HANDED_OVER) | Q(Exists(accepted))


@dataclass
class Line:
    """One line of the totals: a target, and what is done, in progress and late."""

    target: Decimal | int | None
    done: Decimal | int
    in_progress: Decimal | int
    late: Decimal | int

    @property
    def share_done(self) -> float | None:
        return float(self.done) / float(self.target) if self.target else None


@dataclass
class Totals:
    greening_m2: Line
    roads: Line
    pieces: Line
    projects: Line
    budget: Decimal | None
    planned: Decimal
    spent: Decimal

    @property
    def share_spent(self) -> float | None:
        return float(self.spent) / float(self.budget) if self.budget else None


def programme_for(year: int) -> Programme | None:
    return Programme.objects.filter(year=year).first()


def totals(programme: Programme | None, today: datetime.date) -> Totals:
    """The programme's projects (every project when there is no programme) added up."""
    projects = Project.objects.all() if programme is None else Project.objects.filter(programme=programme)
    # Each project's flags and spending are computed first (the aggregate then reads them
    # from a subquery, where an OuterRef in an aggregate's filter could not reach).
    flagged = projects.annotate(
        spent=spent_subquery(),
        is_done=ExpressionWrapper(done_condition(), output_field=BooleanField()),
        is_late=ExpressionWrapper(late_condition(today), output_field=BooleanField()),
    )
    done, late, road = Q(is_done=True), Q(is_late=True), Q(kind=ProjectKind.ROAD)
    sums = flagged.aggregate(
        m2_done=Sum("target_m2", filter=done, default=0),
        m2_progress=Sum("target_m2", filter=~done, default=0),
        m2_late=Sum("target_m2", filter=~done & late, default=0),
        roads_done=Count("pk", filter=road & done),
        roads_progress=Count("pk", filter=road & ~done),
        roads_late=Count("pk", filter=road & ~done & late),
        pieces_done=Sum("target_pieces", filter=done, default=0),
        pieces_progress=Sum("target_pieces", filter=~done, default=0),
        pieces_late=Sum("target_pieces", filter=~done & late, default=0),
        projects_done=Count("pk", filter=done),
        projects_progress=Count("pk", filter=~done),
        projects_late=Count("pk", filter=~done & late),
        planned=Sum("budget", default=0),
        spent_total=Sum("spent", default=0),
    )

    def line(name, target):
        return Line(target, sums[f"{name}_done"], sums[f"{name}_progress"], sums[f"{name}_late"])

    return Totals(
        greening_m2=line("m2", programme.greening_m2 if programme else None),
        roads=line("roads", programme.roads if programme else None),
        pieces=line("pieces", programme.pieces if programme else None),
        projects=line("projects", None),
        budget=programme.budget if programme else None,
        planned=sums["planned"],
        spent=sums["spent_total"],
    )


def features(projects) -> dict:
    """The projects as a GeoJSON FeatureCollection for the map (maps.js's featureMap),
    coloured as the registry's assets they will become."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": project.pk,
                "geometry": project.geometry,
                "properties": {
                    "code": project.code,
                    "name": project.name,
                    "kind": str(ASSET_KIND_FOR_PROJECT[ProjectKind(project.kind)]),
                    "kind_label": str(project.get_kind_display()),
                    "status_label": str(project.get_phase_display()),
                    "url": reverse("project-detail", args=[project.pk]),
                },
            }
            for project in projects
        ],
    }
