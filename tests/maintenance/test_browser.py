"""A crew's day in a real browser: Playwright driving the system Chromium at a phone's size
against the live server — sign in, Today, an order, the checklist, a photo, complete it;
a member of another crew does not see it.

Screenshots of Today and of the order page are left under var/screenshots/ (not committed).
"""

import contextlib
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistItem, CrewMembership, WorkOrder, WorkOrderPhoto
from tests.factories import AssetFactory, UserFactory
from tests.maintenance.factories import CrewFactory, PlanFactory

# Transactional: the live server's thread must see the test's commits. serialized_rollback
# restores the rows the migrations seed (task types, role groups), which the flush at the
# end of a transactional test removes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PASSWORD = "secret-password"  # tests.factories.UserFactory's
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# Tiles come from a host that does not exist, answered by the test: the machine is offline.
TILES = "https://tiles.invalid/{z}/{x}/{y}.png"
TILES_ROUTE = "https://tiles.invalid/**"


def png_tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (235, 238, 232)).save(buffer, "PNG")
    return buffer.getvalue()


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[306] = "2026:09:28 08:15:00"  # DateTime
    Image.new("RGB", (1200, 900), (90, 140, 70)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@contextlib.contextmanager
def phones():
    """Chromium under Playwright; yields a function that opens a new phone-sized browser
    (one per person; keywords go to Playwright's new_context: geolocation=…), each
    collecting its page's script errors.

    Playwright's sync API runs an asyncio event loop in this thread, and while it runs,
    Django keeps a separate set of database connections for "async" code (asgiref's
    thread-critical Local). So no ORM call is made inside this block: the data is made
    before, and checked after. (Setting DJANGO_ALLOW_ASYNC_UNSAFE would let such calls
    through on a second connection and, at the test's end, the flush would miss the
    serialized-rollback state; without it, a stray ORM call fails loudly.)
    """
    from playwright.sync_api import sync_playwright

    tile = png_tile()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

        def open_phone(**options):
            context = chromium.new_context(locale="zh-CN", **PHONE, **options)
            context.set_default_timeout(10_000)
            context.route(TILES_ROUTE, lambda route: route.fulfill(body=tile, content_type="image/png"))
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            return page

        try:
            yield open_phone
        finally:
            chromium.close()


@pytest.fixture(autouse=True)
def chromium_and_offline_tiles(settings):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does).")
    settings.MAP_TILES_URL = TILES


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def count(page, name: str) -> int:
    return int(page.text_content(f"[data-count={name}] .number"))


def test_a_crew_member_completes_an_order_on_a_phone(live_server):
    today = timezone.localdate()
    crew, other_crew = CrewFactory(name="环卫一班"), CrewFactory(name="绿化班")
    member = UserFactory(username="wang", first_name="Wang")
    CrewMembership.objects.create(crew=crew, user=member)
    CrewMembership.objects.create(crew=other_crew, user=UserFactory(username="li"))
    plan = PlanFactory(
        name="道路日常清扫", crew=crew, due_time=datetime.time(8, 30), instructions="清扫路面与人行道，清空垃圾桶。"
    )
    litter = ChecklistItem.objects.create(plan=plan, position=1, label="垃圾已清理")
    weight = ChecklistItem.objects.create(
        plan=plan, position=2, label="清运量", kind=ChecklistItemKind.NUMBER, unit="kg"
    )
    ChecklistItem.objects.create(plan=plan, position=3, label="备注", kind=ChecklistItemKind.TEXT, required=False)
    road = AssetFactory(code="RD-07", name="皇城路三段", kind="road_segment")
    order = WorkOrder.objects.create(
        plan=plan, asset=road, crew=crew, occurrence=today, due=today, due_time=datetime.time(8, 30)
    )
    machine = AssetFactory(code="EQ-09", name="二号处理机")
    other = WorkOrder.objects.create(plan=plan, asset=machine, crew=crew, occurrence=today, due=today)
    order_link, other_link = f"a[href='/orders/{order.pk}/']", f"a[href='/orders/{other.pk}/']"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with phones() as phone:
        page = phone()
        sign_in(page, live_server, "wang")
        assert page.url == f"{live_server.url}/today/"  # crew members land on Today
        assert page.locator(order_link).is_visible()
        assert (count(page, "to_do"), count(page, "overdue"), count(page, "done")) == (2, 0, 0)
        page.screenshot(path=SCREENSHOTS / "today.png", full_page=True)

        page.locator(order_link).tap()
        page.wait_for_url(f"**/orders/{order.pk}/")
        page.tap(f"label[for=id_item-{litter.pk}-pass]")
        page.fill(f"#id_item-{weight.pk}", "35.5")
        # A reload before sending (a dropped connection, a tab the phone killed) loses nothing.
        page.reload()
        assert page.is_checked(f"#id_item-{litter.pk}-pass")
        assert page.input_value(f"#id_item-{weight.pk}") == "35.5"
        assert page.get_attribute("#order-form", "data-restored") == "true"
        photo = {"name": "site.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
        page.set_input_files("input[name=photo]", files=[photo])
        page.screenshot(path=SCREENSHOTS / "order.png", full_page=True)
        # No signal: the submit is held back and the fields keep what was typed.
        page.context.set_offline(True)
        page.tap("button[name=action][value=save]")
        assert page.text_content("#draft-status") == page.get_attribute("#draft-status", "data-offline")
        assert page.url.endswith(f"/orders/{order.pk}/")
        assert page.input_value(f"#id_item-{weight.pk}") == "35.5"
        page.context.set_offline(False)

        page.tap("button[name=action][value=complete]")
        page.wait_for_url("**/today/")
        assert (count(page, "to_do"), count(page, "overdue"), count(page, "done")) == (1, 0, 1)
        assert "status-done" in page.get_attribute(f"li:has({order_link})", "class")
        assert "status-scheduled" in page.get_attribute(f"li:has({other_link})", "class")
        page.screenshot(path=SCREENSHOTS / "today-after.png", full_page=True)

        # The server has the answers: the page shows them, and the draft is gone.
        page.goto(f"{live_server.url}/orders/{order.pk}/")
        assert page.locator("#order-form").count() == 0
        assert "35.5 kg" in page.text_content("dl.answers")
        assert page.evaluate(f"localStorage.getItem('shouwei:order-draft:{order.pk}')") is None

        page.goto(f"{live_server.url}/today/map/")
        page.wait_for_selector("#today-map[data-orders='2']")
        assert page.locator("path.leaflet-interactive").count() == 2
        page.screenshot(path=SCREENSHOTS / "today-map.png")
        assert page.errors == []

        # A member of another crew: not on their Today, and the address is a 404.
        intruder = phone()
        sign_in(intruder, live_server, "li")
        assert intruder.url == f"{live_server.url}/today/"
        assert intruder.locator(order_link).count() == 0
        assert "皇城路三段" not in intruder.content()
        assert intruder.goto(f"{live_server.url}/orders/{order.pk}/").status == 404
        assert intruder.errors == []

    order.refresh_from_db()
    assert (order.status, order.closed_by) == (OrderStatus.DONE, member)
    assert {answer.item_id: answer.value() for answer in order.answers.select_related("item")} == {
        litter.pk: True,
        weight.pk: Decimal("35.5"),
    }
    assert WorkOrderPhoto.objects.get(order=order).taken is not None
    assert WorkOrder.objects.get(pk=other.pk).status == OrderStatus.SCHEDULED


def test_a_manager_finds_assets_by_name_for_a_new_plan(live_server, manager):
    crew = CrewFactory(name="环卫二班")
    AssetFactory(code="RD-07", name="皇城路三段", kind="road_segment")
    AssetFactory(code="RD-08", name="皇城路四段", kind="road_segment")
    AssetFactory(code="PK-01", name="中心公园")

    with phones() as phone:
        page = phone()
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/maintenance/plans/new/")
        page.fill("#id_name", "皇城路保洁")
        page.select_option("#id_crew", value=str(crew.pk))
        page.select_option("#id_task_type", index=1)
        page.select_option("#id_repeat_unit", "DAILY")
        # The finder: search by name, add one result, then the other; the box keeps both.
        page.fill("#asset-finder-q", "皇城路")
        page.locator(".asset-finder-results button[data-code='RD-08']").click()
        page.locator(".asset-finder-results button[data-code='RD-07']").click()
        assert page.input_value("#id_asset_codes") == "RD-08\nRD-07"
        assert page.locator(".asset-finder-results button[data-code='RD-07']").is_disabled()
        page.fill("#asset-finder-q", "没有这个")
        page.wait_for_selector(".asset-finder-note:has-text('没有匹配的设施')")
        page.click("button[name=save]")
        page.wait_for_url("**/maintenance/plans/*/")
        assert page.errors == []

    plan = crew.plans.get()
    assert sorted(plan.assets.values_list("code", flat=True)) == ["RD-07", "RD-08"]
