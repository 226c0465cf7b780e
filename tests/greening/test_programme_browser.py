"""The planner's programme page at desktop size, in both languages, in a real browser:
signing in lands on it; the totals, the SVG timeline with its today line and the projects
on the map show, nothing is wider than the window; a filter narrows the projects.

Screenshots are left under var/screenshots/ (not committed).
"""

import datetime

import pytest

from greening.choices import Phase, ProjectKind
from tests.browser import BROWSER_TESTS, DESKTOP, SCREENSHOTS, browser, overflow, sign_in
from tests.greening.factories import done_through, make_project, programme

pytestmark = BROWSER_TESTS
D = datetime.date

WORDS = {
    "en": {"totals": "New greening (m²)", "timeline": "Timeline", "road": "Road resurfacing"},
    "zh-hans": {"totals": "新增绿化（m²）", "timeline": "时间轴", "road": "道路提升改造"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_planners_programme_on_a_desktop(live_server, language, planner):
    year = datetime.date.today().year
    this_year = programme(year=year, name=f"{year}年绿化工程")
    start = D(year, 1, 5)
    make_project(done_through(Phase.CONSTRUCTION, start), code="SX-1", name="苏溪河两岸绿化", target_m2=60_000,
                 programme=this_year)  # fmt: skip
    make_project(done_through(Phase.DESIGN, start), code="JD-1", name="九鼎公园", target_m2=40_000, programme=this_year)
    make_project(done_through(Phase.TENDER, start), code="RD-1", name="支路一", kind=ProjectKind.ROAD,
                 target_m=600, programme=this_year)  # fmt: skip
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as open_page:
        page = open_page(**DESKTOP)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "planner")
        assert page.url.rstrip("/").endswith("/greening")
        assert words["totals"] in page.text_content("#programme-totals")
        assert words["timeline"] in page.text_content("main")
        assert page.locator("svg.timeline-svg .tl-row").count() == 3
        assert page.locator("svg.timeline-svg .tl-today").count() == 1
        assert page.locator("svg.timeline-svg rect.tl-actual").count() > 0
        page.wait_for_selector("#programme-map[data-features='3']")
        assert page.locator("#programme-map path.leaflet-interactive").count() == 3
        assert overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / f"greening-programme-{language}.png"), full_page=True)

        page.select_option("#id_kind", ProjectKind.ROAD.value)
        page.click("#programme-filters button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("svg.timeline-svg .tl-row").count() == 1
        assert words["road"] in page.text_content("#id_kind")
        assert overflow(page) == 0
        # Printed, the timeline stays and the map and filters go.
        page.emulate_media(media="print")
        assert page.locator("svg.timeline-svg").is_visible()
        assert not page.locator("#programme-map").is_visible()
        assert not page.errors, page.errors
