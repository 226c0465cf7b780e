"""The pledges' workflows (frontage.services.pledges): drafting from the standard wording,
editing a draft, signing with a checked document, renewing once, terminating with a
reason, and the nightly job that ends and begins terms; each refusal says why."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from frontage import services
from frontage.choices import PledgeStatus
from frontage.models import Pledge, PledgeWording
from tests.factories import PledgeFactory, UnitFactory
from tests.images import png
from tests.maintenance.factories import TODAY, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "signed.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def refused(code: str, call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value.messages[0]


@pytest.fixture
def unit():
    return UnitFactory(kind="restaurant")


@pytest.fixture
def draft(unit, manager):
    return services.draft_pledge(unit, day(10, 1), day(9, 30, 2027), manager)


# --- Drafting and editing ------------------------------------------------------------------


def test_a_draft_takes_the_standard_wording_of_the_units_kind(draft, manager):
    wording = PledgeWording.objects.get(kind="restaurant")

    assert (draft.sanitation, draft.greening, draft.order) == (wording.sanitation, wording.greening, wording.order)
    assert (draft.status, draft.signed, draft.created_by) == (PledgeStatus.DRAFT, None, manager)


def test_a_draft_with_its_dates_reversed_is_refused(unit, manager):
    message = refused("pledge_term", services.draft_pledge, unit, day(10, 1), day(9, 30), manager)
    assert message == "The term must end after it starts (2026-10-01 – 2026-09-30)."
    assert not Pledge.objects.exists()


def test_a_draft_for_a_term_already_over_is_refused(unit, manager):
    refused("pledge_over", services.draft_pledge, unit, day(1, 1), day(9, 27), manager)


def test_a_closed_unit_takes_no_new_pledge(manager):
    unit = UnitFactory(active=False)
    refused("unit_closed", services.draft_pledge, unit, day(10, 1), day(9, 30, 2027), manager)


def test_only_a_manager_or_an_administrator_drafts(unit, inspector, planner, administrator):
    for someone in (inspector, planner):
        with pytest.raises(PermissionDenied):
            services.draft_pledge(unit, day(10, 1), day(9, 30, 2027), someone)
    assert services.draft_pledge(unit, day(10, 1), day(9, 30, 2027), administrator).pk


def test_a_draft_is_edited_its_texts_and_term(draft, manager):
    services.edit_pledge(draft, {"order": " 不占道经营 ", "ends": day(3, 31, 2027)}, manager)

    draft.refresh_from_db()
    assert (draft.order, draft.starts, draft.ends) == ("不占道经营", day(10, 1), day(3, 31, 2027))


def test_an_edit_that_empties_a_duty_or_reverses_the_term_is_refused(draft, manager):
    assert "order duty is empty" in refused("pledge_texts", services.edit_pledge, draft, {"order": " "}, manager)
    refused("pledge_term", services.edit_pledge, draft, {"ends": day(9, 1)}, manager)
    draft.refresh_from_db()
    assert draft.order and draft.ends == day(9, 30, 2027)


def test_a_signed_pledge_is_no_longer_edited(manager):
    pledge = PledgeFactory()
    refused("pledge_not_draft", services.edit_pledge, pledge, {"order": "x"}, manager)


# --- Signing ---------------------------------------------------------------------------------


def test_signing_a_draft_whose_term_has_begun_puts_it_in_force(unit, manager):
    draft = services.draft_pledge(unit, TODAY, day(9, 27, 2027), manager)

    services.sign_pledge(draft, day(9, 25), pdf(), manager)

    draft.refresh_from_db()
    assert (draft.status, draft.signed) == (PledgeStatus.ACTIVE, day(9, 25))
    assert draft.document.name.startswith("pledges/2026/09/") and draft.document.name.endswith(".pdf")
    assert draft.document.read() == PDF


def test_a_pledge_signed_before_its_term_waits_for_its_first_day(draft, manager):
    services.sign_pledge(draft, TODAY, pdf(), manager)

    draft.refresh_from_db()
    assert (draft.status, draft.signed) == (PledgeStatus.DRAFT, TODAY)


def test_a_scanned_image_is_taken_as_the_document(draft, manager):
    services.sign_pledge(draft, TODAY, SimpleUploadedFile("scan.png", png((50, 70)), "image/png"), manager)

    draft.refresh_from_db()
    assert draft.document.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("signed", "document", "code"),
    [
        pytest.param(None, "pdf", "pledge_signed", id="no signing date"),
        pytest.param(TODAY + datetime.timedelta(days=1), "pdf", "pledge_signed", id="signed tomorrow"),
        pytest.param(TODAY, None, "pledge_document", id="no document"),
        pytest.param(TODAY, "html", "document_type", id="html disguised as pdf"),
        pytest.param(TODAY, "empty", "document_empty", id="an empty file"),
    ],
)
def test_signing_refuses_what_is_missing_or_wrong(draft, manager, signed, document, code):
    upload = {
        "pdf": pdf(),
        "html": pdf(content=b"<html><body>signed</body></html>"),
        "empty": pdf(content=b""),
        None: None,
    }[document]

    refused(code, services.sign_pledge, draft, signed, upload, manager)

    draft.refresh_from_db()
    assert (draft.status, draft.signed, draft.document.name) == (PledgeStatus.DRAFT, None, "")


def test_signing_refuses_a_document_too_big(draft, manager, settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF) - 1

    message = refused("document_size", services.sign_pledge, draft, TODAY, pdf(), manager)

    assert message.startswith("signed.pdf is 0.0 MB: documents may be at most")


def test_signing_over_an_overlapping_pledge_in_force_is_refused_naming_it(unit, manager):
    current = PledgeFactory(unit=unit, starts=day(1, 1), ends=day(12, 31))
    draft = services.draft_pledge(unit, day(12, 1), day(11, 30, 2027), manager)

    message = refused("pledge_overlap", services.sign_pledge, draft, TODAY, pdf(), manager)

    assert message == (f"The unit's pledge {current} (Active) covers part of this term: end it, or change this term.")


def test_signing_twice_is_refused(draft, manager):
    services.sign_pledge(draft, TODAY, pdf(), manager)
    refused("pledge_not_draft", services.sign_pledge, draft, TODAY, pdf(), manager)


def test_a_non_manager_may_not_sign(draft, inspector):
    with pytest.raises(PermissionDenied):
        services.sign_pledge(draft, TODAY, pdf(), inspector)


# --- Renewing ----------------------------------------------------------------------------------


def test_a_renewal_is_the_next_term_of_the_same_length_with_the_texts_copied(unit, manager):
    old = PledgeFactory(unit=unit, starts=day(1, 1), ends=day(12, 31), order="不出店经营，不乱堆放")

    renewal = services.renew_pledge(old, manager)

    assert (renewal.starts, renewal.ends) == (day(1, 1, 2027), day(12, 31, 2027))
    assert (renewal.renews, renewal.status, renewal.order) == (old, PledgeStatus.DRAFT, "不出店经营，不乱堆放")
    old.refresh_from_db()
    assert old.status == PledgeStatus.ACTIVE and old.renewed_by == renewal


def test_a_term_of_days_is_renewed_for_as_many_days(manager):
    old = PledgeFactory(starts=day(3, 10), ends=day(10, 14))  # 218 days, not whole months
    assert services.next_term(old) == (day(10, 15), day(5, 21, 2027))
    assert services.next_term(PledgeFactory(starts=day(4, 1), ends=day(9, 30))) == (day(10, 1), day(3, 31, 2027))


def test_renewing_twice_is_refused(manager):
    old = PledgeFactory()
    services.renew_pledge(old, manager)

    assert refused("pledge_renewed", services.renew_pledge, old, manager) == (
        f"The pledge {old} has already been renewed."
    )
    assert Pledge.objects.filter(renews=old).count() == 1


def test_only_a_pledge_in_force_is_renewed(manager):
    refused("pledge_not_active", services.renew_pledge, PledgeFactory(status=PledgeStatus.EXPIRED), manager)


def test_a_renewal_signed_while_the_old_pledge_runs_takes_over_the_day_after_it_ends(manager):
    old = PledgeFactory(starts=day(1, 1), ends=day(12, 31))
    renewal = services.renew_pledge(old, manager)
    services.sign_pledge(renewal, TODAY, pdf(), manager)

    services.expire_pledges(day(12, 31))
    old.refresh_from_db(), renewal.refresh_from_db()
    assert (old.status, renewal.status) == (PledgeStatus.ACTIVE, PledgeStatus.DRAFT)  # the last day still counts

    assert services.expire_pledges(day(1, 1, 2027)) == "[2027-01-01] 1 pledges expired, 1 came into force"
    old.refresh_from_db(), renewal.refresh_from_db()
    assert (old.status, renewal.status) == (PledgeStatus.EXPIRED, PledgeStatus.ACTIVE)


def test_a_renewal_signed_after_the_old_pledge_ended_takes_over_at_once(manager, frozen):
    old = PledgeFactory(starts=day(10, 1, 2025), ends=day(9, 30))
    renewal = services.renew_pledge(old, manager)
    frozen.move_to(datetime.datetime(2026, 10, 2, 9, tzinfo=datetime.UTC), tick=False)

    services.sign_pledge(renewal, day(10, 2), pdf(), manager)  # before the nightly job ran

    old.refresh_from_db(), renewal.refresh_from_db()
    assert (old.status, renewal.status) == (PledgeStatus.EXPIRED, PledgeStatus.ACTIVE)


# --- Terminating --------------------------------------------------------------------------------


def test_terminating_ends_a_pledge_with_its_reason(manager):
    pledge = PledgeFactory()

    services.terminate_pledge(pledge, "  店铺已关闭 ", manager)

    pledge.refresh_from_db()
    assert (pledge.status, pledge.ended_reason) == (PledgeStatus.TERMINATED, "店铺已关闭")


def test_terminating_without_a_reason_is_refused(manager):
    pledge = PledgeFactory()

    assert refused("pledge_reason", services.terminate_pledge, pledge, "  ", manager) == (
        "Say why the pledge is terminated."
    )
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ACTIVE


def test_an_unsigned_draft_or_an_ended_pledge_is_not_terminated(draft, manager):
    refused("pledge_not_active", services.terminate_pledge, draft, "no", manager)
    refused("pledge_not_active", services.terminate_pledge, PledgeFactory(status=PledgeStatus.EXPIRED), "no", manager)


def test_a_non_manager_may_not_terminate(inspector):
    with pytest.raises(PermissionDenied):
        services.terminate_pledge(PledgeFactory(), "closed", inspector)


# --- The nightly job ------------------------------------------------------------------------------


def test_the_last_day_of_a_term_is_still_in_force():
    pledge = PledgeFactory(ends=day(9, 28))

    assert services.expire_pledges(day(9, 28)) == "[2026-09-28] 0 pledges expired, 0 came into force"
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.ACTIVE

    services.expire_pledges(day(9, 29))
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.EXPIRED


def test_the_nightly_job_is_idempotent(manager):
    ended = PledgeFactory(ends=day(9, 27))
    waiting = PledgeFactory(starts=day(9, 28), ends=day(9, 27, 2027), status=PledgeStatus.DRAFT)
    lapsed = PledgeFactory(starts=day(1, 1), ends=day(6, 30), status=PledgeStatus.DRAFT)
    unsigned = PledgeFactory(starts=day(9, 1), ends=day(8, 31, 2027), status=PledgeStatus.DRAFT, signed=None)

    assert services.expire_pledges(TODAY) == "[2026-09-28] 2 pledges expired, 1 came into force"
    assert services.expire_pledges(TODAY) == "[2026-09-28] 0 pledges expired, 0 came into force"

    statuses = dict(Pledge.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in (ended, waiting, lapsed, unsigned)] == [
        PledgeStatus.EXPIRED,
        PledgeStatus.ACTIVE,
        PledgeStatus.EXPIRED,
        PledgeStatus.DRAFT,
    ]


def test_a_signed_pledge_meeting_one_still_in_force_waits_rather_than_fail_the_run():
    unit = UnitFactory()
    PledgeFactory(unit=unit, starts=day(1, 1), ends=day(12, 31))
    PledgeFactory(unit=unit, starts=day(9, 1), ends=day(8, 31, 2027), status=PledgeStatus.DRAFT)

    assert services.expire_pledges(TODAY) == (
        "[2026-09-28] 0 pledges expired, 0 came into force, 1 held back by a pledge still in force"
    )


def test_the_job_and_the_command_call_the_service():
    from django.core.management import call_command

    from frontage.tasks import expire_pledges_job

    PledgeFactory(ends=day(9, 27))
    assert expire_pledges_job("2026-09-28") == "[2026-09-28] 1 pledges expired, 0 came into force"
    call_command("expire_pledges")
