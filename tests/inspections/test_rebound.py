"""Rebound checks: re-inspections scheduled at closure, held or rebound; a rebound opens
a new finding; the second rebound of a chain escalates until a manager clears it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Notification
from inspections import services
from inspections.choices import FindingSource, FindingStatus, PhotoStage, ReinspectionStatus, StepKind
from inspections.models import Finding, Reinspection
from maintenance.models import CrewMembership
from tests.factories import UserFactory
from tests.inspections.conftest import photo
from tests.maintenance.factories import CrewFactory, at, day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def checks(finding) -> list[tuple]:
    return list(finding.reinspections.order_by("offset").values_list("offset", "due", "status"))


def rebound(finding, by, frozen, note="Rubbish is back"):
    """Record the finding's first scheduled check as a rebound, on its day; return the new finding."""
    check = finding.reinspections.filter(status=ReinspectionStatus.SCHEDULED).order_by("offset").first()
    frozen.move_to(at(check.due, 10))
    return services.record_reinspection(check, by, "rebound", note=note)


def close(finding, by):
    """Dispose of and close a dispatched finding."""
    services.dispose(finding, by, "Cleared", photos=[photo()])
    return services.verify(finding, by, accept=True)


def test_closing_schedules_the_categorys_re_inspections_on_working_days(closed):
    # Closed on Monday 28 September: +7 is 5 October (National Day) → 8 October; +30 is
    # Wednesday 28 October; +90 is Sunday 27 December → Monday 28 December.
    assert checks(closed) == [
        (7, day(10, 8), ReinspectionStatus.SCHEDULED),
        (30, day(10, 28), ReinspectionStatus.SCHEDULED),
        (90, day(12, 28), ReinspectionStatus.SCHEDULED),
    ]
    assert Finding.objects.get(pk=closed.pk).reinspections_scheduled == at(day(9, 28))


def test_the_offsets_are_the_categorys(finding, inspector, rubbish):
    rubbish.rebound_offsets = [3, 14]
    rubbish.save()
    close(services.dispatch(finding, inspector), inspector)

    assert [offset for offset, _due, _status in checks(finding)] == [3, 14]


def test_the_nightly_job_schedules_what_closing_did_not_and_nothing_twice(closed):
    Reinspection.objects.all().delete()
    Finding.objects.update(reinspections_scheduled=None)

    assert services.schedule_reinspections() == 1
    assert services.schedule_reinspections() == 0
    assert len(checks(closed)) == 3


def test_a_held_check_keeps_its_photo(closed, inspector, frozen):
    check = closed.reinspections.get(offset=7)
    frozen.move_to(at(check.due, 10))

    assert services.record_reinspection(check, inspector, "held", photo=photo(), note="Clean") is None

    check.refresh_from_db()
    assert (check.status, check.checked_by, check.checked, check.note) == (
        ReinspectionStatus.HELD,
        inspector,
        at(day(10, 8), 10),
        "Clean",
    )
    assert list(check.photos.values_list("stage", "finding")) == [(PhotoStage.REINSPECTION, closed.pk)]


def test_a_held_check_needs_a_photo(closed, inspector):
    check = closed.reinspections.get(offset=7)

    with pytest.raises(ValidationError, match="A held re-inspection needs a photo of the place."):
        services.record_reinspection(check, inspector, "held")
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.SCHEDULED


def test_a_check_recorded_twice_is_refused(closed, inspector):
    check = closed.reinspections.get(offset=7)
    services.record_reinspection(check, inspector, "held", photo=photo())

    with pytest.raises(ValidationError, match="This re-inspection has already been recorded."):
        services.record_reinspection(check, inspector, "rebound", note="Back")


@pytest.mark.parametrize("who", ["crew_member", "planner"])
def test_only_an_inspector_or_a_manager_records_a_check(closed, who, request, manager):
    check = closed.reinspections.get(offset=7)

    with pytest.raises(PermissionDenied, match="Only an inspector or a manager may record a re-inspection."):
        services.record_reinspection(check, request.getfixturevalue(who), "held", photo=photo())
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.SCHEDULED

    services.record_reinspection(check, manager, "held", photo=photo())
    assert Reinspection.objects.get(pk=check.pk).status == ReinspectionStatus.HELD


def test_a_rebound_opens_a_new_finding_dispatched_to_the_same_party(closed, inspector, frozen, municipal):
    again = rebound(closed, inspector, frozen)

    row = Finding.objects.get(pk=again.pk)
    assert (row.rebound_of, row.rebound_number, row.source, row.category, row.zone, row.point) == (
        closed,
        1,
        FindingSource.REBOUND,
        closed.category,
        closed.zone,
        closed.point,
    )
    assert (row.status, row.department, row.description, row.escalated) == (
        FindingStatus.DISPATCHED,
        municipal,
        "Rubbish is back",
        None,
    )
    assert list(row.steps.order_by("pk").values_list("kind", "before", "after", "note")) == [
        (
            StepKind.REOPENED,
            "",
            FindingStatus.REGISTERED,
            f"Rebound of #{closed.pk}, found at its 7-day re-inspection.",
        ),
        (
            StepKind.DISPATCHED,
            FindingStatus.REGISTERED,
            FindingStatus.DISPATCHED,
            "To Municipal works, by 2026-10-08 15:30.",
        ),
    ]
    # The first finding stays closed, with the rebound in its story and its later checks cancelled.
    original = Finding.objects.get(pk=closed.pk)
    assert original.status == FindingStatus.CLOSED
    assert original.steps.order_by("pk").last().note == f"Found back at the 7-day re-inspection: finding #{row.pk}."
    assert checks(original) == [
        (7, day(10, 8), ReinspectionStatus.REBOUND),
        (30, day(10, 28), ReinspectionStatus.CANCELLED),
        (90, day(12, 28), ReinspectionStatus.CANCELLED),
    ]


def test_a_rebound_needs_a_note(closed, inspector):
    with pytest.raises(ValidationError, match="What came back is required."):
        services.record_reinspection(closed.reinspections.get(offset=7), inspector, "rebound")


def test_the_second_rebound_of_a_chain_escalates(closed, inspector, frozen, manager, municipal, roads):
    leader = UserFactory(username="municipal-lead")
    crew = CrewFactory(code="municipal-1", department=municipal)
    CrewMembership.objects.create(crew=crew, user=leader, is_leader=True)
    CrewMembership.objects.create(crew=crew, user=UserFactory(username="municipal-worker"))

    first = rebound(closed, inspector, frozen)
    assert not first.is_escalated()
    assert Notification.objects.count() == 0

    close(first, inspector)
    second = rebound(first, inspector, frozen, note="Back again")

    row = Finding.objects.get(pk=second.pk)
    assert (row.rebound_of, row.rebound_number, row.is_escalated()) == (first, 2, True)
    message = f"Escalated: Exposed or piled rubbish at 道路及绿化 has come back 2 times (finding #{row.pk})."
    assert row.steps.order_by("pk").last().note == message
    assert sorted(Notification.objects.values_list("user__username", "message", "url")) == [
        ("manager", message, f"/inspections/findings/{row.pk}/"),
        ("municipal-lead", message, f"/inspections/findings/{row.pk}/"),
    ]


def test_a_manager_clears_an_escalation_with_a_note(closed, inspector, frozen, manager):
    first = rebound(closed, inspector, frozen)
    close(first, inspector)
    second = rebound(first, inspector, frozen)

    with pytest.raises(PermissionDenied, match="Only a manager may clear an escalation."):
        services.clear_escalation(second, inspector, "Done")
    with pytest.raises(ValidationError, match="The note is required."):
        services.clear_escalation(second, manager, "")

    services.clear_escalation(second, manager, "Stall moved to the market; patrols twice a day")

    row = Finding.objects.get(pk=second.pk)
    assert (row.is_escalated(), row.cleared_note) == (False, "Stall moved to the market; patrols twice a day")
    assert row.steps.order_by("pk").last().kind == StepKind.CLEARED
    with pytest.raises(ValidationError, match="This finding is not escalated."):
        services.clear_escalation(row, manager, "Again")


def test_a_rebound_whose_party_no_longer_answers_waits_registered(closed, inspector, frozen, roads, law):
    # Municipal works no longer leads the roads zone: law enforcement does.
    roads.lead = law
    roads.save()
    roads.assisting.clear()

    again = rebound(closed, inspector, frozen)

    row = Finding.objects.get(pk=again.pk)
    assert (row.status, row.department, row.rebound_of) == (FindingStatus.REGISTERED, None, closed)
    assert list(row.steps.values_list("kind", flat=True)) == [StepKind.REOPENED]
