"""The managers' dashboard in a real browser: at desktop size in both languages (the
figures' tables, the SVG charts, the findings on the map, a figure's link opening its
rows), and at phone width (nothing wider than the window: the tables scroll inside
.table-wrap).

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest

from tests.browser import BROWSER_TESTS, DESKTOP, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import UserFactory
from tests.reports import week_data

pytestmark = BROWSER_TESTS

WORDS = {
    "en": {"heading": "Work orders", "compliance": "Compliance", "findings": "Findings"},
    "zh-hans": {"heading": "工单", "compliance": "完成率", "findings": "问题"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_dashboard_on_a_desktop(live_server, language, manager):
    week_data.build()
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser() as open_page:
        page = open_page(**DESKTOP)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "manager")
        page.click("nav a[href='/dashboard/']")
        page.fill("#id_week", "2026-W40")
        page.click("#dashboard-filters button[type=submit]")
        page.wait_for_load_state()
        assert words["heading"] in page.text_content("#work-orders")
        assert words["compliance"] in page.text_content("#orders-by-department")
        assert "42.9%" in page.text_content("#orders-by-department tr.total")
        assert page.locator("svg.chart").count() == 3
        page.wait_for_selector("#findings-map[data-features='7']")
        assert overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-{language}.png"), full_page=True)
        # The department total's "done late" opens the work-order list on those two orders.
        page.click("#orders-by-department tr.total td:nth-of-type(3) a")
        page.wait_for_load_state()
        assert "/maintenance/orders/" in page.url
        assert page.locator("table.list tbody tr").count() == 2
        assert not page.errors, page.errors


def test_the_dashboard_on_a_phone(live_server, manager):
    week_data.build()
    with browser() as open_page:
        page = open_page(**PHONE)
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/dashboard/?week=2026-W40")
        page.wait_for_selector("#findings-map[data-features='7']")
        assert overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"), full_page=True)
        assert not page.errors, page.errors


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_department_head_on_a_phone(live_server, language):
    """A head signs in and lands on their department's dashboard; another department's
    figures are a page saying why not."""
    week = week_data.build()
    week.m.heads.add(UserFactory(username="head-m"))
    with browser() as open_page:
        page = open_page(**PHONE)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "head-m")
        assert page.url.endswith("/dashboard/")
        assert page.locator("nav a[href='/dashboard/']").count() == 1
        page.goto(f"{live_server.url}/dashboard/?week=2026-W40")
        page.wait_for_selector("#findings-map")
        assert page.locator("#id_department option").count() == 1
        assert overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-head-{language}.png"), full_page=True)
        page.goto(f"{live_server.url}/dashboard/?department={week.s.pk}")
        assert page.locator("#other-department").count() == 1
        assert overflow(page) == 0
