"""Helpers for the tests of the crews' pages (test_crew_page_access, test_today, test_today_map,
test_order_page, test_order_page_photos, test_reassignment_page, test_calendar_feed_page);
their world of two crews and their orders is the ``world`` fixture in conftest.py."""

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from assets.models import Asset
from maintenance.choices import OrderStatus
from maintenance.models import ChecklistItem, Crew, Plan, WorkOrder


def make_order(plan: Plan, asset: Asset, due: datetime.date, status=OrderStatus.SCHEDULED, **fields) -> WorkOrder:
    if status in (OrderStatus.DONE, OrderStatus.SKIPPED, OrderStatus.CANCELLED):
        fields.setdefault("closed", timezone.now())
    if status == OrderStatus.SKIPPED:
        fields.setdefault("skip_reason", "Road closed")
    fields.setdefault("due_time", plan.due_time)
    return WorkOrder.objects.create(
        plan=plan, asset=asset, crew=plan.crew, occurrence=due, due=due, status=status, **fields
    )


@dataclass
class World:
    crew: Crew
    other_crew: Crew
    plan: Plan
    litter: ChecklistItem  # pass / fail, required
    rubbish: ChecklistItem  # number in kg, required
    remarks: ChecklistItem  # text, optional
    road: Asset
    machine: Asset
    today: WorkOrder  # the road, due today 08:30
    overdue: WorkOrder  # the machine, due two days ago, still open
    done: WorkOrder  # the machine, due today, done
    tomorrow: WorkOrder
    later: WorkOrder  # due in four days
    cancelled: WorkOrder  # due today, cancelled: listed nowhere
    old_done: WorkOrder  # due three days ago, done: neither overdue nor in any range
    other: WorkOrder  # the other crew's, due today


def listed(response) -> list[int]:
    return [order.pk for order in response.context["page"]]


def work(world: World, action: str = "save", **overrides) -> dict:
    """What a crew member sends from the order page: every item answered."""
    data = {
        f"item-{world.litter.pk}": "pass",
        f"item-{world.rubbish.pk}": "12.5",
        f"item-{world.remarks.pk}": "",
        "notes": "",
        "minutes_spent": "",
        "reason": "",
        "action": action,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def jpeg(size=(300, 200), taken: str | None = "2026:09:28 08:15:00", name="photo.jpg") -> SimpleUploadedFile:
    """A real JPEG, with the camera's capture time in EXIF DateTimeOriginal."""
    image = Image.new("RGB", size, (70, 130, 60))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken  # Exif IFD → DateTimeOriginal
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def answers_of(order: WorkOrder) -> dict[str, object]:
    return {answer.item.label: answer.value() for answer in order.answers.select_related("item")}
