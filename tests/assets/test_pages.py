"""The registry's pages: map, list, GeoJSON endpoint and detail."""

import pytest
from django.urls import reverse

from assets.choices import AssetKind, AssetStatus
from tests.factories import AssetFactory, DepartmentFactory, ZoneFactory

pytestmark = pytest.mark.django_db

PAGES = ["asset-map", "asset-list", "asset-geojson", "asset-search"]


def make_assets(count: int, **kwargs):
    zone, department = ZoneFactory(), DepartmentFactory()
    return [
        AssetFactory(kind=kind, zone=zone, department=department, **kwargs)
        for kind in [list(AssetKind)[i % 4] for i in range(count)]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_anonymous_detail_is_sent_to_login(client):
    asset = AssetFactory()
    response = client.get(asset.get_absolute_url())
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={asset.get_absolute_url()}"


def test_home_leads_to_the_map(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("asset-map")


def test_map_page_serves_leaflet_locally(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    response = client.get(reverse("asset-map"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/leaflet/leaflet.js" in body
    assert "/static/js/maps.js" in body
    assert "tile.openstreetmap.org" in body  # the tile URL setting, passed to the script


def test_the_map_keeps_every_filter_of_the_list(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    # "Show on map" from a filtered list: the search and the department come along.
    department = DepartmentFactory()
    body = client.get(reverse("asset-map"), {"q": "皇城", "department": department.pk}).content.decode()
    assert 'name="q"' in body and 'value="皇城"' in body
    assert f'<option value="{department.pk}" selected>' in body
    assert '"minZoom": 3' in body


def test_map_tiles_url_is_a_setting(signed_in, settings, crew_member):
    client = signed_in(crew_member, language=None)
    settings.MAP_TILES_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    body = client.get(reverse("asset-map")).content.decode()
    assert "tiles.example.test" in body


@pytest.mark.parametrize("count", [10, 200])
def test_asset_list_runs_constant_queries(signed_in, django_assert_num_queries, count, crew_member):
    client = signed_in(crew_member, language=None)
    make_assets(count)
    # session, user, the user's permissions and group permissions (the nav's Plans link), count,
    # page of assets (+ zone, department), zone options, department options
    with django_assert_num_queries(8):
        response = client.get(reverse("asset-list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [10, 200])
def test_geojson_runs_constant_queries(signed_in, django_assert_num_queries, count, crew_member):
    client = signed_in(crew_member, language=None)
    make_assets(count)
    # session, user, assets in the bbox
    with django_assert_num_queries(3):
        response = client.get(reverse("asset-geojson"), {"bbox": "119,28,121,30"})
    assert response.status_code == 200
    assert len(response.json()["features"]) == count


def test_asset_list_filters_and_searches(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    road = AssetFactory(kind=AssetKind.ROAD_SEGMENT, code="RD-HUANGCHENG-01", name="皇城路一段")
    AssetFactory(kind=AssetKind.GREEN_SPACE, code="GS-1", name="酥溪北岸")
    retired = AssetFactory(kind=AssetKind.EQUIPMENT, status=AssetStatus.RETIRED)

    def codes(params):
        response = client.get(reverse("asset-list"), params)
        return [asset.code for asset in response.context["page"]]

    assert codes({"kind": "road_segment"}) == [road.code]
    assert codes({"q": "huangcheng"}) == [road.code]
    assert codes({"q": "皇城"}) == [road.code]
    assert codes({"status": "retired"}) == [retired.code]
    assert codes({"zone": road.zone_id}) == [road.code]
    assert codes({"department": retired.department_id}) == [retired.code]


def test_asset_list_paginates(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    make_assets(60)
    first = client.get(reverse("asset-list"), {"kind": ""})
    assert len(first.context["page"]) == 50
    second = client.get(reverse("asset-list"), {"page": 2})
    assert len(second.context["page"]) == 10
    assert client.get(reverse("asset-list"), {"page": 99}).status_code == 200  # last page, not an error


def test_asset_list_bad_filter_value_says_so(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    AssetFactory()
    response = client.get(reverse("asset-list"), {"kind": "spaceship"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_geojson_filters_by_bbox_and_fields(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    near = AssetFactory(kind=AssetKind.GREEN_SPACE)
    far = AssetFactory(kind=AssetKind.EQUIPMENT, geometry={"type": "Point", "coordinates": [116.4, 39.9]})
    data = client.get(reverse("asset-geojson"), {"bbox": "120.0,28.8,120.1,29.0"}).json()
    assert [feature["id"] for feature in data["features"]] == [near.pk]
    assert data["truncated"] is False
    feature = data["features"][0]
    assert feature["geometry"] == near.geometry
    assert feature["properties"]["code"] == near.code
    assert feature["properties"]["url"] == near.get_absolute_url()

    everywhere = client.get(reverse("asset-geojson"), {"kind": "equipment"}).json()
    assert [feature["id"] for feature in everywhere["features"]] == [far.pk]


def test_geojson_finds_a_line_crossing_the_bbox(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    # Both ends outside the bbox, the middle inside: the bboxes overlap.
    road = AssetFactory(
        kind=AssetKind.ROAD_SEGMENT, geometry={"type": "LineString", "coordinates": [[119.9, 28.9], [120.2, 28.9]]}
    )
    data = client.get(reverse("asset-geojson"), {"bbox": "120.04,28.89,120.06,28.91"}).json()
    assert [feature["id"] for feature in data["features"]] == [road.pk]


@pytest.mark.parametrize(
    "bbox", ["1,2,3", "a,b,c,d", "120.1,28,120.0,29", "120,95,121,96", "nan,28,121,29", "120,28,inf,29"]
)
def test_geojson_rejects_a_bad_bbox(signed_in, bbox, crew_member):
    client = signed_in(crew_member, language=None)
    response = client.get(reverse("asset-geojson"), {"bbox": bbox}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "bbox" in response.json()["error"]


def test_geojson_rejects_a_bad_filter(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    response = client.get(reverse("asset-geojson"), {"zone": "not-a-number"})
    assert response.status_code == 400
    assert "zone" in response.json()["error"]


def test_geojson_is_capped(signed_in, monkeypatch, crew_member):
    client = signed_in(crew_member, language=None)
    monkeypatch.setattr("assets.views.MAX_MAP_FEATURES", 3)
    make_assets(5)
    data = client.get(reverse("asset-geojson")).json()
    assert len(data["features"]) == 3
    assert data["truncated"] is True


def test_asset_detail_shows_fields_and_children(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    plant = AssetFactory(kind=AssetKind.EQUIPMENT, name="餐厨垃圾处理厂")
    machine = AssetFactory(kind=AssetKind.EQUIPMENT, name="破碎机", parent=plant)
    response = client.get(plant.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "餐厨垃圾处理厂" in body
    assert machine.get_absolute_url() in body
    assert "asset-geometry-data" in body


def test_asset_detail_of_a_missing_asset_is_404(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    assert client.get(reverse("asset-detail", args=[999999])).status_code == 404


def test_asset_detail_runs_constant_queries(signed_in, django_assert_num_queries, crew_member):
    client = signed_in(crew_member, language=None)
    plant = AssetFactory(kind=AssetKind.EQUIPMENT)
    for _ in range(5):
        AssetFactory(kind=AssetKind.EQUIPMENT, parent=plant)
    # session, user, asset (+ joins), the user's permissions and group permissions (the edit
    # link), children, photos
    with django_assert_num_queries(7):
        client.get(plant.get_absolute_url())


# --- The asset search (the plan form's asset finder) -------------------------------------------


def search(client, text: str) -> dict:
    response = client.get(reverse("asset-search"), {"q": text})
    assert response.status_code == 200
    return response.json()


def test_search_finds_by_code_or_name_the_exact_code_first(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    zone = ZoneFactory(name="中心公园片区", name_en="Central park")
    AssetFactory(code="RD-010", name="皇城路二段", zone=zone)
    AssetFactory(code="RD-01", name="皇城路一段", kind=AssetKind.ROAD_SEGMENT, zone=zone)
    AssetFactory(code="PK-01", name="中心公园南草坪", zone=zone)
    assert [found["code"] for found in search(client, "rd-01")["results"]] == ["RD-01", "RD-010"]
    (lawn,) = search(client, "南草坪")["results"]
    assert lawn["code"] == "PK-01" and lawn["zone"] == "中心公园片区"
    assert search(client, "")["results"] == [] and search(client, "   ")["results"] == []
    assert search(client, "no such thing") == {"results": [], "more": False}


def test_search_ignores_a_nul_character(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    AssetFactory(code="PUMP-1")
    assert [found["code"] for found in search(client, "PUMP\x00")["results"]] == ["PUMP-1"]
    assert search(client, "\x00")["results"] == []


def test_search_leaves_out_retired_assets(signed_in, crew_member):
    client = signed_in(crew_member, language=None)
    AssetFactory(code="EQ-OLD", name="旧压缩机", status=AssetStatus.RETIRED)
    AssetFactory(code="EQ-NEW", name="新压缩机")
    assert [found["code"] for found in search(client, "压缩机")["results"]] == ["EQ-NEW"]


@pytest.mark.parametrize("count", [5, 40])
def test_search_is_capped_and_runs_constant_queries(signed_in, django_assert_num_queries, count, crew_member):
    client = signed_in(crew_member, language=None)
    make_assets(count)
    client.get(reverse("asset-list"))
    # session, user, the matches
    with django_assert_num_queries(3):
        data = search(client, "A")
    assert len(data["results"]) == min(count, 20)
    assert data["more"] is (count > 20)
