"""GeoJSON geometry: parsed, validated and measured here, once, for the whole project.

Geometries are GeoJSON in WGS84 (EPSG:4326, longitude first). shapely checks the shape,
pyproj measures it on the WGS84 ellipsoid, so areas and lengths are true metres whatever
the latitude. No GeoDjango, so nothing here needs the system GDAL.
"""

import json
from dataclasses import dataclass
from typing import Any

import numpy
import shapely
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pyproj import Geod
from shapely.geometry import mapping, shape
from shapely.ops import nearest_points
from shapely.validation import explain_validity

from .choices import GeometryType

GEOD = Geod(ellps="WGS84")

GEOJSON_TYPES = {
    "Point": GeometryType.POINT,
    "MultiPoint": GeometryType.POINT,
    "LineString": GeometryType.LINE,
    "MultiLineString": GeometryType.LINE,
    "Polygon": GeometryType.POLYGON,
    "MultiPolygon": GeometryType.POLYGON,
}

# How deep each type's positions are nested in its "coordinates".
POSITION_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


@dataclass(frozen=True)
class Measurement:
    """What the registry stores beside a geometry: its size and its bounding box."""

    area_m2: float | None
    length_m: float | None
    bbox: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def parse_geojson(value: Any, expected: GeometryType | None = None) -> dict:
    """Return the geometry as a clean GeoJSON dict, or raise ValidationError saying why.

    Accepts a GeoJSON geometry or a Feature, as a dict or as JSON text.
    """
    if isinstance(value, str | bytes):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationError(
                _("The geometry is not valid JSON: %(error)s"), code="json", params={"error": exc}
            ) from exc
        except RecursionError as exc:  # thousands of nested brackets
            raise ValidationError(_("The geometry's JSON is nested too deeply."), code="json") from exc
    if not isinstance(value, dict):
        raise ValidationError(_("The geometry must be a GeoJSON object."), code="not_object")
    if value.get("type") == "Feature":
        value = value.get("geometry")
        if not isinstance(value, dict):
            raise ValidationError(_("The GeoJSON feature has no geometry."), code="no_geometry")
    geojson_type = value.get("type")
    if not isinstance(geojson_type, str) or geojson_type not in GEOJSON_TYPES:
        raise ValidationError(
            _("Unsupported geometry type %(type)s: use a point, a line or a polygon."),
            code="type",
            params={"type": repr(geojson_type)},
        )
    # Counted first, cheaply: checking and shaping 200,000 positions takes seconds.
    vertices = _count_positions(value.get("coordinates"), POSITION_DEPTH[geojson_type])
    if vertices > settings.GEOMETRY_MAX_VERTICES:
        raise ValidationError(
            _("The geometry has %(count)s vertices; at most %(limit)s are allowed. Simplify it and try again."),
            code="vertices",
            params={"count": f"{vertices:,}", "limit": f"{settings.GEOMETRY_MAX_VERTICES:,}"},
        )
    try:
        numeric = _numeric_positions(value.get("coordinates"))
    except RecursionError:
        numeric = False
    if not numeric:
        raise ValidationError(
            _("The coordinates of the %(type)s are malformed."), code="coordinates", params={"type": geojson_type}
        )
    try:
        geom = shape(value)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ValidationError(
            _("The coordinates of the %(type)s are malformed."), code="coordinates", params={"type": geojson_type}
        ) from exc
    if geom.is_empty:
        raise ValidationError(_("The geometry is empty."), code="empty")
    coords = shapely.get_coordinates(geom)
    if not numpy.isfinite(coords).all():
        raise ValidationError(_("The geometry has coordinates that are not numbers."), code="coordinates")
    lons, lats = coords[:, 0], coords[:, 1]
    if (abs(lons) > 180).any() or (abs(lats) > 90).any():
        raise ValidationError(
            _("Coordinates out of range: longitude must be within ±180, latitude within ±90 (longitude first)."),
            code="range",
        )
    # RFC 7946 winding (exteriors counter-clockwise, holes clockwise): exports from
    # shapefiles wind the other way, and the geodesic area sums signed rings.
    geom = shapely.orient_polygons(shapely.force_2d(geom))
    if not geom.is_valid:
        raise ValidationError(
            _("The geometry is not valid: %(reason)s"), code="invalid", params={"reason": explain_validity(geom)}
        )
    if expected is not None and GEOJSON_TYPES[geojson_type] != expected:
        raise ValidationError(
            _("Expected a %(expected)s geometry, got a %(actual)s."),
            code="wrong_type",
            params={"expected": expected.label, "actual": GEOJSON_TYPES[geojson_type].label},
        )
    # Round-trip through JSON so that tuples become lists: stored and compared as plain JSON.
    return json.loads(json.dumps(mapping(geom)))


def _count_positions(coordinates: Any, depth: int) -> int:
    """How many positions the coordinates hold, nested ``depth`` lists deep (malformed
    parts count as none: _numeric_positions refuses them)."""
    if depth == 0:
        return 1
    if not isinstance(coordinates, list):
        return 0
    if depth == 1:
        return len(coordinates)
    return sum(_count_positions(part, depth - 1) for part in coordinates)


def _numeric_positions(coordinates: Any) -> bool:
    """True if every leaf of the nested coordinate lists is a number (RFC 7946 positions)."""
    if isinstance(coordinates, list | tuple):
        return all(_numeric_positions(item) for item in coordinates)
    return isinstance(coordinates, int | float) and not isinstance(coordinates, bool)


def geometry_type(geojson: dict) -> GeometryType:
    return GEOJSON_TYPES[geojson["type"]]


def measure(geojson: dict) -> Measurement:
    """Geodesic area (m², polygons), length (m: lines, or a polygon's perimeter) and bbox."""
    geom = shapely.orient_polygons(shape(geojson))
    kind = geometry_type(geojson)
    area = length = None
    if kind == GeometryType.POLYGON:
        signed_area, length = GEOD.geometry_area_perimeter(geom)
        area = abs(signed_area)
    elif kind == GeometryType.LINE:
        length = GEOD.geometry_length(geom)
    return Measurement(area_m2=area, length_m=length, bbox=tuple(geom.bounds))


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """Parse a map's ``west,south,east,north`` query parameter, or raise ValidationError."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError(_("bbox must be four numbers: west,south,east,north."), code="bbox") from None
    if not all(numpy.isfinite([west, south, east, north])):
        raise ValidationError(_("bbox must be four numbers: west,south,east,north."), code="bbox")
    if west > east or south > north or max(abs(west), abs(east)) > 360 or max(abs(south), abs(north)) > 90:
        raise ValidationError(
            _("bbox is out of order or out of range: west,south,east,north in WGS84 degrees."), code="bbox"
        )
    return west, south, east, north


# Map zoom levels a client may ask for (Web Mercator; tiles go to 19 or so).
MAX_ZOOM = 24


def parse_zoom(value: str) -> int:
    """Parse a map's ``zoom`` query parameter (a whole number), or raise ValidationError."""
    try:
        zoom = int(value)
    except ValueError:
        zoom = -1
    if not 0 <= zoom <= MAX_ZOOM:
        raise ValidationError(
            _("zoom must be a whole number from 0 to %(max)s."), code="zoom", params={"max": MAX_ZOOM}
        )
    return zoom


def zoom_tolerance(zoom: int) -> float:
    """One screen pixel at ``zoom``, in degrees of longitude: 256-pixel tiles, 2^zoom of
    them around the world. Leaflet itself smooths lines to about one pixel."""
    return 360 / (256 * 2**zoom)


def simplify_for_zoom(geometries: list[dict], zoom: int) -> list[dict]:
    """The geometries as a map at ``zoom`` can show them: lines and polygons simplified
    (Douglas-Peucker, keeping topology) to within a pixel, points as they are. A geometry
    that would come out invalid or empty is sent as it is."""
    tolerance = zoom_tolerance(zoom)
    shaped = [
        (index, shape(geojson))
        for index, geojson in enumerate(geometries)
        if GEOJSON_TYPES.get(geojson.get("type")) not in (None, GeometryType.POINT)
    ]
    if not shaped:
        return list(geometries)
    originals = numpy.array([geom for _, geom in shaped], dtype=object)
    simpler = shapely.simplify(originals, tolerance, preserve_topology=True)
    fewer = shapely.get_num_coordinates(simpler) < shapely.get_num_coordinates(originals)
    usable = fewer & shapely.is_valid(simpler) & ~shapely.is_empty(simpler)
    result = list(geometries)
    for (index, _geom), simplified, use in zip(shaped, simpler, usable, strict=True):
        if use:
            result[index] = mapping(simplified)
    return result


def position(geojson: dict) -> tuple[float, float] | None:
    """(lat, lon) to go to: the point itself, the middle of a line (a road segment), a
    point inside a polygon; None for a geometry that is not one."""
    try:
        geom = shape(geojson)
        if geom.geom_type == "Point":
            point = geom
        elif geom.geom_type in ("LineString", "MultiLineString"):
            point = geom.interpolate(0.5, normalized=True)
        else:
            point = geom.representative_point()
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    if point.is_empty:
        return None
    return point.y, point.x


def distance_m(a: dict, b: dict) -> float:
    """Metres between the nearest points of two GeoJSON geometries (0 where they meet):
    the nearest points found in degrees (shapely), the distance between them measured on
    the WGS84 ellipsoid (pyproj). Routing, the door units' frontages and the register's
    suggestions all measure with it."""
    first, second = shape(a), shape(b)
    if first.intersects(second):
        return 0.0
    here, there = nearest_points(first, second)
    _forward, _back, metres = GEOD.inv(here.x, here.y, there.x, there.y)
    return metres
