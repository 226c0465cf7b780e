"""A door check on a phone (390 px), in both languages, in a real browser: the inspector
opens Today, taps the door check, marks the order duty failed with a note, submits and
sees the result; nothing wider than the screen.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest
from django.utils import timezone

from frontage.choices import CheckStatus, Rating
from frontage.models import Check
from tests.browser import BROWSER_TESTS, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import PledgeFactory

pytestmark = BROWSER_TESTS

WORDS = {
    "en": {"title": "door checks", "badge": "Door check", "failed": "Recorded: a duty was not kept.", "fail": "Fail"},
    "zh-hans": {"title": "门前", "badge": "门前检查", "failed": "已记录：有责任未落实。", "fail": "不合格"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_inspector_checks_a_door_on_a_phone(live_server, language, inspector):
    pledge = PledgeFactory(unit__name="老街小吃店（示范门店）", order="不在门前堆放货物、不占道经营")
    check = Check.objects.create(unit=pledge.unit, due=timezone.localdate())
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as phone:
        page = phone(**PHONE)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "inspector")
        assert page.url == f"{live_server.url}/inspections/today/"
        assert words["title"] in page.text_content("h1")
        card = page.locator(f"[data-door-check='{check.pk}']")
        assert words["badge"] in card.text_content()
        page.wait_for_selector("#today-map[data-orders='1']")
        assert overflow(page) == 0

        card.locator("a").click()
        page.wait_for_load_state()
        assert "老街小吃店" in page.text_content("h1")
        assert "不在门前堆放货物" in page.text_content(".check-form")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"door-check-{language}.png", full_page=True)
        # The radios are drawn as big buttons: tap their labels.
        page.click("label[for=id_sanitation_pass]")
        page.click("label[for=id_greening_pass]")
        page.click("label[for=id_order_fail]")
        page.fill("#id_note", "货物堆在人行道上")
        page.click(".check-form button[type=submit]")
        page.wait_for_load_state()

        assert words["failed"] in page.text_content(".messages")
        assert page.get_attribute("[data-status]", "data-status") == "done"
        result = page.locator("[data-duty=order]")
        assert result.get_attribute("data-kept") == "no" and words["fail"] in result.text_content()
        assert "货物堆在人行道上" in page.text_content(".check-note")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"door-check-done-{language}.png", full_page=True)
        assert page.errors == []

    check.refresh_from_db()
    assert (check.status, check.failed_duties(), check.inspector) == (CheckStatus.DONE, ["order"], inspector)
    check.unit.refresh_from_db()
    assert check.unit.rating == Rating.YELLOW
