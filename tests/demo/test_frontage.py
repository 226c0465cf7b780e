"""The door-pledge register's demo (demo.frontage): ~300 units along the demo roads, pledges
in every status, three months of checks and the next ones due, ratings by the rule, and a
second load that changes nothing. The demo is loaded once for the package at NOW
(tests.demo.conftest)."""

import io

from django.core.management import call_command
from django.db.models import Count
from django.utils import translation
from shapely.geometry import shape

from assets.models import Asset
from frontage import credit_code
from frontage.choices import CheckStatus, PledgeStatus, Rating, UnitKind
from frontage.models import EXPIRY_WINDOW_DAYS, Check, CheckPlan, Pledge, Unit
from frontage.services import distance_to_unit_m
from tests.demo.conftest import TODAY


def snapshot() -> dict:
    tables = [Unit, Pledge, CheckPlan, Check]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in tables}


def test_prints_its_summary(loaded):
    output, _generated = loaded
    assert "Demo door units loaded: created 344 units," in output


def test_a_register_of_every_kind_along_the_roads(loaded):
    kinds = dict(Unit.objects.values_list("kind").annotate(Count("pk")))
    assert set(kinds) == set(UnitKind.values)
    assert kinds[UnitKind.MARKET_STALL] == 20
    assert Unit.objects.filter(kind=UnitKind.MARKET_STALL, name__startswith="众发不锈钢市场").count() == 20
    assert Unit.objects.filter(enterprise__isnull=False, kind=UnitKind.ENTERPRISE).count() >= 20
    assert Unit.objects.values("zone").distinct().count() == 5
    for unit in Unit.objects.select_related("road"):
        assert 10 <= unit.frontage_m <= 40 or unit.kind == UnitKind.MARKET_STALL, unit.code
        # The frontage runs along its road segment, a sidewalk's width from its centre line.
        assert 11 <= distance_to_unit_m(_middle(unit), Unit(frontage=unit.road.geometry)) <= 13, unit.code
        if unit.credit_code:
            assert credit_code.validate(unit.credit_code) == unit.credit_code
        assert unit.contact_phone.startswith("139") and len(unit.contact_phone) == 11


def _middle(unit: Unit) -> dict:
    """The middle of the unit's frontage, measured from the road (as a unit's frontage)."""
    middle = shape(unit.frontage).interpolate(0.5, normalized=True)
    return {"type": "Point", "coordinates": [middle.x, middle.y]}


def test_pledges_in_every_status(loaded):
    statuses = dict(Pledge.objects.values_list("status").annotate(Count("pk")))
    assert set(statuses) == set(PledgeStatus.values)
    assert statuses[PledgeStatus.ACTIVE] > sum(statuses.values()) / 2  # most are in force
    expiring = Unit.objects.with_pledge(TODAY).filter(pledge_expiring=True)
    assert expiring.count() >= 10
    assert all(0 <= (unit.pledge_ends - TODAY).days <= EXPIRY_WINDOW_DAYS for unit in expiring)
    assert Pledge.objects.filter(renews__status=PledgeStatus.EXPIRED, status=PledgeStatus.ACTIVE).count() >= 10
    assert not Pledge.objects.filter(status=PledgeStatus.TERMINATED, ended_reason="").exists()
    assert not Pledge.objects.filter(status=PledgeStatus.ACTIVE, ends__lt=TODAY).exists()


def test_three_months_of_checks_and_the_next_ones_due(loaded):
    assert CheckPlan.objects.count() == 5
    done = Check.objects.filter(status=CheckStatus.DONE)
    assert done.count() >= 6 * Unit.objects.filter(active=True).count()
    assert not done.filter(due__gte=TODAY).exists()
    assert done.exclude(note="").count() > 0  # failures say what was wrong
    due = Check.objects.filter(status=CheckStatus.DUE)
    assert due.filter(inspector__isnull=True).count() == due.count() == Unit.objects.filter(active=True).count()
    assert due.filter(due=TODAY).exists()
    assert not due.filter(due__lt=TODAY).exists()


def test_some_units_are_red_and_every_rating_follows_the_rule(loaded):
    ratings = dict(Unit.objects.values_list("rating").annotate(Count("pk")))
    assert 5 <= ratings[Rating.RED] <= 40
    assert ratings[Rating.GREEN] > ratings[Rating.YELLOW] > ratings[Rating.RED]
    for unit in Unit.objects.all():
        assert unit.rating == unit.rating_from_checks(), unit.code


def test_loading_again_changes_nothing(loaded):
    before = snapshot()
    output = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=output)

    assert snapshot() == before
    assert "Demo door units already loaded: all 344 units were there and were left unchanged." in output.getvalue()


def test_the_roads_segments_are_the_registrys(loaded):
    assert set(Unit.objects.values_list("road__kind", flat=True)) == {"road_segment"}
    assert Asset.objects.filter(door_units__isnull=False).distinct().count() >= 20
