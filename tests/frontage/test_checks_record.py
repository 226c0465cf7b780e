"""Recording a door check: who may, what it needs (every duty; a failed duty a note or a
photo), a check recorded once, the unit re-rated by the rule, duty_failed sent;
"check now" on a unit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from frontage import services
from frontage.choices import CheckStatus, Rating
from frontage.models import Check
from frontage.signals import duty_failed
from tests.factories import UnitFactory
from tests.images import png
from tests.maintenance.factories import TODAY, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

ALL_KEPT = {"sanitation": True, "greening": True, "order": True}


def photo(name: str = "door.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png(), content_type="image/png")


def failing(*duties: str) -> dict:
    return {**ALL_KEPT, **dict.fromkeys(duties, False)}


@pytest.fixture
def unit():
    return UnitFactory()


@pytest.fixture
def check(unit):
    return Check.objects.create(unit=unit, due=TODAY)


@pytest.fixture
def sent():
    """What duty_failed sent, as (sender, check, duties)."""
    received = []

    def receiver(sender, check, duties, **kwargs):
        received.append((sender, check.pk, duties))

    duty_failed.connect(receiver, dispatch_uid="test-duty-failed")
    yield received
    duty_failed.disconnect(dispatch_uid="test-duty-failed")


def test_an_inspector_records_a_check_all_kept(check, unit, inspector, sent):
    services.record_check(check, ALL_KEPT, by=inspector)

    check.refresh_from_db()
    assert check.status == CheckStatus.DONE
    assert (check.sanitation_ok, check.greening_ok, check.order_ok) == (True, True, True)
    assert check.inspector == inspector and check.done is not None
    unit.refresh_from_db()
    assert unit.rating == Rating.GREEN
    assert sent == []


def test_a_failed_duty_with_a_note_is_recorded_and_duty_failed_sent(check, unit, inspector, sent):
    services.record_check(check, failing("order"), note="  Goods on the pavement  ", by=inspector)

    check.refresh_from_db()
    assert check.failed_duties() == ["order"]
    assert check.note == "Goods on the pavement"
    unit.refresh_from_db()
    assert unit.rating == Rating.YELLOW
    assert sent == [(Check, check.pk, ["order"])]


def test_a_failed_duty_with_a_photo_alone_is_enough(check, inspector, sent):
    services.record_check(check, failing("sanitation", "greening"), photos=[photo(), photo("b.png")], by=inspector)

    assert [row.uploaded_by for row in check.photos.all()] == [inspector, inspector]
    assert all(row.image.name.startswith("door-checks/") for row in check.photos.all())
    assert sent == [(Check, check.pk, ["sanitation", "greening"])]
    check.unit.refresh_from_db()
    assert check.unit.rating == Rating.RED  # two duties failed at the latest check


@pytest.mark.parametrize("user", ["crew_member", "planner", "outsider"])
def test_only_those_who_may_check_record(check, user, request):
    with pytest.raises(PermissionDenied):
        services.record_check(check, ALL_KEPT, by=request.getfixturevalue(user))
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE


def test_a_check_is_recorded_once(check, inspector, manager):
    services.record_check(check, ALL_KEPT, by=inspector)
    with pytest.raises(ValidationError, match="already been recorded"):
        services.record_check(check, failing("order"), note="late", by=manager)
    check.refresh_from_db()
    assert (check.inspector, check.order_ok) == (inspector, True)


def test_a_cancelled_check_refuses(check, inspector):
    Check.objects.filter(pk=check.pk).update(status=CheckStatus.CANCELLED)
    with pytest.raises(ValidationError, match="already been recorded or was cancelled"):
        services.record_check(check, ALL_KEPT, by=inspector)


def test_every_duty_must_be_answered(check, inspector):
    with pytest.raises(ValidationError) as error:
        services.record_check(check, {"sanitation": True}, by=inspector)
    assert set(error.value.message_dict) == {"greening", "order"}
    assert "Say whether Order was kept." in error.value.message_dict["order"]
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE


def test_a_failed_duty_without_a_note_or_photo_refuses(check, inspector, sent):
    with pytest.raises(ValidationError) as error:
        services.record_check(check, failing("greening"), note="   ", by=inspector)
    assert error.value.message_dict == {"note": ["A failed duty needs a note or a photo of what was wrong."]}
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE
    assert sent == []


def test_a_note_too_long_or_a_bad_photo_refuses_and_keeps_nothing(check, inspector):
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        services.record_check(check, ALL_KEPT, note="x" * 2001, by=inspector)
    bad = SimpleUploadedFile("notes.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        services.record_check(check, failing("order"), photos=[photo(), bad], by=inspector)
    check.refresh_from_db()
    assert check.status == CheckStatus.DUE
    assert not check.photos.exists()


@pytest.mark.parametrize(
    ("history", "rating"),
    [
        ([[]], Rating.GREEN),
        ([["order"]], Rating.YELLOW),
        ([["order", "greening"]], Rating.RED),  # the latest failed two duties
        ([["order"], [], []], Rating.YELLOW),  # a lapse three checks ago still counts
        ([["order"], [], [], []], Rating.GREEN),  # four ago no longer does
        ([["order"], [], ["sanitation"]], Rating.RED),  # two of the last three failed
        ([["order", "greening", "sanitation"], [], []], Rating.YELLOW),  # an old bad check, alone
    ],
)
def test_the_rating_after_checks_follows_the_rule(unit, inspector, history, rating):
    for number, failed in enumerate(history):
        check = Check.objects.create(unit=unit, due=day(9, 1 + number))
        services.record_check(check, failing(*failed), note="seen" if failed else "", by=inspector)
    unit.refresh_from_db()
    assert unit.rating == rating == unit.rating_from_checks()


def test_check_now_makes_a_check_for_today_or_returns_the_open_one(unit, inspector):
    first = services.start_check(unit, inspector, TODAY)
    assert (first.plan, first.due, first.status) == (None, TODAY, CheckStatus.DUE)
    assert services.start_check(unit, inspector, TODAY) == first
    services.record_check(first, ALL_KEPT, by=inspector)
    second = services.start_check(unit, inspector, TODAY)
    assert second != first and second.due == TODAY


def test_check_now_takes_an_overdue_check_and_refuses_others(unit, inspector, crew_member):
    overdue = Check.objects.create(unit=unit, due=day(9, 20))
    Check.objects.create(unit=unit, due=day(10, 9))
    assert services.start_check(unit, inspector, TODAY) == overdue
    with pytest.raises(PermissionDenied):
        services.start_check(unit, crew_member, TODAY)
    unit.active = False
    unit.save()
    with pytest.raises(ValidationError, match="no longer active"):
        services.start_check(unit, inspector, TODAY)
