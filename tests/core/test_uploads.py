"""core.uploads.process_photo, the one path of every upload: a photo is re-encoded as a
JPEG under a random name; what is too big in bytes or in pixels, or not a photo, is
refused with a message that names the file, before it is decoded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from core import uploads
from tests.images import bomb_png, eps, png

# The messages are checked in English (code outside a request speaks the site's Chinese).
pytestmark = pytest.mark.usefixtures("english")


def upload(content: bytes, name: str = "site.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def refused(upload, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.process_photo(upload)
    assert caught.value.code == code
    return caught.value


@pytest.fixture
def nothing_decoded(monkeypatch):
    """Decoding an image fails the test: what is refused from its header stays undecoded."""

    def load(image):
        raise AssertionError(f"decoded a {image.size} image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_a_photo_is_re_encoded_as_jpeg_under_a_random_name(settings):
    settings.PHOTO_MAX_SIDE = 20

    first, second = uploads.process_photo(upload(png((40, 20)))), uploads.process_photo(upload(png((40, 20))))

    assert first.content.name != second.content.name
    assert first.content.name.endswith(".jpg") and len(first.content.name) == len("0" * 32 + ".jpg")
    with Image.open(first.content) as image:
        assert (image.format, image.size) == ("JPEG", (20, 10))
    assert first.taken is None


def test_a_photo_over_the_size_limit_is_refused_before_it_is_read(settings):
    content = png((40, 20))
    settings.PHOTO_MAX_BYTES = len(content) - 1

    refused(upload(content), "photo_size")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow warns, we refuse
def test_a_decompression_bomb_is_refused_from_its_header(settings, nothing_decoded):
    """13,000 × 13,000 pixels in 20 KB: under Pillow's own limit (179 million pixels),
    over 500 MB once decoded in colour."""
    settings.PHOTO_MAX_PIXELS = 50_000_000

    error = refused(upload(bomb_png(13_000, 13_000), "bomb.png"), "photo_pixels")

    assert error.messages == ["bomb.png has too many pixels: photos may have at most 50 million pixels."]


def test_an_image_over_pillows_own_limit_gets_the_same_message(settings, nothing_decoded):
    settings.PHOTO_MAX_PIXELS = 50_000_000

    error = refused(upload(bomb_png(20_000, 20_000), "bigger.png"), "photo_pixels")

    assert error.messages == ["bigger.png has too many pixels: photos may have at most 50 million pixels."]


def test_the_pixel_limit_counts_width_times_height(settings):
    settings.PHOTO_MAX_PIXELS = 400 * 300

    kept = uploads.process_photo(upload(png((400, 300))))
    error = refused(upload(png((300, 401)), "tall.png"), "photo_pixels")

    with Image.open(kept.content) as image:
        assert image.size == (400, 300)
    assert error.messages == ["tall.png has too many pixels: photos may have at most 0.12 million pixels."]


def test_a_large_jpeg_is_kept_at_the_longest_side(settings):
    """Decoded at a reduced scale (draft mode), still resized to exactly the longest side."""
    buffer = io.BytesIO()
    Image.new("RGB", (6400, 4800), (200, 30, 30)).save(buffer, "JPEG")

    kept = uploads.process_photo(upload(buffer.getvalue(), "big.jpg", "image/jpeg"))

    with Image.open(kept.content) as image:
        assert image.size == (1600, 1200)
        red, green, blue = image.getpixel((800, 600))
        assert (red > 180, green < 60, blue < 60) == (True, True, True)


@pytest.mark.parametrize(
    ("content", "name"),
    [(eps(), "drawing.eps"), (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "pixel.gif")],
    ids=["eps", "gif"],
)
def test_an_image_of_another_format_than_a_photos_is_refused_unread(content, name, nothing_decoded):
    """Pillow identifies EPS (and would hand it to Ghostscript to draw): not a photo."""
    error = refused(upload(content, name, "application/octet-stream"), "photo_type")

    assert error.messages == [f"{name} is not a photo Shouwei can read: take a JPEG or PNG picture."]
