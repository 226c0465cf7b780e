"""A manager renews a pledge ending soon and signs the renewal with its scanned document,
in a real browser: at a desk in English, on a phone in Chinese (nothing wider than the
screen); the list of pledges to renew shows the renewal signed.

Screenshots under var/screenshots/ (not committed).
"""

import datetime

import pytest
from django.utils import timezone

from frontage.choices import PledgeStatus
from frontage.models import Pledge
from tests.browser import BROWSER_TESTS, DESKTOP, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.factories import PledgeFactory

pytestmark = BROWSER_TESTS

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(("size", "language"), [(DESKTOP, "en"), (PHONE, "zh-hans")], ids=["desktop-en", "phone-zh"])
def test_a_manager_renews_and_signs_a_pledge(live_server, manager, size, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    old = PledgeFactory(starts=today - datetime.timedelta(days=345), ends=today + datetime.timedelta(days=19))

    with browser() as open_page:
        page = open_page(size)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/frontage/pledges/expiring/")
        page.click(f"tr[data-pledge='{old.pk}'] a")
        page.click("form.pledge-renew button[type=submit]")
        page.wait_for_selector("form.pledge-sign")
        renewal_url = page.url
        assert overflow(page) == 0
        page.screenshot(path=SCREENSHOTS / f"pledge-renewal-{language}.png", full_page=True)

        page.fill("#id_signed", today.isoformat())
        page.set_input_files(
            "#id_document", files=[{"name": "signed.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.click("form.pledge-sign button[type=submit]")
        page.wait_for_selector("[data-status=signed]")
        assert page.url == renewal_url
        assert overflow(page) == 0 and page.errors == []
        page.screenshot(path=SCREENSHOTS / f"pledge-signed-{language}.png", full_page=True)

        page.goto(f"{live_server.url}/frontage/pledges/expiring/")
        assert page.locator(f"tr[data-pledge='{old.pk}'] [data-status=signed]").count() == 1
        assert overflow(page) == 0

    renewal = Pledge.objects.get(renews=old)
    assert (renewal.status, renewal.signed, renewal.starts) == (
        PledgeStatus.DRAFT,
        today,
        old.ends + datetime.timedelta(days=1),
    )
    assert renewal.document.name.endswith(".pdf")
