"""The door unit nearest to a place (frontage.services.nearest_unit), as inspections'
routing asks for it: by the exact geodesic distance to the frontage line, within a radius."""

import pytest

from frontage.services import distance_to_unit_m, nearest_unit
from tests.factories import UnitFactory, line, point

pytestmark = pytest.mark.django_db

# 0.00001° of latitude is about 1.1 m.
METRE = 0.00001 / 1.107


def test_the_distance_is_to_the_frontage_line_in_geodesic_metres():
    unit = UnitFactory(location=point(dy=20 * METRE), frontage=line(length=0.0003))
    assert distance_to_unit_m(point(dx=0.0001, dy=-3 * METRE), unit) == pytest.approx(3, abs=0.05)
    assert distance_to_unit_m(point(dx=0.0001), unit) == 0.0


def test_a_unit_without_frontage_is_measured_to_its_point():
    unit = UnitFactory(location=point(), frontage=None)
    assert distance_to_unit_m(point(dy=4 * METRE), unit) == pytest.approx(4, abs=0.05)


def test_the_nearest_within_the_radius_wins():
    far = UnitFactory(code="a-far", frontage=line(dy=4 * METRE, length=0.0003))
    near = UnitFactory(code="b-near", frontage=line(dy=-2 * METRE, length=0.0003))
    UnitFactory(code="c-away", frontage=line(dy=-30 * METRE, length=0.0003))

    assert nearest_unit(point(dx=0.0001), within_m=5) == near
    assert nearest_unit(point(dx=0.0001, dy=5 * METRE), within_m=5) == far
    assert nearest_unit(point(dx=0.0001, dy=20 * METRE), within_m=5) is None


def test_ties_go_to_the_first_by_code_and_inactive_units_are_left_out():
    second = UnitFactory(code="b", frontage=line(dy=3 * METRE, length=0.0003))
    first = UnitFactory(code="a", frontage=line(dy=-3 * METRE, length=0.0003))
    assert nearest_unit(point(dx=0.0001), within_m=5) == first

    first.active = False
    first.save()
    assert nearest_unit(point(dx=0.0001), within_m=5) == second


def test_a_long_frontage_far_from_its_point_is_found_by_its_line():
    # The box of the unit holds its whole frontage, so a point near the line's far end is found.
    unit = UnitFactory(location=point(), frontage=line(length=0.002))
    assert nearest_unit(point(dx=0.0019, dy=2 * METRE), within_m=5) == unit
