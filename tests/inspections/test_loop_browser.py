"""A finding's loop in a real browser, on a phone, in both languages: an inspector
registers it with a photo (the place tapped on the map, then typed), a manager dispatches
it to the crew, a crew member disposes of it with a photo after the work, the inspector
sends it back once (rework counted) and then accepts it; the story page shows every step.

Screenshots under var/screenshots/ (not committed).
"""

import io

import pytest
from PIL import Image

from inspections.choices import FindingStatus, StepKind
from inspections.models import Finding
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, overflow, sign_in

pytestmark = BROWSER_TESTS


def jpeg(colour) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG")
    return {"name": "place.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def open_as(phone, live_server, language: str, username: str):
    page = phone()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server, username)
    return page


def fits(page) -> None:
    assert overflow(page) == 0
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_findings_loop_on_a_phone(live_server, language, inspector, manager, crew_member, sanitation, rubbish, zones):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    crew_party = f"crew:{sanitation.pk}"

    with browser() as phone:
        found = open_as(phone, live_server, language, "inspector")
        found.goto(f"{live_server.url}/inspections/findings/")
        found.click("a[href='/inspections/findings/new/']")
        found.wait_for_selector("#place-map .leaflet-tile-loaded")
        found.select_option("#id_category", str(rubbish.pk))
        found.fill("#id_description", "路边垃圾堆放 / Rubbish piled by the road")
        found.click("#place-map")  # a tap on the map fills the place
        assert found.input_value("#id_lat") != ""
        found.fill("#id_lat", "28.905000")  # inside the roads zone, whatever the map's centre
        found.fill("#id_lon", "120.055000")
        found.press("#id_lon", "Tab")  # the suggested party follows the place
        found.wait_for_function("document.getElementById('suggested-party').textContent !== ''")
        assert ("Municipal works" if language == "en" else "市政") in found.text_content("#suggested-party")
        found.set_input_files("#id_photos", files=[jpeg((120, 90, 60))])
        fits(found)
        found.screenshot(path=SCREENSHOTS / f"finding-register-{language}.png", full_page=True)
        found.click("#register-form button[type=submit]")
        found.wait_for_selector("#action-dispatch")
        url = found.url
        assert found.locator(".before-after img").count() == 1
        fits(found)

        boss = open_as(phone, live_server, language, "manager")
        boss.goto(url)
        boss.select_option("#id_dispatch-party", crew_party)
        boss.click("#action-dispatch button[type=submit]")
        boss.wait_for_selector("#finding-status.finding-dispatched")

        crew = open_as(phone, live_server, language, "crew-member")
        crew.goto(url)
        crew.fill("#id_dispose-done", "已清运 / Carted away")
        crew.click("#action-dispose button[type=submit]")  # no photo: refused, the text kept
        crew.wait_for_selector(".message.error")
        assert crew.input_value("#id_dispose-done") == "已清运 / Carted away"
        crew.set_input_files("#id_dispose-photos", files=[jpeg((90, 140, 70))])
        crew.click("#action-dispose button[type=submit]")
        crew.wait_for_selector("#finding-status.finding-disposed")
        fits(crew)

        found.goto(url)
        found.fill("#id_verify-reason", "墙角还有一袋 / A bag left by the wall")
        found.click("#action-verify button[value=send_back]")
        found.wait_for_selector("#rework-count")

        crew.goto(url)
        crew.fill("#id_dispose-done", "袋子已清走 / Took the bag")
        crew.set_input_files("#id_dispose-photos", files=[jpeg((80, 150, 80))])
        crew.click("#action-dispose button[type=submit]")
        crew.wait_for_selector("#finding-status.finding-disposed")

        found.goto(url)
        found.click("#action-verify button[value=accept]")
        found.wait_for_selector("#finding-status.finding-closed")
        kinds = found.eval_on_selector_all("#steps li", "steps => steps.map(step => step.dataset.kind)")
        assert found.locator(".before-after img").count() == 3  # one before, two after
        fits(found)
        found.screenshot(path=SCREENSHOTS / f"finding-story-{language}.png", full_page=True)

    assert kinds == [
        StepKind.REGISTERED, StepKind.DISPATCHED, StepKind.DISPOSED, StepKind.SENT_BACK, StepKind.DISPOSED,
        StepKind.CLOSED,
    ]  # fmt: skip
    finding = Finding.objects.get()
    assert (finding.status, finding.rework_count, finding.crew) == (FindingStatus.CLOSED, 1, sanitation)
    assert finding.reinspections.count() == 3
