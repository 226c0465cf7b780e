"""The plan form's recurrence builder and checklist rows in a real browser, at a phone's
size: a manager builds "every 3 days, May–October" in English, sees its words and ten
dates, adds two checklist rows and removes one, saves, and the plan page shows the rule
and the checklist; in Chinese, a rule typed by hand goes into the builder and back, and
one the builder cannot show stays raw and is saved intact.

Screenshots of the form are left under var/screenshots/ (not committed).
"""

import datetime

from django.conf import settings
from django.utils import timezone

from maintenance.choices import CalendarPolicy, ChecklistItemKind, NonWorkingDayRule
from maintenance.models import ChecklistItem, Plan
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import AssetFactory
from tests.maintenance.factories import CrewFactory, PlanFactory

pytestmark = BROWSER_TESTS


def in_language(page, live_server, language: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


def test_a_manager_builds_a_rule_and_the_checklist_on_a_phone(live_server, manager):
    crew = CrewFactory(name="园林班", name_en="Landscaping crew")
    AssetFactory(code="GS-03", name="酥溪绿地", kind="green_space")
    start = timezone.localdate()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as phone:
        page = phone()
        in_language(page, live_server, "en")
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/maintenance/plans/new/")
        # The script asks for the default rule's words at once.
        page.wait_for_selector("#rule-words:has-text('Every week, on the weekday the plan starts')")
        assert page.is_hidden("#id_rrule") and page.is_hidden("#id_repeat_month_day")
        page.fill("#id_name", "Watering the Suxi banks")
        page.select_option("#id_task_type", index=1)
        page.select_option("#id_crew", value=str(crew.pk))
        page.fill("#id_asset_codes", "GS-03")

        page.fill("#id_repeat_every", "3")
        page.select_option("#id_repeat_unit", "DAILY")
        assert page.is_hidden("#id_repeat_weekdays_0")
        for month in range(5, 11):
            page.locator(f"label[for=id_repeat_months_{month - 1}]").tap()
        page.wait_for_selector("#rule-words:text-is('Every 3 days, only in May–October')")
        page.wait_for_selector("#preview-dates li >> nth=9")
        dates = page.locator("#preview-dates time").evaluate_all("times => times.map(t => t.dateTime)")
        assert len(dates) == 10
        assert all(5 <= int(date[5:7]) <= 10 for date in dates)
        assert page.input_value("#id_rrule") == "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10"

        # Two rows more than the three offered; the first of them removed again.
        page.fill("#id_checklist-0-label", "Soil moist at 10 cm")
        page.tap("#checklist-add")
        page.tap("#checklist-add")
        assert page.input_value("#id_checklist-TOTAL_FORMS") == "5"
        page.fill("#id_checklist-3-label", "Hose rolled up")
        page.fill("#id_checklist-4-label", "Water used")
        page.select_option("#id_checklist-4-kind", ChecklistItemKind.NUMBER)
        page.fill("#id_checklist-4-unit", "m³")
        page.locator("tr:has(#id_checklist-3-label) .checklist-remove").tap()
        assert page.input_value("#id_checklist-TOTAL_FORMS") == "4"
        assert page.input_value("#id_checklist-3-label") == "Water used"  # renumbered
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / "plan-form-builder.png", full_page=True)

        page.tap("button[name=save]")
        page.wait_for_url("**/maintenance/plans/*/")
        assert "Every 3 days, only in May–October" in page.text_content(".rule-words")
        assert page.text_content("code.rule") == "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10"
        checklist = page.text_content("ol.checklist")
        assert "Soil moist at 10 cm" in checklist and "Water used" in checklist
        assert "Hose rolled up" not in checklist
        assert overflow(page) == 0
        assert page.errors == []

    plan = Plan.objects.get()
    assert (plan.rrule, plan.start) == ("FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10", start)
    assert list(plan.checklist.order_by("position").values_list("label", "kind", "unit")) == [
        ("Soil moist at 10 cm", ChecklistItemKind.PASS_FAIL, ""),
        ("Water used", ChecklistItemKind.NUMBER, "m³"),
    ]


def test_a_raw_rule_goes_into_the_builder_and_back_in_chinese(live_server, manager):
    road = AssetFactory(code="RD-05", name="文溪路一段", kind="road_segment")
    plan = PlanFactory(name="周一清扫", rrule="FREQ=WEEKLY;BYDAY=MO", start=datetime.date(2026, 3, 2), assets=[road])
    kept = ChecklistItem.objects.create(plan=plan, position=1, label="路面干净")
    dropped = ChecklistItem.objects.create(plan=plan, position=2, label="旧检查项")
    unbuildable = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"

    with browser() as phone:
        page = phone()
        in_language(page, live_server, "zh-hans")
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/maintenance/plans/{plan.pk}/edit/")
        page.wait_for_selector("#rule-words:text-is('每周的星期一')")
        assert page.is_checked("#id_repeat_weekdays_0") and not page.is_checked("#id_rule_raw")

        # By hand: the builder's rule is there to edit; a rule typed is worded live.
        page.locator("label[for=id_rule_raw]").tap()
        assert page.input_value("#id_rrule") == "FREQ=WEEKLY;BYDAY=MO"
        assert page.is_hidden("#id_repeat_every")
        page.fill("#id_rrule", "freq=monthly;byday=2tu")
        page.wait_for_selector("#rule-words:text-is('每月的第 2 个星期二')")
        # Back to the builder: it shows the typed rule.
        page.locator("label[for=id_rule_raw]").tap()
        page.wait_for_selector("#id_repeat_nth:visible")
        assert not page.is_checked("#id_rule_raw")
        assert (page.input_value("#id_repeat_unit"), page.is_checked("#id_repeat_day_2")) == ("MONTHLY", True)
        assert (page.input_value("#id_repeat_nth"), page.input_value("#id_repeat_nth_weekday")) == ("2", "TU")
        # The builder's rule replaces the typed spelling.
        page.wait_for_function("document.getElementById('id_rrule').value === 'FREQ=MONTHLY;BYDAY=+2TU'")
        assert page.text_content("#rule-words") == "每月的第 2 个星期二"

        # A rule the builder cannot show stays raw, with a word why.
        page.locator("label[for=id_rule_raw]").tap()
        page.fill("#id_rrule", unbuildable)
        page.wait_for_selector(f"#rule-words:text-is('自定义规则：{unbuildable}')")
        page.locator("label[for=id_rule_raw]").tap()
        page.wait_for_selector("#builder-note:text-is('规则生成器无法表示这条规则：保留为手动填写的规则。')")
        assert page.text_content("#rule-words") == f"自定义规则：{unbuildable}"
        assert page.is_checked("#id_rule_raw") and page.is_visible("#id_rrule")

        # A saved checklist row removed: its delete box is ticked and the row hidden.
        page.locator(f"tr:has(input[value='{dropped.pk}']) .checklist-remove").tap()
        assert page.is_checked("#id_checklist-1-DELETE")
        assert page.is_hidden("#id_checklist-1-label")
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / "plan-form-raw.png", full_page=True)
        page.tap("button[name=save]")
        page.wait_for_url(f"**/maintenance/plans/{plan.pk}/")
        assert page.text_content("code.rule") == unbuildable

        # Opened again: raw, intact.
        page.goto(f"{live_server.url}/maintenance/plans/{plan.pk}/edit/")
        page.wait_for_selector(f"#rule-words:text-is('自定义规则：{unbuildable}')")
        assert page.is_checked("#id_rule_raw") and page.input_value("#id_rrule") == unbuildable
        assert page.errors == []

    plan.refresh_from_db()
    assert (plan.rrule, plan.calendar, plan.non_working) == (
        unbuildable,
        CalendarPolicy.EVERY_DAY,
        NonWorkingDayRule.NEXT,
    )
    assert list(plan.checklist.values_list("pk", flat=True)) == [kept.pk]
