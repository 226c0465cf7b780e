"""The registry's admin pages load: every changelist with its filters and search, and the
asset form with its map and the inlines of the asset's kind, even without GDAL."""

import json
import sys

import pytest
from django.urls import reverse
from django.utils.html import escape

from assets.choices import AssetKind, AssetStatus
from assets.models import Asset, Department, Enterprise, Village, Zone
from tests.assets.admin_forms import ADD_URL, DETAIL_PREFIXES
from tests.factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Department, Zone, Village, Enterprise, Asset])
def test_every_changelist_loads(admin_client, model):
    AssetFactory()
    url = reverse(f"admin:assets_{model._meta.model_name}_changelist")

    response = admin_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].model is model


def test_every_changelist_loads_empty(admin_client):
    for model in [Department, Zone, Village, Enterprise, Asset]:
        assert admin_client.get(reverse(f"admin:assets_{model._meta.model_name}_changelist")).status_code == 200


def test_the_asset_changelist_has_its_filters(admin_client):
    # Two of everything: the admin hides a filter with fewer than two choices.
    AssetFactory(kind=AssetKind.EQUIPMENT)
    AssetFactory(kind=AssetKind.ROAD_SEGMENT, status=AssetStatus.RETIRED)

    response = admin_client.get(reverse("admin:assets_asset_changelist"))

    filter_titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert filter_titles == ["kind", "status", "responsibility zone", "responsible department"]
    assert "Kitchen-waste equipment" in response.content.decode()


def test_the_asset_changelist_filters_by_kind(admin_client):
    machine = AssetFactory(kind=AssetKind.EQUIPMENT)
    AssetFactory(kind=AssetKind.ROAD_SEGMENT)

    response = admin_client.get(reverse("admin:assets_asset_changelist"), {"kind__exact": AssetKind.EQUIPMENT})

    assert list(response.context["cl"].result_list) == [machine]


def test_the_asset_changelist_searches_code_and_name(admin_client):
    pump = AssetFactory(code="PUMP-7", name="东区厨余处理机")
    park = AssetFactory(code="PARK-1", name="金山公园", kind=AssetKind.GREEN_SPACE)

    by_code = admin_client.get(reverse("admin:assets_asset_changelist"), {"q": "pump"})
    by_name = admin_client.get(reverse("admin:assets_asset_changelist"), {"q": "金山"})

    assert list(by_code.context["cl"].result_list) == [pump]
    assert list(by_name.context["cl"].result_list) == [park]
    assert "PUMP-7" in by_code.content.decode() and "PARK-1" not in by_code.content.decode()


def test_the_add_page_renders_the_map_widget(admin_client):
    response = admin_client.get(ADD_URL)

    assert response.status_code == 200
    page = response.content.decode()
    for script in ["leaflet/leaflet.js", "leaflet/draw/leaflet.draw.js", "leaflet/leaflet.forms.js"]:
        assert script in page
    assert "leaflet/leaflet.css" in page
    assert 'name="geometry"' in page and "<textarea" in page
    assert 'id="id_geometry-map"' in page
    # Every kind's details are offered on a new asset, and photos.
    assert [inline.formset.prefix for inline in response.context["inline_admin_formsets"]] == [
        *DETAIL_PREFIXES,
        "photos",
    ]


def test_the_change_page_offers_only_the_assets_own_details(admin_client):
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)

    response = admin_client.get(reverse("admin:assets_asset_change", args=[segment.pk]))

    assert response.status_code == 200
    assert [inline.formset.prefix for inline in response.context["inline_admin_formsets"]] == ["road", "photos"]
    # The stored geometry is in the map's textarea, as GeoJSON.
    assert escape(json.dumps(segment.geometry)) in response.content.decode()


def test_the_admin_works_without_gdal(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(ADD_URL).status_code == 200

    # leaflet/admin.py imports GeoDjango, which needs the system GDAL library.
    assert "leaflet.admin" not in sys.modules
    assert "django.contrib.gis.admin" not in sys.modules
