"""A planner keeps a project on a phone (390 px), in both languages, in a real browser:
the project page, its phase dates (a refusal, then design started), the spending form; the
project page then shows the new phase, its change and the spending; nothing overflows.

Screenshots are left under var/screenshots/ (not committed).
"""

import datetime

import pytest

from greening.choices import Phase
from greening.models import PhaseChange, Spending
from tests.browser import BROWSER_TESTS, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.greening.factories import make_project

pytestmark = BROWSER_TESTS

WORDS = {
    "en": {"skip": "can start only after Planning", "design": "Design"},
    "zh-hans": {"skip": "“规划”实际开始并结束后", "design": "设计"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_planner_keeps_a_project_on_a_phone(live_server, language, planner):
    today = datetime.date.today()
    start = today - datetime.timedelta(days=30)
    project = make_project({Phase.PLANNING: {"actual_start": start}}, code="JD-1", name="九鼎公园", budget=100_000)
    words = WORDS[language]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as open_page:
        page = open_page(**PHONE)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "planner")
        page.goto(f"{live_server.url}/greening/projects/{project.pk}/")
        assert overflow(page) == 0
        page.click(f"a[href='/greening/projects/{project.pk}/phases/']")
        page.wait_for_load_state()
        assert overflow(page) == 0
        # Design cannot start while planning has not ended.
        page.fill("#phase-design input[name=actual_start]", today.isoformat())
        page.click("#phase-design button[type=submit]")
        page.wait_for_load_state()
        assert words["skip"] in page.text_content("#phase-design")
        page.fill("#phase-planning input[name=actual_end]", (today - datetime.timedelta(days=2)).isoformat())
        page.click("#phase-planning button[type=submit]")
        page.wait_for_load_state()
        page.fill("#phase-design input[name=actual_start]", (today - datetime.timedelta(days=1)).isoformat())
        page.click("#phase-design button[type=submit]")
        page.wait_for_load_state()
        assert overflow(page) == 0
        page.goto(f"{live_server.url}/greening/projects/{project.pk}/spending/")
        page.fill("#id_day", today.isoformat())
        page.fill("#id_amount", "25000")
        page.fill("#id_purpose", "设计费")
        page.click(".spending-form button[type=submit]")
        page.wait_for_load_state()
        assert overflow(page) == 0
        page.goto(f"{live_server.url}/greening/projects/{project.pk}/")
        assert words["design"] in page.text_content("#project-phase")
        assert "设计费" in page.text_content("#spending")
        assert "25%" in page.text_content("#project-spent")
        assert overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / f"greening-project-{language}.png"), full_page=True)
        assert not page.errors, page.errors

    assert PhaseChange.objects.filter(project=project, to_phase=Phase.DESIGN).count() == 1
    assert Spending.objects.filter(project=project).count() == 1
