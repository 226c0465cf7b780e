"""add_photo's limits: a decompression bomb is refused before it is decoded, and an order
takes at most PHOTOS_PER_ORDER photos, even when two crew members upload at once."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from maintenance import services
from maintenance.models import WorkOrderPhoto
from tests.images import bomb_png, png
from tests.maintenance.factories import TODAY, CrewFactory, PlanFactory, equipment
from tests.maintenance.on_site import order_on, refused
from tests.maintenance.test_concurrency import run_at_once

pytestmark = pytest.mark.usefixtures("frozen", "english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo(name="site.png", size=(400, 300)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png(size), "image/png")


def files_in(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_is_refused_and_nothing_kept(order, member, media, settings):
    settings.PHOTO_MAX_PIXELS = 50_000_000
    bomb = SimpleUploadedFile("bomb.png", bomb_png(13_000, 13_000), "image/png")

    error = refused(services.add_photo, order, member, bomb, code="photo_pixels")

    assert error.messages == ["bomb.png has too many pixels: photos may have at most 50 million pixels."]
    assert files_in(media) == []


@pytest.mark.django_db
def test_an_order_takes_photos_up_to_the_limit(order, member, media, settings):
    settings.PHOTOS_PER_ORDER = 2
    kept = [services.add_photo(order, member, photo()) for _ in range(2)]

    error = refused(services.add_photo, order, member, photo("third.png"), code="photo_count")

    assert error.messages == ["This work order already has 2 photos, the most it may have."]
    assert sorted(files_in(media)) == sorted(media / each.image.name for each in kept)


@pytest.mark.django_db
def test_the_limit_is_per_order(order, member, settings, bins_plan):
    settings.PHOTOS_PER_ORDER = 1
    services.add_photo(order, member, photo())
    tomorrow = order_on(bins_plan, order.asset, TODAY.replace(day=TODAY.day + 1))

    services.add_photo(tomorrow, member, photo())

    assert WorkOrderPhoto.objects.filter(order=tomorrow).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_at_once_cannot_both_take_the_last_place(settings, media):
    """Both pass the early count; the order's row claim makes the second count again."""
    settings.PHOTOS_PER_ORDER = 1
    crew = CrewFactory()
    order = order_on(PlanFactory(crew=crew), equipment(), TODAY)
    outcomes = []

    def upload():
        try:
            services.add_photo(order, None, photo())
            outcomes.append("kept")
        except ValidationError as error:
            outcomes.append(error.code)

    run_at_once(upload)

    assert sorted(outcomes) == ["kept", "photo_count"]
    assert WorkOrderPhoto.objects.filter(order=order).count() == 1
    assert len(files_in(media)) == 1
