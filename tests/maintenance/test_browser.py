"""A crew's day in a real browser: Playwright driving the system Chromium at a phone's size
against the live server — sign in, Today, an order, the checklist, a photo, complete it;
a member of another crew does not see it.

Screenshots of Today and of the order page are left under var/screenshots/ (not committed).
"""

import datetime
import io
from decimal import Decimal

from django.utils import timezone
from PIL import Image

from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistItem, CrewMembership, WorkOrder, WorkOrderPhoto
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, sign_in
from tests.factories import AssetFactory, UserFactory
from tests.maintenance.factories import CrewFactory, PlanFactory

pytestmark = BROWSER_TESTS


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[306] = "2026:09:28 08:15:00"  # DateTime
    Image.new("RGB", (1200, 900), (90, 140, 70)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


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

    with browser() as phone:
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

    with browser() as phone:
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
