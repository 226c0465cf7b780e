"""Asset validation (geometry per kind, unique code, parents), measurements kept on save,
kind-specific details, the registry's queries and the role groups."""

import math

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assets.choices import AssetKind, Role
from assets.models import Asset, EquipmentDetail, GreenSpaceDetail, LandscapeDetail, RoadDetail
from tests.factories import LAT, LON, AssetFactory, UserFactory, line, point, square

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


# --- Measurements stored on save -----------------------------------------------------------


def test_save_stores_a_green_space_area_perimeter_and_bbox():
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(size=0.001))
    park.refresh_from_db()

    # 0.001° of latitude ≈ 110.8 m; of longitude ≈ 97.6 m at 28.9° N (spherical, within 1 %)
    north_south = 6_371_008.8 * math.radians(0.001)
    east_west = north_south * math.cos(math.radians(LAT + 0.0005))
    assert park.area_m2 == pytest.approx(north_south * east_west, rel=1e-2)
    assert park.length_m == pytest.approx(2 * (north_south + east_west), rel=1e-2)
    assert (park.min_lon, park.min_lat, park.max_lon, park.max_lat) == pytest.approx(
        (LON, LAT, LON + 0.001, LAT + 0.001)
    )


def test_save_stores_a_road_segment_length_and_no_area():
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT, geometry=line(length=0.01))
    segment.refresh_from_db()

    assert segment.length_m == pytest.approx(math.cos(math.radians(LAT)) * 111_320 * 0.01, rel=5e-3)
    assert segment.area_m2 is None
    assert (segment.min_lon, segment.min_lat, segment.max_lon, segment.max_lat) == pytest.approx(
        (LON, LAT, LON + 0.01, LAT)
    )


def test_save_stores_a_point_bbox_and_no_size():
    machine = AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point())
    machine.refresh_from_db()

    assert machine.area_m2 is None
    assert machine.length_m is None
    assert (machine.min_lon, machine.min_lat, machine.max_lon, machine.max_lat) == (LON, LAT, LON, LAT)


def test_save_remeasures_a_changed_geometry():
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(size=0.001))
    small_area = park.area_m2

    park.geometry = square(dx=0.01, size=0.002)
    park.save()
    park.refresh_from_db()

    assert park.area_m2 == pytest.approx(4 * small_area, rel=1e-3)
    assert park.min_lon == pytest.approx(LON + 0.01)


def test_save_with_update_fields_geometry_also_saves_the_measurements():
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(size=0.001))
    small_area = park.area_m2

    park.geometry = square(dx=0.01, size=0.002)
    park.save(update_fields=["geometry"])
    park.refresh_from_db()

    assert park.area_m2 == pytest.approx(4 * small_area, rel=1e-3)
    assert park.min_lon == pytest.approx(LON + 0.01)
    assert park.max_lon == pytest.approx(LON + 0.012)


# --- Kind-specific details -----------------------------------------------------------------


def test_equipment_details_on_a_road_segment_are_refused():
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    details = EquipmentDetail(asset=segment, maker="Acme")

    with pytest.raises(ValidationError) as caught:
        details.full_clean()

    assert caught.value.messages == [
        "These details are for a Kitchen-waste equipment, but the asset is a Road segment."
    ]
    assert caught.value.error_dict["__all__"][0].code == "detail_kind"


@pytest.mark.parametrize(
    "model, kind, values",
    [
        (EquipmentDetail, AssetKind.EQUIPMENT, {"maker": "Acme", "capacity": 5}),
        (LandscapeDetail, AssetKind.LANDSCAPE, {"theme": "Tea"}),
        (GreenSpaceDetail, AssetKind.GREEN_SPACE, {"vegetation": "Camphor trees"}),
        (RoadDetail, AssetKind.ROAD_SEGMENT, {"road_name": "Jinshan Road", "width_m": 12}),
    ],
)
def test_details_of_the_assets_own_kind_are_accepted(model, kind, values):
    asset = AssetFactory(kind=kind)
    details = model(asset=asset, **values)

    details.full_clean()  # does not raise
    details.save()
    assert Asset.objects.get(pk=asset.pk).detail() == details


@pytest.mark.parametrize(
    "model, kind, values",
    [
        (LandscapeDetail, AssetKind.EQUIPMENT, {"theme": "Tea"}),
        (GreenSpaceDetail, AssetKind.LANDSCAPE, {"vegetation": "Camphor trees"}),
        (RoadDetail, AssetKind.GREEN_SPACE, {"road_name": "Jinshan Road"}),
        (EquipmentDetail, AssetKind.LANDSCAPE, {"maker": "Acme"}),
    ],
)
def test_details_of_another_kind_are_refused(model, kind, values):
    details = model(asset=AssetFactory(kind=kind), **values)

    with pytest.raises(ValidationError) as caught:
        details.full_clean()

    assert [error.code for error in caught.value.error_dict["__all__"]] == ["detail_kind"]


def test_detail_is_none_until_entered():
    assert AssetFactory(kind=AssetKind.EQUIPMENT).detail() is None


def test_a_road_width_must_be_positive_in_the_database():
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)

    with pytest.raises(IntegrityError), transaction.atomic():
        RoadDetail.objects.create(asset=segment, road_name="Jinshan Road", width_m=0)


# --- Queries -------------------------------------------------------------------------------


def test_in_bbox_returns_assets_that_overlap_and_not_distant_ones():
    inside = AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.001, 0.001))
    # A road crossing the box with both ends outside it.
    crossing = AssetFactory(
        kind=AssetKind.ROAD_SEGMENT,
        geometry={"type": "LineString", "coordinates": [[LON - 0.01, LAT + 0.001], [LON + 0.01, LAT + 0.001]]},
    )
    # A park larger than the box, around it.
    around = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(dx=-0.01, dy=-0.01, size=0.03))
    on_the_edge = AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.002, 0.002))
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.1, 0.1))  # 11 km away
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.001, 0.05))  # due north, outside
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.05, 0.001))  # due east, outside
    AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(dx=0.003))  # just east of the box

    found = Asset.objects.in_bbox(LON, LAT, LON + 0.002, LAT + 0.002)

    assert set(found) == {inside, crossing, around, on_the_edge}


def test_in_bbox_of_an_empty_area_finds_nothing():
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point())

    assert not Asset.objects.in_bbox(0, 0, 1, 1).exists()


def test_for_user_hides_everything_from_an_anonymous_user():
    AssetFactory.create_batch(2)

    assert list(Asset.objects.for_user(AnonymousUser())) == []


def test_for_user_shows_the_registry_to_any_signed_in_role(crew_member, inspector, planner):
    assets = set(AssetFactory.create_batch(2))

    for user in (crew_member, inspector, planner, UserFactory()):
        assert set(Asset.objects.for_user(user)) == assets


# --- Role groups ---------------------------------------------------------------------------


def test_the_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))

    assert {"crew", "inspector", "planner", "manager", "administrator"} <= names
    assert {role.value for role in Role} <= names


def permissions_of(role: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__name=role).values_list(
            "content_type__app_label", "codename"
        )
    }


def test_the_planner_may_add_and_change_assets_but_not_delete_them(planner):
    assert {"assets.add_asset", "assets.change_asset", "assets.view_asset"} <= permissions_of("planner")
    assert "assets.delete_asset" not in permissions_of("planner")
    assert planner.has_perms(["assets.add_asset", "assets.change_asset", "assets.add_equipmentdetail"])
    assert not planner.has_perm("assets.delete_asset")


def test_the_crew_may_only_view(crew_member):
    crew = permissions_of("crew")

    assert "assets.view_asset" in crew
    assert all(permission.split(".")[1].startswith("view_") for permission in crew)
    assert crew_member.has_perm("assets.view_asset")
    for action in ("add", "change", "delete"):
        assert not crew_member.has_perm(f"assets.{action}_asset")


def test_the_administrator_may_delete_and_the_manager_only_view_the_registry():
    assert "assets.delete_asset" in permissions_of("administrator")
    manager_permissions = permissions_of("manager")
    assert "assets.view_asset" in manager_permissions
    registry = [permission for permission in manager_permissions if permission.startswith("assets.")]
    assert all(permission.split(".")[1].startswith("view_") for permission in registry)
    # …but runs the maintenance side (the permissions exist once every app has migrated).
    assert {"maintenance.change_plan", "maintenance.add_plan"} <= manager_permissions


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
