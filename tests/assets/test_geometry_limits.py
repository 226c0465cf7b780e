"""A geometry has at most GEOMETRY_MAX_VERTICES vertices: more is refused with a clear
message, before the costly validity check, in parse_geojson and so in every form."""

import math

import pytest
from django.core.exceptions import ValidationError

from assets.choices import AssetKind, GeometryType
from assets.geometry import parse_geojson
from tests.assets.admin_forms import ADD_URL, add_form, assert_refused
from tests.factories import LAT, LON


def circle(vertices: int, radius: float = 0.005) -> dict:
    """A polygon of ``vertices`` coordinates (the first repeated last to close it)."""
    ring = [
        [
            LON + radius * math.cos(2 * math.pi * n / (vertices - 1)),
            LAT + radius * math.sin(2 * math.pi * n / (vertices - 1)),
        ]
        for n in range(vertices - 1)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def test_a_geometry_at_the_limit_is_accepted(settings):
    settings.GEOMETRY_MAX_VERTICES = 100

    cleaned = parse_geojson(circle(100), expected=GeometryType.POLYGON)

    assert len(cleaned["coordinates"][0]) == 100


def test_a_geometry_over_the_limit_is_refused(settings, english):
    settings.GEOMETRY_MAX_VERTICES = 100

    with pytest.raises(ValidationError) as caught:
        parse_geojson(circle(101))

    assert caught.value.code == "vertices"
    assert caught.value.messages == [
        "The geometry has 101 vertices; at most 100 are allowed. Simplify it and try again."
    ]


def test_every_part_of_a_multi_geometry_counts(settings):
    settings.GEOMETRY_MAX_VERTICES = 100
    lines = {
        "type": "MultiLineString",
        "coordinates": [[[LON, LAT + n * 1e-4], [LON + 1e-3, LAT + n * 1e-4]] for n in range(51)],
    }

    with pytest.raises(ValidationError) as caught:
        parse_geojson(lines)

    assert caught.value.params == {"count": "102", "limit": "100"}


@pytest.mark.django_db
def test_the_admin_refuses_a_polygon_over_the_default_limit(admin_client, place):
    """A tenth of the 200,000-vertex polygon that made the registry's map data 8.3 MB."""
    response = admin_client.post(ADD_URL, add_form(place, kind=AssetKind.GREEN_SPACE, geometry=circle(20_000)))

    assert_refused(
        response, "The geometry has 20,000 vertices; at most 10,000 are allowed. Simplify it and try again.", 0
    )
