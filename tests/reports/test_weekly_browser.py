"""The Monday report printed: print media at A4's width (210 mm, 794 CSS pixels) in both
languages — the menu and the links gone, every table within the page — and a PDF on A4.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest

from reports.weekly import generate_weekly_report
from tests.browser import BROWSER_TESTS, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.reports import week_data

pytestmark = BROWSER_TESTS

A4 = {"viewport": {"width": 794, "height": 1123}}
WORDS = {
    "en": {"title": "Monday report 2026-W40", "zone": "Zone", "total": "Total"},
    "zh-hans": {"title": "周一报告 2026-W40", "zone": "责任区", "total": "合计"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_printed_report(live_server, language, manager):
    week_data.build()
    generate_weekly_report("2026-W40", now=week_data.at(week_data.TODAY))
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser() as open_page:
        page = open_page(**A4)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/reports/weekly/")
        page.click("a[href='/reports/weekly/2026-W40/']")
        page.wait_for_load_state()
        page.emulate_media(media="print")
        assert words["title"] in page.text_content("h1")
        assert not page.is_visible(".topbar")
        assert not page.is_visible("#weekly-download")
        assert words["zone"] in page.text_content("#orders-by-zone thead")
        assert words["total"] in page.text_content("#orders-by-department tr.total")
        assert "42.9%" in page.text_content("#orders-by-department tr.total")
        assert page.locator("#places tbody tr").count() == 2
        assert overflow(page) == 0
        # Every table fits the printed width: none scrolls inside its wrapper.
        assert (
            page.evaluate(
                "Math.max(...[...document.querySelectorAll('.table-wrap')].map(e => e.scrollWidth - e.clientWidth))"
            )
            <= 0
        )
        page.screenshot(path=str(SCREENSHOTS / f"weekly-print-{language}.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        # @page size A4: 595 × 842 points.
        assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf
        assert not page.errors, page.errors


def test_the_report_on_a_phone(live_server, manager):
    week_data.build()
    generate_weekly_report("2026-W40", now=week_data.at(week_data.TODAY))
    with browser() as open_page:
        page = open_page(**PHONE)
        sign_in(page, live_server, "manager")
        for url in ("/reports/weekly/", "/reports/weekly/2026-W40/"):
            page.goto(f"{live_server.url}{url}")
            assert overflow(page) == 0, url
        page.screenshot(path=str(SCREENSHOTS / "weekly-phone.png"), full_page=True)
        assert not page.errors, page.errors
