"""An inspector's round on a phone (390 px), in both languages, in a real browser: from
Today, a round started on a zone with a fellow inspector; a finding registered on it from
the round's page; the round ended with its finding; a second round ended with nothing
found. No page is wider than the phone.

Screenshots under var/screenshots/ (not committed).
"""

import pytest

from inspections.models import Finding, Round
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, overflow, sign_in

pytestmark = BROWSER_TESTS

WORDS = {
    "en": {"ended": "Round ended with 1 finding.", "nothing": "Round ended: nothing found."},
    "zh-hans": {"ended": "巡查已结束，发现 1 个问题。", "nothing": "巡查已结束：未发现问题。"},
}


def fits(page) -> None:
    assert overflow(page) == 0
    assert page.errors == []


def start_round(page, live_server, zone, fellow) -> None:
    page.goto(f"{live_server.url}/inspections/today/")
    page.click("#start-round")
    page.wait_for_selector(".area-map .leaflet-container")
    page.check(f"input[name=inspectors][value='{fellow.pk}']")
    page.select_option("#id_zone", str(zone.pk))
    page.fill("#id_notes", "东门一带 / Around the east gate")
    fits(page)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_round_on_a_phone(live_server, language, inspector, fellow_inspector, rubbish, roads, villages):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    words = WORDS[language]

    with browser() as phone:
        page = phone()
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "inspector")

        start_round(page, live_server, roads, fellow_inspector)
        page.screenshot(path=SCREENSHOTS / f"round-start-{language}.png", full_page=True)
        page.click("#round-form button[type=submit]")
        page.wait_for_selector("#round-map .leaflet-tile-loaded")
        round_url = page.url
        fits(page)

        page.click("#register-on-round")
        page.wait_for_selector("#on-round")
        page.select_option("#id_category", str(rubbish.pk))
        page.fill("#id_description", "路边垃圾 / Rubbish by the road")
        page.fill("#id_lat", "28.905000")
        page.fill("#id_lon", "120.055000")
        fits(page)
        page.click("#register-form button[type=submit]")
        page.wait_for_selector("#action-dispatch")

        page.goto(round_url)
        assert page.locator("#round-findings li").count() == 1
        page.click("#end-round button[type=submit]")
        page.wait_for_selector(".round-ended")
        assert words["ended"] in page.text_content("body")
        assert page.locator("#register-on-round").count() == 0
        fits(page)
        page.screenshot(path=SCREENSHOTS / f"round-ended-{language}.png", full_page=True)

        page.goto(f"{live_server.url}/inspections/today/")
        start_round(page, live_server, roads, fellow_inspector)
        page.click("#round-form button[type=submit]")
        page.wait_for_selector("#end-round")
        page.click("#end-round button[type=submit]")
        page.wait_for_selector("#nothing-found")
        assert words["nothing"] in page.text_content("body")

        page.goto(f"{live_server.url}/inspections/rounds/")
        rows = page.locator(".round-list tbody tr")
        assert rows.count() == 2
        assert page.locator(".round-list .nothing-found").count() == 1
        fits(page)
        page.screenshot(path=SCREENSHOTS / f"round-list-{language}.png", full_page=True)

    first, second = Round.objects.order_by("pk")
    assert set(first.inspectors.all()) == {inspector, fellow_inspector}
    assert list(Finding.objects.values_list("round", flat=True)) == [first.pk]
    assert first.ended and second.ended and second.nothing_found()
