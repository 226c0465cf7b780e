"""A passer-by reports a problem from the QR code of a street-corner landscape, on a phone,
in Chinese and in English: the form, a photo, the phone's position, the tracking code;
the same from a door unit's public page (its sign's QR code);
and the same form on a phone without JavaScript.

Screenshots of the form and of the status page are left under var/screenshots/.
"""

from assets.choices import AssetKind
from inspections.choices import FindingSource, FindingStatus
from inspections.models import Category, Finding
from tests.browser import BROWSER_TESTS, SCREENSHOTS, browser
from tests.factories import AssetFactory, UnitFactory, point, square
from tests.images import png

pytestmark = BROWSER_TESTS


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_passer_by_reports_from_the_qr_code_on_a_phone(live_server, roads, municipal):
    AssetFactory(
        code="LS-07", name="文溪路街角小品", kind=AssetKind.LANDSCAPE, zone=roads, department=municipal,
        geometry=square(dx=0.003, dy=0.003, size=0.0005),
    )  # fmt: skip
    rubbish = Category.objects.get(code="exposed-rubbish")
    near = point(0.0031, 0.0031)["coordinates"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/r/LS-07/"
    codes = {}

    with browser() as phone:
        # In Chinese (the phone's language), with a photo and without the position.
        page = phone()
        page.goto(url)
        assert page.locator("h1").text_content() == "举报问题"
        assert page.locator("label[for=id_category]").text_content() == "发现了什么问题？"
        page.select_option("#id_category", str(rubbish.pk))
        page.fill("#id_description", "长椅旁堆放垃圾")
        page.set_input_files("#id_photo", {"name": "bench.png", "mimeType": "image/png", "buffer": png()})
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "public-report-zh.png", full_page=True)
        page.click(".public-report button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".message.success").text_content() == "谢谢，您的举报已提交。"
        assert page.locator(".status strong").text_content() == "已收到"
        codes["zh"] = page.locator(".tracking").text_content()
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "public-status-zh.png", full_page=True)
        assert page.errors == []

        # In English, with the phone's position.
        page = phone(
            locale="en-US",
            geolocation={"latitude": near[1], "longitude": near[0]},
            permissions=["geolocation"],
        )
        page.goto(url)
        assert page.locator("h1").text_content() == "Report a problem"
        page.select_option("#id_category", str(rubbish.pk))
        page.fill("#id_description", "Rubbish by the bench")
        page.click("#use-position")
        page.wait_for_function("document.getElementById('id_lat').value !== ''")
        assert page.locator("#position-state").text_content() == "Your position will be sent with the report."
        assert fits_the_phone(page)
        page.screenshot(path=SCREENSHOTS / "public-report-en.png", full_page=True)
        page.click(".public-report button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".status strong").text_content() == "Received"
        codes["en"] = page.locator(".tracking").text_content()
        page.screenshot(path=SCREENSHOTS / "public-status-en.png", full_page=True)
        assert page.errors == []

        # Without JavaScript: no position button, the asset's place.
        page = phone(locale="en-US", java_script_enabled=False)
        page.goto(url)
        assert not page.locator("#use-position").is_visible()
        page.select_option("#id_category", str(rubbish.pk))
        page.fill("#id_description", "Broken bench")
        page.click(".public-report button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".status strong").text_content() == "Received"

    chinese, english, plain = Finding.objects.order_by("pk")
    assert {finding.status for finding in (chinese, english, plain)} == {FindingStatus.PENDING}
    assert {finding.source for finding in (chinese, english, plain)} == {FindingSource.PUBLIC}
    assert chinese.photos.count() == 1
    assert (english.lon, english.lat) == (round(near[0], 6), round(near[1], 6))
    assert (chinese.lon, chinese.lat) == (plain.lon, plain.lat)  # the asset's place, both
    assert codes["zh"].startswith(f"{chinese.pk}-") and codes["en"].startswith(f"{english.pk}-")


def test_a_passer_by_reports_at_a_door_unit_from_its_sign_on_a_phone(live_server, roads):
    UnitFactory(code="U-SHOP", name="文溪小吃", zone=roads, location=point(0.004, 0.004))
    rubbish = Category.objects.get(code="exposed-rubbish")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as phone:
        for language, locale, link, heading, place, received in (
            ("zh", "zh-CN", "举报此处的问题", "举报问题", "文溪小吃 门前", "已收到"),
            ("en", "en-US", "Report a problem here", "Report a problem", "In front of 文溪小吃", "Received"),
        ):
            page = phone(locale=locale)
            # The sign's QR code leads to the unit's public page, which links the form.
            page.goto(f"{live_server.url}/u/U-SHOP/")
            page.click(f"text={link}")
            page.wait_for_load_state()
            assert page.locator("h1").text_content() == heading
            assert page.locator(".place").text_content().startswith(place)
            page.select_option("#id_category", str(rubbish.pk))
            page.fill("#id_description", "垃圾桶满溢" if language == "zh" else "Bins overflowing")
            assert fits_the_phone(page)
            page.screenshot(path=SCREENSHOTS / f"public-report-unit-{language}.png", full_page=True)
            page.click(".public-report button[type=submit]")
            page.wait_for_load_state()
            assert page.locator(".status strong").text_content() == received
            assert fits_the_phone(page)
            assert page.errors == []

    assert [finding.unit.code for finding in Finding.objects.order_by("pk")] == ["U-SHOP", "U-SHOP"]
