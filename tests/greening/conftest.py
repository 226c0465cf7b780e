"""Greening's test rows: a project at acceptance, the department that will keep it and its crews."""

import datetime

import pytest

from greening.choices import Phase, ProjectKind
from greening.models import Project, ProjectPhase
from maintenance.models import Crew
from tests.factories import DepartmentFactory, ZoneFactory, point, square

D = datetime.date
ACCEPTED = D(2026, 9, 20)


@pytest.fixture
def keeper(db):
    return DepartmentFactory(code="landscaping-dept", name="园林绿化所", name_en="Landscaping office")


@pytest.fixture
def keeper_crews(keeper):
    """Two crews of the keeper department: b-care (first by code: the default) and c-water."""
    return [
        Crew.objects.create(code="b-care", name="绿化养护班", name_en="Green care crew", department=keeper),
        Crew.objects.create(code="c-water", name="浇水班", name_en="Watering crew", department=keeper),
    ]


def make_project(keeper, code="JD-PARK", kind=ProjectKind.GREEN_SPACE, geometry=None, accepted=ACCEPTED):
    """A project whose phases ran up to acceptance (ended ``accepted``, or still running if None)."""
    project = Project.objects.create(
        code=code, name="九鼎公园绿化", kind=kind, geometry=geometry or square(size=0.002), zone=ZoneFactory(),
        keeper=keeper, phase=Phase.ACCEPTANCE,
    )  # fmt: skip
    ProjectPhase.objects.create(
        project=project, phase=Phase.CONSTRUCTION, actual_start=D(2026, 4, 1), actual_end=D(2026, 8, 31)
    )
    ProjectPhase.objects.create(
        project=project, phase=Phase.ACCEPTANCE, actual_start=D(2026, 9, 1), actual_end=accepted
    )
    return project


@pytest.fixture
def accepted_project(keeper, keeper_crews):
    return make_project(keeper)


__all__ = ["make_project", "point"]
