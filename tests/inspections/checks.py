"""Many re-inspections at once, for the inspectors' Today: copies of a closed finding at
other places, each with one scheduled check on the given day (rows inserted in bulk)."""

import datetime

from inspections.models import Finding, Reinspection
from tests.factories import LAT, LON


def make_checks(closed: Finding, dues: list[datetime.date], *, zone=None, dx: float = 0.0) -> list[Reinspection]:
    """One closed copy of ``closed`` per due date, 0.0001° apart (east of ``dx``), each
    with its re-inspection scheduled that day."""
    copies = []
    for index, _due in enumerate(dues):
        lon, lat = LON + dx + 0.0001 * index, LAT + 0.005
        copies.append(
            Finding(
                category_id=closed.category_id,
                point={"type": "Point", "coordinates": [lon, lat]},
                lon=lon,
                lat=lat,
                zone=zone or closed.zone,
                description=f"Copy {index}",
                status=closed.status,
                crew_id=closed.crew_id,
                department_id=closed.department_id,
                dispatched=closed.dispatched,
                deadline=closed.deadline,
                disposed=closed.disposed,
                closed=closed.closed,
                reinspections_scheduled=closed.closed,
            )
        )
    Finding.objects.bulk_create(copies)
    return Reinspection.objects.bulk_create(
        [Reinspection(finding=copy, offset=7, due=due) for copy, due in zip(copies, dues, strict=True)]
    )


def make_door_checks(zone, dues: list[datetime.date], *, dx: float = 0.0) -> list:
    """One door unit (frontage) of ``zone`` per due date, 0.0001° apart (east of ``dx``),
    each with an ad-hoc open door check due that day (rows inserted in bulk)."""
    from frontage.models import Check, Unit

    units = []
    first = Unit.objects.count()
    for index, _due in enumerate(dues):
        unit = Unit(
            code=f"D-{first + index:05d}",
            name=f"门店{first + index}",
            kind="shop",
            zone=zone,
            location={"type": "Point", "coordinates": [LON + dx + 0.0001 * index, LAT + 0.004]},
        )
        unit.measure()
        units.append(unit)
    Unit.objects.bulk_create(units)
    return Check.objects.bulk_create([Check(unit=unit, due=due) for unit, due in zip(units, dues, strict=True)])
