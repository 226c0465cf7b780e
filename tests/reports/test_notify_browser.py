"""A manager chooses their notifications on a phone (390 px), in both languages, in a
real browser: nothing wider than the screen, the choice saved.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest

from reports.models import Preference
from tests.browser import BROWSER_TESTS, PHONE, SCREENSHOTS, browser, overflow, sign_in

pytestmark = BROWSER_TESTS

WORDS = {"en": ("Notifications", "Your notification choices are saved."), "zh-hans": ("提醒", "您的通知设置已保存。")}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_manager_chooses_notifications_on_a_phone(live_server, language, manager):
    title, saved = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as phone:
        page = phone(**PHONE)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/notifications/preferences/")
        assert title in page.text_content("h1")
        assert overflow(page) == 0
        page.uncheck("#id_crew_overdue")
        page.click("#notify-form button[type=submit]")
        page.wait_for_load_state()
        assert saved in page.text_content(".messages")
        assert not page.is_checked("#id_crew_overdue") and page.is_checked("#id_escalated")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"notify-preferences-{language}.png", full_page=True)
        assert page.errors == []

    assert Preference.objects.values_list("escalated", "crew_overdue").get() == (True, False)
