"""An asset's measurements (area, length, bounding box), stored on every save of its geometry."""

import math

import pytest

from assets.choices import AssetKind
from tests.factories import LAT, LON, AssetFactory, line, point, square

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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
