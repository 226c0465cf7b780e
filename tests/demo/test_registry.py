"""manage.py load_demo, the registry's part (demo.registry): the demo zone, its logins, and that a second run
changes nothing."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import RequestFactory
from django.utils import translation
from shapely.geometry import box, shape

from assets.choices import GEOMETRY_FOR_KIND, AssetKind, GeometryType, ZoneType
from assets.geometry import parse_geojson
from assets.models import DETAIL_ATTRIBUTES, DETAIL_MODELS, Asset, Department, Enterprise, Village, Zone
from core.roles import Role
from demo.people import DEMO_PASSWORD
from demo.registry import ZONE_EXTENT


@pytest.fixture
def demo(loaded):
    """load_demo's output (tests.demo.conftest loads it once for the package)."""
    return loaded[0]


def snapshot() -> dict[str, list[dict]]:
    """Every row the demo touches, field by field (including `updated` and password hashes)."""
    User = get_user_model()
    tables = [
        Department,
        Zone,
        Zone.assisting.through,
        Village,
        Enterprise,
        Asset,
        *DETAIL_MODELS.values(),
        User,
        User.groups.through,
        Department.heads.through,
    ]
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in tables}


LOGINS = [
    ("admin", None, True),
    ("manager", Role.MANAGER, True),
    ("planner", Role.PLANNER, True),
    ("inspector", Role.INSPECTOR, False),
    ("crew-sanitation", Role.CREW, False),
    ("crew-sanitation-lead", Role.CREW, False),
    ("crew-sanitation-2", Role.CREW, False),
    ("crew-landscaping", Role.CREW, False),
    ("crew-landscaping-2", Role.CREW, False),
    ("crew-plant", Role.CREW, False),
    ("crew-plant-2", Role.CREW, False),
    ("crew-municipal", Role.CREW, False),
    ("crew-municipal-2", Role.CREW, False),
]


def test_prints_summary_and_logins(demo):
    assert (
        "Demo data loaded: created 11 departments, 5 zones, 29 villages, 30 enterprises, 68 assets "
        "(68 asset details) and 14 users; 0 rows were already there and were left unchanged."
    ) in demo
    assert DEMO_PASSWORD in demo
    logins = demo[demo.index("Demo logins") :].splitlines()[1:]
    assert [line.split()[0] for line in logins] == [username for username, _role, _staff in LOGINS] + ["head-municipal"]


def test_a_demo_login_heads_municipal_works(demo):
    user = sign_in("head-municipal", DEMO_PASSWORD)
    assert user is not None and not user.is_staff and not user.groups.exists()
    assert [department.code for department in user.headed_departments.all()] == ["municipal-works"]


def test_zones_follow_the_responsibility_map(demo):
    zones = {zone.type: zone for zone in Zone.objects.select_related("lead").prefetch_related("assisting")}
    assert set(zones) == set(ZoneType.values)
    expected = {
        ZoneType.ENTERPRISES: ("经济发展局", {"行政执法局"}),
        ZoneType.COMMUNITIES: ("金山社区", {"行政执法局"}),
        ZoneType.CONSTRUCTION: ("规划建设分局", set()),
        ZoneType.VILLAGES: ("社会发展局", {"行政执法局"}),
        ZoneType.ROADS_GREENING: ("市政管理处", {"环卫所", "园林管理处"}),
    }
    for zone_type, (lead, assisting) in expected.items():
        zone = zones[zone_type]
        assert zone.lead.name == lead, zone_type
        assert {department.name for department in zone.assisting.all()} == assisting, zone_type
        assert zone.boundary is not None
        parse_geojson(zone.boundary, expected=GeometryType.POLYGON)
        # Each zone has its own area inside the development zone, none the whole of it.
        area = shape(zone.boundary)
        assert area.within(box(*ZONE_EXTENT)), zone_type
        assert area.area < 0.6 * box(*ZONE_EXTENT).area, zone_type
    names = set(Department.objects.values_list("name", flat=True))
    assert {"市场监管所", "卫生院", "交警中队"} <= names
    assert not Department.objects.filter(name_en="").exists()


def test_villages_and_enterprises(demo):
    villages_zone = Zone.objects.get(type=ZoneType.VILLAGES)
    assert Village.objects.count() == 29
    assert Village.objects.filter(zone=villages_zone).count() == 29
    assert Village.objects.filter(is_key=True).count() == 8
    assert Village.objects.filter(is_demonstration=True).count() == 8
    assert Village.objects.filter(name="酥溪村").exists()
    assert Village.objects.values("name").distinct().count() == 29

    enterprises_zone = Zone.objects.get(type=ZoneType.ENTERPRISES)
    assert Enterprise.objects.exclude(zone=enterprises_zone).count() == 0
    assert Enterprise.objects.filter(is_demonstration=True).count() == 20
    assert 0 < Enterprise.objects.filter(above_designated_size=True).count() < Enterprise.objects.count()
    assert Enterprise.objects.filter(name="众发不锈钢市场").exists()

    # Every place lies inside its zone's boundary.
    for zone, rows in [(villages_zone, Village.objects.all()), (enterprises_zone, Enterprise.objects.all())]:
        boundary = shape(zone.boundary)
        for row in rows:
            assert boundary.contains(shape(row.location)), row.code


def test_assets_spread_over_the_five_zones_each_inside_its_own(demo):
    by_zone = {zone.code: zone for zone in Zone.objects.all()}
    counts = {code: Asset.objects.filter(zone=zone).count() for code, zone in by_zone.items()}
    # roads-greening: the registry's 59 and the lot the greening demo hands over (demo.greening).
    assert counts == {"roads-greening": 60, "communities": 3, "villages": 2, "construction": 2, "enterprises": 2}
    # The street-corner landscapes stand in every zone; roads, green spaces and the plant
    # are the roads-and-greening zone's.
    landscapes = Asset.objects.filter(kind=AssetKind.LANDSCAPE)
    assert set(landscapes.values_list("zone__code", flat=True)) == set(by_zone)
    assert not Asset.objects.exclude(kind=AssetKind.LANDSCAPE).exclude(zone__code="roads-greening").exists()
    for asset in Asset.objects.select_related("zone"):
        assert shape(asset.zone.boundary).contains(shape(asset.geometry)), asset.code


def test_kitchen_waste_plant_and_its_machines(demo):
    plant = Asset.objects.get(code="EQ-PLANT")
    assert plant.kind == AssetKind.EQUIPMENT
    assert plant.department.code == "sanitation"
    machines = list(plant.children.select_related("equipment"))
    assert len(machines) >= 5
    for machine in machines:
        assert machine.kind == AssetKind.EQUIPMENT
        assert machine.equipment.maker and machine.equipment.model and machine.equipment.serial
        assert machine.equipment.capacity > 0 and machine.equipment.capacity_unit


def test_six_resurfaced_roads_and_the_two_the_report_names(demo):
    roads = Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT, parent=None).select_related("road")
    assert [road.name for road in roads.order_by("code")] == [
        "演示一路 (demo road 1)",
        "演示二路 (demo road 2)",
        "演示三路 (demo road 3)",
        "演示四路 (demo road 4)",
        "皇城路",
        "科源路",
        "梅城路",
        "文溪路",
    ]
    resurfaced = [road for road in roads if road.road.resurfaced is not None]
    assert len(resurfaced) == 6
    # The four branch roads the report does not name are marked as examples.
    examples = [road for road in roads if "demo" in road.name]
    assert len(examples) == 4 and all("示例道路（demo example）" in road.notes for road in examples)
    # Wenxi and Keyuan Road, where the attack war tore down 20 sheds.
    for code in ["RD-WENXI", "RD-KEYUAN"]:
        road = roads.get(code=code)
        assert "乱堆乱放、乱搭乱建、出店经营专项整治" in road.notes and road.road.resurfaced is None
    assert "拆除活动棚20个，规范出店经营120家" in roads.get(code="RD-WENXI").notes
    for road in roads:
        assert road.department.code == "municipal-works"
        assert road.zone.type == ZoneType.ROADS_GREENING
        segments = list(road.children.select_related("road"))
        assert 2 <= len(segments) <= 5, road.code
        # The segments cover the road end to end, nothing more.
        assert sum(segment.length_m for segment in segments) == pytest.approx(road.length_m, abs=1)
        for segment in [road, *segments]:
            assert segment.road.road_name == road.name
            assert segment.road.resurfaced == road.road.resurfaced
            assert segment.road.sidewalk
            assert segment.road.width_m > 0 and segment.road.surface
    assert Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT).exclude(parent=None).count() == 28


def test_green_spaces_add_up_to_about_130000_m2(demo):
    green = Asset.objects.filter(kind=AssetKind.GREEN_SPACE)
    total = green.filter(parent=None).aggregate(total=Sum("area_m2"))["total"]
    assert 125_000 <= total <= 135_000
    assert green.filter(code__startswith="GS-SUXI-N").exists()
    assert green.filter(code__startswith="GS-SUXI-S").exists()
    assert not green.filter(department__code__in=["municipal-works", "sanitation"]).exists()
    park = green.get(code="GS-JIUDING")
    parts = list(park.children.all())
    assert parts
    for part in parts:
        assert shape(part.geometry).within(shape(park.geometry)), part.code
        assert part.green_space.vegetation


def test_twelve_street_corner_landscapes_by_three_institutes(demo):
    pieces = Asset.objects.filter(kind=AssetKind.LANDSCAPE).select_related("landscape")
    assert pieces.count() == 12
    designers = {piece.landscape.designer for piece in pieces}
    assert len(designers) == 3
    assert any("中央美术学院" in designer for designer in designers)
    assert all(piece.landscape.theme and piece.landscape.materials for piece in pieces)


def test_every_row_is_valid(demo):
    for model in [Department, Zone, Village, Enterprise]:
        for row in model.objects.all():
            row.full_clean()
    for asset in Asset.objects.select_related("parent", *DETAIL_ATTRIBUTES.values()):
        asset.full_clean()
        assert parse_geojson(asset.geometry, expected=GEOMETRY_FOR_KIND[asset.kind]) == asset.geometry
        detail = asset.detail()
        assert detail is not None, asset.code
        detail.full_clean()


def sign_in(username: str, password: str):
    """authenticate() as the login page calls it: with its request (django-axes needs one)."""
    return authenticate(RequestFactory().post("/accounts/login/"), username=username, password=password)


@pytest.mark.parametrize(("username", "role", "staff"), LOGINS)
def test_demo_logins(demo, username, role, staff):
    user = sign_in(username, DEMO_PASSWORD)
    assert user is not None
    assert user.is_staff == staff
    assert user.is_superuser == (role is None)
    assert [group.name for group in user.groups.all()] == ([role.value] if role else [])


def test_second_run_changes_nothing(demo):
    before = snapshot()
    output = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=output)
    assert snapshot() == before
    assert "Demo data already loaded" in output.getvalue()


def test_second_run_keeps_what_users_changed(demo):
    user = get_user_model().objects.get(username="manager")
    user.set_password("changed-by-the-manager")
    user.save()
    road = Asset.objects.get(code="RD-HUANGCHENG-01")
    road.notes = "补过坑"
    road.save()
    DETAIL_MODELS[AssetKind.LANDSCAPE].objects.filter(asset__code="LS-12").delete()

    call_command("load_demo", stdout=io.StringIO())

    assert sign_in("manager", "changed-by-the-manager") is not None
    assert Asset.objects.get(code="RD-HUANGCHENG-01").notes == "补过坑"
    assert Asset.objects.get(code="LS-12").landscape.designer  # what was missing comes back


def test_second_run_keeps_an_asset_someone_gave_another_kind(demo):
    # The admin makes one delete the old kind's details before changing the kind.
    asset = Asset.objects.get(code="LS-01")
    DETAIL_MODELS[AssetKind.LANDSCAPE].objects.filter(asset=asset).delete()
    Asset.objects.filter(pk=asset.pk).update(kind=AssetKind.EQUIPMENT)

    call_command("load_demo", stdout=io.StringIO())  # `make run` does this on every start

    asset.refresh_from_db()
    assert asset.kind == AssetKind.EQUIPMENT
    assert not DETAIL_MODELS[AssetKind.LANDSCAPE].objects.filter(asset=asset).exists()


def test_refused_in_production(db, settings):
    settings.PRODUCTION = True
    before = snapshot()
    with translation.override("en"), pytest.raises(CommandError, match="Refusing to load demo data in production"):
        call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == before
