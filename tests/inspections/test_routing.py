"""Routing a finding by place: its zone (the asset's; the boundary holding the point; the
nearest), the party suggested (the door unit whose frontage is within 5 m, else the
asset's crew, else the zone's lead), and parties outside the responsibility map refused."""

import pytest
from django.core.exceptions import ValidationError

from assets.geometry import distance_m
from inspections import services
from inspections.choices import FindingStatus
from inspections.models import Finding
from tests.factories import DepartmentFactory, UnitFactory, line, point
from tests.inspections.conftest import ROADS_SQUARE
from tests.maintenance.factories import CrewFactory, equipment
from tests.maintenance.plan_pages import make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def test_a_point_inside_a_boundary_is_in_that_zone(zones):
    roads, villages = zones

    assert services.zone_containing(point(0.005, 0.005)) == roads
    assert services.zone_containing(point(0.025, 0.005)) == villages


def test_a_point_outside_every_boundary_goes_to_the_nearest_zone(zones):
    roads, villages = zones

    # Between the two squares (0.010 and 0.020 east): nearer the villages at 0.017.
    assert services.zone_containing(point(0.017, 0.005)) == villages
    assert services.zone_containing(point(0.012, 0.005)) == roads


def test_the_distance_to_a_boundary_is_geodesic_metres(roads):
    assert distance_m(point(0.005, 0.005), ROADS_SQUARE) == 0.0
    # 0.001° of longitude at 28.905° N: 97.5 m on the WGS84 ellipsoid.
    assert distance_m(point(0.011, 0.005), ROADS_SQUARE) == pytest.approx(97.5, abs=0.1)


def test_without_any_boundary_the_point_cannot_be_placed(db, english):
    with pytest.raises(ValidationError) as caught:
        services.zone_containing(point())
    assert caught.value.messages == [
        "No responsibility zone has a boundary on the map: draw the zones first, or name the asset."
    ]


def test_an_assets_zone_is_the_registrys(zones, litter_bin, villages):
    # Even registered with a point in the villages' square, a finding about the bin is the roads zone's.
    assert services.zone_for(point(0.025, 0.005), litter_bin) == litter_bin.zone


def test_an_asset_goes_to_the_crew_whose_plan_targets_it(zones, litter_bin, sweeping, sanitation):
    assert services.suggest_party(point(0.002, 0.002), litter_bin) == services.Party(crew=sanitation)


def test_of_several_crews_the_first_by_code(zones, litter_bin, sweeping, municipal):
    other = CrewFactory(code="a-early", department=municipal)
    make_plan(other, [litter_bin], name="Watering")

    assert services.suggest_party(point(0.002, 0.002), litter_bin) == services.Party(crew=other)


def test_an_asset_no_crew_works_on_goes_to_the_zones_lead(zones, litter_bin, municipal):
    assert services.suggest_party(point(0.002, 0.002), litter_bin) == services.Party(department=municipal)


def test_a_place_goes_to_the_lead_of_the_zone_that_holds_it(zones, social, municipal):
    assert services.suggest_party(point(0.025, 0.005)) == services.Party(department=social)
    assert services.suggest_party(point(0.005, 0.005)) == services.Party(department=municipal)


def test_a_place_between_zones_goes_to_the_nearest_lead(zones, social):
    assert services.suggest_party(point(0.018, 0.005)) == services.Party(department=social)


# --- The responsibility map ----------------------------------------------------------------


def test_the_assisting_department_may_be_chosen(finding, inspector, law):
    services.dispatch(finding, inspector, department=law)

    assert Finding.objects.get(pk=finding.pk).department == law


def test_a_department_outside_the_map_is_refused(finding, inspector, economic):
    with pytest.raises(ValidationError) as caught:
        services.dispatch(finding, inspector, department=economic)

    assert caught.value.code == "party_outside_map"
    assert caught.value.messages == [
        "Economic Development Bureau neither leads nor assists 道路及绿化: it does not answer for this place."
    ]
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.REGISTERED
    assert finding.steps.count() == 1


def test_a_crew_of_another_department_is_refused(finding, inspector, economic):
    crew = CrewFactory(code="greens", name_en="Greens crew", department=economic)

    with pytest.raises(ValidationError) as caught:
        services.dispatch(finding, inspector, crew=crew)

    assert caught.value.messages == [
        "Greens crew does not work on this asset, nor belongs to a department that answers for 道路及绿化."
    ]


def test_a_crew_of_the_leading_department_may_be_chosen(finding, inspector, sanitation):
    services.dispatch(finding, inspector, crew=sanitation)

    row = Finding.objects.get(pk=finding.pk)
    # No asset: no corrective order, the crew disposes on the finding itself.
    assert (row.crew, row.department, row.work_order) == (sanitation, None, None)


def test_the_assets_own_crew_may_be_chosen_whatever_its_department(inspector, rubbish, zones, economic):
    machine = equipment(code="EQ-9", zone=zones[0], geometry=point(0.003, 0.003))
    crew = CrewFactory(code="plant", department=economic)
    make_plan(crew, [machine])
    finding = services.register(inspector, rubbish, "Spill by the machine", asset=machine)

    services.dispatch(finding, inspector, crew=crew)

    assert Finding.objects.get(pk=finding.pk).crew == crew


def test_the_assets_department_may_be_chosen(inspector, rubbish, zones):
    owner = DepartmentFactory(code="owner")
    machine = equipment(code="EQ-8", zone=zones[0], department=owner, geometry=point(0.003, 0.003))
    finding = services.register(inspector, rubbish, "Spill", asset=machine)

    services.dispatch(finding, inspector, department=owner)

    assert Finding.objects.get(pk=finding.pk).department == owner


def test_two_parties_at_once_are_refused(finding, inspector, sanitation, municipal):
    with pytest.raises(ValidationError, match="Choose one party: a crew, a department or a door unit."):
        services.dispatch(finding, inspector, crew=sanitation, department=municipal)


# --- Routing by frontage ---------------------------------------------------------------------

# About one metre north, in degrees of latitude.
METRE = 0.00001 / 1.107


def shop(roads, metres_north: float, **fields):
    """A shop in the roads zone whose 30 m frontage runs east–west ``metres_north`` of the bin."""
    return UnitFactory(
        zone=roads, location=point(0.0021, 0.002 + (metres_north + 4) * METRE),
        frontage=line(0.0019, 0.002 + metres_north * METRE, length=0.0003), **fields,
    )  # fmt: skip


def test_a_door_unit_within_five_metres_wins_over_the_crew_and_the_zone(zones, litter_bin, sweeping):
    unit = shop(zones[0], 4.5)

    assert services.suggest_party(point(0.002, 0.002), litter_bin) == services.Party(unit=unit)
    assert services.suggest_party(point(0.002, 0.002)) == services.Party(unit=unit)


def test_a_door_unit_six_metres_away_does_not(zones, litter_bin, sweeping, sanitation, municipal):
    shop(zones[0], 6)

    assert services.suggest_party(point(0.002, 0.002), litter_bin) == services.Party(crew=sanitation)
    assert services.suggest_party(point(0.002, 0.002)) == services.Party(department=municipal)


def test_a_closed_door_unit_does_not(zones, litter_bin, sweeping, sanitation):
    shop(zones[0], 1, active=False)

    assert services.suggest_party(point(0.002, 0.002), litter_bin) == services.Party(crew=sanitation)


def test_a_finding_at_a_frontage_is_dispatched_to_the_unit(inspector, rubbish, zones):
    unit = shop(zones[0], 2, name="老王五金店")
    finding = services.register(inspector, rubbish, "Boxes before the shop", point=point(0.002, 0.002))

    services.dispatch(finding, inspector)

    row = Finding.objects.get(pk=finding.pk)
    assert (row.status, row.unit, row.crew, row.department, row.work_order) == (
        FindingStatus.DISPATCHED, unit, None, None, None,
    )  # fmt: skip
    assert row.party == unit
    assert "To 老王五金店" in row.steps.last().note
    # A unit has no logins: an inspector disposes on its behalf.
    services.refuse(row, inspector, "Not theirs: a passer-by's")
    assert Finding.objects.get(pk=finding.pk).unit is None


def test_a_closed_unit_is_refused_as_party(finding, inspector, roads):
    unit = UnitFactory(zone=roads, active=False, name="已关店")

    with pytest.raises(ValidationError) as caught:
        services.dispatch(finding, inspector, unit=unit)
    assert caught.value.messages == ["已关店 is closed: it no longer answers for a frontage."]


def test_a_unit_of_another_zone_far_from_the_place_is_refused(finding, inspector, villages):
    unit = UnitFactory(zone=villages, name="村口小卖部")

    with pytest.raises(ValidationError) as caught:
        services.dispatch(finding, inspector, unit=unit)
    assert caught.value.messages == [
        "村口小卖部 is a door unit of another zone, and its frontage is not at this place."
    ]


def test_a_unit_of_another_zone_at_the_place_may_be_chosen(inspector, rubbish, zones):
    # Its frontage runs past the point, though the unit is registered in the villages zone.
    unit = shop(zones[1], 1)
    finding = services.register(inspector, rubbish, "At the edge", point=point(0.002, 0.002))

    services.dispatch(finding, inspector, unit=unit)
    assert Finding.objects.get(pk=finding.pk).unit == unit


def test_the_database_holds_one_party_at_most(finding, sanitation, roads):
    from django.db import IntegrityError, transaction

    unit = UnitFactory(zone=roads)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(crew=sanitation, unit=unit)
