"""Routing a finding by place: its zone (the asset's; the boundary holding the point; the
nearest), the party suggested (the asset's crew, else the zone's lead), and parties
outside the responsibility map refused."""

import pytest
from django.core.exceptions import ValidationError

from inspections import services
from inspections.choices import FindingStatus
from inspections.models import Finding
from inspections.services.routing import distance_m
from tests.factories import DepartmentFactory, point
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
    with pytest.raises(ValidationError, match="Choose one party: a crew or a department."):
        services.dispatch(finding, inspector, crew=sanitation, department=municipal)
