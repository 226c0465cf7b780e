"""The door unit nearest to a place: what inspections asks when it routes a finding
(docs/architecture.md, "inspections and frontage: the direction")."""

import math

from assets.geometry import distance_m

from ..models import Unit

# Metres in a degree of latitude, rounded down: the box is cut a little wider than asked.
METRES_PER_DEGREE = 110_000


def _box(lon: float, lat: float, within_m: float) -> tuple[float, float, float, float]:
    """A box around the point at least ``within_m`` wide each way (twice, to be generous:
    the exact distance decides)."""
    dlat = 2 * within_m / METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def distance_to_unit_m(point: dict, unit: Unit) -> float:
    """Geodesic metres from the point to the unit's frontage line (its point without one)."""
    return distance_m(point, unit.frontage or unit.location)


def nearest_unit(point: dict, within_m: float) -> Unit | None:
    """The active unit whose frontage (or point) is nearest to the GeoJSON point, within
    ``within_m`` metres; of units equally near, the first by code. None when none is."""
    lon, lat = point["coordinates"][:2]
    candidates = Unit.objects.filter(active=True).in_bbox(*_box(lon, lat, within_m)).order_by("code")
    best, best_m = None, None
    for unit in candidates:
        metres = distance_to_unit_m(point, unit)
        if metres <= within_m and (best_m is None or metres < best_m):
            best, best_m = unit, metres
    return best
