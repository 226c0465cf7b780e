"""Kind-specific details: accepted for the asset's own kind only, and checked in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assets.choices import AssetKind
from assets.models import Asset, EquipmentDetail, GreenSpaceDetail, LandscapeDetail, RoadDetail
from tests.factories import AssetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_equipment_details_on_a_road_segment_are_refused():
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    details = EquipmentDetail(asset=segment, maker="Acme")

    with pytest.raises(ValidationError) as caught:
        details.full_clean()

    assert caught.value.messages == [
        "These details are for a Kitchen-waste equipment, but the asset is a Road segment."
    ]
    assert caught.value.error_dict["__all__"][0].code == "detail_kind"


@pytest.mark.parametrize(
    "model, kind, values",
    [
        (EquipmentDetail, AssetKind.EQUIPMENT, {"maker": "Acme", "capacity": 5}),
        (LandscapeDetail, AssetKind.LANDSCAPE, {"theme": "Tea"}),
        (GreenSpaceDetail, AssetKind.GREEN_SPACE, {"vegetation": "Camphor trees"}),
        (RoadDetail, AssetKind.ROAD_SEGMENT, {"road_name": "Jinshan Road", "width_m": 12}),
    ],
)
def test_details_of_the_assets_own_kind_are_accepted(model, kind, values):
    asset = AssetFactory(kind=kind)
    details = model(asset=asset, **values)

    details.full_clean()  # does not raise
    details.save()
    assert Asset.objects.get(pk=asset.pk).detail() == details


@pytest.mark.parametrize(
    "model, kind, values",
    [
        (LandscapeDetail, AssetKind.EQUIPMENT, {"theme": "Tea"}),
        (GreenSpaceDetail, AssetKind.LANDSCAPE, {"vegetation": "Camphor trees"}),
        (RoadDetail, AssetKind.GREEN_SPACE, {"road_name": "Jinshan Road"}),
        (EquipmentDetail, AssetKind.LANDSCAPE, {"maker": "Acme"}),
    ],
)
def test_details_of_another_kind_are_refused(model, kind, values):
    details = model(asset=AssetFactory(kind=kind), **values)

    with pytest.raises(ValidationError) as caught:
        details.full_clean()

    assert [error.code for error in caught.value.error_dict["__all__"]] == ["detail_kind"]


def test_detail_is_none_until_entered():
    assert AssetFactory(kind=AssetKind.EQUIPMENT).detail() is None


def test_a_road_width_must_be_positive_in_the_database():
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)

    with pytest.raises(IntegrityError), transaction.atomic():
        RoadDetail.objects.create(asset=segment, road_name="Jinshan Road", width_m=0)
