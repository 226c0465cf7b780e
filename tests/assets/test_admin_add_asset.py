"""Adding and changing an asset in the admin: its geometry, measured, and the details of its
kind."""

import pytest
from django.urls import reverse

from assets.choices import AssetKind
from assets.geometry import measure
from assets.models import Asset, EquipmentDetail
from tests.assets.admin_forms import ADD_URL, add_form, errors_shown, management_form
from tests.factories import LAT, LON, AssetFactory, line, point, square

pytestmark = pytest.mark.django_db


def test_adding_equipment_with_its_details(admin_client, place, administrator):
    data = add_form(place, details={"equipment": {"maker": "Acme", "model": "KW-5", "capacity": "5.5"}})

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, errors_shown(response)
    asset = Asset.objects.get()
    assert (asset.code, asset.kind, asset.geometry) == ("NEW-1", AssetKind.EQUIPMENT, point())
    assert (asset.min_lon, asset.min_lat) == (LON, LAT)
    assert asset.detail().maker == "Acme"
    assert str(asset.detail().capacity) == "5.50"
    assert asset.detail().capacity_unit == "t/d"


def test_adding_a_road_segment_measures_it_and_saves_only_road_details(admin_client, place):
    data = add_form(
        place,
        kind=AssetKind.ROAD_SEGMENT,
        geometry=line(length=0.01),
        details={"road": {"road_name": "金山路", "width_m": "12", "sidewalk": "on"}},
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, errors_shown(response)
    segment = Asset.objects.get()
    assert segment.length_m == pytest.approx(975, rel=5e-3)
    assert segment.road.road_name == "金山路" and segment.road.sidewalk
    # The untouched inlines of the other kinds saved nothing.
    assert not EquipmentDetail.objects.exists()


def test_adding_a_green_space_under_a_green_space(admin_client, place):
    park = AssetFactory(kind=AssetKind.GREEN_SPACE)
    data = add_form(
        place,
        kind=AssetKind.GREEN_SPACE,
        geometry=square(dx=0.0002, dy=0.0002, size=0.0005),
        parent=park.pk,
        details={"green_space": {"vegetation": "樟树"}},
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, errors_shown(response)
    part = Asset.objects.get(code="NEW-1")
    assert part.parent == park
    assert part.area_m2 == pytest.approx(measure(square(dx=0.0002, dy=0.0002, size=0.0005)).area_m2)
    assert part.green_space.vegetation == "樟树"


def test_adding_an_asset_without_details(admin_client, place):
    response = admin_client.post(ADD_URL, add_form(place, kind=AssetKind.LANDSCAPE))

    assert response.status_code == 302, errors_shown(response)
    assert Asset.objects.get().detail() is None


def test_a_feature_pasted_into_the_geometry_is_stored_as_its_geometry(admin_client, place):
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": point()}

    response = admin_client.post(ADD_URL, add_form(place, geometry=feature))

    assert response.status_code == 302, errors_shown(response)
    assert Asset.objects.get().geometry == point()


def test_changing_a_geometry_remeasures(admin_client):
    park = AssetFactory(kind=AssetKind.GREEN_SPACE, geometry=square(size=0.001))
    data = add_form(
        (park.department, park.zone), kind=AssetKind.GREEN_SPACE, geometry=square(size=0.002), code=park.code
    )
    data.update(management_form("green_space", 1))
    data["green_space-0-asset"] = park.pk

    response = admin_client.post(reverse("admin:assets_asset_change", args=[park.pk]), data)

    assert response.status_code == 302, errors_shown(response)
    before = park.area_m2
    park.refresh_from_db()
    assert park.area_m2 == pytest.approx(4 * before, rel=1e-3)
