"""A finding's closed loop through the services: each transition, the steps it writes,
and its refusals (the row left as it was, a clear message)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections import services
from inspections.choices import FindingSource, FindingStatus, PhotoStage, StepKind
from inspections.models import Finding, Photo, Step
from tests.factories import point
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

# Rubbish (4 working hours) dispatched at 09:00 on Monday: 3 hours to noon, 1 from 13:30.
RUBBISH_DEADLINE = at(TODAY, 14).replace(minute=30)


def history(finding) -> list[tuple]:
    return list(finding.steps.order_by("at", "pk").values_list("kind", "before", "after", "by__username", "note"))


def refused(action, *args, code: str, message: str, **kwargs):
    """Run a workflow that must be refused; check its error and that no finding or step changed."""
    before = snapshot(Finding), snapshot(Step), snapshot(Photo)
    with pytest.raises(ValidationError) as caught:
        action(*args, **kwargs)
    assert caught.value.code == code
    assert caught.value.messages == [message]
    assert (snapshot(Finding), snapshot(Step), snapshot(Photo)) == before


def test_register_places_the_finding_in_its_zone(finding, roads, inspector):
    row = Finding.objects.get(pk=finding.pk)
    assert (row.status, row.source, row.zone, row.reported_by, row.lon, row.lat) == (
        FindingStatus.REGISTERED,
        FindingSource.INSPECTION,
        roads,
        inspector,
        120.05 + 0.005,
        28.90 + 0.005,
    )
    assert history(row) == [(StepKind.REGISTERED, "", FindingStatus.REGISTERED, "inspector", "")]


def test_register_keeps_the_before_photos(inspector, rubbish, zones):
    finding = services.register(inspector, rubbish, "Rubbish", point=point(0.005, 0.005), photos=[photo(), photo()])

    assert list(finding.photos.values_list("stage", flat=True)) == [PhotoStage.BEFORE, PhotoStage.BEFORE]
    assert all(row.image.name.startswith(f"findings/{finding.pk}/") for row in finding.photos.all())


def test_the_whole_loop_and_its_history(finding, inspector, municipal):
    services.dispatch(finding, inspector)
    row = Finding.objects.get(pk=finding.pk)
    assert (row.status, row.department, row.crew, row.dispatched, row.deadline) == (
        FindingStatus.DISPATCHED,
        municipal,
        None,
        at(TODAY),
        RUBBISH_DEADLINE,
    )

    services.dispose(finding, inspector, "Swept and carted away", photos=[photo()])
    services.verify(finding, inspector, accept=True, reason="Clean")

    row = Finding.objects.get(pk=finding.pk)
    assert (row.status, row.closed, row.rework_count) == (FindingStatus.CLOSED, at(TODAY), 0)
    assert history(row) == [
        (StepKind.REGISTERED, "", FindingStatus.REGISTERED, "inspector", ""),
        (
            StepKind.DISPATCHED,
            FindingStatus.REGISTERED,
            FindingStatus.DISPATCHED,
            "inspector",
            "To Municipal works, by 2026-09-28 14:30.",
        ),
        (StepKind.DISPOSED, FindingStatus.DISPATCHED, FindingStatus.DISPOSED, "inspector", "Swept and carted away"),
        (StepKind.CLOSED, FindingStatus.DISPOSED, FindingStatus.CLOSED, "inspector", "Clean"),
    ]


def test_send_back_counts_rework_and_sets_a_new_deadline(disposed, inspector, frozen):
    frozen.move_to(at(TODAY, 13))

    services.verify(disposed, inspector, accept=False, reason="Rubbish still behind the wall")

    row = Finding.objects.get(pk=disposed.pk)
    # Four working hours from 13:00: 13:30–17:30.
    assert (row.status, row.rework_count, row.disposed, row.deadline) == (
        FindingStatus.DISPATCHED,
        1,
        None,
        at(TODAY, 17).replace(minute=30),
    )
    assert history(row)[-1] == (
        StepKind.SENT_BACK,
        FindingStatus.DISPOSED,
        FindingStatus.DISPATCHED,
        "inspector",
        "Rubbish still behind the wall",
    )
    # The old after photo does not count for the rework: a new one is needed.
    refused(
        services.dispose, row, inspector, "Done again", code="after_photo_missing",
        message="Add at least one photo of the place after the work.",
    )  # fmt: skip
    services.dispose(row, inspector, "Done again", photos=[photo()])
    services.verify(row, inspector, accept=True)
    assert Finding.objects.get(pk=row.pk).status == FindingStatus.CLOSED


def test_refuse_returns_it_to_registration(dispatched, inspector, law):
    services.refuse(dispatched, inspector, "Not ours: the shop's frontage")

    row = Finding.objects.get(pk=dispatched.pk)
    assert (row.status, row.department, row.deadline, row.dispatched) == (FindingStatus.REGISTERED, None, None, None)
    assert history(row)[-1] == (
        StepKind.REFUSED,
        FindingStatus.DISPATCHED,
        FindingStatus.REGISTERED,
        "inspector",
        "Municipal works: Not ours: the shop's frontage",
    )
    services.dispatch(row, inspector, department=law)
    assert Finding.objects.get(pk=row.pk).department == law


def test_void_from_any_open_status_with_a_reason(dispatched, inspector):
    services.void(dispatched, inspector, "Registered twice")

    row = Finding.objects.get(pk=dispatched.pk)
    assert row.status == FindingStatus.VOIDED
    assert history(row)[-1] == (
        StepKind.VOIDED,
        FindingStatus.DISPATCHED,
        FindingStatus.VOIDED,
        "inspector",
        "Registered twice",
    )


def test_a_public_report_is_pending_until_accepted(rubbish, zones, inspector):
    report = services.report(rubbish, "Rubbish at the corner", point=point(0.001, 0.001), photo=photo())
    assert (report.status, report.source, report.reported_by) == (FindingStatus.PENDING, FindingSource.PUBLIC, None)

    services.accept_report(report, inspector)

    assert history(report) == [
        (StepKind.REPORTED, "", FindingStatus.PENDING, None, ""),
        (StepKind.ACCEPTED, FindingStatus.PENDING, FindingStatus.REGISTERED, "inspector", ""),
    ]


def test_a_rejected_report_is_voided_with_its_reason(rubbish, zones, inspector):
    report = services.report(rubbish, "My neighbour's car", point=point(0.001, 0.001))

    services.reject_report(report, inspector, "Not a public space problem")

    assert Finding.objects.get(pk=report.pk).status == FindingStatus.VOIDED
    assert history(report)[-1] == (
        StepKind.REJECTED,
        FindingStatus.PENDING,
        FindingStatus.VOIDED,
        "inspector",
        "Not a public space problem",
    )


# --- Refusals ---------------------------------------------------------------------------------


def test_closing_without_an_after_photo_is_refused(dispatched, inspector, sanitation):
    # Disposed through its order (no photo on it), say: verification needs an after photo.
    Finding.objects.filter(pk=dispatched.pk).update(status=FindingStatus.DISPOSED)
    dispatched.refresh_from_db()

    refused(
        services.verify, dispatched, inspector, accept=True, code="after_photo_missing",
        message="There is no photo of the place after the work: add one before closing the finding.",
    )  # fmt: skip


def test_disposing_without_an_after_photo_is_refused(dispatched, inspector):
    refused(
        services.dispose, dispatched, inspector, "Cleared", code="after_photo_missing",
        message="Add at least one photo of the place after the work.",
    )  # fmt: skip


def test_disposing_a_closed_finding_is_refused(closed, inspector):
    refused(
        services.dispose, closed, inspector, "Again", photos=[photo()], code="transition",
        message="This finding is closed. It cannot be disposed of.",
    )  # fmt: skip


def test_dispatching_twice_is_refused(dispatched, inspector):
    refused(
        services.dispatch, dispatched, inspector, code="transition",
        message="This finding is dispatched and not yet disposed of. It cannot be dispatched.",
    )  # fmt: skip


def test_voiding_a_closed_finding_is_refused(closed, inspector):
    refused(
        services.void, closed, inspector, "Oops", code="transition",
        message="This finding is closed. It cannot be voided.",
    )  # fmt: skip


@pytest.mark.parametrize(
    "action",
    [
        lambda finding, by: services.refuse(finding, by, "  "),
        lambda finding, by: services.void(finding, by, ""),
    ],
)
def test_a_refusal_or_voiding_needs_a_reason(dispatched, inspector, action):
    refused(action, dispatched, inspector, code="required", message="The reason is required.")


def test_sending_back_needs_a_reason(disposed, inspector):
    refused(
        services.verify, disposed, inspector, accept=False, reason=" ", code="required",
        message="The reason is required.",
    )  # fmt: skip


def test_a_past_deadline_is_refused(finding, inspector):
    refused(
        services.dispatch, finding, inspector, deadline=at(TODAY, 8), code="deadline_past",
        message="The deadline must be in the future.",
    )  # fmt: skip


def test_an_inactive_category_is_refused(inspector, rubbish, zones):
    rubbish.active = False
    rubbish.save()
    refused(
        services.register, inspector, rubbish, "Rubbish", point=point(0.001, 0.001), code="category",
        message="The category Exposed or piled rubbish is no longer in use.",
    )  # fmt: skip


def test_a_bad_point_is_refused(inspector, rubbish, zones):
    refused(
        services.register, inspector, rubbish, "Rubbish", point={"type": "Point", "coordinates": [500, 28]},
        code="range",
        message="Coordinates out of range: longitude must be within ±180, latitude within ±90 (longitude first).",
    )  # fmt: skip


def test_only_inspectors_register_dispatch_verify_and_void(crew_member, rubbish, zones, dispatched, planner):
    with pytest.raises(PermissionDenied):
        services.register(crew_member, rubbish, "Rubbish", point=point(0.001, 0.001))
    for user in (crew_member, planner):
        with pytest.raises(PermissionDenied):
            services.void(dispatched, user, "No")
    assert Finding.objects.count() == 1


def test_only_the_party_disposes(dispatched, crew_member):
    # Dispatched to municipal works (a department): a crew member is not its party.
    with pytest.raises(PermissionDenied, match="Only the party the finding was dispatched to may dispose of it."):
        services.dispose(dispatched, crew_member, "Done", photos=[photo()])
    assert Finding.objects.get(pk=dispatched.pk).status == FindingStatus.DISPATCHED
