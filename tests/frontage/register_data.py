"""Many door units at once for the register's query-count tests: bulk_create skips
Unit.save, so each is measured first."""

from frontage.models import Pledge, Unit
from tests.factories import ZoneFactory, line, point

RATINGS = ["green", "yellow", "red", "unrated"]


def make_units(count: int, zone=None, road=None) -> list[Unit]:
    """``count`` units of one zone, every fourth rating, every other with an active pledge."""
    zone = zone or ZoneFactory()
    units = []
    for index in range(count):
        unit = Unit(
            code=f"BU-{index:05d}",
            name=f"批量商铺{index}",
            kind="shop",
            zone=zone,
            road=road,
            rating=RATINGS[index % 4],
            location=point(dx=index * 0.00001),
            frontage=line(dx=index * 0.00001, length=0.00001),
            contact_name="李四",
            contact_phone="13800001111",
        )
        unit.measure()
        units.append(unit)
    units = Unit.objects.bulk_create(units)
    Pledge.objects.bulk_create(
        Pledge(
            unit=unit,
            starts="2026-01-01",
            ends="2026-12-31",
            sanitation="门前整洁",
            greening="爱护绿化",
            order="不出店经营",
            signed="2025-12-20",
            status="active",
        )
        for unit in units[::2]
    )
    return units
