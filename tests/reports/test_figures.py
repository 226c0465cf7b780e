"""The dashboard's figures on a hand-built week whose numbers are known (week_data)."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import figures
from reports.figures import Filters
from tests.reports import week_data
from tests.reports.week_data import TODAY, WEEK

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]


@pytest.fixture
def week(db):
    return week_data.build()


def tally(row):
    t = row.tally
    return (t.due, t.on_time, t.late, t.overdue, t.skipped)


def test_work_orders(week):
    orders = figures.order_figures(WEEK, Filters(), TODAY)
    assert {row.label: tally(row) for row in orders.crews} == {
        str(week.a): (5, 2, 1, 1, 1),
        str(week.b): (1, 0, 1, 0, 0),
        str(week.c): (1, 1, 0, 0, 0),
    }
    assert [(row.label, tally(row)) for row in orders.departments] == [
        (str(week.m), (6, 2, 2, 1, 1)),
        (str(week.s), (1, 1, 0, 0, 0)),
    ]
    assert tally(orders.total) == (7, 3, 2, 1, 1)
    assert orders.total.tally.compliance == pytest.approx(3 / 7)
    assert tally(orders.corrective) == (1, 1, 0, 0, 0)
    assert [(w.iso_week(), t.due) for w, t in orders.weeks] == [("2026-W40", 7)]


def test_work_order_filters(week):
    assert tally(figures.order_figures(WEEK, Filters(zone=week.z1), TODAY).total) == (3, 2, 1, 0, 0)
    assert tally(figures.order_figures(WEEK, Filters(department=week.s), TODAY).total) == (1, 1, 0, 0, 0)
    assert tally(figures.order_figures(WEEK, Filters(crew=week.b), TODAY).total) == (1, 0, 1, 0, 0)


def test_every_order_figure_links_to_its_rows(week, client, manager):
    """Each figure's link opens the work-order list on exactly as many rows."""
    client.force_login(manager)
    orders = figures.order_figures(WEEK, Filters(), TODAY)
    for row in [*orders.crews, *orders.departments, orders.total, orders.corrective]:
        for name, url in row.links.items():
            response = client.get(url)
            assert response.status_code == 200
            assert response.context["page"].paginator.count == getattr(row.tally, name), (row.label, name, url)


def finding_tally(row):
    t = getattr(row, "tally", row)
    return (t.registered, t.to_dispose, t.disposed, t.on_time, t.sent_back, t.closed, t.reinspected, t.rebounds)


def test_findings(week):
    found = figures.finding_figures(WEEK, Filters())
    total = found.total.tally
    assert finding_tally(found.total) == (7, 4, 3, 2, 1, 2, 2, 1)
    assert total.disposal_rate == pytest.approx(3 / 4)
    assert total.on_time_rate == pytest.approx(2 / 3)
    assert total.rework_rate == pytest.approx(1 / 3)
    assert total.closure_rate == pytest.approx(2 / 7)
    assert total.rebound_rate == pytest.approx(1 / 2)
    assert found.overdue == 1
    assert [(row.label, finding_tally(row)) for row in found.zones] == [
        (str(week.z1), (5, 4, 3, 2, 1, 2, 1, 0)),
        (str(week.z2), (2, 0, 0, 0, 0, 0, 1, 1)),
    ]
    assert [(row.label, row.tally.registered, row.tally.rebounds) for row in found.departments] == [
        (str(week.m), 4, 0),
        (str(week.s), 2, 1),
    ]
    assert [(row.label, row.tally.registered) for row in found.categories] == [
        (str(week.rubbish), 5),
        (str(week.shed), 2),
    ]
    assert [(w.iso_week(), finding_tally(t)) for w, t in found.weeks] == [("2026-W40", finding_tally(found.total))]


def test_finding_filters(week):
    assert figures.finding_figures(WEEK, Filters(category=week.shed)).total.tally.registered == 2
    by_department = figures.finding_figures(WEEK, Filters(department=week.m))
    assert finding_tally(by_department.total) == (4, 4, 3, 2, 1, 2, 1, 0)
    assert by_department.overdue == 1
    assert figures.finding_figures(WEEK, Filters(zone=week.z2)).overdue == 0


def test_every_finding_figure_links_to_its_rows(week, client, manager):
    client.force_login(manager)
    found = figures.finding_figures(WEEK, Filters())
    for row in [found.total, *found.zones, *found.departments, *found.categories]:
        for name, url in row.links.items():
            response = client.get(url)
            assert response.status_code == 200
            assert response.context["page"].paginator.count == getattr(row.tally, name), (row.label, name, url)
    assert client.get(found.overdue_link).context["page"].paginator.count == 1


def test_door_pledges(week):
    door = figures.door_figures(WEEK, Filters(), TODAY)
    assert (door.checks, door.units_checked, door.red, door.expiring) == (3, 2, 1, 1)
    assert [count for _label, count, _link in door.failures] == [2, 0, 1]
    zone = figures.door_figures(WEEK, Filters(zone=week.z2), TODAY)
    assert (zone.checks, zone.units_checked, zone.red, zone.expiring) == (1, 1, 0, 1)
    assert parse_qs(urlparse(door.failures[0][2]).query)["failed"] == ["sanitation"]


def test_projects(week):
    projects = figures.project_figures(WEEK, Filters(), TODAY)
    assert (projects.on_time, projects.late, projects.handed_over) == (1, 1, 1)
    assert (projects.budget, projects.spent, projects.spent_in_period) == (Decimal(600), Decimal(75), Decimal(50))
    assert figures.project_figures(WEEK, Filters(zone=week.z2), TODAY).budget == 0


def test_worst_places(week):
    places = figures.worst_places(WEEK, Filters())
    assert [(place.zone, place.findings, place.rebounds) for place in places] == [(week.z1, 5, 0), (week.z2, 2, 1)]


def test_an_empty_period_is_zeros(week):
    empty = week_data.Period(datetime.date(2025, 1, 6), datetime.date(2025, 1, 12))
    assert tally(figures.order_figures(empty, Filters(), TODAY).total) == (0, 0, 0, 0, 0)
    assert figures.finding_figures(empty, Filters()).total.tally.disposal_rate is None


def count_queries(week) -> int:
    with CaptureQueriesContext(connection) as queries:
        figures.order_figures(WEEK, Filters(), TODAY)
        figures.finding_figures(WEEK, Filters())
        figures.door_figures(WEEK, Filters(), TODAY)
        figures.project_figures(WEEK, Filters(), TODAY)
        figures.worst_places(WEEK, Filters())
    return len(queries)


def test_constant_query_count(week):
    """Orders 2 (by crew, kind and week; the crews); findings 14 (total: 2, four
    breakdowns: 8, the overdue count, the zones', departments' and categories' names);
    door 3; projects 2; places 2."""
    small = count_queries(week)
    week_data.build_more(week)
    assert count_queries(week) == small == 23
