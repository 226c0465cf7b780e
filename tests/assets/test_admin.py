"""The admin: changelists, the asset form with its map and kind-specific inlines, and every
documented bad input shown back to the user with nothing saved."""

import json
import sys

import pytest
from django.urls import reverse
from django.utils.html import escape

from assets.choices import AssetKind, AssetStatus
from assets.models import Asset, Department, Enterprise, EquipmentDetail, RoadDetail, Village, Zone
from tests.factories import (
    GEOMETRY_FOR_KIND,
    LAT,
    LON,
    AssetFactory,
    DepartmentFactory,
    ZoneFactory,
    line,
    point,
    square,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:assets_asset_add")
DETAIL_PREFIXES = ["equipment", "landscape", "green_space", "road"]


@pytest.fixture
def place(db):
    """A department and a zone for new assets."""
    department = DepartmentFactory()
    return department, ZoneFactory(lead=department)


def management_form(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000" if prefix == "photos" else "1",
    }


def add_form(place, *, kind=AssetKind.EQUIPMENT, geometry=None, details=None, **fields) -> dict:
    """What the browser posts for a new asset: every kind's inline, left as rendered
    (defaults included) except the ``details`` typed into one of them, e.g.
    ``details={"road": {"road_name": "…"}}``."""
    department, zone = place
    if geometry is None:
        geometry = GEOMETRY_FOR_KIND[kind]()
    data = {
        "code": "NEW-1",
        "name": "新设施",
        "kind": kind,
        "status": AssetStatus.IN_SERVICE,
        "parent": "",
        "department": department.pk,
        "zone": zone.pk,
        "commissioned": "",
        "notes": "",
        "geometry": geometry if isinstance(geometry, str) else json.dumps(geometry),
        **fields,
    }
    for prefix in DETAIL_PREFIXES:
        data.update(management_form(prefix, 1))
        data[f"{prefix}-0-asset"] = ""
    # Rendered defaults of the blank inlines (an untouched inline is skipped, not saved).
    data["equipment-0-capacity_unit"] = "t/d"
    data.update(management_form("photos", 0))
    for prefix, values in (details or {}).items():
        data.update({f"{prefix}-0-{name}": value for name, value in values.items()})
    return data


def errors_shown(response) -> dict:
    """The main form's errors and each inline's, as the page shows them."""
    shown = {"form": response.context["adminform"].form.errors}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        shown[formset.prefix] = [form.errors for form in formset.forms if form.errors] + (
            [formset.non_form_errors()] if formset.non_form_errors() else []
        )
    return shown


def assert_refused(response, message: str, count: int):
    assert response.status_code == 200, "a refused form is shown again, not redirected"
    assert escape(message) in response.content.decode()
    assert Asset.objects.count() == count
    assert not EquipmentDetail.objects.exists() and not RoadDetail.objects.exists()


# --- Pages load ----------------------------------------------------------------------------


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


# --- Adding an asset -----------------------------------------------------------------------


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
    assert part.area_m2 > 0
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


# --- Bad input: shown back, nothing saved --------------------------------------------------


def bow_tie() -> dict:
    x, y, d = LON, LAT, 0.001
    return {"type": "Polygon", "coordinates": [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]]}


@pytest.mark.parametrize(
    "kind, geometry, message",
    [
        (AssetKind.EQUIPMENT, '{"type": "Point", "coordinates": [120.05, 28.9]', "The geometry is not valid JSON"),
        (AssetKind.EQUIPMENT, "[120.05, 28.9]", "The geometry must be a GeoJSON object."),
        (
            AssetKind.EQUIPMENT,
            {"type": "GeometryCollection", "geometries": [point()]},
            "Unsupported geometry type 'GeometryCollection': use a point, a line or a polygon.",
        ),
        (AssetKind.EQUIPMENT, {"type": "Point", "coordinates": [LON]}, "The coordinates of the Point are malformed."),
        (AssetKind.EQUIPMENT, {"type": "Point", "coordinates": []}, "The geometry is empty."),
        (
            AssetKind.EQUIPMENT,
            '{"type": "Point", "coordinates": [NaN, 28.9]}',
            "The geometry has coordinates that are not numbers.",
        ),
        (AssetKind.GREEN_SPACE, bow_tie(), "The geometry is not valid: Self-intersection"),
        (AssetKind.EQUIPMENT, {"type": "Point", "coordinates": [LON, 91]}, "latitude within ±90"),
        (AssetKind.EQUIPMENT, {"type": "Point", "coordinates": [181, LAT]}, "longitude must be within ±180"),
        (AssetKind.ROAD_SEGMENT, point(), "A Road segment is drawn as a line, not a point."),
        (AssetKind.GREEN_SPACE, line(), "A Green space is drawn as a polygon, not a line."),
        (AssetKind.EQUIPMENT, "", "This field is required."),
    ],
    ids=[
        "malformed-json",
        "not-an-object",
        "geometry-collection",
        "malformed-coordinates",
        "empty",
        "nan",
        "self-intersecting",
        "latitude-91",
        "longitude-181",
        "point-for-road",
        "line-for-green-space",
        "missing",
    ],
)
def test_a_bad_geometry_is_shown_and_nothing_saved(admin_client, place, kind, geometry, message):
    response = admin_client.post(ADD_URL, add_form(place, kind=kind, geometry=geometry))

    assert_refused(response, message, count=0)
    assert list(errors_shown(response)["form"]) == ["geometry"]


def test_a_bad_geometry_is_kept_in_the_textarea_to_be_corrected(admin_client, place):
    typed = '{"type": "Point", "coordinates": [120.05, 91]}'

    response = admin_client.post(ADD_URL, add_form(place, geometry=typed))

    assert escape(typed) in response.content.decode()


def test_an_unhashable_geometry_type_is_shown_and_nothing_saved(admin_client, place):
    response = admin_client.post(ADD_URL, add_form(place, geometry={"type": ["Point"], "coordinates": [LON, LAT]}))

    assert_refused(response, "Unsupported geometry type", count=0)


def test_a_duplicate_code_is_shown_and_nothing_saved(admin_client, place):
    AssetFactory(code="NEW-1")

    response = admin_client.post(ADD_URL, add_form(place, code="NEW-1"))

    assert_refused(response, "Asset with this Code already exists.", count=1)


def test_a_parent_of_the_wrong_kind_is_shown_and_nothing_saved(admin_client, place):
    machine = AssetFactory(kind=AssetKind.EQUIPMENT)

    response = admin_client.post(ADD_URL, add_form(place, kind=AssetKind.ROAD_SEGMENT, parent=machine.pk))

    assert_refused(response, "A Road segment cannot belong to a Kitchen-waste equipment.", count=1)
    assert list(errors_shown(response)["form"]) == ["parent"]


def test_a_cycle_of_parents_is_shown_and_nothing_changed(admin_client):
    a = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    b = AssetFactory(kind=AssetKind.ROAD_SEGMENT, parent=a)
    data = add_form((a.department, a.zone), kind=AssetKind.ROAD_SEGMENT, code=a.code, parent=b.pk)
    data.update(management_form("road", 1))
    data["road-0-asset"] = a.pk

    response = admin_client.post(reverse("admin:assets_asset_change", args=[a.pk]), data)

    assert_refused(response, "An asset cannot be its own ancestor.", count=2)
    a.refresh_from_db()
    assert a.parent is None


@pytest.mark.parametrize(
    "kind, details, message",
    [
        (
            AssetKind.ROAD_SEGMENT,
            {"equipment": {"maker": "Acme"}},
            "These details are for a Kitchen-waste equipment, but the asset is a Road segment.",
        ),
        (
            AssetKind.EQUIPMENT,
            {"road": {"road_name": "金山路"}},
            "These details are for a Road segment, but the asset is a Kitchen-waste equipment.",
        ),
    ],
    ids=["equipment-details-for-a-road", "road-details-for-equipment"],
)
def test_details_of_another_kind_are_shown_and_nothing_saved(admin_client, place, kind, details, message):
    response = admin_client.post(ADD_URL, add_form(place, kind=kind, details=details))

    assert_refused(response, message, count=0)


def test_a_road_without_its_road_name_is_shown_and_nothing_saved(admin_client, place):
    data = add_form(place, kind=AssetKind.ROAD_SEGMENT, details={"road": {"width_m": "8"}})

    response = admin_client.post(ADD_URL, data)

    assert_refused(response, "This field is required.", count=0)
    assert errors_shown(response)["road"] == [{"road_name": ["This field is required."]}]


def change_kind_form(segment, *, delete_old: bool) -> dict:
    """The change form of a road segment turned into a green space, as the browser posts it."""
    data = add_form((segment.department, segment.zone), kind=AssetKind.GREEN_SPACE, code=segment.code)
    for prefix in DETAIL_PREFIXES:
        for key in list(data):
            if key.startswith(f"{prefix}-"):
                del data[key]
    data.update(management_form("road", 1))
    data.update({"road-INITIAL_FORMS": "1", "road-0-asset": segment.pk, "road-0-road_name": "皇城路"})
    if delete_old:
        data["road-0-DELETE"] = "on"
    return data


def test_changing_the_kind_asks_to_delete_the_old_details(admin_client):
    segment = AssetFactory(kind=AssetKind.ROAD_SEGMENT)
    RoadDetail.objects.create(asset=segment, road_name="皇城路")
    url = reverse("admin:assets_asset_change", args=[segment.pk])

    refused = admin_client.post(url, change_kind_form(segment, delete_old=False))
    assert refused.status_code == 200
    assert escape("These details are for a Road segment, but the asset is a Green space.") in refused.content.decode()
    segment.refresh_from_db()
    assert segment.kind == AssetKind.ROAD_SEGMENT

    accepted = admin_client.post(url, change_kind_form(segment, delete_old=True))
    assert accepted.status_code == 302, errors_shown(accepted)
    segment.refresh_from_db()
    assert segment.kind == AssetKind.GREEN_SPACE
    assert not RoadDetail.objects.filter(asset=segment).exists()
    # The page now offers the new kind's details.
    prefixes = [formset.formset.prefix for formset in admin_client.get(url).context["inline_admin_formsets"]]
    assert prefixes == ["green_space", "photos"]
