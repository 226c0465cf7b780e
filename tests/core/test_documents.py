"""core.uploads.process_document: a document (a signed pledge) is told by its content,
never by its name or the browser's content type; a PDF is kept as sent, a scan is
re-encoded as a JPEG; what is empty, too big, or not a PDF, JPEG or PNG is refused with
a message that names the file."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import uploads
from tests.images import bomb_png, png

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(content: bytes, name: str = "pledge.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def refused(upload, code: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.process_document(upload, **kwargs)
    assert caught.value.code == code
    return caught.value


def test_a_pdf_is_kept_as_sent_under_a_random_name():
    first, second = uploads.process_document(upload(PDF)), uploads.process_document(upload(PDF))

    assert first.kind == "pdf"
    assert first.content.name != second.content.name
    assert first.content.name.endswith(".pdf") and len(first.content.name) == len("0" * 32 + ".pdf")
    assert first.content.read() == PDF


def test_a_pdf_is_told_by_its_content_whatever_its_name():
    assert uploads.process_document(upload(PDF, "scan.png", "image/png")).kind == "pdf"


def test_a_scanned_image_is_re_encoded_as_jpeg(settings):
    settings.DOCUMENT_MAX_SIDE = 100

    document = uploads.process_document(upload(png((400, 200)), "scan.pdf", "application/pdf"))

    assert document.kind == "jpeg" and document.content.name.endswith(".jpg")
    with Image.open(document.content) as image:
        assert (image.format, image.size) == ("JPEG", (100, 50))


def test_a_jpeg_scan_is_taken():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (255, 255, 255)).save(buffer, "JPEG")

    assert uploads.process_document(upload(buffer.getvalue(), "scan.jpg", "image/jpeg")).kind == "jpeg"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script></html>", id="html renamed .pdf"),
        pytest.param(PDF[:-7], id="a pdf cut short"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", id="a gif"),
        pytest.param(png((40, 20))[:60], id="a broken png"),
    ],
)
def test_what_is_not_a_pdf_jpeg_or_png_is_refused(content, english):
    error = refused(upload(content, "pledge.pdf"), "document_type")

    assert "pledge.pdf is not a PDF / JPEG / PNG file" in error.messages[0]


def test_a_webp_is_not_a_document(english):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "WEBP")

    refused(upload(buffer.getvalue(), "scan.webp", "image/webp"), "document_type")


def test_an_empty_file_is_refused(english):
    assert refused(upload(b""), "document_empty").messages == ["pledge.pdf is empty."]


def test_a_document_over_the_size_limit_is_refused(settings, english):
    settings.DOCUMENT_MAX_BYTES = len(PDF) - 1

    error = refused(upload(PDF), "document_size")

    assert "documents may be at most" in error.messages[0]


def test_the_size_limit_is_twenty_megabytes_by_default():
    from config import settings as project

    assert project.DOCUMENT_MAX_BYTES == 20 * 2**20


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_scan_with_too_many_pixels_is_refused_from_its_header(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000

    refused(upload(bomb_png(2000, 2000), "scan.png", "image/png"), "photo_pixels")


def test_the_allowed_kinds_narrow_what_is_taken(english):
    refused(upload(PDF), "document_type", allowed=("jpeg", "png"))
    refused(upload(png((20, 20)), "scan.png"), "document_type", allowed=("pdf",))
    assert uploads.process_document(upload(PDF), allowed=("pdf",)).kind == "pdf"
