"""Today's map: the listed orders as GeoJSON points, and the map page.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import pytest
from django.urls import reverse

from tests.maintenance.factories import TODAY
from tests.pages import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_geojson_has_the_lists_orders_as_points(client, world, crew_member, signed_in):
    signed_in(crew_member)
    data = client.get(reverse("today-geojson")).json()
    features = {feature["id"]: feature for feature in data["features"]}
    assert list(features) == [world.overdue.pk, world.today.pk, world.done.pk]
    assert data["truncated"] is False
    road = features[world.today.pk]
    # A line is shown at a point on it.
    assert road["geometry"]["type"] == "Point"
    lon, lat = road["geometry"]["coordinates"]
    assert (lon, lat) == pytest.approx((120.0525, 28.90))  # the middle of the road's line
    assert road["properties"] == {
        "status": "scheduled",
        "status_label": "Scheduled",
        "overdue": False,
        "url": world.today.get_absolute_url(),
        "name": "皇城路一段",
        "code": "RD-01",
        "task": "Cleaning",
        "plan": "Daily sweeping",
        "due": TODAY.isoformat(),
        "due_time": "08:30",
    }
    assert features[world.overdue.pk]["properties"]["overdue"] is True
    assert features[world.done.pk]["properties"]["status"] == "done"
    week = client.get(reverse("today-geojson"), {"range": "week"}).json()
    assert len(week["features"]) == 5


def test_the_map_page_loads_leaflet_locally_and_asks_for_todays_orders(client, world, crew_member, settings, signed_in):
    settings.MAP_TILES_URL = "https://tiles.example.test/{z}/{x}/{y}.png"
    signed_in(crew_member)
    page = body(client.get(reverse("today-map"), {"range": "tomorrow"}))
    assert "/static/leaflet/leaflet.js" in page
    assert "tiles.example.test" in page
    assert "Shouwei.todayMap" in page
    assert reverse("today-geojson") + "?range=tomorrow" in page
