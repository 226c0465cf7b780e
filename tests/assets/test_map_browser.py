"""The registry map in a real browser at a phone's size: it asks for its data at the zoom
it shows, and gets lines and polygons simplified for it; zooming in asks again."""

from urllib.parse import parse_qs, urlparse

from assets.choices import AssetKind
from tests.assets.test_map_simplification import dense_square
from tests.browser import BROWSER_TESTS, browser, sign_in
from tests.factories import LAT, LON, AssetFactory

pytestmark = BROWSER_TESTS


def is_map_data(response) -> bool:
    return "/assets/geojson/" in response.url


def test_the_map_asks_for_its_zoom_and_draws_the_simplified_geometry(live_server, crew_member):
    AssetFactory(kind=AssetKind.GREEN_SPACE, code="GS-09", name="九鼎公园", geometry=dense_square())
    asked = []

    with browser() as phone:
        page = phone()
        sign_in(page, live_server, crew_member.username)
        page.on("request", lambda request: asked.append(request.url) if "/assets/geojson/" in request.url else None)
        page.goto(f"{live_server.url}/assets/map/")
        page.wait_for_selector("path.leaflet-interactive")
        opened = list(asked)
        with page.expect_response(is_map_data) as zoomed_in:
            page.locator(".leaflet-control-zoom-in").click()
        [feature] = zoomed_in.value.json()["features"]
        zoomed_url = zoomed_in.value.url
        drawn = page.locator("path.leaflet-interactive").count()
        errors = page.errors

    assert {parse_qs(urlparse(url).query)["zoom"][0] for url in opened} == {"14"}
    assert parse_qs(urlparse(zoomed_url).query)["zoom"] == ["15"]
    x, y, size = LON, LAT, 0.01
    assert feature["geometry"]["coordinates"] == [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
    assert (drawn, errors) == (1, [])
