"""A planner uploads a project's rendering and a document on a phone (390 px), in both
languages, in a real browser: a file that is not a PDF is refused with its message, then
the rendering shows as a picture and the document as a link; nothing overflows.

Screenshots are left under var/screenshots/ (not committed).
"""

import pytest

from greening.models import ProjectDocument
from tests.browser import BROWSER_TESTS, PHONE, SCREENSHOTS, browser, overflow, sign_in
from tests.greening.factories import make_project
from tests.images import png

pytestmark = BROWSER_TESTS

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WORDS = {"en": "is not a PDF / JPEG / PNG file", "zh-hans": "不是"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def choose(page, kind: str, title: str, name: str, mime: str, content: bytes) -> None:
    page.select_option("#id_kind", kind)
    page.fill("#id_title", title)
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.click(".document-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_planner_uploads_a_rendering_and_a_document(live_server, language, planner):
    project = make_project(code="JD-1", name="九鼎公园")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with browser() as open_page:
        page = open_page(**PHONE)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        sign_in(page, live_server, "planner")
        page.goto(f"{live_server.url}/greening/projects/{project.pk}/")
        choose(page, "document", "合同", "contract.pdf", "application/pdf", b"<html>contract</html>")
        assert WORDS[language] in page.text_content(".document-form")
        assert page.input_value("#id_title") == "合同"
        choose(page, "rendering", "入口效果图", "view.png", "image/png", png())
        choose(page, "document", "施工图", "plans.pdf", "application/pdf", PDF)
        section = page.locator("#project-documents")
        assert section.locator("img[alt='入口效果图']").evaluate("img => img.naturalWidth") > 0  # served, a picture
        assert section.locator("a", has_text="施工图").count() == 1
        assert overflow(page) == 0
        page.screenshot(path=str(SCREENSHOTS / f"greening-documents-{language}.png"), full_page=True)
        assert not page.errors, page.errors

    assert sorted(ProjectDocument.objects.values_list("kind", flat=True)) == ["document", "rendering"]
