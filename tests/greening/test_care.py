"""Green-space care: plantings and losses, their bad inputs, the replanting order and its closing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assets.choices import AssetKind
from greening import services
from greening.models import Loss, LossPhoto, Planting
from maintenance import services as maintenance
from maintenance.models import Plan, TaskType, WorkOrder
from tests.factories import AssetFactory, DepartmentFactory
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = datetime.date


@pytest.fixture
def green(keeper):
    return AssetFactory(code="GS-1", name="苏溪北岸绿地", kind=AssetKind.GREEN_SPACE, department=keeper)


@pytest.fixture
def planting(green, planner):
    return services.record_planting(green, planner, species="香樟", count="40", planted="2026-04-10")


def test_a_planting_by_count_or_by_area(green, planner):
    trees = services.record_planting(green, planner, species=" 香樟 ", count="40", planted="2026-04-10")
    lawn = services.record_planting(green, planner, species="马尼拉草", area_m2="1200.5", planted=D(2026, 5, 1))
    assert (trees.species, trees.count, trees.area_m2, trees.planted) == ("香樟", 40, None, D(2026, 4, 10))
    assert (lawn.count, str(lawn.area_m2)) == (None, "1200.5")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"species": "", "count": "3", "planted": "2026-04-10"}, "Name the species"),
        ({"species": "香樟", "planted": "2026-04-10"}, "Give a count"),
        ({"species": "香樟", "count": "0", "planted": "2026-04-10"}, "more than 0"),
        ({"species": "香樟", "count": "2.5", "planted": "2026-04-10"}, "whole number"),
        ({"species": "香樟", "area_m2": "-3", "planted": "2026-04-10"}, "more than 0"),
        ({"species": "香樟", "area_m2": "lots", "planted": "2026-04-10"}, "square metres"),
        ({"species": "香樟", "count": "3", "planted": "2026-10-01"}, "future"),
        ({"species": "香樟", "count": "3", "planted": "10/04/2026"}, "YYYY-MM-DD"),
        ({"species": "香樟", "count": "3", "planted": ""}, "Give the date"),
    ],
)
def test_bad_plantings_are_refused_clearly(green, planner, english, values, message):
    with pytest.raises(ValidationError, match=message):
        services.record_planting(green, planner, **values)
    assert Planting.objects.count() == 0


def test_who_records_what(green, planting, crew_member, inspector, manager):
    with pytest.raises(PermissionDenied):
        services.record_planting(green, crew_member, species="香樟", count=1, planted=TODAY)
    assert services.record_planting(green, manager, species="红叶石楠", count=5, planted=TODAY)
    # A crew finds the dead trees.
    loss = services.record_loss(green, crew_member, planting=planting, count="3", note="枯死")
    assert (loss.species, loss.count, loss.noted, loss.reported_by) == ("香樟", 3, TODAY, crew_member)
    with pytest.raises(PermissionDenied):
        services.order_replanting(loss, crew_member)
    with pytest.raises(PermissionDenied):
        services.mark_replanted(loss, inspector)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"count": "41"}, "Not more than were planted"),
        ({"area_m2": "10"}, "Not more than was planted"),
        ({}, "Give a count"),
        ({"count": "2", "noted": "2026-09-29"}, "future"),
    ],
)
def test_bad_losses_are_refused_clearly(green, planting, crew_member, english, values, message):
    with pytest.raises(ValidationError, match=message):
        services.record_loss(green, crew_member, planting=planting, **values)
    assert Loss.objects.count() == 0


def test_a_loss_of_another_places_planting_or_with_a_bad_photo_keeps_nothing(green, planting, crew_member, english):
    other = AssetFactory(kind=AssetKind.GREEN_SPACE)
    with pytest.raises(ValidationError, match="not of this place"):
        services.record_loss(other, crew_member, planting=planting, count=1)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("dead.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.record_loss(green, crew_member, planting=planting, count=1, photos=[photo(), bad])
    assert (Loss.objects.count(), LossPhoto.objects.count()) == (0, 0)
    loss = services.record_loss(green, crew_member, species="女贞", count=2, photos=[photo(), photo()])
    assert loss.photos.count() == 2 and loss.photos.first().image.name.startswith("greening/")


def test_equipment_has_no_plantings(planner, english):
    with pytest.raises(ValidationError, match="Only green spaces"):
        services.record_planting(AssetFactory(), planner, species="香樟", count=1, planted=TODAY)


def test_the_replanting_order_goes_to_the_crew_that_keeps_the_place_and_closes_the_loss(
    green, planting, keeper_crews, crew_member, planner, manager
):
    care, water = keeper_crews
    # The watering crew's plan targets the green space: it keeps it, it replants.
    plan = Plan.objects.create(
        name="浇水", task_type=TaskType.objects.get(code="watering"), crew=water, rrule="FREQ=MONTHLY", start=TODAY
    )
    plan.assets.set([green])
    maintenance.sync_targets(Plan.objects.filter(pk=plan.pk), TODAY)
    loss = services.record_loss(green, crew_member, planting=planting, count=3)

    order = services.order_replanting(loss, planner, due=D(2026, 10, 5))

    loss.refresh_from_db()
    assert loss.work_order == order
    assert (order.asset, order.crew, order.due, order.plan.corrective) == (green, water, D(2026, 10, 5), True)
    assert "香樟" in order.notes
    with pytest.raises(ValidationError):
        services.order_replanting(loss, planner)  # one open order is enough

    maintenance.complete_work_order(order, manager)

    loss.refresh_from_db()
    assert loss.replanted == TODAY
    with pytest.raises(ValidationError):
        services.mark_replanted(loss, planner)


def test_without_plans_the_departments_first_crew_replants(green, planting, keeper_crews, crew_member, planner):
    loss = services.record_loss(green, crew_member, planting=planting, count=1)
    assert services.order_replanting(loss, planner).crew == keeper_crews[0]


def test_a_department_without_crew_is_told(planner, crew_member, english):
    lonely = AssetFactory(kind=AssetKind.GREEN_SPACE, department=DepartmentFactory())
    loss = services.record_loss(lonely, crew_member, species="香樟", count=1)
    with pytest.raises(ValidationError, match="has no crew"):
        services.order_replanting(loss, planner)
    assert WorkOrder.objects.count() == 0


def test_a_cancelled_order_leaves_the_loss_open_to_order_again(green, planting, keeper_crews, crew_member, planner):
    loss = services.record_loss(green, crew_member, planting=planting, count=1)
    order = services.order_replanting(loss, planner)
    maintenance.cancel_work_order(order, planner)
    loss.refresh_from_db()
    assert loss.replanted is None
    again = services.order_replanting(loss, planner)
    assert again != order


def test_marked_replanted_by_hand(green, planting, crew_member, planner, english):
    loss = services.record_loss(green, crew_member, planting=planting, count=1, noted="2026-09-20")
    with pytest.raises(ValidationError, match="before the loss"):
        services.mark_replanted(loss, planner, day="2026-09-19")
    assert services.mark_replanted(loss, planner, day="2026-09-25").replanted == D(2026, 9, 25)


# --- Pages ---------------------------------------------------------------------------------


def test_the_asset_page_links_to_the_care_page(green, crew_member, signed_in):
    page = signed_in(crew_member).get(green.get_absolute_url())
    assert reverse("asset-care", args=[green.pk]) in page.content.decode()
    equipment = AssetFactory()
    page = signed_in(crew_member).get(equipment.get_absolute_url())
    assert "/care/" not in page.content.decode()


def test_the_care_page_lists_and_records(green, planting, crew_member, planner, signed_in):
    url = reverse("asset-care", args=[green.pk])
    response = signed_in(crew_member).post(
        url, {"action": "loss", "planting": planting.pk, "count": "2", "note": "枯死", "photos": [photo()]}
    )
    assert response.status_code == 302
    loss = Loss.objects.get()
    assert loss.photos.count() == 1
    page = signed_in(crew_member).get(url).content.decode()
    assert "香樟" in page and reverse("loss-detail", args=[loss.pk]) in page
    assert "Record a planting" not in page  # crews report losses only
    assert signed_in(crew_member).post(url, {"action": "planting", "species": "x"}).status_code == 403
    response = signed_in(crew_member).post(url, {"action": "loss", "planting": planting.pk, "count": "99"})
    assert response.status_code == 400 and "Not more than were planted" in response.content.decode()

    response = signed_in(planner).post(
        url, {"action": "planting", "species": "桂花", "count": "12", "planted": "2026-09-01"}
    )
    assert response.status_code == 302 and Planting.objects.filter(species="桂花").exists()


def test_the_loss_page_orders_and_closes(green, planting, keeper_crews, crew_member, planner, signed_in):
    loss = services.record_loss(green, crew_member, planting=planting, count=1)
    url = reverse("loss-detail", args=[loss.pk])
    assert signed_in(crew_member).get(url).status_code == 200
    assert signed_in(crew_member).post(url, {"action": "order"}).status_code == 403
    assert signed_in(planner).post(url, {"action": "order", "due": "2026-10-02"}).status_code == 302
    loss.refresh_from_db()
    assert loss.work_order.due == D(2026, 10, 2)
    assert signed_in(planner).post(url, {"action": "order"}).status_code == 400
    assert signed_in(planner).post(url, {"action": "replanted", "day": "2026-09-28"}).status_code == 302
    loss.refresh_from_db()
    assert loss.replanted == TODAY


def test_care_pages_of_other_kinds_are_404(signed_in, planner):
    assert signed_in(planner).get(reverse("asset-care", args=[AssetFactory().pk])).status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_the_care_page_keeps_its_query_count(green, planting, keeper_crews, crew_member, planner, signed_in, size,
                                            django_assert_num_queries):  # fmt: skip
    for index in range(size):
        services.record_planting(green, planner, species=f"品种{index}", count=5, planted=TODAY)
        loss = services.record_loss(
            green, crew_member, planting=planting, count=1, photos=[photo()] if index < 3 else []
        )
        if index % 2:
            services.order_replanting(loss, planner)
    client = signed_in(crew_member)
    # session, user, the asset (with zone and department), plantings, losses (with their
    # plantings, orders, reporters), their photos; the user's groups, permissions ×2 (the menu).
    with django_assert_num_queries(9):
        assert client.get(reverse("asset-care", args=[green.pk])).status_code == 200
