"""The inspectors' Today: the re-inspections due today and overdue, or the next days,
along a route, with their map; home for inspectors; a constant number of queries."""

import pytest
from django.db import connection
from django.urls import reverse

from frontage import services as frontage_services
from inspections import services
from inspections.choices import ReinspectionStatus
from inspections.models import Reinspection
from inspections.views.today import route
from tests.inspections.checks import make_checks, make_door_checks
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def listed(response) -> list[int]:
    return [stop.pk for stop in response.context["stops"] if stop.kind == "reinspection"]


def stops(response) -> list[tuple[str, int]]:
    return [(stop.kind, stop.pk) for stop in response.context["stops"]]


def test_an_inspector_in_no_crew_lands_on_the_inspectors_today(client, inspector, signed_in):
    signed_in(inspector)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("inspections-today")


def test_a_crew_member_still_lands_on_the_crews_today_and_a_manager_on_the_map(
    client, crew_member, crew_of_member, manager, signed_in
):
    signed_in(crew_member)
    assert client.get(reverse("home")).url == reverse("today")
    signed_in(manager)
    assert client.get(reverse("home")).url == reverse("asset-map")


def test_today_lists_the_checks_due_today_and_every_overdue_one(client, inspector, closed, signed_in):
    late, due, tomorrow, week = make_checks(closed, [day(9, 20), TODAY, day(9, 29), day(10, 5)])
    signed_in(inspector)

    response = client.get(reverse("inspections-today"))

    assert response.status_code == 200
    assert sorted(listed(response)) == sorted([late.pk, due.pk])
    assert response.context["counts"] == {"due_today": 1, "overdue": 1, "next_days": 2, "recorded": 0}
    assert sorted(listed(client.get(reverse("inspections-today"), {"range": "next"}))) == sorted([tomorrow.pk, week.pk])


def test_recorded_checks_leave_the_list_and_count_as_the_users(client, inspector, closed, signed_in):
    first, second = make_checks(closed, [TODAY, TODAY])
    services.record_reinspection(first, inspector, "held", photo=photo())
    signed_in(inspector)

    response = client.get(reverse("inspections-today"))

    assert listed(response) == [second.pk]
    assert response.context["counts"] == {"due_today": 1, "overdue": 0, "next_days": 0, "recorded": 1}


def test_the_route_goes_zone_by_zone_from_the_most_overdue_stop_to_the_nearest(
    client, inspector, closed, villages, signed_in
):
    # Zones by code: "roads" before "villages".
    far, near_far = make_checks(closed, [day(9, 21), day(9, 20)], dx=0.02, zone=villages)
    # In the roads zone, from west to east: first, most (the most overdue), last.
    (first,) = make_checks(closed, [day(9, 25)], dx=0.001)
    (most,) = make_checks(closed, [day(9, 10)], dx=0.0013)
    (last,) = make_checks(closed, [day(9, 26)], dx=0.0018)
    signed_in(inspector)

    response = client.get(reverse("inspections-today"))

    # Roads first: from the most overdue to the nearest (first, 0.0003° west), then last;
    # then the villages from their most overdue.
    assert listed(response) == [most.pk, first.pk, last.pk, near_far.pk, far.pk]
    assert [stop.number for stop in response.context["stops"]] == [1, 2, 3, 4, 5]


def test_with_the_phones_position_the_route_starts_from_there(client, inspector, closed, villages, signed_in):
    first, second, third = make_checks(closed, [TODAY, TODAY, TODAY], dx=0.001)
    signed_in(inspector)
    third_finding = third.finding

    response = client.get(reverse("inspections-today"), {"near": f"{third_finding.lat},{third_finding.lon}"})

    assert listed(response) == [third.pk, second.pk, first.pk]
    assert response.context["stops"][0].metres == 0
    assert b"Zone by zone" in response.content


def test_a_position_that_cannot_be_read_says_so_and_keeps_the_zone_order(client, inspector, closed, signed_in):
    first, second = make_checks(closed, [TODAY, TODAY])
    signed_in(inspector)

    response = client.get(reverse("inspections-today"), {"near": "north,999"})

    assert listed(response) == [first.pk, second.pk]
    assert "Your position could not be read" in response.content.decode()


def test_route_on_no_stops_is_empty():
    assert route([]) == []


@pytest.mark.parametrize("user", ["crew_member", "outsider"])
def test_the_page_is_for_inspectors_and_managers(client, user, request, signed_in):
    signed_in(request.getfixturevalue(user))
    assert client.get(reverse("inspections-today")).status_code == 403
    assert client.get(reverse("inspections-today-geojson")).status_code == 403


def test_the_map_data_numbers_the_stops_along_the_route(client, inspector, closed, signed_in):
    late, due = make_checks(closed, [day(9, 20), TODAY])
    signed_in(inspector)

    data = client.get(reverse("inspections-today-geojson")).json()

    assert [feature["id"] for feature in data["features"]] == [late.pk, due.pk]
    assert [feature["properties"]["overdue"] for feature in data["features"]] == [True, False]
    assert data["features"][0]["properties"]["name"] == "1. Exposed or piled rubbish"
    assert data["features"][0]["properties"]["url"] == reverse("reinspection-detail", args=[late.pk])
    assert data["truncated"] is False


@pytest.mark.parametrize("count", [5, 150])
def test_today_runs_constant_queries(client, inspector, closed, django_assert_num_queries, count, signed_in):
    make_checks(closed, [day(9, 20)] * count)
    make_checks(closed, [day(9, 30)] * 3)
    make_door_checks(closed.zone, [day(9, 21)] * count + [TODAY] * 2, dx=0.003)
    signed_in(inspector)
    client.get(reverse("inspections-today"))
    # session, user, the user's groups (has_role, for who sees every finding), permissions,
    # group permissions, the listed re-inspections (as plain rows: + finding, category,
    # zone), the listed door checks (+ unit, zone), the counts of each kind (one aggregate
    # each: due today, overdue, the next days, recorded by the user today), the
    # inspector's round under way today (with its area)
    with django_assert_num_queries(10):
        response = client.get(reverse("inspections-today"))
    assert response.status_code == 200
    shown = stops(response)
    assert len(shown) == min(2 * count + 2, 100)
    # Both kinds, by due date: the re-inspections of 20 September first.
    assert shown[0][0] == "reinspection"
    assert {kind for kind, _pk in shown} == ({"reinspection", "door_check"} if count < 50 else {"reinspection"})
    assert response.context["truncated"] is (2 * count + 2 > 100)
    assert response.context["counts"]["overdue"] == 2 * count
    assert response.context["door_counts"] == {"due_today": 2, "overdue": count, "next_days": 0, "recorded": 0}
    # session, user, permissions, group permissions, groups, the listed re-inspections,
    # the listed door checks
    with django_assert_num_queries(7):
        data = client.get(reverse("inspections-today-geojson")).json()
    assert len(data["features"]) == min(2 * count + 2, 100)


def test_door_checks_join_the_re_inspections_on_the_route(client, inspector, closed, villages, signed_in):
    # Roads zone, west to east: a re-inspection, a door check 0.0002° further (both due
    # today); a door check in the villages zone, overdue; one next week.
    (late,) = make_checks(closed, [day(9, 20)], dx=0.001)
    (door,) = make_door_checks(closed.zone, [TODAY], dx=0.0012)
    (far,) = make_door_checks(villages, [day(9, 18)], dx=0.02)
    (week,) = make_door_checks(closed.zone, [day(10, 2)], dx=0.0013)
    signed_in(inspector)

    response = client.get(reverse("inspections-today"))

    # Zone by zone (roads before villages), each from its most overdue stop.
    assert stops(response) == [("reinspection", late.pk), ("door_check", door.pk), ("door_check", far.pk)]
    assert response.context["counts"] == {"due_today": 1, "overdue": 2, "next_days": 1, "recorded": 0}
    page = response.content.decode()
    assert f'data-door-check="{door.pk}"' in page
    assert reverse("check-detail", args=[door.pk]) in page
    assert stops(client.get(reverse("inspections-today"), {"range": "next"})) == [("door_check", week.pk)]
    data = client.get(reverse("inspections-today-geojson")).json()
    assert [feature["id"] for feature in data["features"]] == [late.pk, f"door-check-{door.pk}", f"door-check-{far.pk}"]
    assert data["features"][1]["properties"]["url"] == reverse("check-detail", args=[door.pk])


def test_door_checks_done_cancelled_or_of_inactive_units_leave_today(client, inspector, closed, signed_in):
    done, cancelled, closed_unit, left = make_door_checks(closed.zone, [TODAY] * 4)
    frontage_services.record_check(done, {"sanitation": True, "greening": True, "order": True}, by=inspector)
    cancelled.status = "cancelled"
    cancelled.save()
    closed_unit.unit.active = False
    closed_unit.unit.save()
    signed_in(inspector)

    response = client.get(reverse("inspections-today"))

    assert stops(response) == [("door_check", left.pk)]
    assert response.context["door_counts"] == {"due_today": 1, "overdue": 0, "next_days": 0, "recorded": 1}


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["Re-inspections", "Today and overdue", "Recorded by you today"]), ("zh-hans", ["复查", "今天及逾期"])],
)
def test_today_in_both_languages(client, inspector, closed, language, words, signed_in):
    make_checks(closed, [TODAY])
    signed_in(inspector, language)
    page = client.get(reverse("inspections-today")).content.decode()
    for word in words:
        assert word in page


def test_nothing_due_says_so(client, inspector, signed_in):
    signed_in(inspector)
    response = client.get(reverse("inspections-today"), {"range": "next"})
    assert "No re-inspection or door check in this period." in response.content.decode()
    assert response.context["scope"].range == "next"


def test_the_scheduled_only_are_listed(client, inspector, closed, signed_in):
    (check,) = make_checks(closed, [TODAY])
    check.status = ReinspectionStatus.CANCELLED
    check.save()
    signed_in(inspector)
    assert listed(client.get(reverse("inspections-today"))) == []


def test_what_the_user_recorded_today_is_read_through_its_index(inspector, closed):
    """Without the index on (checked_by, checked), the count reads every check the
    inspector ever recorded (checked_by's own index)."""
    start = at(TODAY, 0)
    query = Reinspection.objects.filter(checked_by=inspector, checked__gte=start).values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "reinspection_checked_by " in plan + " "
    assert "Index Cond: ((checked_by_id = " in plan and "(checked >= " in plan
