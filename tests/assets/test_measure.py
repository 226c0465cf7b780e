"""measure(): geodesic area, length and bounding box of a geometry.

Geodesic sizes are checked against an independent calculation: the WGS84 ellipsoid's
radii of curvature at the latitude (meridional M, prime vertical N), which for shapes a
few hundred metres across agree with the true geodesic value to far better than 0.1 %.
"""

import math

import pytest

from assets.geometry import measure, parse_geojson
from tests.factories import LAT, LON, MULTI_LINE, MULTI_POINT, MULTI_POLYGON, line, point, square

pytestmark = pytest.mark.usefixtures("english")


# WGS84 ellipsoid
A = 6_378_137.0
F = 1 / 298.257223563
E2 = F * (2 - F)


def meridional_radius(lat: float) -> float:
    return A * (1 - E2) / (1 - E2 * math.sin(math.radians(lat)) ** 2) ** 1.5


def prime_vertical_radius(lat: float) -> float:
    return A / math.sqrt(1 - E2 * math.sin(math.radians(lat)) ** 2)


def test_area_and_perimeter_of_a_small_square_are_geodesic():
    size = 0.001  # degrees, so about 97 m east-west by 111 m north-south here
    mid = math.radians(LAT + size / 2)
    north_south = meridional_radius(LAT + size / 2) * math.radians(size)
    east_west = prime_vertical_radius(LAT + size / 2) * math.cos(mid) * math.radians(size)

    result = measure(parse_geojson(square(size=size)))

    assert result.area_m2 == pytest.approx(north_south * east_west, rel=1e-3)
    assert 10_700 < result.area_m2 < 10_900  # and not square degrees, nor a planar guess
    assert result.length_m == pytest.approx(2 * (north_south + east_west), rel=1e-3)


def test_area_does_not_depend_on_ring_orientation():
    clockwise = square()
    clockwise["coordinates"][0].reverse()

    assert measure(clockwise).area_m2 == pytest.approx(measure(square()).area_m2)
    assert measure(clockwise).area_m2 > 0


OUTER = square(size=0.01)["coordinates"][0]
HOLE = square(dx=0.004, dy=0.004, size=0.002)["coordinates"][0]


def test_a_hole_wound_the_right_hand_way_is_not_counted_in_the_area():
    # RFC 7946: exterior counter-clockwise, holes clockwise.
    with_hole = measure({"type": "Polygon", "coordinates": [OUTER, HOLE[::-1]]})

    expected = measure(square(size=0.01)).area_m2 - measure(square(dx=0.004, dy=0.004, size=0.002)).area_m2
    assert with_hole.area_m2 == pytest.approx(expected, rel=1e-6)
    assert with_hole.area_m2 < measure(square(size=0.01)).area_m2


@pytest.mark.parametrize(
    "outer, hole", [(OUTER, HOLE), (OUTER[::-1], HOLE[::-1])], ids=["both-counter-clockwise", "both-clockwise"]
)
def test_a_hole_wound_like_its_exterior_is_not_counted_in_the_area(outer, hole):
    # GEOS (and so parse_geojson) accepts either winding; shapefiles and ArcGIS exports wind the other way.
    with_hole = measure(parse_geojson({"type": "Polygon", "coordinates": [outer, hole]}))

    expected = measure(square(size=0.01)).area_m2 - measure(square(dx=0.004, dy=0.004, size=0.002)).area_m2
    assert with_hole.area_m2 == pytest.approx(expected, rel=1e-6)


def test_a_multipolygon_with_parts_wound_differently_has_the_area_of_its_parts():
    clockwise = [square(dx=0.01)["coordinates"][0][::-1]]
    mixed = {"type": "MultiPolygon", "coordinates": [square()["coordinates"], clockwise]}

    result = measure(parse_geojson(mixed))

    assert result.area_m2 == pytest.approx(measure(square()).area_m2 + measure(square(dx=0.01)).area_m2, rel=1e-6)


def test_a_multipolygon_area_is_the_sum_of_its_parts():
    assert measure(MULTI_POLYGON).area_m2 == pytest.approx(
        measure(square()).area_m2 + measure(square(dx=0.01)).area_m2, rel=1e-6
    )


def test_length_of_a_line_along_a_parallel():
    result = measure(parse_geojson(line(length=0.01)))

    rough = math.cos(math.radians(LAT)) * 111_320 * 0.01  # ≈ 975 m
    assert result.length_m == pytest.approx(rough, rel=5e-3)
    exact = prime_vertical_radius(LAT) * math.cos(math.radians(LAT)) * math.radians(0.01)
    assert result.length_m == pytest.approx(exact, rel=1e-4)
    assert result.area_m2 is None


def test_length_of_a_line_along_a_meridian_is_longer_than_along_the_parallel():
    north = {"type": "LineString", "coordinates": [[LON, LAT], [LON, LAT + 0.01]]}

    expected = meridional_radius(LAT + 0.005) * math.radians(0.01)  # ≈ 1,108 m
    assert measure(north).length_m == pytest.approx(expected, rel=1e-4)


def test_a_multilinestring_length_is_the_sum_of_its_parts():
    parts = [{"type": "LineString", "coordinates": coordinates} for coordinates in MULTI_LINE["coordinates"]]

    assert measure(MULTI_LINE).length_m == pytest.approx(sum(measure(part).length_m for part in parts), rel=1e-9)


@pytest.mark.parametrize("geojson", [point(), MULTI_POINT], ids=["Point", "MultiPoint"])
def test_a_point_has_no_area_or_length(geojson):
    result = measure(geojson)

    assert result.area_m2 is None
    assert result.length_m is None


def test_the_bbox_of_a_point_is_the_point():
    assert measure(point()).bbox == (LON, LAT, LON, LAT)


def test_the_bbox_is_west_south_east_north():
    geojson = {"type": "LineString", "coordinates": [[120.2, 28.7], [120.1, 28.95], [120.15, 28.8]]}

    assert measure(geojson).bbox == (120.1, 28.7, 120.2, 28.95)


def test_the_bbox_of_a_multipolygon_spans_all_parts():
    assert measure(MULTI_POLYGON).bbox == pytest.approx((LON, LAT, LON + 0.011, LAT + 0.001))
