"""Adding and changing a unit: the form and services.save_unit. Bad input, each with its
message and nothing lost; the zone and road segment suggested from the place; only
managers and administrators."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assets.choices import AssetKind, AssetStatus
from frontage import services
from frontage.models import Unit
from tests.factories import AssetFactory, UnitFactory, ZoneFactory, line, point, square

pytestmark = pytest.mark.django_db

VALID_CODE = "91350100M000100Y43"


def form_data(**changes) -> dict:
    data = {
        "code": "U-NEW-1",
        "name": "文溪小吃",
        "kind": "restaurant",
        "credit_code": "",
        "address": "文溪路12号",
        "location": json.dumps(point(0.001, 0.001)),
        "frontage": json.dumps(line(0.001, 0.0009, length=0.0001)),
        "zone": "",
        "road": "",
        "village": "",
        "enterprise": "",
        "contact_name": "王建国",
        "contact_phone": "139 1234 5678",
        "active": "on",
        "notes": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def zone(db):
    return ZoneFactory(code="roads", boundary=square(size=0.01))


def test_a_manager_adds_a_unit_with_the_zone_and_road_suggested(signed_in, manager, zone):
    far = ZoneFactory(code="villages", boundary=square(dx=0.02, size=0.01))
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT, code="RD-1", geometry=line(0, 0.0011, length=0.003))
    AssetFactory(kind=AssetKind.ROAD_SEGMENT, code="RD-FAR", geometry=line(0, 0.0030, length=0.003))
    AssetFactory(kind=AssetKind.ROAD_SEGMENT, code="RD-OLD", geometry=line(0, 0.0009, length=0.003),
                 status=AssetStatus.RETIRED)  # fmt: skip
    response = signed_in(manager).post(reverse("unit-new"), form_data())
    unit = Unit.objects.get(code="U-NEW-1")
    assert response.status_code == 302 and response.url == reverse("unit-detail", args=[unit.pk])
    assert (unit.zone, unit.road) == (zone, road)
    assert unit.zone != far
    assert unit.contact_phone == "13912345678"
    assert unit.frontage_m == pytest.approx(9.75, abs=0.2)


def test_a_point_outside_every_zone_takes_the_nearest(manager, zone, english):
    near = ZoneFactory(code="near", boundary=square(dx=0.02, size=0.01))
    unit = services.save_unit(
        None, {"code": "U-2", "name": "店", "kind": "shop", "location": point(0.019, 0.005)}, manager
    )
    assert unit.zone == near and unit.road is None


def test_no_road_further_than_50_metres(manager, zone):
    AssetFactory(kind=AssetKind.ROAD_SEGMENT, geometry=line(0, 0.0006, length=0.003))  # about 67 m north
    unit = services.save_unit(None, {"code": "U-3", "name": "店", "kind": "shop", "location": point(0.001, 0)}, manager)
    assert unit.road is None


def test_without_any_zone_boundary_the_form_asks_for_the_zone(signed_in, manager):
    response = signed_in(manager).post(reverse("unit-new"), form_data())
    assert response.status_code == 400
    assert response.context["form"].errors["zone"] == [
        "No responsibility zone has a boundary on the map: choose the zone."
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credit_code", "91350100M000100Y44", "The credit code's check character is wrong (it should be 3)"),
        ("credit_code", "91350100M0O0100Y43", "The letter O is not used in credit codes: did you mean 0?"),
        ("credit_code", "9135", "A unified social credit code has 18 characters; this one has 4."),
        ("contact_phone", "12345678", "Enter a mainland mobile number"),
        ("contact_phone", "1391234567", "Enter a mainland mobile number"),
        ("location", "{not json", "The geometry is not valid JSON"),
        ("location", json.dumps(line()), "Expected a point geometry, got a line."),
        ("frontage", json.dumps(point()), "Expected a line geometry, got a point."),
        ("frontage", json.dumps(square()), "Expected a line geometry, got a polygon."),
        ("location", "", "This field is required."),
        ("name", "", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_lost(signed_in, manager, zone, field, value, message):
    response = signed_in(manager).post(reverse("unit-new"), form_data(**{field: value}))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not Unit.objects.exists()
    body = response.content.decode()
    assert "文溪路12号" in body and "王建国" in body  # what was typed stays


def test_a_landline_with_its_area_code_is_a_phone(manager, zone):
    data = {"code": "U-4", "name": "店", "kind": "shop", "location": point(0.001, 0.001)}
    unit = services.save_unit(None, {**data, "contact_phone": "0579-8512 3456"}, manager)
    assert unit.contact_phone == "0579-85123456"


def test_a_credit_code_is_stored_canonical_and_once(signed_in, manager, zone):
    client = signed_in(manager)
    assert client.post(reverse("unit-new"), form_data(credit_code=VALID_CODE.lower())).status_code == 302
    assert Unit.objects.get().credit_code == VALID_CODE
    response = client.post(reverse("unit-new"), form_data(code="U-NEW-2", credit_code=VALID_CODE))
    assert response.status_code == 400
    assert "credit" in str(response.context["form"].errors).lower()
    response = client.post(reverse("unit-new"), form_data(credit_code=""))
    assert "code" in response.context["form"].errors


def test_a_manager_edits_a_unit(signed_in, manager, zone):
    unit = UnitFactory(zone=zone)
    response = signed_in(manager).post(
        reverse("unit-edit", args=[unit.pk]), form_data(code=unit.code, name="新名字", zone=zone.pk, frontage="")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.frontage, unit.frontage_m) == ("新名字", None, None)


def test_the_edit_form_shows_the_unit(signed_in, administrator):
    unit = UnitFactory(name="老店")
    response = signed_in(administrator).get(reverse("unit-edit", args=[unit.pk]))
    assert response.status_code == 200 and "老店" in response.content.decode()


@pytest.mark.parametrize("role", ["crew_member", "planner", "inspector"])
def test_others_may_not_add_or_edit(request, signed_in, role, zone):
    unit = UnitFactory()
    client = signed_in(request.getfixturevalue(role))
    assert client.get(reverse("unit-new")).status_code == 403
    assert client.post(reverse("unit-new"), form_data()).status_code == 403
    assert client.get(reverse("unit-edit", args=[unit.pk])).status_code == 403
    assert client.post(reverse("unit-edit", args=[unit.pk]), form_data(code=unit.code)).status_code == 403
    assert Unit.objects.count() == 1


def test_the_service_refuses_others(crew_member, zone):
    with pytest.raises(PermissionDenied):
        services.save_unit(None, {"code": "U-5", "name": "店", "kind": "shop", "location": point()}, crew_member)


def test_editing_an_unknown_unit_is_404(signed_in, manager):
    assert signed_in(manager).get(reverse("unit-edit", args=[987654])).status_code == 404


def test_the_service_takes_geojson_text_and_names_a_bad_geometry(manager, zone, english):
    data = {"code": "U-6", "name": "店", "kind": "shop"}
    unit = services.save_unit(None, {**data, "location": json.dumps(point(0.001, 0.001))}, manager)
    assert unit.zone == zone and unit.location["type"] == "Point"
    with pytest.raises(ValidationError) as refused:
        services.save_unit(None, {**data, "code": "U-7", "location": "[1, 2"}, manager)
    assert "location" in refused.value.message_dict
