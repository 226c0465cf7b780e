"""In a real browser, in both languages: a crew member on a phone (390 px) reports dead
trees with a photo on a green space's care page; a planner hands a project over on the
desktop and sees the asset and plans it made. No page overflows sideways.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest

from assets.choices import AssetKind
from greening import services
from greening.models import Loss, Project
from tests.browser import BROWSER_TESTS, DESKTOP, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import AssetFactory
from tests.images import png

pytestmark = BROWSER_TESTS

WORDS = {
    "en": {"care": "Plantings and losses", "recorded": "Loss recorded.", "handed": "Handed over:"},
    "zh-hans": {"care": "种植与苗木损失", "recorded": "苗木损失已登记。", "handed": "已移交："},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_loss_reported_on_a_phone_and_a_hand_over(
    live_server, language, keeper, accepted_project, crew_member, planner
):
    green = AssetFactory(code="GS-1", name="酥溪北岸绿地", kind=AssetKind.GREEN_SPACE, department=keeper)
    planting = services.record_planting(green, planner, species="香樟", count=40, planted="2026-04-10")
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cookie = [{"name": "django_language", "value": language, "url": live_server.url}]

    with browser() as open_page:
        page = open_page(**PHONE)
        page.context.add_cookies(cookie)
        sign_in(page, live_server, "crew-member")
        page.goto(f"{live_server.url}/assets/{green.pk}/")
        page.click(f"a[href='/greening/assets/{green.pk}/care/']")
        page.wait_for_load_state()
        assert words["care"] in page.text_content("h1")
        page.click("details:has(.loss-form) > summary")
        page.select_option("#loss-planting", str(planting.pk))
        page.fill("#loss-count", "3")
        page.fill("#loss-note", "枯死")
        page.set_input_files("#loss-photos", files=[{"name": "dead.png", "mimeType": "image/png", "buffer": png()}])
        assert overflow(page) == 0
        page.click(".loss-form button[type=submit]")
        page.wait_for_load_state()
        assert words["recorded"] in page.text_content(".messages")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"greening-care-{language}.png", full_page=True)

        desk = open_page(**DESKTOP)
        desk.context.add_cookies(cookie)
        sign_in(desk, live_server, "planner")
        desk.goto(f"{live_server.url}/greening/projects/{accepted_project.pk}/handover/")
        assert overflow(desk) == 0
        desk.click(".handover-form button[type=submit]")
        desk.wait_for_load_state()
        assert words["handed"] in desk.text_content(".messages")
        assert desk.locator(".handover-assets li").count() == 1
        assert desk.locator(".handover-plans li").count() == 4
        desk.screenshot(path=SCREENSHOTS / f"greening-handover-{language}.png", full_page=True)

    loss = Loss.objects.get()
    assert (loss.count, loss.reported_by, loss.photos.count()) == (3, crew_member, 1)
    assert Project.objects.get(pk=accepted_project.pk).handed_over is not None
