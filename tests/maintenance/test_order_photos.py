"""add_photo: a phone's photo is kept upright, small, dated and without its metadata;
what is not a photo, or is too big, is refused and leaves no file and no row behind."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maintenance import services
from maintenance.models import WorkOrder, WorkOrderPhoto
from maintenance.services import TransitionError
from tests.maintenance.factories import TODAY, ZONE_TZ, at
from tests.maintenance.on_site import answers_of, close, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos go to a directory of their own, emptied with the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg(size=(3000, 2000), taken: str | None = None, original: str | None = None, orientation=None) -> bytes:
    """A JPEG as a phone makes it: left half red, right half blue; EXIF as given."""
    width, height = size
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    if taken:
        exif[306] = taken  # DateTime
    if original:
        exif.get_ifd(0x8769)[36867] = original  # Exif IFD: DateTimeOriginal
    if orientation:
        exif[0x0112] = orientation
    exif[0x010F] = "Shouwei test camera"  # Make: a tag that must not survive
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored(photo: WorkOrderPhoto) -> Image.Image:
    image = Image.open(photo.image.path)
    image.load()
    return image


def files_in(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_phone_photo_is_kept_upright_small_and_dated(order, member, media):
    photo = services.add_photo(order, member, upload(jpeg(taken="2026:09:28 08:47:00", original="2026:09:28 08:41:30")))

    photo = WorkOrderPhoto.objects.get(pk=photo.pk)
    assert (photo.order, photo.uploaded_by, photo.created) == (order, member, at(TODAY))
    # The camera's local time, read as the zone's: 08:41:30 in Asia/Shanghai (00:41:30 UTC).
    assert photo.taken == datetime.datetime(2026, 9, 28, 8, 41, 30, tzinfo=ZONE_TZ)
    assert photo.image.name.startswith(f"orders/{order.pk}/") and photo.image.name.endswith(".jpg")
    assert files_in(media) == [media / photo.image.name]
    image = stored(photo)
    assert image.format == "JPEG"
    assert image.size == (1600, 1067)
    # Re-encoded without the metadata (a phone's EXIF may carry its position).
    assert not image.getexif()


def test_the_capture_time_falls_back_to_datetime(order, member):
    photo = services.add_photo(order, member, upload(jpeg(size=(800, 600), taken="2026:09:27 17:05:00")))

    assert WorkOrderPhoto.objects.get(pk=photo.pk).taken == datetime.datetime(2026, 9, 27, 17, 5, tzinfo=ZONE_TZ)
    assert stored(photo).size == (800, 600)  # small photos are not enlarged


@pytest.mark.parametrize("taken", [None, "not a date", "0000:00:00 00:00:00"])
def test_a_photo_without_a_readable_capture_time_is_kept_undated(order, member, taken):
    photo = services.add_photo(order, member, upload(jpeg(size=(400, 300), taken=taken)))

    assert WorkOrderPhoto.objects.get(pk=photo.pk).taken is None


def test_a_png_is_accepted_and_kept_as_jpeg(order, member):
    image = Image.new("RGBA", (2400, 3200), (0, 128, 0, 128))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")

    photo = services.add_photo(order, member, upload(buffer.getvalue(), "screen.png", "image/png"))

    kept = stored(photo)
    assert (kept.format, kept.mode, kept.size) == ("JPEG", "RGB", (1200, 1600))
    assert WorkOrderPhoto.objects.get(pk=photo.pk).taken is None


def test_a_sideways_photo_is_turned_upright(order, member):
    """Orientation 6: the sensor's image must be turned 90° clockwise to be seen upright."""
    photo = services.add_photo(order, member, upload(jpeg(size=(3000, 2000), orientation=6)))

    kept = stored(photo)
    assert kept.size == (1067, 1600)
    # The sensor's left half (red) is now the top.
    red, _green, blue = kept.getpixel((530, 200))
    assert red > 200 and blue < 60
    red, _green, blue = kept.getpixel((530, 1400))
    assert red < 60 and blue > 200


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (b"Not a photo at all, just some text.\n" * 20, "notes.txt", "text/plain"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", "report.pdf", "application/pdf"),
        (jpeg(size=(1200, 900))[:4000], "cut-off.jpg", "image/jpeg"),  # the upload broke off
        (b"", "empty.jpg", "image/jpeg"),
    ],
    ids=["text", "pdf", "truncated-jpeg", "empty"],
)
def test_what_is_not_a_photo_is_refused(order, member, media, content, name, content_type):
    error = refused(services.add_photo, order, member, upload(content, name, content_type), code="photo_type")

    assert error.messages == [f"{name} is not a photo Shouwei can read: take a JPEG or PNG picture."]
    assert files_in(media) == []


def test_a_photo_over_the_size_limit_is_refused(order, member, media, settings):
    content = jpeg(size=(1200, 900))
    settings.PHOTO_MAX_BYTES = len(content) - 1

    error = refused(services.add_photo, order, member, upload(content, "big.jpg"), code="photo_size")

    assert error.params["name"] == "big.jpg"
    assert files_in(media) == []


def test_a_photo_at_the_size_limit_is_kept(order, member, settings):
    content = jpeg(size=(1200, 900))
    settings.PHOTO_MAX_BYTES = len(content)

    services.add_photo(order, member, upload(content))

    assert WorkOrderPhoto.objects.filter(order=order).count() == 1


def test_the_size_limit_message_is_in_megabytes(order, member, settings):
    settings.PHOTO_MAX_BYTES = 15 * 2**20

    big = upload(b"\xff\xd8" + b"\0" * (16 * 2**20), "huge.jpg")
    error = refused(services.add_photo, order, member, big, code="photo_size")

    assert error.messages == ["huge.jpg is 16.0 MB: photos may be at most 15 MB."]


def test_a_refused_photo_loses_no_answers(order, items, member):
    services.save_answers(order, member, {items["Bins emptied"].pk: "pass", items["Waste collected"].pk: "4,5"})
    services.save_notes(order, member, "Done before the rain", 20)

    refused(services.add_photo, order, member, upload(b"GIF? no", "x.gif", "image/gif"), code="photo_type")

    assert answers_of(order) == {"Bins emptied": (True, None, ""), "Waste collected": (None, Decimal("4.5"), "")}
    assert WorkOrder.objects.get(pk=order.pk).notes == "Done before the rain"


def test_no_photo_is_added_to_a_stale_copy_of_a_closed_order(order, member, media):
    """As for answers: a colleague completed the order after this page loaded it."""
    stale = WorkOrder.objects.get(pk=order.pk)
    close(order, member)

    refused(services.add_photo, stale, member, upload(jpeg(size=(400, 300))), code="transition")

    assert files_in(media) == []


def test_no_photo_is_added_to_a_closed_order(order, member, media):
    order = close(order, member)

    error = refused(services.add_photo, order, member, upload(jpeg(size=(400, 300))), code="transition")

    assert isinstance(error, TransitionError)
    assert error.messages == ["This work order is already done. No photo can be added."]
    assert files_in(media) == []
