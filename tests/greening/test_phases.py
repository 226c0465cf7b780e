"""A project's phases: the rules on their dates (services.set_phase_dates), the current
phase and its changes, and who may set them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greening import services
from greening.choices import Phase
from greening.models import PhaseChange, Project
from tests.factories import DepartmentFactory, ZoneFactory, square
from tests.greening.factories import done_through, make_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date
TODAY = D(2026, 6, 1)


def set_dates(project, phase, by, **dates):
    values = {"planned_start": None, "planned_end": None, "actual_start": None, "actual_end": None, "reason": ""}
    values.update(dates)
    return services.set_phase_dates(project, phase, by=by, today=TODAY, **values)


def refused(project, phase, by, field: str, words: str, **dates):
    with pytest.raises(ValidationError) as caught:
        set_dates(project, phase, by, **dates)
    assert field in caught.value.message_dict, caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])


def test_starting_the_first_phases_moves_the_project_on_and_logs_each_change(planner):
    project = make_project()
    set_dates(project, Phase.PLANNING, planner, actual_start=D(2026, 1, 5), actual_end=D(2026, 2, 1))
    set_dates(project, Phase.DESIGN, planner, actual_start=D(2026, 2, 2))
    project.refresh_from_db()
    assert project.phase == Phase.DESIGN
    # Planning was already the current phase: only the move to design is a change.
    assert list(PhaseChange.objects.values_list("from_phase", "to_phase", "by")) == [
        (Phase.PLANNING, Phase.DESIGN, planner.pk)
    ]


def test_planned_dates_are_free_but_ordered(planner):
    project = make_project()
    # A later phase may be planned before the earlier ones have started.
    row = set_dates(project, Phase.CONSTRUCTION, planner, planned_start=D(2026, 9, 1), planned_end=D(2026, 11, 30))
    assert row.planned_end == D(2026, 11, 30)
    refused(project, Phase.TENDER, planner, "planned_end", "before the planned start",
            planned_start=D(2026, 5, 2), planned_end=D(2026, 5, 1))  # fmt: skip


def test_an_actual_end_before_its_start_is_refused(planner):
    refused(make_project(), Phase.PLANNING, planner, "actual_end", "before the actual start",
            actual_start=D(2026, 3, 2), actual_end=D(2026, 3, 1))  # fmt: skip


def test_an_end_without_a_start_is_refused(planner):
    refused(make_project(), Phase.PLANNING, planner, "actual_end", "must have started", actual_end=D(2026, 3, 1))


def test_an_actual_date_in_the_future_is_refused(planner):
    project = make_project()
    refused(project, Phase.PLANNING, planner, "actual_start", "future", actual_start=D(2026, 6, 2))
    refused(project, Phase.PLANNING, planner, "actual_end", "future",
            actual_start=D(2026, 5, 2), actual_end=D(2026, 6, 2))  # fmt: skip
    # Today is not the future.
    set_dates(project, Phase.PLANNING, planner, actual_start=TODAY, actual_end=TODAY)


def test_skipping_a_phase_is_refused_and_says_why(planner):
    project = make_project()
    words = "Design can start only after Planning has actually started and ended"
    refused(project, Phase.DESIGN, planner, "actual_start", words, actual_start=D(2026, 3, 1))
    # Started but not ended is not enough either.
    set_dates(project, Phase.PLANNING, planner, actual_start=D(2026, 1, 5))
    refused(project, Phase.DESIGN, planner, "actual_start", "after Planning", actual_start=D(2026, 3, 1))
    project.refresh_from_db()
    assert project.phase == Phase.PLANNING


def test_actual_dates_cannot_run_backwards(planner):
    project = make_project(done_through(Phase.DESIGN, D(2026, 1, 1)))
    # Planning ended on 10 January: tender cannot start before design ends, nor design before 10 January.
    set_dates(project, Phase.DESIGN, planner, actual_start=D(2026, 1, 11), actual_end=D(2026, 1, 20))
    refused(project, Phase.TENDER, planner, "actual_start", "cannot run backwards", actual_start=D(2026, 1, 19))
    set_dates(project, Phase.TENDER, planner, actual_start=D(2026, 1, 21))
    # A phase whose next phase has started keeps its end up to that start.
    refused(project, Phase.DESIGN, planner, "actual_end", "cannot run backwards",
            actual_start=D(2026, 1, 11), actual_end=D(2026, 1, 25))  # fmt: skip
    refused(project, Phase.DESIGN, planner, "actual_end", "Tender has started", actual_start=D(2026, 1, 11))


def test_going_back_a_phase_needs_a_reason_and_is_logged(planner):
    project = make_project(done_through(Phase.TENDER, D(2026, 1, 1)))
    assert project.phase == Phase.TENDER
    refused(project, Phase.TENDER, planner, "reason", "needs a reason")
    refused(project, Phase.TENDER, planner, "reason", "needs a reason", reason="   ")
    project.refresh_from_db()
    assert project.phase == Phase.TENDER and project.phases.get(phase=Phase.TENDER).actual_start is not None

    set_dates(project, Phase.TENDER, planner, reason="The tender was annulled; a new one is called.")
    project.refresh_from_db()
    assert project.phase == Phase.DESIGN
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.by) == (Phase.TENDER, Phase.DESIGN, planner)
    assert change.reason == "The tender was annulled; a new one is called."


def test_the_handed_over_phase_is_the_hand_overs(planner):
    project = make_project(done_through(Phase.ACCEPTANCE, D(2026, 1, 1)))
    refused(project, Phase.HANDED_OVER, planner, "phase", "hand-over", actual_start=D(2026, 3, 1))
    refused(project, "finished", planner, "phase", "Choose")


@pytest.mark.parametrize("role", ["inspector", "manager", "crew_member"])
def test_only_the_planning_bureau_sets_dates(request, role):
    project = make_project()
    with pytest.raises(PermissionDenied):
        set_dates(project, Phase.PLANNING, request.getfixturevalue(role), actual_start=D(2026, 1, 5))


def test_administrators_set_dates_too(administrator):
    set_dates(make_project(), Phase.PLANNING, administrator, actual_start=D(2026, 1, 5))


def test_late_flagging_follows_the_planned_dates(planner):
    planned = {"planned_start": D(2026, 5, 1), "planned_end": D(2026, 5, 20)}
    on_time = make_project(code="ON", phases={Phase.PLANNING: {**planned, "actual_start": D(2026, 5, 1),
                                                               "planned_end": D(2026, 6, 30)}})  # fmt: skip
    late = make_project(code="LATE", phases={Phase.PLANNING: planned})
    assert set(Project.objects.late(TODAY).values_list("code", flat=True)) == {"LATE"}
    # Recording the dates that were due makes it on time.
    set_dates(late, Phase.PLANNING, planner, planned_start=D(2026, 5, 1), planned_end=D(2026, 5, 20),
              actual_start=D(2026, 5, 3), actual_end=D(2026, 5, 25))  # fmt: skip
    assert not Project.objects.late(TODAY).exists()
    assert on_time.pk


def test_save_project_creates_the_six_phases_and_checks_its_data(planner, inspector):
    data = {"code": "JD-1", "name": "九鼎公园", "kind": "green_space", "geometry": square(), "zone": ZoneFactory(),
            "keeper": DepartmentFactory(), "budget": 1000}  # fmt: skip
    project = services.save_project(None, data, planner)
    assert project.phases.count() == 6 and project.created_by == planner and project.area_m2 > 0
    with pytest.raises(ValidationError) as caught:
        services.save_project(None, {**data, "kind": "castle", "budget": -1}, planner)
    assert set(caught.value.message_dict) == {"code", "kind", "budget"}
    services.save_project(project, {"name": "九鼎公园二期"}, planner)
    project.refresh_from_db()
    assert project.name == "九鼎公园二期" and project.phases.count() == 6
    with pytest.raises(PermissionDenied):
        services.save_project(project, {"name": "x"}, inspector)
