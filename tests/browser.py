"""The browser tests' harness: Playwright driving Debian's Chromium against the live server.

Every browser test module is marked ``pytest.mark.browser`` (tests/conftest.py then skips
it when Chromium is missing and serves the map's tiles offline) and transactional (the
live server's thread must see the test's commits): ``pytestmark = BROWSER_TESTS``.

Playwright's sync API runs an asyncio event loop in this thread, and while it runs,
Django keeps a separate set of database connections for "async" code (asgiref's
thread-critical Local). So no ORM call is made inside ``with browser()``: the data is made
before, and checked after. (Setting DJANGO_ALLOW_ASYNC_UNSAFE would let such calls through
on a second connection and, at the test's end, the flush would miss the serialized-rollback
state; without it, a stray ORM call fails loudly.)

Screenshots go under var/screenshots/ (not committed).
"""

import contextlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

# serialized_rollback restores the rows the migrations seed (task types, role groups),
# which the flush at the end of a transactional test removes.
BROWSER_TESTS = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PASSWORD = "secret-password"  # tests.factories.UserFactory's
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
# Tiles come from a host that does not exist, answered by the test: the machine is offline.
TILES = "https://tiles.invalid/{z}/{x}/{y}.png"
TILES_ROUTE = "https://tiles.invalid/**"


def png_tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (235, 238, 232)).save(buffer, "PNG")
    return buffer.getvalue()


@contextlib.contextmanager
def browser():
    """Chromium under Playwright; yields ``open(size=PHONE, **options)``, which opens a new
    browser context (one per person; options go to Playwright's new_context: geolocation=…,
    accept_downloads=…) and returns its page, collecting the page's script errors in
    ``page.errors``."""
    from playwright.sync_api import sync_playwright

    tile = png_tile()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

        def open_page(size=PHONE, **options):
            context = chromium.new_context(**{"locale": "zh-CN", **size, **options})
            context.set_default_timeout(10_000)
            context.route(TILES_ROUTE, lambda route: route.fulfill(body=tile, content_type="image/png"))
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            return page

        try:
            yield open_page
        finally:
            chromium.close()


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def overflow(page) -> int:
    """How far the page is wider than its window, in CSS pixels (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
