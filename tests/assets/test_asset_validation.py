"""Asset validation: the geometry each kind is drawn with, a unique code, parents of the
right kind and no cycles; full_clean() keeps the clean geometry."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assets.choices import AssetKind
from assets.models import Asset
from tests.factories import LAT, LON, AssetFactory, line, point, square

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def codes_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return {field: [error.code for error in errors] for field, errors in caught.value.error_dict.items()}


# --- Geometry per kind ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, geometry",
    [
        (AssetKind.EQUIPMENT, point()),
        (AssetKind.LANDSCAPE, point()),
        (AssetKind.GREEN_SPACE, square()),
        (AssetKind.ROAD_SEGMENT, line()),
        (AssetKind.ROAD_SEGMENT, {"type": "MultiLineString", "coordinates": [line()["coordinates"]]}),
    ],
)
def test_each_kind_accepts_its_own_geometry(kind, geometry):
    asset = AssetFactory(kind=kind, geometry=geometry)

    asset.full_clean()  # does not raise


def test_a_point_for_a_road_segment_is_refused():
    asset = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    asset.geometry = point()

    assert errors_of(asset) == {"geometry": ["A Road segment is drawn as a line, not a point."]}
    assert codes_of(asset) == {"geometry": ["wrong_type"]}


def test_a_line_for_a_green_space_is_refused():
    asset = AssetFactory(kind=AssetKind.GREEN_SPACE)
    asset.geometry = line()

    assert errors_of(asset) == {"geometry": ["A Green space is drawn as a polygon, not a line."]}


def test_a_polygon_for_equipment_is_refused():
    asset = AssetFactory(kind=AssetKind.EQUIPMENT)
    asset.geometry = square()

    assert errors_of(asset) == {"geometry": ["A Kitchen-waste equipment is drawn as a point, not a polygon."]}


def test_an_invalid_geometry_is_refused_by_the_field_with_its_reason():
    x, y, d = LON, LAT, 0.001
    asset = AssetFactory(kind=AssetKind.GREEN_SPACE)
    asset.geometry = {"type": "Polygon", "coordinates": [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]]}

    (message,) = errors_of(asset)["geometry"]

    assert message.startswith("The geometry is not valid: Self-intersection")
    assert codes_of(asset) == {"geometry": ["invalid"]}


def test_a_geometry_out_of_range_is_refused():
    asset = AssetFactory(kind=AssetKind.EQUIPMENT)
    asset.geometry = {"type": "Point", "coordinates": [LON, 91]}

    assert codes_of(asset) == {"geometry": ["range"]}


def test_an_unsupported_geometry_type_is_refused_once():
    # The field says what is wrong; clean() does not add a second, confusing message.
    asset = AssetFactory(kind=AssetKind.EQUIPMENT)
    asset.geometry = {"type": "GeometryCollection", "geometries": [point()]}

    assert codes_of(asset) == {"geometry": ["type"]}


def test_a_missing_geometry_is_refused():
    asset = AssetFactory(kind=AssetKind.EQUIPMENT)
    asset.geometry = None

    assert codes_of(asset) == {"geometry": ["null"]}


# --- Unique code ---------------------------------------------------------------------------


def test_a_duplicate_code_is_refused_by_full_clean():
    AssetFactory(code="PUMP-1")
    copy = AssetFactory.build(code="PUMP-1", department=AssetFactory().department, zone=AssetFactory().zone)

    assert errors_of(copy) == {"code": ["Asset with this Code already exists."]}
    assert codes_of(copy) == {"code": ["unique"]}


def test_a_duplicate_code_is_refused_by_the_database():
    first = AssetFactory(code="PUMP-1")
    copy = AssetFactory.build(code="PUMP-1", department=first.department, zone=first.zone)

    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert Asset.objects.filter(code="PUMP-1").count() == 1


def test_codes_differing_in_case_are_distinct():
    AssetFactory(code="pump-1")
    other = AssetFactory.build(code="PUMP-1", department=AssetFactory().department, zone=AssetFactory().zone)

    other.full_clean()  # does not raise


# --- Parents -------------------------------------------------------------------------------


def test_a_road_segment_under_equipment_is_refused():
    machine = AssetFactory(kind=AssetKind.EQUIPMENT)
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    segment.parent = machine

    assert errors_of(segment) == {"parent": ["A Road segment cannot belong to a Kitchen-waste equipment."]}
    assert codes_of(segment) == {"parent": ["parent_kind"]}


def test_equipment_under_a_green_space_is_refused():
    park = AssetFactory(kind=AssetKind.GREEN_SPACE)
    machine = AssetFactory.build(kind=AssetKind.EQUIPMENT, parent=park, department=park.department, zone=park.zone)

    assert codes_of(machine) == {"parent": ["parent_kind"]}


@pytest.mark.parametrize(
    "kind, parent_kind",
    [
        (AssetKind.EQUIPMENT, AssetKind.EQUIPMENT),
        (AssetKind.LANDSCAPE, AssetKind.LANDSCAPE),
        (AssetKind.LANDSCAPE, AssetKind.GREEN_SPACE),
        (AssetKind.GREEN_SPACE, AssetKind.GREEN_SPACE),
        (AssetKind.ROAD_SEGMENT, AssetKind.ROAD_SEGMENT),
    ],
)
def test_allowed_parents_are_accepted(kind, parent_kind):
    parent = AssetFactory(kind=parent_kind)
    child = AssetFactory.build(kind=kind, parent=parent, department=parent.department, zone=parent.zone)

    child.full_clean()  # does not raise
    child.save()
    assert list(parent.children.all()) == [child]


def test_a_landscape_under_a_green_space_is_accepted():
    park = AssetFactory(kind=AssetKind.GREEN_SPACE)
    sculpture = AssetFactory(kind=AssetKind.LANDSCAPE, geometry=point(0.0005, 0.0005))
    sculpture.parent = park

    sculpture.full_clean()  # does not raise
    sculpture.save()
    assert Asset.objects.get(pk=sculpture.pk).parent == park


def test_an_asset_cannot_be_its_own_parent():
    machine = AssetFactory(kind=AssetKind.EQUIPMENT)
    machine.parent = machine

    assert errors_of(machine) == {"parent": ["An asset cannot be its own ancestor."]}
    assert codes_of(machine) == {"parent": ["parent_cycle"]}


def test_the_database_refuses_an_asset_that_is_its_own_parent():
    machine = AssetFactory(kind=AssetKind.EQUIPMENT)

    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.filter(pk=machine.pk).update(parent=machine)


def test_a_cycle_of_two_is_refused():
    a = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    b = AssetFactory(kind=AssetKind.ROAD_SEGMENT, parent=a)
    a.parent = b

    assert errors_of(a) == {"parent": ["An asset cannot be its own ancestor."]}
    assert codes_of(a) == {"parent": ["parent_cycle"]}


def test_a_longer_cycle_is_refused():
    a = AssetFactory(kind=AssetKind.GREEN_SPACE)
    b = AssetFactory(kind=AssetKind.GREEN_SPACE, parent=a)
    c = AssetFactory(kind=AssetKind.GREEN_SPACE, parent=b)
    a.parent = c

    assert codes_of(a) == {"parent": ["parent_cycle"]}


def test_a_chain_without_a_cycle_is_accepted():
    a = AssetFactory(kind=AssetKind.GREEN_SPACE)
    b = AssetFactory(kind=AssetKind.GREEN_SPACE, parent=a)
    c = AssetFactory(kind=AssetKind.GREEN_SPACE, parent=b)
    d = AssetFactory(kind=AssetKind.GREEN_SPACE)
    d.parent = c

    d.full_clean()  # does not raise


def test_a_cycle_higher_up_is_reported_not_walked_forever():
    # Two edits at once (or an update()) left x and y each other's parent.
    x = AssetFactory()
    y = AssetFactory(parent=x)
    Asset.objects.filter(pk=x.pk).update(parent=y)
    child = AssetFactory.build(parent=Asset.objects.get(pk=x.pk))

    with pytest.raises(ValidationError) as caught:
        child.full_clean(exclude=["department", "zone"])

    assert caught.value.error_dict["parent"][0].code == "parent_cycle_above"


def test_a_kind_its_parts_cannot_belong_to_is_refused():
    plant = AssetFactory(kind=AssetKind.EQUIPMENT)
    AssetFactory(kind=AssetKind.EQUIPMENT, parent=plant)
    plant.kind = AssetKind.LANDSCAPE

    with pytest.raises(ValidationError) as caught:
        plant.full_clean()

    assert caught.value.error_dict["kind"][0].code == "children_kind"


def test_a_green_space_with_landscape_pieces_keeps_them_as_a_green_space():
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square())
    AssetFactory(kind=AssetKind.LANDSCAPE, parent=park)
    park.name = "中心公园"
    park.full_clean()  # its kind unchanged: its parts still fit


def test_a_wrong_geometry_and_a_wrong_parent_are_both_reported():
    machine = AssetFactory(kind=AssetKind.EQUIPMENT)
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    segment.geometry, segment.parent = point(), machine

    assert codes_of(segment) == {"geometry": ["wrong_type"], "parent": ["parent_kind"]}


def test_full_clean_stores_the_clean_geometry():
    # What an import or the API may hand over: a Feature, as JSON text, in 3-D.
    asset = AssetFactory(kind=AssetKind.EQUIPMENT)
    asset.geometry = (
        '{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [120.05, 28.9, 12]}}'
    )
    asset.full_clean()
    assert asset.geometry == {"type": "Point", "coordinates": [120.05, 28.9]}
    asset.save()  # measured: the bbox is the point
    assert (asset.min_lon, asset.min_lat, asset.max_lon, asset.max_lat) == (120.05, 28.9, 120.05, 28.9)
