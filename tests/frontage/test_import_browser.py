"""A manager imports the register on a phone, in Chinese and in English: a file with a bad
row (shown in red, nothing to confirm), then a good one checked and imported.

Screenshots of the dry run are left under var/screenshots/.
"""

from frontage.models import Unit
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import ZoneFactory

from .importfiles import row, xlsx

pytestmark = BROWSER_TESTS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name: str, content: bytes) -> None:
    page.set_input_files("#id_file", {"name": name, "mimeType": XLSX, "buffer": content})
    page.click("#import-upload button[type=submit]")
    page.wait_for_load_state()


def test_a_manager_imports_the_register_on_a_phone(live_server, manager):
    zone = ZoneFactory(code="east")
    long_name = "一家名字很长很长很长很长很长很长很长很长很长很长的商铺"
    bad = xlsx([row("U-1", zone), row("U-2", zone, zone="west", name=long_name)])
    good = {
        "zh-CN": xlsx([row("U-1", zone), row("U-2", zone, name=long_name)]),
        "en-US": xlsx([row("U-3", zone)]),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    texts = {
        "zh-CN": ("导入门前三包单位", "未知的责任区“west”", "共 2 行：将新增 2 个", "新增 2 个"),
        "en-US": ("Import door units", "Unknown zone “west”", "1 would be created", "1 created"),
    }

    with browser() as phone:
        for locale, (title, unknown, would, done) in texts.items():
            page = phone(locale=locale)
            sign_in(page, live_server, manager.username)
            page.goto(f"{live_server.url}/frontage/import/")
            assert page.locator("h1").text_content() == title
            upload(page, "units.xlsx", bad)
            assert unknown in page.locator("tr.import-error").text_content()
            assert page.locator("#import-confirm").count() == 0
            assert overflow(page) == 0
            page.screenshot(path=SCREENSHOTS / f"frontage-import-errors-{locale}.png", full_page=True)
            upload(page, "units.xlsx", good[locale])
            assert would in page.locator("#import-report [role=status]").text_content()
            assert overflow(page) == 0
            page.screenshot(path=SCREENSHOTS / f"frontage-import-dry-run-{locale}.png", full_page=True)
            page.click("#import-confirm button[name=confirm]")
            page.wait_for_load_state()
            assert done in page.locator("#import-report [role=status]").text_content()
            assert page.errors == []

    assert sorted(Unit.objects.values_list("code", flat=True)) == ["U-1", "U-2", "U-3"]
