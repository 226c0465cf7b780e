"""Today on a phone (390 px), in both languages, in a real browser: a crew's 23 stops in
the day's order (due time, then along the road, done ones at the bottom, one line each),
the nearest first when the phone shares its position, a header and tabs that fit; and a
done order's answers readable at that width.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest

from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, sign_in
from tests.maintenance.busy_day import KERBS_ANSWER, NEAR_ORDER, NORTH_END, ROAD_ORDER, busy_day

pytestmark = BROWSER_TESTS

WIDTH = 390


def open_in(phone, live_server, language: str, username: str, **context):
    page = phone(**context)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server, username)
    return page


def listed_codes(page) -> list[str]:
    return page.eval_on_selector_all(".order-card .code", "codes => codes.map(code => code.textContent)")


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def assert_header_fits(page) -> None:
    """The page is no wider than the phone; the header is two rows whose words do not
    wrap: the brand and the account on the first, every link on the second."""
    assert page.evaluate("document.documentElement.scrollWidth") == WIDTH
    brand, account = box(page, ".topbar .brand"), box(page, ".topbar .account")
    assert abs((brand["y"] + brand["height"] / 2) - (account["y"] + account["height"] / 2)) < 4
    links = page.eval_on_selector_all(
        ".topbar a, .topbar button, .topbar select",
        """items => items.map(item =>
            [item.textContent.trim(), item.getClientRects().length, item.getBoundingClientRect().height])""",
    )
    for text, rects, height in links:
        assert (rects, height < 46) == (1, True), text  # one box, one line
    tops = page.eval_on_selector_all(".nav a", "links => links.map(link => link.getBoundingClientRect().top)")
    assert len(set(tops)) == 1 and tops[0] >= brand["y"] + brand["height"]


def assert_tabs_fit(page, margin: int = 16) -> None:
    """Every tab, the list/map switch too, is whole inside the content's width."""
    assert page.evaluate("(tabs => tabs.scrollWidth - tabs.clientWidth)(document.querySelector('.tabs'))") == 0
    switch = box(page, ".tabs .tab.switch")
    assert switch["x"] + switch["width"] <= WIDTH - margin


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_crews_day_on_a_phone(live_server, language, manager):
    day = busy_day()
    done = day.orders["WX-1"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as phone:
        page = open_in(phone, live_server, language, "wang")
        assert page.url == f"{live_server.url}/today/"
        page.screenshot(path=SCREENSHOTS / f"today-day-{language}.png", full_page=True)
        # Overdue first; the day by due time, along the road; the done and skipped at the bottom.
        assert listed_codes(page) == ROAD_ORDER
        closed = page.eval_on_selector_all(".order-card.closed .code", "codes => codes.map(code => code.textContent)")
        assert closed == ["WX-1", "WX-4", "WX-6"]
        # What is next is on the first screen; a done one is a line; the day is short.
        assert box(page, ".order-card:nth-child(2)")["y"] + box(page, ".order-card:nth-child(2)")["height"] < 844
        open_card, closed_card = box(page, ".order-card:not(.closed)"), box(page, ".order-card.closed")
        assert closed_card["height"] < 46 < open_card["height"] < 80
        assert page.evaluate("document.documentElement.scrollHeight") < 2000
        assert_header_fits(page)
        assert_tabs_fit(page)
        # The map's tabs, over the map, end with the switch back to the list.
        page.goto(f"{live_server.url}/today/map/")
        page.wait_for_selector("#today-map[data-orders='24']")
        page.screenshot(path=SCREENSHOTS / f"today-map-{language}.png")
        assert_tabs_fit(page, margin=8)
        assert_header_fits(page)

        # A done order's answers: the long question and its answer each the card's width.
        page.goto(f"{live_server.url}/orders/{done.pk}/")
        page.screenshot(path=SCREENSHOTS / f"order-answers-{language}.png", full_page=True)
        answers = box(page, "dl.answers")
        for part in page.locator("dl.answers dt, dl.answers dd").all():
            assert part.bounding_box()["width"] > answers["width"] * 0.8
        assert KERBS_ANSWER in page.text_content("dl.answers")
        assert_header_fits(page)
        assert page.errors == []

        # A manager's header has more links: still two rows, the links scroll sideways.
        boss = open_in(phone, live_server, language, "manager")
        boss.goto(f"{live_server.url}/today/")
        boss.screenshot(path=SCREENSHOTS / f"today-manager-{language}.png")
        assert_header_fits(boss)
        assert_tabs_fit(boss)
        assert boss.errors == []


def test_the_nearest_stops_first_where_the_phone_is(live_server):
    busy_day()
    latitude, longitude = NORTH_END
    with browser() as phone:
        page = open_in(
            phone, live_server, "en", "wang",
            geolocation={"latitude": latitude, "longitude": longitude}, permissions=["geolocation"],
        )  # fmt: skip
        assert listed_codes(page) == ROAD_ORDER
        page.tap("#sort-near")
        page.wait_for_url("**/today/?near=28.9600%2C120.0500")
        page.screenshot(path=SCREENSHOTS / "today-near.png", full_page=True)
        assert listed_codes(page) == NEAR_ORDER
        assert page.text_content(".order-card:nth-child(2) .distance") == "280 m"
        # The position goes along to the other ranges, and back to the road order on request.
        page.tap(".tabs .tab:nth-child(3)")
        page.wait_for_url("**/today/?range=week&near=28.9600%2C120.0500")
        page.tap(".sort-bar a")
        page.wait_for_url("**/today/?range=week")
        assert listed_codes(page)[:3] == ["EQ-01", "WX-2", "WX-3"]
        assert page.errors == []
