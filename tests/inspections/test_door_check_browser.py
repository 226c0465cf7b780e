"""A finding opened from a failed door check, in a real browser on a phone, in both
languages: the inspector follows the register page's prefilled form (the duty's category,
the unit's place, the check's note), registers it, and a manager dispatches it to the
unit, which the page then names with a link to its page.

Screenshots under var/screenshots/ (not committed).
"""

import datetime

import pytest
from django.utils import timezone

from frontage.choices import CheckStatus
from frontage.models import Check
from inspections.models import Finding
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import UnitFactory, line, point

pytestmark = BROWSER_TESTS


def open_as(phone, live_server, language: str, username: str):
    page = phone()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server, username)
    return page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_finding_from_a_failed_door_check_on_a_phone(live_server, language, inspector, manager, rubbish, roads):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    unit = UnitFactory(
        zone=roads, name="老王五金店", location=point(0.004, 0.0041), frontage=line(0.0039, 0.004, length=0.0003)
    )
    check = Check.objects.create(
        unit=unit, due=datetime.date.today(), status=CheckStatus.DONE, sanitation_ok=False, greening_ok=True,
        order_ok=True, note="门口堆放纸箱", inspector=inspector, done=timezone.now(),
    )  # fmt: skip

    with browser() as phone:
        found = open_as(phone, live_server, language, "inspector")
        found.goto(f"{live_server.url}/inspections/findings/new/?check={check.pk}&duty=sanitation")
        assert "老王五金店" in found.text_content("#door-check-origin")
        assert found.input_value("#id_description") == "门口堆放纸箱"
        assert found.input_value("#id_category") == str(rubbish.pk)
        assert overflow(found) == 0
        found.screenshot(path=SCREENSHOTS / f"door-check-finding-{language}.png", full_page=True)
        found.click("#register-form button[type=submit]")
        found.wait_for_selector("#door-check-link")
        url = found.url

        boss = open_as(phone, live_server, language, "manager")
        boss.goto(url)
        assert boss.input_value("#id_dispatch-party") == f"unit:{unit.pk}"
        boss.click("#action-dispatch button[type=submit]")
        boss.wait_for_selector("#finding-status.finding-dispatched")
        assert boss.get_attribute("#unit-link", "href") == f"/frontage/units/{unit.pk}/"
        assert overflow(boss) == 0
        assert found.errors == [] and boss.errors == []

    finding = Finding.objects.get()
    assert (finding.door_check, finding.door_duty, finding.unit) == (check, "sanitation", unit)
