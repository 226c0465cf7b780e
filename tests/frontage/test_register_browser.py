"""The register in a real browser: a manager at a desk adds a unit (the point and the
frontage pasted as GeoJSON into the fields under the maps) and finds it on the list and
its map; the unit's public page on a phone in Chinese and in English, within the
screen's width. Screenshots are left under var/screenshots/."""

import json

from frontage.models import Unit
from tests.browser import BROWSER_TESTS, DESKTOP, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import AssetFactory, PledgeFactory, UnitFactory, ZoneFactory, line, point, square

pytestmark = BROWSER_TESTS


def test_a_manager_adds_a_unit_and_finds_it_on_the_list(live_server, manager):
    zone = ZoneFactory(code="roads", name="道路责任区", boundary=square(size=0.01))
    AssetFactory(kind="road_segment", code="RD-WX-1", name="文溪路一段", zone=zone, geometry=line(0, 0.0011, 0.003))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as open_page:
        page = open_page(DESKTOP, locale="en-US")
        sign_in(page, live_server, manager.username)
        page.goto(f"{live_server.url}/frontage/units/")
        page.click("text=Add a unit")
        page.wait_for_selector("#id_location-map .leaflet-tile-loaded, #id_location-map.leaflet-container")
        page.fill("#id_code", "U-WX-12")
        page.fill("#id_name", "文溪小吃")
        page.select_option("#id_kind", "restaurant")
        page.fill("#id_credit_code", "91350100m000100y43")
        page.fill("#id_location", json.dumps(point(0.001, 0.001)))
        page.fill("#id_frontage", json.dumps(line(0.001, 0.0009, length=0.0001)))
        page.fill("#id_contact_name", "王建国")
        page.fill("#id_contact_phone", "13912345678")
        page.screenshot(path=SCREENSHOTS / "unit-form-en.png", full_page=True)
        page.click("#unit-form button[type=submit]")
        page.wait_for_load_state()
        heading = page.locator("h1").text_content()
        road = page.locator("dd").nth(1).text_content()
        page.wait_for_selector("#unit-geometry path.leaflet-interactive", state="attached")
        page.screenshot(path=SCREENSHOTS / "unit-page-en.png", full_page=True)
        page.goto(f"{live_server.url}/frontage/units/?q=文溪")
        page.wait_for_selector("#unit-map[data-units='1']")
        rows = page.locator("table.units tbody tr").all_text_contents()
        page.screenshot(path=SCREENSHOTS / "unit-list-en.png", full_page=True)
        errors = page.errors

    unit = Unit.objects.get(code="U-WX-12")
    assert (unit.zone, unit.road.code, unit.credit_code) == (zone, "RD-WX-1", "91350100M000100Y43")
    assert "文溪小吃" in heading and "RD-WX-1" in road
    assert len(rows) == 1 and "U-WX-12" in rows[0] and "13912345678" in rows[0]
    assert errors == []


def test_the_public_page_fits_a_phone_in_both_languages(live_server):
    unit = UnitFactory(code="U-PUB-1", name="文溪路十二号小吃店（东门）", kind="restaurant", rating="yellow")
    PledgeFactory(unit=unit, sanitation="门前及两侧各五米范围内无垃圾、无污水、无积雪" * 2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = {}

    with browser() as phone:
        for locale, language in (("zh-CN", "zh-hans"), ("en-US", "en")):
            page = phone(locale=locale)
            page.goto(f"{live_server.url}/u/U-PUB-1/")
            seen[language] = (page.locator("h2").first.text_content(), overflow(page), page.errors)
            page.screenshot(path=SCREENSHOTS / f"unit-public-{language}.png", full_page=True)

    assert seen["zh-hans"] == ("本单位承诺", 0, [])
    assert seen["en"] == ("This unit pledges", 0, [])


def test_the_register_fits_a_phone_in_chinese(live_server, crew_member):
    unit = UnitFactory(code="U-PH-1", name="文溪路十二号小吃店（东门）", rating="red")
    PledgeFactory(unit=unit)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widths = {}

    with browser() as phone:
        page = phone()
        sign_in(page, live_server, crew_member.username)
        for name, path in (
            ("list", "/frontage/units/"),
            ("page", f"/frontage/units/{unit.pk}/"),
            ("sign", f"/frontage/units/{unit.pk}/sign/"),
        ):
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            widths[name] = overflow(page)
            page.screenshot(path=SCREENSHOTS / f"unit-{name}-phone-zh.png", full_page=True)
        title = page.title()
        errors = page.errors

    assert widths == {"list": 0, "page": 0, "sign": 0}
    assert title.startswith("打印门牌")
    assert errors == []
