"""An inspector's day on a phone (390 px), in both languages, in a real browser: signing in
lands on the inspectors' Today; a due re-inspection recorded held with a photo, another as
a rebound with a photo and a note; the counts change and the rebound's new finding shows.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest
from django.utils import timezone

from inspections import services
from inspections.choices import ReinspectionStatus
from inspections.models import Finding, Reinspection
from tests.browser import BROWSER_TESTS, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import point
from tests.images import png
from tests.inspections.conftest import photo

pytestmark = BROWSER_TESTS

WORDS = {
    "en": {"title": "Re-inspections", "held": "Recorded: the place held.", "rebound": "Recorded as a rebound"},
    "zh-hans": {"title": "复查任务", "held": "已记录：未反弹。", "rebound": "已记录为反弹"},
}


def closed_finding(inspector, category, dx: float) -> Finding:
    finding = services.register(inspector, category, "Rubbish by the gate", point=point(0.002 + dx, 0.005))
    services.dispatch(finding, inspector)
    services.dispose(finding, inspector, "Cleared", photos=[photo()])
    return services.verify(finding, inspector, accept=True)


def count(page, name: str) -> int:
    return int(page.text_content(f"[data-count={name}] .number"))


def record(page, result: str, note: str = "") -> None:
    page.check(f"input[name=result][value={result}]")
    page.set_input_files("#id_photo", files=[{"name": "place.png", "mimeType": "image/png", "buffer": png()}])
    if note:
        page.fill("#id_note", note)
    page.click(".record-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_inspectors_day_on_a_phone(live_server, language, inspector, rubbish, zones):
    first, second = closed_finding(inspector, rubbish, 0.0), closed_finding(inspector, rubbish, 0.001)
    # Their 7-day checks fall due today.
    Reinspection.objects.filter(offset=7).update(due=timezone.localdate())
    held_check = first.reinspections.get(offset=7)
    rebound_check = second.reinspections.get(offset=7)
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as phone:
        page = phone(**PHONE)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "inspector")
        assert page.url == f"{live_server.url}/inspections/today/"
        assert words["title"] in page.text_content("h1")
        assert (count(page, "due_today"), count(page, "recorded")) == (2, 0)
        assert page.locator(".reinspection-stops .order-card").count() == 2
        page.wait_for_selector("#today-map[data-orders='2']")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"inspections-today-{language}.png", full_page=True)

        page.click(f"[data-reinspection='{held_check.pk}'] a")
        page.wait_for_load_state()
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"reinspection-{language}.png", full_page=True)
        record(page, "held")
        assert words["held"] in page.text_content(".messages")
        assert page.get_attribute("[data-status]", "data-status") == "held"

        page.goto(f"{live_server.url}/inspections/today/")
        assert (count(page, "due_today"), count(page, "recorded")) == (1, 1)
        page.click(f"[data-reinspection='{rebound_check.pk}'] a")
        page.wait_for_load_state()
        record(page, "rebound", note="The rubbish is back")
        assert words["rebound"] in page.text_content(".messages")
        new_finding = page.get_attribute(".rebound-finding", "data-finding")
        assert f"#{new_finding}" in page.text_content(".rebound-finding")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"reinspection-rebound-{language}.png", full_page=True)

        page.goto(f"{live_server.url}/inspections/today/")
        assert (count(page, "due_today"), count(page, "recorded")) == (0, 2)
        assert page.errors == []

    assert Reinspection.objects.get(pk=held_check.pk).status == ReinspectionStatus.HELD
    assert Reinspection.objects.get(pk=rebound_check.pk).status == ReinspectionStatus.REBOUND
    assert Finding.objects.get(pk=new_finding).rebound_of_id == second.pk
