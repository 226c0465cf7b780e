"""The registry map's data comes simplified for the map's zoom: lines and polygons to
within one screen pixel (a 9,000-vertex park at zoom 13 is 17 vertices), still valid;
points as they are; no zoom, the geometry as stored. The query count stays constant."""

import pytest
import shapely
from django.urls import reverse
from shapely.geometry import shape

from assets.choices import AssetKind
from assets.geometry import zoom_tolerance
from tests.assets.test_geometry_limits import circle
from tests.factories import LAT, LON, AssetFactory, point

pytestmark = pytest.mark.django_db


def dense_square(per_side: int = 500, size: float = 0.01) -> dict:
    """A square whose sides are drawn with ``per_side`` points each, counter-clockwise."""
    x, y = LON, LAT
    steps = [size * n / per_side for n in range(per_side)]
    ring = (
        [[x + step, y] for step in steps]
        + [[x + size, y + step] for step in steps]
        + [[x + size - step, y + size] for step in steps]
        + [[x, y + size - step] for step in steps]
    )
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def zigzag(teeth: int = 50, amplitude: float = 3 / 111_000) -> dict:
    """A road whose centre line wavers 3 m either side: visible close up, not from afar."""
    coordinates = [[LON + 0.0002 * n, LAT + (amplitude if n % 2 else -amplitude)] for n in range(teeth)]
    return {"type": "LineString", "coordinates": coordinates}


def map_data(client, **params) -> dict:
    response = client.get(reverse("asset-geojson"), params)
    assert response.status_code == 200
    return {feature["id"]: feature["geometry"] for feature in response.json()["features"]}


@pytest.fixture
def client(signed_in, crew_member):
    return signed_in(crew_member, language="en")


def test_collinear_points_go_at_any_zoom(client):
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=dense_square())
    x, y, size = LON, LAT, 0.01

    geometry = map_data(client, zoom=15)[park.pk]

    assert geometry == {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


def test_a_line_keeps_what_the_zoom_can_show(client):
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT, geometry=zigzag())
    ends = [road.geometry["coordinates"][0], road.geometry["coordinates"][-1]]

    assert map_data(client, zoom=19)[road.pk] == road.geometry  # a pixel is 0.3 m: every tooth shows
    assert map_data(client, zoom=10)[road.pk] == {"type": "LineString", "coordinates": ends}  # 150 m


def test_a_round_park_is_sent_with_the_vertices_its_zoom_needs(client):
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=circle(9000))

    by_zoom = {zoom: shape(map_data(client, zoom=zoom)[park.pk]) for zoom in (0, 13, 19)}

    assert {zoom: len(geometry.exterior.coords) for zoom, geometry in by_zoom.items()} == {0: 4, 13: 17, 19: 129}
    for zoom, geometry in by_zoom.items():
        assert (geometry.is_valid, geometry.geom_type) == (True, "Polygon"), zoom
        # Nothing moves by more than a pixel of that zoom.
        assert shape(park.geometry).hausdorff_distance(geometry) < zoom_tolerance(zoom), zoom


def test_points_and_unzoomed_requests_get_the_geometry_as_stored(client):
    bin_ = AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point())
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=dense_square())

    assert map_data(client, zoom=3)[bin_.pk] == point()
    assert map_data(client) == {bin_.pk: point(), park.pk: park.geometry}


@pytest.mark.parametrize("zoom", ["abc", "-1", "25", "1.5", ""])
def test_a_bad_zoom_is_refused(client, zoom):
    response = client.get(reverse("asset-geojson"), {"zoom": zoom})

    assert (response.status_code, response.json()) == (400, {"error": "zoom must be a whole number from 0 to 24."})


@pytest.mark.parametrize("count", [10, 200])
def test_simplifying_runs_constant_queries(client, django_assert_num_queries, count):
    for n in range(count):
        AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=circle(60, radius=0.001 + n * 1e-6))
    # session, user, assets in the bbox
    with django_assert_num_queries(3):
        response = client.get(reverse("asset-geojson"), {"bbox": "119,28,121,30", "zoom": "14"})
    features = response.json()["features"]
    assert len(features) == count
    assert all(shapely.is_valid(shape(feature["geometry"])) for feature in features)
