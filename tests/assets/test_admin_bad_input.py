"""Every documented bad input in the admin's asset form is shown back to the user with
nothing saved."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from assets.choices import AssetKind
from assets.models import RoadDetail
from tests.assets.admin_forms import ADD_URL, DETAIL_PREFIXES, add_form, assert_refused, errors_shown, management_form
from tests.factories import LAT, LON, AssetFactory, line, point

pytestmark = pytest.mark.django_db


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
