"""The managers' lists fit a 1366 px screen in English (the longer language): every column
of the plan list and of the work-order list is shown without scrolling sideways."""

from django.utils import timezone

from maintenance.models import WorkOrder
from tests.browser import BROWSER_TESTS, DESKTOP, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import AssetFactory
from tests.maintenance.factories import CrewFactory, PlanFactory

pytestmark = BROWSER_TESTS


def table_overflow(page, selector: str) -> int:
    """How far the table is wider than the box it scrolls in (0: every column shows)."""
    script = (
        "selector => { const table = document.querySelector(selector);"
        " return table.scrollWidth - table.parentElement.clientWidth; }"
    )
    return page.evaluate(script, selector)


def test_the_plan_list_and_the_order_list_fit_1366_px_in_english(live_server, manager):
    today = timezone.localdate()
    crew = CrewFactory(name="餐厨垃圾处理设备运维班", name_en="Kitchen-waste plant operators")
    for n in range(3):
        plan = PlanFactory(
            name=f"餐厨设备每运行500小时保养{n}",
            crew=crew,
            rrule="FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10",
            start=today.replace(month=5, day=1),
        )
        asset = AssetFactory(code=f"RD-HUANGCHENG-0{n}", name="皇城路第三段人行道及绿化带", kind="road_segment")
        WorkOrder.objects.create(plan=plan, asset=asset, crew=crew, occurrence=today, due=today)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as open_page:
        page = open_page(DESKTOP, locale="en-GB")
        sign_in(page, live_server, "manager")
        page.select_option("#language-select", value="en")
        page.wait_for_selector("html[lang=en]")
        page.wait_for_load_state()
        for url, table in [("/maintenance/plans/", "table.plans"), ("/maintenance/orders/", "table.order-list")]:
            page.goto(f"{live_server.url}{url}")
            assert (overflow(page), table_overflow(page, table)) == (0, 0), url
            page.screenshot(path=SCREENSHOTS / f"desktop-en{url.rstrip('/').replace('/', '-')}.png", full_page=True)
        assert page.errors == []
