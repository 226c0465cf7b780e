"""The inspections demo (demo.inspections): rounds and findings in every state across
the five zones, made through the services, and a second load that changes nothing.
The demo is loaded once for the package at NOW (tests.demo.conftest)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from core.models import Notification
from demo.inspections import PLACES
from inspections.choices import FindingStatus, ReinspectionStatus
from inspections.models import Finding, Photo, Reinspection, Round, Step
from inspections.services import zone_containing
from maintenance.choices import OrderStatus
from tests.demo.conftest import NOW


def snapshot() -> dict:
    tables = [Round, Finding, Step, Photo, Reinspection, Notification]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in tables}


def test_prints_its_summary(loaded):
    output, _generated = loaded
    assert (
        "Demo inspections loaded: created 6 rounds, 14 findings and 9 re-inspections (1 escalated); "
        "0 rounds and reports were already there and were left unchanged." in output
    )


def test_findings_in_every_state_across_the_five_zones(loaded):
    statuses = set(Finding.objects.values_list("status", flat=True))
    assert statuses == set(FindingStatus.values)
    assert set(Finding.objects.values_list("zone__code", flat=True)) == {
        "villages", "communities", "construction", "enterprises", "roads-greening",
    }  # fmt: skip
    assert [finding.pk for finding in Finding.objects.all() if finding.is_overdue(NOW)] == [
        Finding.objects.get(category__code="illegal-posters").pk,
        Finding.objects.get(rebound_number=2).pk,
    ]


def test_the_demo_places_lie_in_their_zones(loaded):
    for code, (lon, lat) in PLACES.items():
        assert zone_containing({"type": "Point", "coordinates": [lon, lat]}).code == code


def test_a_round_found_nothing(loaded):
    assert [round.notes for round in Round.objects.with_finding_count() if round.nothing_found()] == [
        "演示：重点村例行巡查（未发现问题）"
    ]


def test_past_rounds_are_ended_and_todays_is_under_way(loaded):
    today = timezone.localdate()
    assert all(round.ended for round in Round.objects.filter(date__lt=today))
    assert Round.objects.filter(date=today, ended__isnull=True).exists()


def test_a_closed_finding_held_at_its_checks(loaded):
    finding = Finding.objects.get(category__code="piled-anywhere", status=FindingStatus.CLOSED)
    assert list(finding.reinspections.order_by("offset").values_list("status", flat=True)) == [
        ReinspectionStatus.HELD,
        ReinspectionStatus.HELD,
        ReinspectionStatus.SCHEDULED,
    ]
    assert finding.photos.filter(stage="reinspection").count() == 2


def test_a_chain_of_two_rebounds_is_escalated(loaded):
    chain = list(Finding.objects.filter(category__code="street-vendors").order_by("rebound_number"))
    assert [(finding.rebound_number, finding.status, finding.is_escalated()) for finding in chain] == [
        (0, FindingStatus.CLOSED, False),
        (1, FindingStatus.CLOSED, False),
        (2, FindingStatus.DISPATCHED, True),
    ]
    assert [finding.rebound_of for finding in chain] == [None, chain[0], chain[1]]
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["manager"]


def test_findings_about_assets_went_to_their_crews(loaded):
    lawn = Finding.objects.get(category__code="greening-damaged")
    assert (lawn.status, lawn.crew.code, lawn.work_order.status) == (
        FindingStatus.DISPOSED,
        "landscaping",
        OrderStatus.DONE,
    )
    machine = Finding.objects.get(category__code="equipment-fault")
    assert (machine.status, machine.crew.code, machine.work_order.status) == (
        FindingStatus.DISPATCHED,
        "plant-operators",
        OrderStatus.SCHEDULED,
    )
    paving = Finding.objects.get(category__code="road-damaged")
    assert (paving.status, paving.rework_count, paving.crew.code) == (FindingStatus.DISPATCHED, 1, "municipal-works")


def test_every_findings_steps_follow_each_other(loaded):
    for finding in Finding.objects.prefetch_related("steps"):
        steps = list(finding.steps.order_by("at", "pk"))
        assert steps[0].before == "", finding.pk
        for earlier, later in zip(steps, steps[1:], strict=False):
            assert later.before == earlier.after, finding.pk
            assert later.at >= earlier.at, finding.pk
        assert steps[-1].after == finding.status, finding.pk
        assert steps[-1].at <= NOW, finding.pk


def test_loading_again_changes_nothing(loaded):
    before = snapshot()
    output = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=output)

    assert snapshot() == before
    assert (
        "Demo inspections already loaded: all 8 rounds and reports were there and were left unchanged."
        in output.getvalue()
    )


@pytest.mark.parametrize("username", ["inspector", "manager"])
def test_inspectors_and_managers_meet_work(loaded, username):
    from django.contrib.auth import get_user_model

    from inspections.queries import findings_for_user

    user = get_user_model().objects.get(username=username)
    assert findings_for_user(user).open().count() == 9
