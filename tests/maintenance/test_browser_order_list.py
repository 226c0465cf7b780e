"""A manager reviews past work orders in a real browser (Playwright driving the system
Chromium against the live server), at desktop size in Chinese and in English: opens the
list from the navigation, filters it, sees the rows, opens an order, downloads an
export; and the page fits a phone's width in both languages.

Screenshots are left under var/screenshots/ (not committed).
"""

import csv
import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder
from tests.browser import BROWSER_TESTS, DESKTOP, PHONE, SCREENSHOTS, browser, sign_in
from tests.factories import AssetFactory
from tests.maintenance.factories import CrewFactory, PlanFactory

pytestmark = BROWSER_TESTS

DAY = datetime.timedelta(days=1)


def rows_shown(page) -> list[str]:
    return page.eval_on_selector_all("table.order-list tbody tr[data-order]", "rows => rows.map(r => r.dataset.order)")


def test_a_manager_filters_opens_and_exports_orders(live_server, manager):
    today = timezone.localdate()
    now = timezone.now()
    sanitation = CrewFactory(name="环卫一班", name_en="Sanitation crew 1")
    landscaping = CrewFactory(name="绿化班", name_en="Landscaping crew")
    sweeping = PlanFactory(name="道路清扫", crew=sanitation)
    watering = PlanFactory(name="公园浇水", crew=landscaping)
    road = AssetFactory(code="RD-07", name="皇城路三段", kind="road_segment")
    park = AssetFactory(code="PK-01", name="中心公园")

    def order(plan, asset, due, status=OrderStatus.SCHEDULED, **fields):
        return WorkOrder.objects.create(
            plan=plan, asset=asset, crew=plan.crew, occurrence=due, due=due, status=status, **fields
        )

    late = order(sweeping, road, today - 3 * DAY, OrderStatus.DONE, closed=now - DAY)
    on_time = order(sweeping, road, today - 2 * DAY, OrderStatus.DONE, closed=now - 2 * DAY)
    overdue = order(watering, park, today - DAY)
    upcoming = order(sweeping, park, today + DAY)
    every = [str(o.pk) for o in (late, on_time, overdue, upcoming)]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as open_page:
        page = open_page(DESKTOP, accept_downloads=True)
        sign_in(page, live_server, "manager")
        page.click("nav a[href='/maintenance/orders/']")
        page.wait_for_url("**/maintenance/orders/")
        assert page.text_content("h1") == "工单"
        assert rows_shown(page) == every

        # 中文: this crew's orders done late; the row, then the order.
        page.select_option("#id_crew", value=str(sanitation.pk))
        page.select_option("#id_status", value="done_late")
        page.click("#order-filters button[type=submit]")
        page.wait_for_url("**/maintenance/orders/?*status=done_late*")
        assert rows_shown(page) == [str(late.pk)]
        assert page.text_content(f"tr[data-order='{late.pk}'] .badge") == "逾期完成"
        page.screenshot(path=SCREENSHOTS / "order-list.png", full_page=True)
        page.click(f"tr[data-order='{late.pk}'] a")
        page.wait_for_url(f"**/orders/{late.pk}/")
        assert "皇城路三段" in page.text_content("main")
        page.go_back()

        with page.expect_download() as download:
            page.click("a[data-export=csv]")
        assert download.value.suggested_filename == f"work-orders-{today:%Y-%m-%d}.csv"
        data = download.value.path().read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        chinese = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert [chinese[0][:3], [row[0] for row in chinese[1:]]] == [["工单号", "应完成", "应完成时间"], [str(late.pk)]]
        assert chinese[1][11] == "逾期完成"

        # English: switch, filter by due range, download the XLSX of what is shown.
        page.select_option("#language-select", value="en")
        page.wait_for_selector("html[lang=en]")
        assert page.text_content("h1") == "Work orders"
        page.goto(f"{live_server.url}/maintenance/orders/")
        page.fill("#id_due_from", (today - 2 * DAY).isoformat())
        page.fill("#id_due_to", today.isoformat())
        page.click("#order-filters button[type=submit]")
        page.wait_for_url("**/maintenance/orders/?*due_from=*")
        assert rows_shown(page) == [str(on_time.pk), str(overdue.pk)]
        assert page.text_content(f"tr[data-order='{overdue.pk}'] .badge") == "Overdue"
        assert page.text_content("#order-count").strip() == "2 work orders"
        page.screenshot(path=SCREENSHOTS / "order-list-en.png", full_page=True)
        with page.expect_download() as download:
            page.click("a[data-export=xlsx]")
        assert download.value.suggested_filename == f"work-orders-{today:%Y-%m-%d}.xlsx"
        sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
        english = list(sheet.iter_rows(values_only=True))
        assert [english[0][:3], [row[0] for row in english[1:]]] == [
            ("Order", "Due", "Due time"),
            [on_time.pk, overdue.pk],
        ]
        assert english[2][1] == datetime.datetime.combine(today - DAY, datetime.time())
        # A bad range says so, in the page's language.
        page.fill("#id_due_from", today.isoformat())
        page.fill("#id_due_to", (today - DAY).isoformat())
        page.click("#order-filters button[type=submit]")
        assert "The “due from” date is after the “due to” date." in page.text_content(".errors")
        assert rows_shown(page) == []
        assert page.errors == []

        # A phone: the page fits its width in both languages (the table scrolls in its box).
        phone = open_page(PHONE, accept_downloads=True)
        sign_in(phone, live_server, "manager")
        for language in ["zh-hans", "en"]:
            phone.goto(f"{live_server.url}/maintenance/orders/")
            if phone.get_attribute("html", "lang") != language:
                phone.select_option("#language-select", value=language)
                phone.wait_for_selector(f"html[lang={language}]")
                phone.wait_for_load_state()  # its stylesheet too, before measuring
            assert rows_shown(phone) == every
            assert phone.evaluate("document.documentElement.scrollWidth") == 390
            phone.screenshot(path=SCREENSHOTS / f"order-list-phone-{language}.png", full_page=True)
        assert phone.errors == []
