"""The registry's queries: the assets in a bounding box, and the assets a user may see."""

import pytest
from django.contrib.auth.models import AnonymousUser

from assets.choices import AssetKind
from assets.models import Asset
from tests.factories import LAT, LON, AssetFactory, UserFactory, point, square

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_in_bbox_returns_assets_that_overlap_and_not_distant_ones():
    inside = AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.001, 0.001))
    # A road crossing the box with both ends outside it.
    crossing = AssetFactory(
        kind=AssetKind.ROAD_SEGMENT,
        geometry={"type": "LineString", "coordinates": [[LON - 0.01, LAT + 0.001], [LON + 0.01, LAT + 0.001]]},
    )
    # A park larger than the box, around it.
    around = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(dx=-0.01, dy=-0.01, size=0.03))
    on_the_edge = AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.002, 0.002))
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.1, 0.1))  # 11 km away
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.001, 0.05))  # due north, outside
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point(0.05, 0.001))  # due east, outside
    AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(dx=0.003))  # just east of the box

    found = Asset.objects.in_bbox(LON, LAT, LON + 0.002, LAT + 0.002)

    assert set(found) == {inside, crossing, around, on_the_edge}


def test_in_bbox_of_an_empty_area_finds_nothing():
    AssetFactory(kind=AssetKind.EQUIPMENT, geometry=point())

    assert not Asset.objects.in_bbox(0, 0, 1, 1).exists()


def test_for_user_hides_everything_from_an_anonymous_user():
    AssetFactory.create_batch(2)

    assert list(Asset.objects.for_user(AnonymousUser())) == []


def test_for_user_shows_the_registry_to_any_signed_in_role(crew_member, inspector, planner):
    assets = set(AssetFactory.create_batch(2))

    for user in (crew_member, inspector, planner, UserFactory()):
        assert set(Asset.objects.for_user(user)) == assets
