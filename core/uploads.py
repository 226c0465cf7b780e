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


def open_image(upload, formats: tuple[str, ...], side: int, refuse) -> Image.Image:
    """The upload decoded, once it is known to be an image of one of these formats within
    the pixel limit (read from its header, before decoding) whose data verifies; decoded
    at a fraction of its size that is still at least ``side`` when it can be. ``refuse``
    makes the error for what is not such an image."""
    try:
        with Image.open(upload, formats=formats) as probe:
            check_pixels(probe, upload)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=formats)
        # A large JPEG is decoded straight at a fraction of its size (1/2, 1/4, 1/8) that
        # is still at least ``side``: a quarter or less of the memory.
        image.draft(None, (side, side))
        image.load()
    except Image.DecompressionBombError:
        # Pillow's own limit, far above ours, refuses it as it opens: the same answer.
        raise too_many_pixels(upload) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse(upload) from None
    return image


def encode_jpeg(image: Image.Image, side: int, quality: int) -> bytes:
    """The image upright, without its metadata, its longest side at most ``side``, as JPEG."""
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((side, side))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def process_photo(upload) -> Photo:
    """A photo as kept: checked to be a JPEG, PNG or WebP image within the size limit
    (PHOTO_MAX_BYTES) and the pixel limit (PHOTO_MAX_PIXELS, read from its header), turned
    upright, resized (longest side PHOTO_MAX_SIDE) and re-encoded as JPEG; the capture
    time is read from its EXIF data before the metadata is dropped."""
    check_size(upload, settings.PHOTO_MAX_BYTES)
    side = settings.PHOTO_MAX_SIDE
    image = open_image(upload, PHOTO_FORMATS, side, not_a_photo)
    taken = exif_time(image)
    return Photo(ContentFile(encode_jpeg(image, side, 85), name=random_name("jpg")), taken)


# --- Documents (a scanned signed pledge, a contract) ---------------------------------------

DOCUMENT_KINDS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
# A PDF ends with %%EOF, give or take the trailing bytes some writers add (the PDF
# specification's readers look for it in the last 1024 bytes).
PDF_TAIL = 1024


@dataclass
class Document:
    """A checked document, ready to store under a random name: a PDF as sent, or a scanned
    image re-encoded as JPEG."""

    content: ContentFile
    kind: str  # "pdf" or "jpeg": what its content is (and its name's extension)


def process_document(upload, *, allowed: tuple[str, ...] = ("pdf", "jpeg", "png")) -> Document:
    """A document as kept, told by its content (never by its name or the browser's
    content type): a PDF starts with ``%PDF-`` and has ``%%EOF`` near its end, and is kept
    as sent; a JPEG or PNG scan must open and verify within the pixel limit
    (PHOTO_MAX_PIXELS, from its header) and is re-encoded as JPEG (upright, no metadata,
    longest side DOCUMENT_MAX_SIDE). Anything else, an empty file or one over
    DOCUMENT_MAX_BYTES is refused with a ValidationError that names the file."""
    unknown = set(allowed) - set(DOCUMENT_KINDS)
    if unknown:
        raise ValueError(f"process_document cannot tell {sorted(unknown)}")
    if not upload.size:
        raise ValidationError(_("%(name)s is empty."), code="document_empty", params={"name": upload.name})
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size).1f MB: documents may be at most %(limit)s MB."),
            code="document_size",
            params={"name": upload.name, "size": upload.size / 2**20, "limit": f"{limit / 2**20:g}"},
        )

    def not_a_document(upload) -> ValidationError:
        return ValidationError(
            _("%(name)s is not a %(kinds)s file: scan or save the document as one of those."),
            code="document_type",
            params={"name": upload.name, "kinds": " / ".join(DOCUMENT_KINDS[kind] for kind in allowed)},
        )

    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        if "pdf" not in allowed or not pdf_ends(upload):
            raise not_a_document(upload)
        upload.seek(0)
        return Document(ContentFile(upload.read(), name=random_name("pdf")), "pdf")
    formats = tuple(DOCUMENT_KINDS[kind] for kind in allowed if kind != "pdf")
    if not formats:
        raise not_a_document(upload)
    side = settings.DOCUMENT_MAX_SIDE
    image = open_image(upload, formats, side, not_a_document)
    return Document(ContentFile(encode_jpeg(image, side, 90), name=random_name("jpg")), "jpeg")


def pdf_ends(upload) -> bool:
    """Does the PDF's end hold its end-of-file marker? (A truncated upload does not.)"""
    upload.seek(max(upload.size - PDF_TAIL, 0))
    return b"%%EOF" in upload.read()


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
