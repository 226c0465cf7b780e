"""The programme page: the year's targets against its projects' totals (done, in progress,
late), filters, the timeline and the map, in a constant number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from greening import programme as numbers
from greening.choices import Phase, ProjectKind
from greening.models import Project, Spending
from tests.greening.factories import done_through, make_project, programme
from tests.maintenance.factories import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date
URL = reverse("greening-programme")


@pytest.fixture
def hand_built(planner):
    """This year's programme and its projects (today is 28 September 2026):
    - A, green space, 50,000 m²: handed over;
    - B, green space, 30,000 m²: acceptance ended (done, not yet handed over);
    - C, green space, 20,000 m²: in construction, behind its planned end (late);
    - R1, R2, roads: R1 done (acceptance ended), R2 in tender, on time;
    - S, street corner, 4 pieces: in design, on time;
    - X, last year's programme's: not counted."""
    this_year, last_year = programme(), programme(year=2025, name="2025")
    start = D(2026, 1, 5)
    handed = done_through(Phase.ACCEPTANCE, start)
    handed[Phase.ACCEPTANCE]["actual_end"] = D(2026, 3, 1)
    handed[Phase.HANDED_OVER] = {"actual_start": D(2026, 3, 2)}
    accepted = done_through(Phase.ACCEPTANCE, start)
    accepted[Phase.ACCEPTANCE]["actual_end"] = accepted[Phase.ACCEPTANCE]["planned_end"]
    building = done_through(Phase.CONSTRUCTION, start)
    building[Phase.CONSTRUCTION]["planned_end"] = D(2026, 9, 1)  # late: not ended by then
    tender = done_through(Phase.TENDER, D(2026, 9, 1))
    design = done_through(Phase.DESIGN, D(2026, 9, 10))
    this, road, corner = {"programme": this_year}, ProjectKind.ROAD, ProjectKind.STREET_CORNER
    projects = {
        "A": make_project(handed, code="A", target_m2=50_000, budget=10_000_000, **this),
        "B": make_project(accepted, code="B", target_m2=30_000, budget=8_000_000, **this),
        "C": make_project(building, code="C", target_m2=20_000, budget=5_000_000, **this),
        "R1": make_project(accepted, code="R1", kind=road, target_m=800, budget=1_000_000, **this),
        "R2": make_project(tender, code="R2", kind=road, target_m=600, budget=900_000, **this),
        "S": make_project(design, code="S", kind=corner, target_pieces=4, budget=600_000, **this),
        "X": make_project(accepted, code="X", target_m2=99_000, budget=1, programme=last_year),
    }  # fmt: skip
    Project.objects.filter(code="A").update(handed_over=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    for code, amount in [("A", "9500000"), ("C", "2000000"), ("C", "-100000"), ("X", "5")]:
        Spending.objects.create(project=projects[code], day=D(2026, 5, 1), amount=Decimal(amount), purpose="works")
    return this_year, projects


def test_totals_against_the_targets(hand_built):
    this_year, _projects = hand_built
    totals = numbers.totals(this_year, TODAY)
    assert (totals.greening_m2.target, totals.greening_m2.done) == (130_000, 80_000)
    assert (totals.greening_m2.in_progress, totals.greening_m2.late) == (20_000, 20_000)
    assert (totals.roads.target, totals.roads.done, totals.roads.in_progress, totals.roads.late) == (6, 1, 1, 0)
    assert (totals.pieces.target, totals.pieces.done, totals.pieces.in_progress, totals.pieces.late) == (12, 0, 4, 0)
    assert (totals.projects.done, totals.projects.in_progress, totals.projects.late) == (3, 3, 1)
    assert totals.budget == 30_000_000
    assert totals.planned == Decimal("25500000")
    assert totals.spent == Decimal("11400000")


def test_the_page_shows_totals_timeline_and_map(signed_in, planner, hand_built):
    response = signed_in(planner).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-total="greening".*?data-done>80,000', html, re.S)
    assert "<svg" in html and html.count('class="tl-row') == 7
    assert 'class="tl-row tl-late" data-project="C"' in html
    assert "tl-today" in html
    assert len(response.context["features"]["features"]) == 7
    assert "greening_print.css" in html


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"kind": ProjectKind.ROAD}, {"R1", "R2"}),
        ({"phase": Phase.DESIGN}, {"S"}),
        ({"late": "yes"}, {"C"}),
        ({"kind": ProjectKind.GREEN_SPACE, "phase": Phase.ACCEPTANCE}, {"B", "X"}),
    ],
)
def test_filters(signed_in, planner, hand_built, query, codes):
    response = signed_in(planner).get(URL, query)
    assert {project.code for project in response.context["projects"]} == codes


def test_a_bad_filter_is_an_error_not_a_crash(signed_in, planner, hand_built):
    response = signed_in(planner).get(URL, {"kind": "castle"})
    assert response.status_code == 400
    assert response.context["projects"] == []


def test_the_planners_home_is_the_programme(signed_in, planner, manager):
    assert signed_in(planner).get("/").url == URL
    assert signed_in(manager).get("/").url != URL


@pytest.mark.parametrize("count", [5, 200])
def test_constant_queries(signed_in, planner, django_assert_num_queries, count):
    programme()
    for number in range(count):
        make_project(done_through(Phase.DESIGN, D(2026, 1, 1)), code=f"N{number:03}", target_m2=100)
    client = signed_in(planner)
    # session, user, the user's groups (role), the programme, the projects, their phases
    # (prefetched), the totals (one aggregate), the user's and the groups' permissions (the nav)
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert len(response.context["projects"]) == count


def test_the_timeline_draws_planned_and_actual_bars_and_today():
    from greening import timeline

    dates = done_through(Phase.DESIGN, D(2026, 1, 1), days=31)  # planning in January, design from February
    dates[Phase.TENDER] = {"planned_start": D(2026, 11, 1), "planned_end": D(2026, 11, 30)}
    project = make_project(dates)
    drawn = timeline.build(Project.objects.filter(pk=project.pk).prefetch_related("phases"), TODAY, 2026)
    (row,) = drawn.rows
    assert [bar.phase for bar in row.planned] == [Phase.PLANNING, Phase.DESIGN, Phase.TENDER]
    assert [bar.phase for bar in row.actual] == [Phase.PLANNING, Phase.DESIGN]
    design = row.actual[1]
    # Design goes on: its actual bar runs to the end of today.
    assert design.x + design.width == pytest.approx(drawn.today_x + timeline.CHART_WIDTH / 365, abs=0.2)
    assert row.planned[0].x == timeline.LABEL_WIDTH  # the year starts at the chart's left edge
    assert drawn.ticks[0].label == "2026-01" and len(drawn.ticks) == 12
