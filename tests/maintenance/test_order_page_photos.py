"""Photos taken from the order page: stored resized with their capture time, served only to
those who see the order; what is not a photo, or is too big, is refused.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder, WorkOrderPhoto
from tests.maintenance.crew_pages import answers_of, jpeg, work
from tests.maintenance.factories import TODAY, at
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_photo_is_stored_resized_with_its_capture_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    response = client.post(world.today.get_absolute_url(), {**work(world), "photo": jpeg((3000, 2000))}, follow=True)
    assert messages_of(response) == ["Saved. The photo was added."]
    photo = WorkOrderPhoto.objects.get(order=world.today)
    assert photo.uploaded_by == crew_member
    assert photo.taken == at(TODAY, 8) + datetime.timedelta(minutes=15)
    with Image.open(photo.image.path) as stored:
        assert stored.size == (1600, 1067)
        assert stored.format == "JPEG"
    html = body(response)
    assert photo.image.url in html and "09-28 08:15" in html
    assert client.get(photo.image.url).status_code == 200


def test_an_orders_photo_is_served_only_to_those_who_see_the_order(
    client, world, crew_member, outsider, manager, signed_in
):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), {**work(world), "photo": jpeg()})
    url = WorkOrderPhoto.objects.get(order=world.today).image.url
    for person, status in [(outsider, 404), (manager, 200), (crew_member, 200)]:
        signed_in(person)
        assert client.get(url).status_code == status, person
    # Nothing but uploaded photos is served, and nothing outside MEDIA_ROOT.
    assert client.get(url.replace(".jpg", ".png")).status_code == 404
    assert client.get(f"{settings.MEDIA_URL}../config/settings.py".replace("media/", "/media/", 1)).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_a_photo_without_exif_has_no_capture_time(client, world, crew_member, signed_in):
    signed_in(crew_member)
    client.post(world.today.get_absolute_url(), {**work(world), "photo": jpeg(taken=None)})
    photo = WorkOrderPhoto.objects.get(order=world.today)
    assert photo.taken is None
    assert "uploaded 09-28 09:00" in body(client.get(world.today.get_absolute_url()))


def test_a_file_that_is_not_a_photo_is_refused_and_the_answers_are_kept(client, world, crew_member, signed_in):
    signed_in(crew_member)
    fake = SimpleUploadedFile("photo.jpg", b"these are my notes, not a picture", content_type="image/jpeg")
    response = client.post(world.today.get_absolute_url(), {**work(world, "complete", notes="Swept"), "photo": fake})
    assert response.status_code == 200
    assert "photo.jpg is not a photo Shouwei can read: take a JPEG or PNG picture." in body(response)
    order = WorkOrder.objects.get(pk=world.today.pk)
    assert answers_of(order) == {"Litter picked": True, "Rubbish collected": 12.5}
    assert order.notes == "Swept"
    assert order.status == OrderStatus.SCHEDULED  # not completed without its photo
    assert not WorkOrderPhoto.objects.exists()
    assert f'name="item-{world.rubbish.pk}" value="12.5"' in body(response)


def test_a_photo_over_the_size_limit_is_refused(client, world, crew_member, settings, signed_in):
    settings.PHOTO_MAX_BYTES = 1024 * 1024
    signed_in(crew_member)
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * (3000000 // 256) + bytes(3000000 % 256))
    noise = noise.effect_spread(50)
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=100)
    assert buffer.tell() > settings.PHOTO_MAX_BYTES
    upload = SimpleUploadedFile("big.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(world.today.get_absolute_url(), {**work(world), "photo": upload})
    assert response.status_code == 200
    assert "photos may be at most 1 MB" in body(response)
    assert not WorkOrderPhoto.objects.exists()
    assert answers_of(world.today) == {"Litter picked": True, "Rubbish collected": 12.5}
