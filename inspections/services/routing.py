"""Who answers for a place: the zone that holds a point, and the party a finding goes to.

A finding is routed by place, in this order (ARCHITECTURE.md, "How data flows"):
1. the door-pledge unit whose frontage is nearest, within DOOR_UNIT_RADIUS_M
   (nearest_door_unit: frontage.services.nearest_unit; an active unit only);
2. for an asset, its crew: the crew whose plans target it (an active PlanTarget of a
   plan that is not a crew's corrective one); if several crews do, the first by code;
3. else the lead department of the responsibility zone.

The zone of a finding is its asset's (the registry says which zone answers for it);
without an asset, the zone whose boundary holds the point; when none does (a point just
outside the mapped zones, or a zone with no boundary drawn), the nearest by geodesic
distance (the registry's rule, ``Zone.objects.containing``, measured by
``assets.geometry.distance_m``).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assets.choices import GeometryType
from assets.geometry import parse_geojson, position
from assets.models import Asset, Department, Zone
from frontage import services as frontage
from frontage.models import Unit
from maintenance.models import Crew, PlanTarget

# A door-pledge unit is the party when its frontage is this close to the point.
DOOR_UNIT_RADIUS_M = 5.0


@dataclass(frozen=True)
class Party:
    """Who answers for a finding: a crew, a department or a door unit (one of them)."""

    crew: Crew | None = None
    department: Department | None = None
    unit: Unit | None = None

    def __str__(self):
        if self.unit is not None:
            return self.unit.name
        return str(self.crew or self.department or "—")

    def count(self) -> int:
        return sum(part is not None for part in (self.crew, self.department, self.unit))


def parse_point(point) -> dict:
    """A GeoJSON point (dict or text), validated; or a clear ValidationError."""
    if point is None:
        raise ValidationError(_("Give the place of the finding on the map."), code="point_missing")
    return parse_geojson(point, expected=GeometryType.POINT)


def place_of(point, asset: Asset | None = None) -> dict:
    """A finding's point: the one given (validated), else a point of its asset (its middle)."""
    if point is None and asset is not None:
        lat, lon = position(asset.geometry)
        return {"type": "Point", "coordinates": [lon, lat]}
    return parse_point(point)


def zone_containing(point: dict) -> Zone:
    """The zone whose boundary holds the point (the first by code, where they overlap),
    else the nearest zone with a boundary (``Zone.objects.containing``)."""
    zone = Zone.objects.select_related("lead").containing(point)
    if zone is None:
        raise ValidationError(
            _("No responsibility zone has a boundary on the map: draw the zones first, or name the asset."),
            code="no_zone",
        )
    return zone


def zone_for(point: dict, asset: Asset | None = None) -> Zone:
    """The finding's responsibility zone: its asset's, else the one of its point."""
    if asset is not None:
        return asset.zone
    return zone_containing(point)


def asset_crews(asset: Asset):
    """The crews whose plans target the asset now, by code."""
    targeting = PlanTarget.objects.filter(asset=asset, active=True, plan__corrective=False)
    return Crew.objects.filter(pk__in=targeting.values("plan__crew")).order_by("code")


def nearest_door_unit(point: dict) -> Unit | None:
    """The active door-pledge unit whose frontage is nearest to the point within
    DOOR_UNIT_RADIUS_M, or None (inspections sits above frontage: docs/architecture.md)."""
    return frontage.nearest_unit(point, within_m=DOOR_UNIT_RADIUS_M)


def suggest_party(point, asset: Asset | None = None) -> Party:
    """The party a finding at ``point`` (about ``asset``, if any) goes to by default."""
    point = parse_point(point)
    unit = nearest_door_unit(point)
    if unit is not None:
        return Party(unit=unit)
    if asset is not None:
        crew = asset_crews(asset).first()
        if crew is not None:
            return Party(crew=crew)
    return Party(department=zone_for(point, asset).lead)


def check_party(zone: Zone, asset: Asset | None, party: Party, point: dict | None = None) -> None:
    """Refuse a party outside the responsibility map: a department that neither leads nor
    assists the zone (nor answers for the asset), a crew that neither works on the asset
    nor belongs to such a department, a door unit closed, or neither of the zone nor
    within DOOR_UNIT_RADIUS_M of the point (a unit across a zone's edge still answers
    for its own frontage)."""
    if party.count() != 1:
        raise ValidationError(_("Choose one party: a crew, a department or a door unit."), code="party")
    if party.unit is not None:
        _check_unit(zone, party.unit, point)
        return
    departments = {zone.lead_id, *zone.assisting.values_list("pk", flat=True)}
    if asset is not None:
        departments.add(asset.department_id)
    if party.department is not None:
        if party.department.pk in departments:
            return
        raise ValidationError(
            _("%(party)s neither leads nor assists %(zone)s: it does not answer for this place."),
            code="party_outside_map",
            params={"party": party.department, "zone": zone},
        )
    if party.crew.department_id in departments:
        return
    if asset is not None and asset_crews(asset).filter(pk=party.crew.pk).exists():
        return
    raise ValidationError(
        _("%(party)s does not work on this asset, nor belongs to a department that answers for %(zone)s."),
        code="party_outside_map",
        params={"party": party.crew, "zone": zone},
    )


def _check_unit(zone: Zone, unit: Unit, point: dict | None) -> None:
    if not unit.active:
        raise ValidationError(
            _("%(party)s is closed: it no longer answers for a frontage."),
            code="party_inactive",
            params={"party": unit.name},
        )
    if unit.zone_id == zone.pk:
        return
    if point is not None and frontage.distance_to_unit_m(point, unit) <= DOOR_UNIT_RADIUS_M:
        return
    raise ValidationError(
        _("%(party)s is a door unit of another zone, and its frontage is not at this place."),
        code="party_outside_map",
        params={"party": unit.name},
    )
