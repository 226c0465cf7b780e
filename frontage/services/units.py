"""The register's units: adding and changing one (``save_unit``), and what the form
suggests when left empty: the responsibility zone that holds the point and the road
segment the unit fronts.

The zone follows the registry's rule, as findings do (``Zone.objects.containing``): the
zone whose boundary covers the point, the first by code where boundaries overlap, else the
nearest zone with a boundary by geodesic distance.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import shape

from assets.choices import AssetKind, AssetStatus, GeometryType
from assets.geometry import distance_m, parse_geojson
from assets.models import Asset, Zone

from .. import queries
from ..models import Unit

# A road segment is suggested when it is this close to the unit's frontage (or point).
ROAD_RADIUS_M = 50.0
# The first cut of the road search, in degrees: more than 50 m in latitude, and in
# longitude up to about 60° N (where a degree of longitude is 55 km).
ROAD_SEARCH_DEGREES = 0.001

# What a form may set on a unit (the rest is computed, or kept by other workflows), in
# the form's order.
UNIT_FIELDS = (
    "code",
    "name",
    "kind",
    "credit_code",
    "address",
    "location",
    "frontage",
    "zone",
    "road",
    "village",
    "enterprise",
    "contact_name",
    "contact_phone",
    "active",
    "notes",
)


def nearest_road(geometry: dict, within_m: float = ROAD_RADIUS_M) -> Asset | None:
    """The road segment (not retired) nearest to the geometry within ``within_m`` metres
    by geodesic distance, or None."""
    west, south, east, north = shape(geometry).bounds
    pad = ROAD_SEARCH_DEGREES
    candidates = (
        Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT)
        .exclude(status=AssetStatus.RETIRED)
        .in_bbox(west - pad, south - pad, east + pad, north + pad)
        .order_by("code")
    )
    best, best_m = None, within_m
    for road in candidates:
        metres = distance_m(geometry, road.geometry)
        if metres <= best_m:
            best, best_m = road, metres
    return best


def _geometry(value: Any, expected: GeometryType) -> dict | None:
    """The geometry to suggest from, or None when there is none or it is not valid
    (full_clean then says why)."""
    if not value:
        return None
    try:
        return parse_geojson(value, expected=expected)
    except ValidationError:
        return None


def save_unit(unit: Unit | None, data: dict[str, Any], by) -> Unit:
    """Add a unit (``unit`` None) or change one from the form's ``data``: an empty zone
    is the one that holds the point, an empty road segment the nearest within 50 m.
    Validated whole (the credit code, the phone, the geometries, the unique code and
    credit code) before anything is written; a ValidationError names the fields."""
    if not queries.may_manage_register(by):
        raise PermissionDenied(_("Only managers and administrators may change the register."))
    # The suggestions, the checks and the write see one state of the register.
    with transaction.atomic():
        unit = unit or Unit()
        for field in UNIT_FIELDS:
            if field in data:
                setattr(unit, field, data[field])
        location, frontage = _geometry(unit.location, GeometryType.POINT), _geometry(unit.frontage, GeometryType.LINE)
        if location:
            if unit.zone_id is None:
                unit.zone = Zone.objects.containing(location)
            if unit.road_id is None:
                unit.road = nearest_road(frontage or location)
        try:
            unit.full_clean()
        except ValidationError as error:
            errors = error.message_dict
            if "zone" in errors and unit.location and unit.zone_id is None:
                errors["zone"] = [_("No responsibility zone has a boundary on the map: choose the zone.")]
            raise ValidationError(errors) from error
        unit.save()
    return unit
