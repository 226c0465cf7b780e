"""An asset's photos uploaded in the admin go through core.uploads like every upload:
re-encoded as JPEG under a random name; what is not a photo (an .eps) or too large to
decode is refused with its message, and nothing is saved."""

import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image

from assets.admin import PhotoForm
from assets.models import Asset, AssetPhoto
from tests.assets.admin_forms import ADD_URL, add_form, management_form
from tests.factories import AssetFactory
from tests.images import bomb_png, eps, png, png_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def with_photo(place, content: bytes, name: str, content_type: str) -> dict:
    data = add_form(place)
    data.update(management_form("photos", 1))
    data.update(
        {
            "photos-0-image": SimpleUploadedFile(name, content, content_type),
            "photos-0-caption": "东门",
            "photos-0-asset": "",
        }
    )
    return data


def test_a_photo_is_kept_as_a_jpeg_under_a_random_name(admin_client, place, media, administrator):
    response = admin_client.post(ADD_URL, with_photo(place, png((2400, 1800)), "Site plan.png", "image/png"))

    assert response.status_code == 302
    photo = AssetPhoto.objects.get()
    assert (photo.asset, photo.caption, photo.uploaded_by) == (Asset.objects.get(), "东门", administrator)
    assert re.fullmatch(rf"assets/{photo.asset_id}/[0-9a-f]{{32}}\.jpg", photo.image.name), photo.image.name
    assert files_in(media) == [media / photo.image.name]
    with Image.open(photo.image.path) as kept:
        assert (kept.format, kept.size) == ("JPEG", (1600, 1200))
    served = admin_client.get(photo.image.url)
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (
            eps(),
            "drawing.eps",
            "application/postscript",
            "drawing.eps is not a photo Shouwei can read: take a JPEG or PNG picture.",
        ),
        (
            bomb_png(13_000, 13_000),
            "bomb.png",
            "image/png",
            "bomb.png has too many pixels: photos may have at most 50 million pixels.",
        ),
    ],
    ids=["eps", "bomb"],
)
def test_what_is_not_a_photo_is_refused_and_nothing_saved(
    admin_client, place, media, settings, content, name, content_type, message
):
    settings.PHOTO_MAX_PIXELS = 50_000_000

    response = admin_client.post(ADD_URL, with_photo(place, content, name, content_type))

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert (Asset.objects.count(), AssetPhoto.objects.count(), files_in(media)) == (0, 0, [])


def test_a_photo_over_the_size_limit_is_refused(admin_client, place, media, settings):
    noise = Image.frombytes("RGB", (700, 700), random.Random(9).randbytes(700 * 700 * 3))  # 1.4 MB as PNG
    settings.PHOTO_MAX_BYTES = 2**20

    response = admin_client.post(ADD_URL, with_photo(place, png_of(noise), "site.png", "image/png"))

    assert response.status_code == 200
    assert escape("site.png is 1.4 MB: photos may be at most 1 MB.") in response.content.decode()
    assert (AssetPhoto.objects.count(), files_in(media)) == (0, [])


def test_changing_the_caption_keeps_the_photo_as_it_is(media):
    asset = AssetFactory()
    photo = AssetPhoto.objects.create(asset=asset, image=SimpleUploadedFile("a.jpg", b"kept as is"), caption="old")
    kept = photo.image.name

    form = PhotoForm({"caption": "东门"}, {}, instance=photo)
    assert form.is_valid(), form.errors
    form.save()

    photo.refresh_from_db()
    assert (photo.image.name, photo.caption, photo.image.read()) == (kept, "东门", b"kept as is")
