"""parse_geojson: the GeoJSON it accepts, returned as plain GeoJSON, and what it refuses, each
refusal saying what is wrong, with a code."""

import json

import pytest
from django.core.exceptions import ValidationError

from assets.choices import GeometryType
from assets.geometry import geometry_type, parse_geojson
from tests.factories import LAT, LON, MULTI_LINE, MULTI_POINT, MULTI_POLYGON, line, point, square

pytestmark = pytest.mark.usefixtures("english")


def refusal(value, expected=None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_geojson(value, expected=expected)
    return caught.value


def message(error: ValidationError) -> str:
    (text,) = error.messages
    return text


# --- Accepted geometries -------------------------------------------------------------------


@pytest.mark.parametrize(
    "geojson, family",
    [
        (point(), GeometryType.POINT),
        (MULTI_POINT, GeometryType.POINT),
        (line(), GeometryType.LINE),
        (MULTI_LINE, GeometryType.LINE),
        (square(), GeometryType.POLYGON),
        (MULTI_POLYGON, GeometryType.POLYGON),
    ],
    ids=["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"],
)
def test_valid_geometries_are_returned_as_plain_geojson(geojson, family):
    cleaned = parse_geojson(geojson, expected=family)

    assert cleaned == geojson
    assert geometry_type(cleaned) == family
    # Plain JSON (lists, not shapely's tuples), so that it is stored and compared as such.
    assert json.loads(json.dumps(cleaned)) == cleaned


def test_coordinates_come_back_as_lists_of_floats():
    cleaned = parse_geojson({"type": "LineString", "coordinates": [[120, 28], [121, 29]]})

    assert cleaned == {"type": "LineString", "coordinates": [[120.0, 28.0], [121.0, 29.0]]}
    assert all(isinstance(position, list) for position in cleaned["coordinates"])


def test_a_feature_gives_its_geometry():
    feature = {"type": "Feature", "properties": {"name": "东门"}, "geometry": point()}

    assert parse_geojson(feature, expected=GeometryType.POINT) == point()


@pytest.mark.parametrize("text", [json.dumps(square()), json.dumps(square()).encode()], ids=["str", "bytes"])
def test_json_text_is_parsed(text):
    assert parse_geojson(text, expected=GeometryType.POLYGON) == square()


def test_a_feature_as_json_text_is_parsed():
    text = json.dumps({"type": "Feature", "properties": {}, "geometry": line()})

    assert parse_geojson(text) == line()


def test_a_third_dimension_is_dropped():
    assert parse_geojson({"type": "Point", "coordinates": [LON, LAT, 12.5]}) == point()


def test_an_unclosed_polygon_ring_is_closed():
    x, y = LON, LAT
    open_ring = {"type": "Polygon", "coordinates": [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001]]]}

    assert parse_geojson(open_ring) == square()


def test_a_polygon_with_a_hole_is_accepted():
    outer = square(size=0.01)["coordinates"][0]
    hole = square(dx=0.004, dy=0.004, size=0.002)["coordinates"][0][::-1]
    polygon = {"type": "Polygon", "coordinates": [outer, hole]}

    assert parse_geojson(polygon, expected=GeometryType.POLYGON) == polygon


@pytest.mark.parametrize("position", [[-180, -90], [180, 90]])
def test_the_edges_of_the_world_are_in_range(position):
    assert parse_geojson({"type": "Point", "coordinates": position})["coordinates"] == [float(x) for x in position]


# --- Refused input: each says what is wrong, with a code -----------------------------------


@pytest.mark.parametrize("text", ["{bad", '{"type": "Point", "coordinates": [1, 2]', "", b"\xff\xfe"])
def test_malformed_json_is_refused(text):
    error = refusal(text)

    assert error.code == "json"
    assert message(error).startswith("The geometry is not valid JSON: ")


@pytest.mark.parametrize(
    "value",
    [[120.05, 28.9], "[120.05, 28.9]", '"Point"', "42", 42, None],
    ids=["list", "list-text", "string-text", "number-text", "number", "None"],
)
def test_anything_but_an_object_is_refused(value):
    error = refusal(value)

    assert error.code == "not_object"
    assert message(error) == "The geometry must be a GeoJSON object."


@pytest.mark.parametrize(
    "feature",
    [{"type": "Feature", "properties": {}}, {"type": "Feature", "properties": {}, "geometry": None}],
    ids=["missing", "null"],
)
def test_a_feature_without_geometry_is_refused(feature):
    error = refusal(feature)

    assert error.code == "no_geometry"
    assert message(error) == "The GeoJSON feature has no geometry."


@pytest.mark.parametrize(
    "geojson, named",
    [
        ({"type": "GeometryCollection", "geometries": [point()]}, "'GeometryCollection'"),
        ({"type": "Circle", "coordinates": [LON, LAT], "radius": 10}, "'Circle'"),
        ({"type": "FeatureCollection", "features": []}, "'FeatureCollection'"),
        ({"type": "point", "coordinates": [LON, LAT]}, "'point'"),
        ({"coordinates": [LON, LAT]}, "None"),
    ],
    ids=["GeometryCollection", "Circle", "FeatureCollection", "lowercase", "no-type"],
)
def test_unsupported_types_are_refused_by_name(geojson, named):
    error = refusal(geojson)

    assert error.code == "type"
    assert message(error) == f"Unsupported geometry type {named}: use a point, a line or a polygon."


@pytest.mark.parametrize("bad_type", [["Point"], {"name": "Point"}], ids=["list", "object"])
def test_an_unhashable_type_is_refused_not_crashed_on(bad_type):
    error = refusal({"type": bad_type, "coordinates": [LON, LAT]})

    assert error.code == "type"


@pytest.mark.parametrize(
    "geojson, geojson_type",
    [
        ({"type": "Point", "coordinates": [LON]}, "Point"),
        ({"type": "Point", "coordinates": ["east", "north"]}, "Point"),
        ({"type": "Point", "coordinates": "120.05,28.9"}, "Point"),
        ({"type": "Point"}, "Point"),
        ({"type": "LineString", "coordinates": [[LON, LAT]]}, "LineString"),
        ({"type": "LineString", "coordinates": [LON, LAT]}, "LineString"),
        ({"type": "Polygon", "coordinates": [[[LON, LAT], [LON + 0.001, LAT + 0.001]]]}, "Polygon"),
        ({"type": "Polygon", "coordinates": [[LON, LAT], [LON + 0.001, LAT], [LON, LAT + 0.001]]}, "Polygon"),
        ({"type": "MultiPolygon", "coordinates": [[[[LON, LAT], [LON + 0.001, LAT]]]]}, "MultiPolygon"),
    ],
    ids=[
        "point-one-number",
        "point-words",
        "point-string",
        "point-no-coordinates",
        "line-one-position",
        "line-flat",
        "ring-two-positions",
        "polygon-missing-ring-level",
        "multipolygon-ring-two-positions",
    ],
)
def test_malformed_coordinates_are_refused(geojson, geojson_type):
    error = refusal(geojson)

    assert error.code == "coordinates"
    assert message(error) == f"The coordinates of the {geojson_type} are malformed."


@pytest.mark.parametrize(
    "geojson",
    [
        {"type": "Point", "coordinates": []},
        {"type": "MultiPoint", "coordinates": []},
        {"type": "LineString", "coordinates": []},
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": []},
    ],
    ids=["Point", "MultiPoint", "LineString", "Polygon", "MultiPolygon"],
)
def test_empty_geometries_are_refused(geojson):
    # shapely builds these without complaint, as empty geometries; the code refuses them.
    error = refusal(geojson)

    assert error.code == "empty"
    assert message(error) == "The geometry is empty."


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": [float("nan"), LAT]},
        {"type": "Point", "coordinates": [LON, float("inf")]},
        {"type": "LineString", "coordinates": [[LON, LAT], [float("-inf"), LAT]]},
        '{"type": "Point", "coordinates": [NaN, 28.9]}',
        '{"type": "Point", "coordinates": [120.05, Infinity]}',
        '{"type": "Point", "coordinates": [1e400, 28.9]}',
    ],
    ids=["nan", "inf", "line-minus-inf", "NaN-text", "Infinity-text", "overflow-text"],
)
def test_coordinates_that_are_not_finite_numbers_are_refused(value):
    error = refusal(value)

    assert error.code == "coordinates"
    assert message(error) == "The geometry has coordinates that are not numbers."


@pytest.mark.parametrize(
    "geojson",
    [
        {"type": "Point", "coordinates": [LON, 91]},
        {"type": "Point", "coordinates": [LON, -90.0001]},
        {"type": "Point", "coordinates": [181, LAT]},
        {"type": "Point", "coordinates": [-180.5, LAT]},
        # Latitude first, the commonest slip: 120.05 is no latitude.
        {"type": "Point", "coordinates": [LAT, LON]},
        {"type": "LineString", "coordinates": [[LON, LAT], [LON, 91]]},
    ],
    ids=["lat-91", "lat-below-90", "lon-181", "lon-below-180", "lat-lon-swapped", "line-lat-91"],
)
def test_coordinates_out_of_range_are_refused(geojson):
    error = refusal(geojson)

    assert error.code == "range"
    assert "latitude within ±90" in message(error)
    assert "longitude must be within ±180" in message(error)
    assert "longitude first" in message(error)


def test_a_self_intersecting_polygon_is_refused_with_the_reason():
    x, y, d = LON, LAT, 0.001
    bow_tie = {"type": "Polygon", "coordinates": [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]]}

    error = refusal(bow_tie)

    assert error.code == "invalid"
    assert message(error).startswith("The geometry is not valid: ")
    assert "self-intersection" in message(error).lower()


def test_overlapping_parts_of_a_multipolygon_are_refused():
    overlapping = {
        "type": "MultiPolygon",
        "coordinates": [square(size=0.002)["coordinates"], square(dx=0.001, dy=0.001, size=0.002)["coordinates"]],
    }

    error = refusal(overlapping)

    assert error.code == "invalid"
    assert "self-intersection" in message(error).lower()


@pytest.mark.parametrize(
    "geojson",
    [
        {"type": "Polygon", "coordinates": [[[LON, LAT], [LON + 0.001, LAT], [LON, LAT]]]},
        {"type": "LineString", "coordinates": [[LON, LAT], [LON, LAT]]},
    ],
    ids=["ring-of-three", "line-of-one-place"],
)
def test_degenerate_geometries_are_refused_as_invalid(geojson):
    error = refusal(geojson)

    assert error.code == "invalid"
    assert "Too few points" in message(error)


@pytest.mark.parametrize(
    "geojson, expected, expected_label, actual_label",
    [
        (point(), GeometryType.LINE, "line", "point"),
        (line(), GeometryType.POLYGON, "polygon", "line"),
        (square(), GeometryType.POINT, "point", "polygon"),
        (MULTI_POINT, GeometryType.POLYGON, "polygon", "point"),
        ({"type": "Feature", "geometry": line()}, GeometryType.POINT, "point", "line"),
    ],
    ids=["point-for-line", "line-for-polygon", "polygon-for-point", "multipoint-for-polygon", "feature"],
)
def test_the_wrong_geometry_family_is_refused(geojson, expected, expected_label, actual_label):
    error = refusal(geojson, expected=expected)

    assert error.code == "wrong_type"
    assert message(error) == f"Expected a {expected_label} geometry, got a {actual_label}."


def test_json_nested_thousands_deep_is_refused_not_a_crash():
    with pytest.raises(ValidationError) as caught:
        parse_geojson('{"type": "Point", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}")
    assert caught.value.code == "json"
    nested: list = []
    for _ in range(5000):
        nested = [nested]
    with pytest.raises(ValidationError) as caught:
        parse_geojson({"type": "Point", "coordinates": nested})
    assert caught.value.code == "coordinates"
