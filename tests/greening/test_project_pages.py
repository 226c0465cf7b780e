"""The project pages: the list, a project's page, its forms; who sees and who changes."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from greening.choices import Phase, ProjectKind
from greening.models import PhaseChange, Project, ProjectPhase, Spending
from tests.factories import DepartmentFactory, ZoneFactory, square
from tests.greening.factories import done_through, make_project
from tests.maintenance.factories import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date


def pages(project) -> list[str]:
    return [
        reverse("greening-programme"),
        reverse("project-list"),
        reverse("project-new"),
        reverse("project-detail", args=[project.pk]),
        reverse("project-edit", args=[project.pk]),
        reverse("project-phases", args=[project.pk]),
        reverse("project-spending", args=[project.pk]),
    ]


@pytest.mark.parametrize("role", ["crew_member", "outsider"])
def test_crews_get_404_on_every_greening_page(request, signed_in, role):
    client = signed_in(request.getfixturevalue(role))
    project = make_project()
    for url in pages(project):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url
    assert "/greening/" not in client.get(reverse("asset-list")).content.decode()


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_readers_read_and_get_403_on_changes(request, signed_in, role):
    client = signed_in(request.getfixturevalue(role))
    project = make_project()
    read, change = pages(project)[:2] + pages(project)[3:4], pages(project)[2:3] + pages(project)[4:]
    for url in read:
        assert client.get(url).status_code == 200, url
    for url in change:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"phase": "planning", "amount": "5"}).status_code == 403, url
    assert not Spending.objects.exists()
    assert reverse("greening-programme") in client.get(reverse("project-list")).content.decode()  # the nav link


@pytest.mark.parametrize("role", ["planner", "administrator"])
def test_planners_and_administrators_edit(request, signed_in, role):
    client = signed_in(request.getfixturevalue(role))
    project = make_project()
    for url in pages(project):
        assert client.get(url).status_code == 200, url


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(reverse("greening-programme")).status_code == 302


def test_creating_a_project(signed_in, planner):
    data = {
        "code": "JD-2", "name": "九鼎公园二期", "kind": ProjectKind.GREEN_SPACE, "zone": ZoneFactory().pk,
        "keeper": DepartmentFactory().pk, "budget": "1200000", "target_m2": "18000", "geometry": json.dumps(square()),
    }  # fmt: skip
    response = signed_in(planner).post(reverse("project-new"), data)
    project = Project.objects.get(code="JD-2")
    assert response.url == project.get_absolute_url()
    assert project.phases.count() == 6 and project.area_m2 > 0


def test_a_bad_project_keeps_what_was_typed(signed_in, planner):
    data = {"code": "JD 2", "name": "九鼎", "kind": "castle", "geometry": "{not json", "budget": "-5"}
    response = signed_in(planner).post(reverse("project-new"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"code", "kind", "geometry", "zone", "keeper"} <= set(errors)
    assert "{not json" in response.content.decode()
    assert not Project.objects.exists()


def test_editing_a_project(signed_in, planner):
    project = make_project(name="旧名")
    data = {
        "code": project.code, "name": "新名", "kind": project.kind, "zone": project.zone_id,
        "keeper": project.keeper_id, "budget": "5", "geometry": json.dumps(project.geometry),
    }  # fmt: skip
    response = signed_in(planner).post(reverse("project-edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "新名" and project.budget == 5


def test_the_phase_form_records_dates_and_refusals(signed_in, planner):
    project = make_project(done_through(Phase.DESIGN, D(2026, 1, 1)))
    client = signed_in(planner)
    url = reverse("project-phases", args=[project.pk])
    # Skipping design's end: tender cannot start.
    response = client.post(url, {"phase": Phase.TENDER, "actual_start": "2026-03-01"})
    assert response.status_code == 400
    assert "can start only after Design has actually started and ended" in response.content.decode()
    # Going back without a reason, then with one.
    response = client.post(url, {"phase": Phase.DESIGN, "actual_start": ""})
    assert response.status_code == 400 and "needs a reason" in response.content.decode()
    response = client.post(url, {"phase": Phase.DESIGN, "reason": "Design restarted"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == Phase.PLANNING
    assert PhaseChange.objects.get().reason == "Design restarted"
    response = client.post(url, {"phase": Phase.DESIGN, "actual_start": "2026-09-29"})
    assert "future" in response.content.decode()
    response = client.post(url, {"phase": Phase.HANDED_OVER, "actual_start": "2026-09-01"})
    assert response.status_code == 400 and "hand-over" in response.content.decode()


def test_the_spending_form(signed_in, planner):
    project = make_project(budget=Decimal("10000"))
    client = signed_in(planner)
    url = reverse("project-spending", args=[project.pk])
    assert client.post(url, {"day": "2026-09-01", "amount": "2500", "purpose": "Design"}).status_code == 302
    response = client.post(url, {"day": "2026-10-01", "amount": "0", "purpose": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"day", "amount", "purpose"}
    page = client.get(reverse("project-detail", args=[project.pk]))
    assert page.context["spent"] == Decimal("2500") and page.context["spent_share"] == 0.25
    assert "25%" in page.content.decode()


def test_the_project_page(signed_in, inspector):
    dates = done_through(Phase.CONSTRUCTION, D(2026, 1, 1))
    dates[Phase.CONSTRUCTION]["planned_end"] = D(2026, 9, 1)
    project = make_project(dates)
    PhaseChange.objects.create(project=project, from_phase=Phase.TENDER, to_phase=Phase.CONSTRUCTION, by=inspector)
    response = signed_in(inspector).get(reverse("project-detail", args=[project.pk]))
    html = response.content.decode()
    assert 'data-phase="construction" class="late"' in html and 'id="project-late"' in html
    assert 'data-phase="design" class="late"' not in html
    assert "Tender → Construction" in html
    assert reverse("project-edit", args=[project.pk]) not in html  # inspectors do not edit
    assert response.context["phases"][0].phase == Phase.PLANNING


@pytest.mark.parametrize("count", [5, 200])
def test_the_list_keeps_constant_queries(signed_in, planner, django_assert_num_queries, count):
    for number in range(count):
        project = make_project(code=f"L{number:03}", budget=100)
        Spending.objects.create(project=project, day=TODAY, amount=10, purpose="works")
    ProjectPhase.objects.filter(phase=Phase.PLANNING).update(planned_start=D(2026, 1, 1))
    client = signed_in(planner)
    # session, user, the user's groups (role), the count, the page of projects (with late,
    # spending and programme), the user's and the groups' permissions (the nav)
    with django_assert_num_queries(7):
        response = client.get(reverse("project-list"), {"late": "yes"})
    assert response.context["page"].paginator.count == count
    assert all(project.is_late and project.spent == 10 for project in response.context["page"])
