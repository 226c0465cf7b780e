"""GeoJSON shapes for the demo data (WGS84, longitude first), always the same ones."""

# Coordinates are rounded to 1e-6° (about 0.1 m) so the stored JSON stays readable.


def _xy(lon: float, lat: float) -> list[float]:
    return [round(lon, 6), round(lat, 6)]


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": _xy(lon, lat)}


def line(*points: tuple[float, float]) -> dict:
    return {"type": "LineString", "coordinates": [_xy(*p) for p in points]}


def polygon(*corners: tuple[float, float]) -> dict:
    """A polygon from its corners, counter-clockwise; the ring is closed here."""
    ring = [_xy(*p) for p in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def rectangle(west: float, south: float, east: float, north: float) -> dict:
    return polygon((west, south), (east, south), (east, north), (west, north))


def _halton(index: int, base: int) -> float:
    """The index-th number of the Halton sequence: evenly spread in [0, 1), no randomness."""
    result, fraction = 0.0, 1.0
    while index > 0:
        fraction /= base
        result += fraction * (index % base)
        index //= base
    return result


def spread(count: int, west: float, south: float, east: float, north: float) -> list[dict]:
    """count points spread evenly (and always the same) over a box, kept off its edges."""
    points = []
    for i in range(1, count + 1):
        x, y = 0.05 + 0.9 * _halton(i, 2), 0.05 + 0.9 * _halton(i, 3)
        points.append(point(west + (east - west) * x, south + (north - south) * y))
    return points
