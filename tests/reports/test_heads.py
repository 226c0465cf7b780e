"""Department heads (Department.heads): the scope rule for each role, a head's dashboard
(their department's figures only, another department refused) and their part of the
Monday report (the page and the XLSX), with constant query counts."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from reports.queries import dashboard_scope
from reports.weekly import generate_weekly_report
from tests.factories import DepartmentFactory, UserFactory
from tests.reports import week_data
from tests.reports.week_data import TODAY

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.today(TODAY)]
URL = reverse("dashboard")
W40 = {"week": "2026-W40"}


@pytest.fixture
def week(db):
    return week_data.build()


@pytest.fixture
def head(week):
    """The head of department M (Municipal), which leads zone 1; no role."""
    user = UserFactory(username="head-m")
    week.m.heads.add(user)
    return user


def test_the_scope_of_each_role(week, head, crew_member, inspector, planner, manager, administrator):
    for user in (crew_member, inspector, planner):
        with pytest.raises(PermissionDenied):
            dashboard_scope(user)
    assert dashboard_scope(manager) is None
    assert dashboard_scope(administrator) is None
    assert dashboard_scope(head) == {week.m.pk}
    # An inspector who heads a department reads it too.
    week.s.heads.add(inspector)
    assert dashboard_scope(type(inspector).objects.get(pk=inspector.pk)) == {week.s.pk}


def test_a_head_sees_their_department_only(signed_in, week, head):
    client = signed_in(head)
    response = client.get(URL, W40)
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["department"] == week.m
    orders = response.context["orders"]
    assert orders.total.tally.due == 6  # crews A and B: not crew C's (department S)
    assert [row.label for row in orders.departments] == [str(week.m)]
    door = response.context["door"]
    assert (door.red, door.expiring) == (1, 0)  # U1 in zone 1 (led by M); not U2's pledge
    assert response.context["projects"].late == 1  # kept by M
    page = response.content.decode()
    assert f'href="{URL}"' in page  # the nav link
    assert "Social" not in page  # the other department is no choice
    assert 'id="door-scoped"' in page


def test_the_zone_filter_applies_within_the_department(signed_in, week, head):
    response = signed_in(head).get(URL, {**W40, "zone": week.z2.pk})
    assert response.context["orders"].total.tally.due == 3  # crews A and B's orders in zone 2


def test_another_department_is_refused(signed_in, week, head):
    response = signed_in(head).get(URL, {**W40, "department": week.s.pk})
    assert response.status_code == 403
    assert "Not your department" in response.content.decode()
    assert signed_in(head).get(URL, {**W40, "department": week.m.pk}).status_code == 200


def test_a_head_with_two_departments_chooses(signed_in, week, head):
    week.s.heads.add(head)
    response = signed_in(head).get(URL, {**W40, "department": week.s.pk})
    assert response.context["orders"].total.tally.due == 1  # crew C's
    assert "Social" in response.content.decode()


def test_home_sends_a_head_to_the_dashboard(signed_in, head):
    response = signed_in(head).get("/")
    assert response.status_code == 302 and response.url == URL
    assert f'href="{URL}"' in signed_in(head).get("/assets/").content.decode()


def test_a_heads_query_count_is_constant(signed_in, week, head, django_assert_num_queries):
    """As a manager's (33, tests/reports/test_dashboard.py), plus the departments the
    user heads (1), the form's default department (1) and the department choices read
    again (1: a select without an empty choice asks its first for the required
    attribute)."""
    client = signed_in(head)
    client.get(URL, W40)
    with django_assert_num_queries(36):
        client.get(URL, W40)
    week_data.build_more(week)
    with django_assert_num_queries(36):
        client.get(URL, W40)


@pytest.fixture
def report(week):
    return generate_weekly_report("2026-W40")


def test_the_weekly_page_for_a_head(report, signed_in, head, week):
    client = signed_in(head)
    assert 'href="/reports/weekly/2026-W40/"' in client.get("/reports/weekly/").content.decode()
    response = client.get("/reports/weekly/2026-W40/")
    assert response.status_code == 200
    data = response.context["data"]
    assert [row["key"] for row in data["orders"]["departments"]] == [week.m.pk]
    assert [row["key"] for row in data["findings"]["zones"]] == [week.z1.pk]
    assert [place["key"] for place in data["places"]] == [week.z1.pk]
    page = response.content.decode()
    assert 'id="weekly-scoped"' in page
    assert 'id="escalations"' not in page and 'id="door"' not in page and "Corrective orders" not in page


def test_the_weekly_xlsx_for_a_head(report, signed_in, head):
    book = load_workbook(io.BytesIO(signed_in(head).get("/reports/weekly/2026-W40.xlsx").content))
    assert "Escalated rebounds" not in book.sheetnames
    orders = [[cell.value for cell in row] for row in book["Orders per department"].iter_rows(min_row=2)]
    assert [row[0] for row in orders] == ["Municipal"]
    assert orders[0][1] == 6
    zones = [row[0].value for row in book["Findings per zone"].iter_rows(min_row=2)]
    assert zones == ["一区"]


def test_a_heads_weekly_page_has_a_constant_query_count(report, signed_in, head, django_assert_num_queries):
    """The session and the user (2), the user's groups (1), the departments headed (1),
    the report (1), the zones they lead (1), the user's and the groups' permissions (the
    nav, 2)."""
    client = signed_in(head)
    client.get("/reports/weekly/2026-W40/")
    with django_assert_num_queries(8):
        client.get("/reports/weekly/2026-W40/")
    DepartmentFactory(code="other").heads.add(head)
    with django_assert_num_queries(8):
        client.get("/reports/weekly/2026-W40/")


@pytest.mark.parametrize("url", ["/reports/weekly/", "/reports/weekly/2026-W40/", "/reports/weekly/2026-W40.xlsx"])
def test_inspectors_and_planners_may_not_read_it(report, signed_in, inspector, planner, url):
    for user in (inspector, planner):
        assert signed_in(user).get(url).status_code == 403
