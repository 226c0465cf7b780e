"""The managers' dashboard: who sees it, the period and filters, the figures and their
links, a constant number of queries."""

import pytest
from django.urls import reverse

from tests.reports import week_data
from tests.reports.week_data import TODAY

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]
URL = reverse("dashboard")
W40 = {"week": "2026-W40"}


@pytest.fixture
def week(db):
    return week_data.build()


def test_managers_and_administrators_see_it(signed_in, manager, administrator, week):
    for user in (manager, administrator):
        response = signed_in(user).get(URL, W40)
        assert response.status_code == 200
        assert response.context["orders"].total.tally.due == 7
        assert f'href="{URL}"' in response.content.decode()  # the nav link


def test_others_are_refused(signed_in, crew_member, inspector, planner, client):
    for user in (crew_member, inspector, planner):
        response = signed_in(user).get(URL)
        assert response.status_code == 403
        assert f'href="{URL}"' not in signed_in(user).get("/assets/").content.decode()
    client.logout()
    assert client.get(URL).status_code == 302  # to the sign-in page


def test_this_week_by_default(signed_in, manager, week):
    response = signed_in(manager).get(URL)
    assert (response.context["period"].start, response.context["period"].end) == (
        week_data.D(2026, 10, 5),
        week_data.D(2026, 10, 11),
    )


def test_the_figures_and_their_links(signed_in, manager, week):
    response = signed_in(manager).get(URL, {**W40, "zone": week.z1.pk})
    page = response.content.decode()
    orders = response.context["orders"]
    assert orders.total.tally.due == 3
    assert f'href="{orders.total.links["late"].replace("&", "&amp;")}"' in page
    found = response.context["findings"]
    assert found.total.tally.registered == 5
    assert f'href="{found.total.links["registered"].replace("&", "&amp;")}"' in page
    assert "42.9%" not in page  # 2 of 3 on time in zone 1
    assert "66.7%" in page
    assert "<svg" in page and 'id="findings-map"' in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"week": "2026-48"}, "Write a week as year-W-number"),
        ({"from": "2026-10-08", "to": "2026-10-01"}, "after the “to” date"),
        ({"from": "2024-01-01", "to": "2026-10-01"}, "at most two years"),
        ({"from": "2026-10-01"}, "Give both dates"),
        ({"zone": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_said(signed_in, manager, week, params, message):
    response = signed_in(manager).get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "orders" not in response.context


def test_constant_query_count(signed_in, manager, week, django_assert_num_queries):
    """The session and the user (2), the user's groups (has_role, 1); the figures (23,
    tests/reports/test_figures.py), the map's findings (1); the user's and their groups'
    permissions (the nav, 2); the form's choices: departments, zones, crews, categories
    (4)."""
    client = signed_in(manager)
    client.get(URL, W40)
    with django_assert_num_queries(33):
        client.get(URL, W40)
    week_data.build_more(week)
    with django_assert_num_queries(33):
        client.get(URL, W40)
