"""Every uploaded file goes through here: checked by its content, size and pixel count,
re-encoded, stored under a random name.

Apps keep their own models and say who may see their files (settings.MEDIA_ACCESS);
what a good upload is lives once, here.
"""

import datetime
import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

EXIF_IFD, DATETIME_ORIGINAL, DATETIME = 0x8769, 36867, 306


@dataclass
class Photo:
    """A checked photo, ready to store: JPEG content under a random name."""

    content: ContentFile
    taken: datetime.datetime | None  # from its EXIF data


def random_name(extension: str) -> str:
    """A file name that says nothing about the upload and cannot collide."""
    return f"{uuid.uuid4().hex}.{extension}"


def check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size).1f MB: photos may be at most %(limit)s MB."),
            code="photo_size",
            params={"name": upload.name, "size": upload.size / 2**20, "limit": f"{limit / 2**20:g}"},
        )


# What phones and cameras send. Other formats Pillow can read (EPS, PSD, TIFF…) are
# refused before they are parsed any further: some hand work to outside programs.
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")


def not_a_photo(upload) -> ValidationError:
    return ValidationError(
        _("%(name)s is not a photo Shouwei can read: take a JPEG or PNG picture."),
        code="photo_type",
        params={"name": upload.name},
    )


def too_many_pixels(upload) -> ValidationError:
    return ValidationError(
        _("%(name)s has too many pixels: photos may have at most %(limit)s million pixels."),
        code="photo_pixels",
        params={"name": upload.name, "limit": f"{settings.PHOTO_MAX_PIXELS / 1e6:g}"},
    )


def check_pixels(image: Image.Image, upload) -> None:
    """Refuse, from the header (before decoding), an image too large to decode: a PNG of
    a few hundred kilobytes can unpack into gigabytes."""
    width, height = image.size
    if width * height > settings.PHOTO_MAX_PIXELS:
        raise too_many_pixels(upload)


def process_photo(upload) -> Photo:
    """A photo as kept: checked to be a JPEG, PNG or WebP image within the size limit
    (PHOTO_MAX_BYTES) and the pixel limit (PHOTO_MAX_PIXELS, read from its header), turned
    upright, resized (longest side PHOTO_MAX_SIDE) and re-encoded as JPEG; the capture
    time is read from its EXIF data before the metadata is dropped."""
    check_size(upload, settings.PHOTO_MAX_BYTES)
    side = settings.PHOTO_MAX_SIDE
    try:
        with Image.open(upload, formats=PHOTO_FORMATS) as probe:
            check_pixels(probe, upload)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=PHOTO_FORMATS)
        # A large JPEG is decoded straight at a fraction of its size (1/2, 1/4, 1/8) that
        # is still at least PHOTO_MAX_SIDE: a quarter or less of the memory.
        image.draft(None, (side, side))
        image.load()
    except Image.DecompressionBombError:
        # Pillow's own limit, far above ours, refuses it as it opens: the same answer.
        raise too_many_pixels(upload) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_photo(upload) from None
    taken = exif_time(image)
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((side, side))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return Photo(ContentFile(buffer.getvalue(), name=random_name("jpg")), taken)


def exif_time(image: Image.Image) -> datetime.datetime | None:
    """When the photo was taken, from EXIF (the camera's local time: taken as the zone's)."""
    exif = image.getexif()
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(moment)
