"""Issue 12's permissions seen from each role: the planning bureau edits projects and reads
the registry, plans and orders (not changing them); managers see every greening page;
another role's edit is a 403 page, another's object a 404."""

import pytest
from django.urls import reverse

from assets.choices import AssetKind
from greening import services
from greening.models import Loss
from maintenance.models import WorkOrder
from tests.factories import AssetFactory
from tests.greening.factories import make_project
from tests.maintenance.factories import TODAY, PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def rows(planner):
    green = AssetFactory(kind=AssetKind.GREEN_SPACE)
    plan = PlanFactory(assets=[green])
    order = WorkOrder.objects.create(plan=plan, asset=green, crew=plan.crew, due=TODAY)
    loss = services.record_loss(green, planner, species="香樟", count="2", noted=TODAY.isoformat())
    return {"project": make_project(), "asset": green, "plan": plan, "order": order, "loss": loss}


def read_pages(rows) -> list[str]:
    return [
        reverse("greening-programme"),
        reverse("project-list"),
        reverse("project-detail", args=[rows["project"].pk]),
        reverse("asset-care", args=[rows["asset"].pk]),
        reverse("loss-detail", args=[rows["loss"].pk]),
    ]


def test_the_planning_bureau_reads_the_registry_plans_and_orders(signed_in, planner, rows):
    client = signed_in(planner)
    for url in [
        reverse("asset-list"),
        reverse("asset-map"),
        reverse("asset-detail", args=[rows["asset"].pk]),
        reverse("plan-list"),
        reverse("plan-detail", args=[rows["plan"].pk]),
        reverse("order-list"),
        reverse("order-detail", args=[rows["order"].pk]),
        *read_pages(rows),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_planning_bureau_does_not_change_plans_or_orders(signed_in, planner, rows):
    client = signed_in(planner)
    assert client.get(reverse("plan-create")).status_code == 403
    assert client.get(reverse("plan-edit", args=[rows["plan"].pk])).status_code == 403
    assert client.post(reverse("plan-pause", args=[rows["plan"].pk])).status_code == 403
    rows["plan"].refresh_from_db()
    assert not rows["plan"].paused


def test_managers_see_every_greening_page(signed_in, manager, rows):
    client = signed_in(manager)
    for url in read_pages(rows):
        assert client.get(url).status_code == 200, url


def test_crews_see_no_project_but_the_registrys_care(signed_in, crew_member, rows):
    client = signed_in(crew_member)
    for url in read_pages(rows)[:3]:
        assert client.get(url).status_code == 404, url
    # A green space's plantings and losses are the registry's: every signed-in role reads them.
    for url in read_pages(rows)[3:]:
        assert client.get(url).status_code == 200, url
    assert Loss.objects.count() == 1
