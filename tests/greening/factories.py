"""Projects for the greening tests, made directly (the services' rules are tested on their own)."""

import datetime
import itertools

from greening.choices import PHASE_ORDER, Phase, ProjectKind
from greening.models import Programme, Project, ProjectPhase
from tests.factories import DepartmentFactory, ZoneFactory, square

D = datetime.date
_numbers = itertools.count(1)


def make_project(phases: dict | None = None, **fields) -> Project:
    """A project with its six phases; ``phases`` maps a phase to its dates
    ({Phase.DESIGN: {"actual_start": …}}), and the current phase follows from them."""
    number = next(_numbers)
    fields.setdefault("zone", ZoneFactory())
    fields.setdefault("keeper", DepartmentFactory())
    project = Project.objects.create(
        code=fields.pop("code", f"P-{number:03}"),
        name=fields.pop("name", f"绿化项目{number}"),
        kind=fields.pop("kind", ProjectKind.GREEN_SPACE),
        geometry=fields.pop("geometry", square(dx=0.002 * (number % 40), size=0.001)),
        **fields,
    )
    rows = [ProjectPhase(project=project, phase=phase, **(phases or {}).get(phase, {})) for phase in PHASE_ORDER]
    ProjectPhase.objects.bulk_create(rows)
    current = Project.phase_of(rows)
    if current != project.phase:
        project.phase = current
        project.save(update_fields=["phase"])
    return project


def done_through(phase: Phase, start: datetime.date, days: int = 10) -> dict:
    """Dates for every phase up to ``phase``, one after the other, each ``days`` long and
    ended (the last one only started)."""
    dates, day = {}, start
    for each in PHASE_ORDER[: PHASE_ORDER.index(phase) + 1]:
        end = day + datetime.timedelta(days=days - 1)
        dates[each] = {"actual_start": day, "actual_end": end, "planned_start": day, "planned_end": end}
        day = end + datetime.timedelta(days=1)
    dates[phase] = {**dates[phase], "actual_end": None}
    return dates


def programme(year: int = 2026, **fields) -> Programme:
    fields = {
        "name": "2026年绿化工程",
        "greening_m2": 130_000,
        "budget": 30_000_000,
        "roads": 6,
        "pieces": 12,
        **fields,
    }
    return Programme.objects.create(year=year, **fields)
