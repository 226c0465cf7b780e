"""The crews' services on site: checklist answers, notes, photos, reassignment, who sees
which orders, and the crew's calendar feed. Every refusal leaves the rows exactly as they
were."""

import datetime
import io
from decimal import Decimal

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maintenance import services
from maintenance.choices import ChecklistItemKind, OrderStatus
from maintenance.models import ChecklistAnswer, ChecklistItem, Crew, CrewMembership, WorkOrder, WorkOrderPhoto
from maintenance.queries import may_work_on, orders_for_user
from maintenance.services import TransitionError
from tests.factories import UserFactory
from tests.maintenance.factories import (
    TODAY,
    ZONE_TZ,
    CrewFactory,
    PlanFactory,
    at,
    equipment,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

DAY = datetime.timedelta(days=1)
BASE_URL = "https://shouwei.example.cn/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos go to a directory of their own, emptied with the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def order_on(plan, asset, due: datetime.date, **fields) -> WorkOrder:
    """One work order of the plan for the asset, due on ``due`` (no generation needed)."""
    fields.setdefault("due_time", plan.due_time)
    return WorkOrder.objects.create(plan=plan, asset=asset, crew=plan.crew, occurrence=due, due=due, **fields)


def close(order: WorkOrder, by) -> WorkOrder:
    """Mark the order done as a colleague's completion would (its checklist is not the point here)."""
    WorkOrder.objects.filter(pk=order.pk).update(status=OrderStatus.DONE, closed=at(TODAY), closed_by=by)
    return WorkOrder.objects.get(pk=order.pk)


def join(crew: Crew, user, leader: bool = False):
    CrewMembership.objects.create(crew=crew, user=user, is_leader=leader)
    return user


def rows() -> dict:
    """Every row the crews' services write, to compare before and after a refusal."""
    return {
        "orders": snapshot(WorkOrder),
        "answers": snapshot(ChecklistAnswer),
        "photos": snapshot(WorkOrderPhoto),
        "crews": snapshot(Crew),
        "memberships": snapshot(CrewMembership),
    }


def refused(action, *args, code: str | None, error=ValidationError, **kwargs) -> ValidationError:
    """Run a service call that must be refused; check the error's code and that nothing changed."""
    before = rows()
    with pytest.raises(error) as caught:
        action(*args, **kwargs)
    if code is not None:
        assert caught.value.code == code
    assert rows() == before
    return caught.value


# --- The crew and its order ------------------------------------------------------------------


@pytest.fixture
def crew():
    return CrewFactory(code="sanitation")


@pytest.fixture
def other_crew():
    return CrewFactory(code="landscaping")


@pytest.fixture
def member(crew, crew_member):
    return join(crew, crew_member)


@pytest.fixture
def leader(crew):
    return join(crew, UserFactory(username="crew-leader"), leader=True)


@pytest.fixture
def mate(crew):
    return join(crew, UserFactory(username="crew-mate"))


@pytest.fixture
def stranger(other_crew, outsider):
    return join(other_crew, outsider)


@pytest.fixture
def plan(crew):
    plan = PlanFactory(crew=crew, name="Empty the bins", due_time=datetime.time(8, 30), estimated_minutes=45)
    for position, (label, kind, unit) in enumerate(
        [
            ("Bins emptied", ChecklistItemKind.PASS_FAIL, ""),
            ("Waste collected", ChecklistItemKind.NUMBER, "kg"),
            ("Remarks", ChecklistItemKind.TEXT, ""),
            ("Lid closed", ChecklistItemKind.PASS_FAIL, ""),
        ]
    ):
        ChecklistItem.objects.create(plan=plan, position=position, label=label, kind=kind, unit=unit)
    return plan


@pytest.fixture
def items(plan) -> dict[str, ChecklistItem]:
    return {item.label: item for item in plan.checklist.all()}


@pytest.fixture
def asset():
    return equipment(code="BIN-001", name="东门垃圾箱")


@pytest.fixture
def order(plan, asset):
    return order_on(plan, asset, TODAY)


def answers_of(order: WorkOrder) -> dict[str, tuple]:
    return {
        answer.item.label: (answer.passed, answer.number, answer.text)
        for answer in ChecklistAnswer.objects.filter(order=order).select_related("item")
    }


# --- save_answers ----------------------------------------------------------------------------


def test_answers_of_each_kind_are_stored(order, items, member):
    services.save_answers(
        order,
        member,
        {
            items["Bins emptied"].pk: "pass",
            items["Waste collected"].pk: " 12.5 ",
            items["Remarks"].pk: "  Two bins cracked  ",
            items["Lid closed"].pk: "fail",
        },
    )

    assert answers_of(order) == {
        "Bins emptied": (True, None, ""),
        "Waste collected": (None, Decimal("12.5"), ""),
        "Remarks": (None, None, "Two bins cracked"),
        "Lid closed": (False, None, ""),
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("7", Decimal("7")), ("-3,25", Decimal("-3.25"))],
)
def test_a_number_takes_a_comma_or_a_dot(order, items, member, typed, stored):
    services.save_answers(order, member, {items["Waste collected"].pk: typed})

    assert answers_of(order) == {"Waste collected": (None, stored, "")}


def test_an_empty_answer_is_stored_as_unanswered(order, items, member):
    services.save_answers(order, member, {items["Bins emptied"].pk: "", items["Waste collected"].pk: "  "})

    assert answers_of(order) == {"Bins emptied": (None, None, ""), "Waste collected": (None, None, "")}
    assert {item.label for item in services.unanswered_required_items(order)} == set(items)


def test_answering_again_replaces_the_answer(order, items, member, time_machine):
    services.save_answers(order, member, {items["Bins emptied"].pk: "fail", items["Waste collected"].pk: "3"})
    time_machine.move_to(at(TODAY, hour=10), tick=False)

    services.save_answers(order, member, {items["Bins emptied"].pk: "pass"})

    assert answers_of(order) == {"Bins emptied": (True, None, ""), "Waste collected": (None, Decimal("3"), "")}
    assert ChecklistAnswer.objects.filter(order=order).count() == 2
    assert WorkOrder.objects.get(pk=order.pk).updated == at(TODAY, hour=10)
    assert ChecklistAnswer.objects.get(order=order, item=items["Bins emptied"]).answered == at(TODAY, hour=10)


@pytest.mark.parametrize("typed", ["twelve", "12.5.1", "1,234.5", "NaN", "Infinity", "12 kg"])
def test_an_invalid_number_saves_nothing(order, items, member, typed):
    services.save_answers(order, member, {items["Remarks"].pk: "Earlier remark"})

    error = refused(
        services.save_answers,
        order,
        member,
        {
            items["Bins emptied"].pk: "pass",
            items["Waste collected"].pk: typed,
            items["Remarks"].pk: "Changed remark",
        },
        code=None,
    )

    # Keyed by item id, so that the page can put the message beside its field.
    assert error.message_dict == {str(items["Waste collected"].pk): ["Waste collected: enter a number, e.g. 12.5."]}
    assert answers_of(order) == {"Remarks": (None, None, "Earlier remark")}


def test_every_bad_answer_is_named(order, items, member):
    error = refused(
        services.save_answers,
        order,
        member,
        {items["Bins emptied"].pk: "maybe", items["Waste collected"].pk: "lots", items["Remarks"].pk: "ok"},
        code=None,
    )

    assert error.message_dict == {
        str(items["Bins emptied"].pk): ["Bins emptied: choose pass or fail."],
        str(items["Waste collected"].pk): ["Waste collected: enter a number, e.g. 12.5."],
    }


@pytest.mark.parametrize("typed", ["123456789012", "1e12"])
def test_a_number_too_large_for_the_column_is_refused_by_the_field(order, items, member, typed):
    from django.db import DataError

    before = rows()
    try:
        services.save_answers(order, member, {items["Bins emptied"].pk: "pass", items["Waste collected"].pk: typed})
    except ValidationError as error:
        assert list(error.message_dict) == [str(items["Waste collected"].pk)]
    except DataError:
        raise AssertionError("PostgreSQL refused the number: DataError instead of a ValidationError") from None
    else:
        raise AssertionError("a number too large for numeric(14, 3) was accepted")
    assert rows() == before


def test_unknown_items_and_other_plans_items_are_ignored(order, items, member, crew):
    elsewhere = ChecklistItem.objects.create(plan=PlanFactory(crew=crew), label="Someone else's item")

    services.save_answers(order, member, {items["Bins emptied"].pk: "pass", elsewhere.pk: "fail", 987654321: "pass"})

    assert answers_of(order) == {"Bins emptied": (True, None, "")}
    assert not ChecklistAnswer.objects.filter(item=elsewhere).exists()


@pytest.mark.parametrize("status", [OrderStatus.DONE, OrderStatus.SKIPPED, OrderStatus.CANCELLED])
def test_a_closed_orders_checklist_cannot_change(order, items, member, status):
    services.save_answers(order, member, {items["Bins emptied"].pk: "pass"})
    if status == OrderStatus.DONE:
        order = close(order, member)
    elif status == OrderStatus.SKIPPED:
        services.skip_work_order(order, member, "Road closed", today=TODAY)
    else:
        services.cancel_work_order(order, member)

    error = refused(
        services.save_answers,
        order,
        member,
        {items["Bins emptied"].pk: "fail"},
        code="transition",
        error=TransitionError,
    )

    assert error.messages[0].endswith("Its checklist cannot be changed.")
    assert answers_of(order) == {"Bins emptied": (True, None, "")}


def test_a_stale_copy_of_a_closed_order_cannot_be_answered(order, items, member):
    """The page loaded the order while it was open; a colleague completed it since: the
    status that counts is the database's, now (as for notes, reassignment, transitions)."""
    stale = WorkOrder.objects.get(pk=order.pk)
    close(order, member)

    error = refused(
        services.save_answers, stale, member, {items["Lid closed"].pk: "fail"}, code="transition", error=TransitionError
    )

    assert error.messages == ["This work order is already done. Its checklist cannot be changed."]


# --- save_notes ------------------------------------------------------------------------------


def test_notes_and_minutes_are_kept(order, member):
    services.save_notes(order, member, "Bins washed too", 35)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent, row.status) == ("Bins washed too", 35, OrderStatus.SCHEDULED)
    assert (order.notes, order.minutes_spent) == ("Bins washed too", 35)


def test_minutes_may_be_left_empty(order, member):
    services.save_notes(order, member, "", None)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent) == ("", None)


def test_negative_minutes_are_refused(order, member):
    services.save_notes(order, member, "First note", 10)

    error = refused(services.save_notes, order, member, "Second note", -5, code="minutes")

    assert error.messages == ["Time spent cannot be negative."]
    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.notes, row.minutes_spent) == ("First note", 10)


def test_a_closed_orders_notes_cannot_change(order, member):
    stale = WorkOrder.objects.get(pk=order.pk)
    close(order, member)

    error = refused(services.save_notes, stale, member, "Too late", 5, code="transition", error=TransitionError)

    assert error.messages == ["This work order is already done. Its notes cannot be changed."]


# --- add_photo -------------------------------------------------------------------------------


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


# --- reassign_work_order ---------------------------------------------------------------------


def test_the_leader_reassigns_within_the_crew(order, leader, mate, time_machine):
    time_machine.move_to(at(TODAY, hour=11), tick=False)

    services.reassign_work_order(order, mate, leader)

    row = WorkOrder.objects.get(pk=order.pk)
    assert (row.assignee, row.updated, order.assignee) == (mate, at(TODAY, hour=11), mate)


def test_the_leader_may_unassign(order, leader, mate):
    services.reassign_work_order(order, mate, leader)

    services.reassign_work_order(order, None, leader)

    assert WorkOrder.objects.get(pk=order.pk).assignee is None


def test_a_member_who_does_not_lead_cannot_reassign(order, member, mate):
    error = refused(services.reassign_work_order, order, mate, member, code="not_leader")

    assert error.messages == ["Only the crew's leader can reassign its work orders."]


def test_the_leader_of_another_crew_cannot_reassign(order, other_crew, mate):
    other_leader = join(other_crew, UserFactory(username="other-leader"), leader=True)

    refused(services.reassign_work_order, order, mate, other_leader, code="not_leader")


@pytest.mark.parametrize("role", ["inspector", "planner"])
def test_who_only_looks_cannot_reassign(order, mate, role, request):
    refused(services.reassign_work_order, order, mate, request.getfixturevalue(role), code="not_leader")


def test_an_order_is_not_given_outside_its_crew(order, leader, stranger):
    error = refused(services.reassign_work_order, order, stranger, leader, code="not_member")

    assert error.messages == ["outsider is not in this crew."]


def test_a_manager_reassigns_without_being_in_the_crew(order, manager, mate):
    services.reassign_work_order(order, mate, manager)

    assert WorkOrder.objects.get(pk=order.pk).assignee == mate


def test_a_manager_cannot_give_an_order_outside_its_crew_either(order, manager, stranger):
    refused(services.reassign_work_order, order, stranger, manager, code="not_member")


def test_a_closed_order_cannot_be_reassigned(order, leader, mate, member):
    stale = WorkOrder.objects.get(pk=order.pk)
    close(order, member)

    error = refused(services.reassign_work_order, stale, mate, leader, code="transition", error=TransitionError)

    assert error.messages == ["This work order is already done. It cannot be reassigned."]


# --- Who sees which orders -------------------------------------------------------------------


@pytest.fixture
def two_crews_orders(plan, asset, other_crew):
    """Three orders of the crew (one done), two of the other crew."""
    ours = [order_on(plan, asset, TODAY), order_on(plan, asset, TODAY + DAY), order_on(plan, asset, TODAY - DAY)]
    WorkOrder.objects.filter(pk=ours[2].pk).update(status=OrderStatus.DONE, closed=at(TODAY - DAY))
    other_plan = PlanFactory(crew=other_crew)
    theirs = [order_on(other_plan, asset, TODAY), order_on(other_plan, asset, TODAY + DAY)]
    return {order.pk for order in ours}, {order.pk for order in theirs}


def visible(user) -> set[int]:
    return set(orders_for_user(user).values_list("pk", flat=True))


def test_a_crew_member_sees_their_crews_orders_only(two_crews_orders, member):
    ours, _theirs = two_crews_orders

    assert visible(member) == ours


def test_the_other_crews_member_sees_none_of_them(two_crews_orders, stranger):
    _ours, theirs = two_crews_orders

    assert visible(stranger) == theirs


def test_a_member_of_two_crews_sees_both(two_crews_orders, member, other_crew):
    join(other_crew, member)
    ours, theirs = two_crews_orders

    assert visible(member) == ours | theirs
    assert orders_for_user(member).count() == 5  # no duplicates from the join


def test_a_crew_member_in_no_crew_sees_nothing(two_crews_orders, crew_member):
    assert visible(crew_member) == set()


@pytest.mark.parametrize("role", ["manager", "inspector", "administrator"])
def test_managers_inspectors_and_administrators_see_every_order(two_crews_orders, role, request):
    ours, theirs = two_crews_orders

    assert visible(request.getfixturevalue(role)) == ours | theirs


def test_the_planning_bureau_sees_no_crews_orders(two_crews_orders, planner):
    assert visible(planner) == set()


def test_a_planner_who_is_also_a_manager_sees_them(two_crews_orders, planner):
    from django.contrib.auth.models import Group

    planner.groups.add(Group.objects.get(name="manager"))
    ours, theirs = two_crews_orders

    assert visible(planner) == ours | theirs


def test_an_anonymous_visitor_sees_nothing(two_crews_orders):
    assert visible(AnonymousUser()) == set()


def test_who_may_work_on_an_order(order, member, leader, stranger, manager, administrator, inspector, planner):
    assert may_work_on(member, order)
    assert may_work_on(leader, order)
    assert may_work_on(manager, order)
    assert may_work_on(administrator, order)
    assert not may_work_on(stranger, order)
    assert not may_work_on(inspector, order)  # sees every order, works on none
    assert not may_work_on(planner, order)


def test_an_anonymous_visitor_may_work_on_nothing(order):
    """False, not a TypeError from filtering memberships by an AnonymousUser."""
    assert not may_work_on(AnonymousUser(), order)


# --- The crew's calendar ---------------------------------------------------------------------


@pytest.fixture
def feed_orders(plan, asset, crew, other_crew, member):
    """The crew's orders around today, with the ones the feed must leave out."""
    all_day = PlanFactory(crew=crew, name="Water the hedges", instructions="Slowly, at the roots.")
    other = PlanFactory(crew=other_crew, name="Other crew's plan")
    hedge = equipment(code="HEDGE-01", name="北门绿篱")
    shown = {
        "timed today": order_on(plan, asset, TODAY),
        "first day": order_on(plan, asset, TODAY - 7 * DAY),
        "last day": order_on(plan, asset, TODAY + 60 * DAY),
        "all day": order_on(all_day, hedge, TODAY + 2 * DAY),
        "in progress": order_on(all_day, hedge, TODAY - DAY, status=OrderStatus.IN_PROGRESS, started=at(TODAY)),
    }
    hidden = {
        "too old": order_on(plan, asset, TODAY - 8 * DAY),
        "too far": order_on(plan, asset, TODAY + 61 * DAY),
        "other crew": order_on(other, asset, TODAY),
        "done": close(order_on(plan, asset, TODAY + DAY), member),
        "skipped": order_on(all_day, hedge, TODAY, status=OrderStatus.SKIPPED, skip_reason="Rain", closed=at(TODAY)),
        "cancelled": order_on(all_day, hedge, TODAY + 3 * DAY, status=OrderStatus.CANCELLED, closed=at(TODAY)),
    }
    return shown, hidden


def events(feed: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def uid(order: WorkOrder) -> str:
    return f"workorder-{order.pk}@shouwei"


def test_the_feed_holds_the_crews_open_orders_of_the_coming_weeks(crew, feed_orders):
    shown, hidden = feed_orders

    feed = services.crew_calendar(crew, BASE_URL)

    calendar = icalendar.Calendar.from_ical(feed)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"
    assert set(events(feed)) == {uid(order) for order in shown.values()}
    assert not {uid(order) for order in hidden.values()} & set(events(feed))


def test_the_feed_name_is_escaped_text(crew):
    Crew.objects.filter(pk=crew.pk).update(name="环卫一班,东区;\n夜班", name_en="")
    crew.refresh_from_db()

    feed = services.crew_calendar(crew, BASE_URL)

    assert "X-WR-CALNAME:环卫一班\\,东区\\;\\n夜班 · Shouwei" in feed.decode()
    assert icalendar.Calendar.from_ical(feed)["x-wr-calname"]  # and the feed reads back


def test_a_timed_order_starts_at_its_time_and_lasts_the_estimate(crew, feed_orders):
    shown, _hidden = feed_orders
    order = shown["timed today"]

    event = events(services.crew_calendar(crew, BASE_URL))[uid(order)]

    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime.datetime(2026, 9, 28, 8, 30, tzinfo=ZONE_TZ)
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert end - start == datetime.timedelta(minutes=45)
    assert str(event["summary"]) == "Cleaning: 东门垃圾箱"
    assert str(event["location"]).startswith("BIN-001 · ")
    assert str(event["description"]) == "Empty the bins"
    assert str(event["url"]) == "https://shouwei.example.cn" + reverse("order-detail", args=[order.pk])
    assert event.decoded("dtstamp") == at(TODAY)


def test_a_timed_order_without_an_estimate_lasts_an_hour(crew, feed_orders):
    shown, _hidden = feed_orders
    crew.plans.filter(name="Empty the bins").update(estimated_minutes=None)

    event = events(services.crew_calendar(crew, BASE_URL))[uid(shown["timed today"])]

    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(hours=1)


def test_an_order_without_a_time_is_an_all_day_event(crew, feed_orders):
    shown, _hidden = feed_orders
    order = shown["all day"]

    event = events(services.crew_calendar(crew, BASE_URL))[uid(order)]

    assert event.decoded("dtstart") == TODAY + 2 * DAY
    assert not isinstance(event.decoded("dtstart"), datetime.datetime)
    assert event.decoded("dtend") == TODAY + 3 * DAY  # exclusive: one day
    assert str(event["description"]) == "Water the hedges\nSlowly, at the roots."
    assert str(event["url"]).startswith("https://shouwei.example.cn/")


def test_the_window_follows_the_day_asked_for(crew, feed_orders):
    shown, hidden = feed_orders

    feed = services.crew_calendar(crew, BASE_URL, today=TODAY - DAY)

    assert uid(hidden["too old"]) in events(feed)
    assert uid(shown["last day"]) not in events(feed)


def test_a_crew_without_orders_has_an_empty_valid_feed(other_crew):
    calendar = icalendar.Calendar.from_ical(services.crew_calendar(other_crew, BASE_URL))

    assert calendar.walk("VEVENT") == []


def test_every_time_zone_used_is_defined_in_the_feed(crew, feed_orders):
    """RFC 5545 §3.2.19: a VTIMEZONE for every TZID, for calendar apps that know no Olson names."""
    calendar = icalendar.Calendar.from_ical(services.crew_calendar(crew, BASE_URL))

    defined = {str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")}
    assert defined == {"Asia/Shanghai"}


def test_resetting_the_token_changes_it(crew):
    old = crew.calendar_token

    new = services.reset_calendar_token(crew)

    assert new != old and len(new) >= 32
    assert Crew.objects.get(pk=crew.pk).calendar_token == new
    assert not Crew.objects.filter(calendar_token=old).exists()
