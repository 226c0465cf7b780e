"""A finding dispatched to a crew about an asset opens a corrective work order for the
crew; the order done disposes the finding, skipped or cancelled sends it back to be
dispatched again; refusing or voiding the finding cancels the order."""

import pytest

from inspections import services
from inspections.choices import FindingStatus, PhotoStage, StepKind
from inspections.models import Finding
from maintenance import services as maintenance
from maintenance.choices import CancelReason, OrderStatus
from maintenance.models import Plan, WorkOrder, WorkOrderPhoto
from maintenance.queries import plans_for_user
from tests.inspections.conftest import photo
from tests.maintenance.factories import TODAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def bin_finding(inspector, rubbish, litter_bin, sweeping):
    """Rubbish at the litter bin, dispatched to the crew that sweeps it (the suggestion)."""
    finding = services.register(inspector, rubbish, "Bin overflowing", asset=litter_bin)
    return services.dispatch(finding, inspector)


def test_dispatching_to_the_assets_crew_opens_a_corrective_order(bin_finding, sanitation, litter_bin):
    order = Finding.objects.get(pk=bin_finding.pk).work_order

    assert (order.crew, order.asset, order.status, order.due, order.due_time, order.occurrence) == (
        sanitation,
        litter_bin,
        OrderStatus.SCHEDULED,
        TODAY,
        at(TODAY, 14).replace(minute=30).time(),
        None,
    )
    assert order.notes == f"#{bin_finding.pk} 暴露垃圾：Bin overflowing"
    assert order.is_corrective()
    plan = order.plan
    assert (plan.corrective, plan.paused, plan.crew, plan.task_type.code) == (True, True, sanitation, "repair")


def test_the_corrective_plan_is_one_per_crew_and_never_listed(bin_finding, inspector, rubbish, litter_bin, manager):
    second = services.dispatch(services.register(inspector, rubbish, "Again", asset=litter_bin), inspector)

    orders = WorkOrder.objects.filter(findings__in=[bin_finding, second])
    # Two orders on the same asset, due the same day: corrective orders are not unique per day.
    assert orders.count() == 2
    assert len({order.plan_id for order in orders}) == 1
    assert Plan.objects.filter(corrective=True).count() == 1
    assert not plans_for_user(manager).filter(corrective=True).exists()


def test_generation_leaves_the_corrective_plan_alone(bin_finding):
    before = WorkOrder.objects.filter(plan__corrective=True).count()

    maintenance.generate_work_orders(today=TODAY)

    assert WorkOrder.objects.filter(plan__corrective=True).count() == before == 1


def test_the_order_done_disposes_the_finding(bin_finding, crew_member):
    order = Finding.objects.get(pk=bin_finding.pk).work_order
    maintenance.add_photo(order, crew_member, photo())

    maintenance.complete_work_order(order, crew_member, today=TODAY)

    row = Finding.objects.get(pk=bin_finding.pk)
    assert (row.status, row.disposed) == (FindingStatus.DISPOSED, at(TODAY))
    step = row.steps.order_by("pk").last()
    assert (step.kind, step.before, step.after, step.by, step.note) == (
        StepKind.DISPOSED,
        FindingStatus.DISPATCHED,
        FindingStatus.DISPOSED,
        crew_member,
        f"Corrective work order #{order.pk} done.\n#{bin_finding.pk} 暴露垃圾：Bin overflowing",
    )
    # The order's photo is the finding's after photo, in a file of the finding's own.
    after = row.photos.get()
    assert after.stage == PhotoStage.AFTER
    assert after.image.name.startswith(f"findings/{row.pk}/")
    assert after.image.read() == WorkOrderPhoto.objects.get(order=order).image.read()
    assert services.has_after_photo(row)


def test_an_order_skipped_sends_the_finding_back_to_be_dispatched_again(bin_finding, crew_member):
    order = Finding.objects.get(pk=bin_finding.pk).work_order

    maintenance.skip_work_order(order, crew_member, "Blocked by a lorry", today=TODAY)

    row = Finding.objects.get(pk=bin_finding.pk)
    assert (row.status, row.crew, row.deadline) == (FindingStatus.REGISTERED, None, None)
    step = row.steps.order_by("pk").last()
    assert (step.kind, step.by, step.note) == (
        StepKind.REFUSED,
        crew_member,
        f"Corrective work order #{order.pk} skipped: Blocked by a lorry",
    )


def test_an_order_cancelled_by_a_manager_sends_the_finding_back(bin_finding, manager):
    order = Finding.objects.get(pk=bin_finding.pk).work_order

    maintenance.cancel_work_order(order, manager)

    row = Finding.objects.get(pk=bin_finding.pk)
    assert row.status == FindingStatus.REGISTERED
    assert row.steps.order_by("pk").last().note == f"Corrective work order #{order.pk} cancelled."


def test_the_crew_disposing_on_the_finding_completes_its_order(bin_finding, crew_member):
    services.dispose(bin_finding, crew_member, "Emptied the bin", photos=[photo()])

    order = WorkOrder.objects.get(findings=bin_finding)
    assert (order.status, order.closed_by) == (OrderStatus.DONE, crew_member)
    assert Finding.objects.get(pk=bin_finding.pk).status == FindingStatus.DISPOSED
    assert bin_finding.steps.filter(kind=StepKind.DISPOSED).count() == 1


def test_refusing_cancels_the_order(bin_finding, crew_member):
    order = Finding.objects.get(pk=bin_finding.pk).work_order

    services.refuse(bin_finding, crew_member, "Not our bin any more")

    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == (OrderStatus.CANCELLED, CancelReason.MANUAL)
    assert Finding.objects.get(pk=bin_finding.pk).status == FindingStatus.REGISTERED
    assert bin_finding.steps.filter(kind=StepKind.REFUSED).count() == 1  # the party's, not the order's too


def test_voiding_cancels_the_order(bin_finding, inspector):
    services.void(bin_finding, inspector, "Duplicate")

    assert WorkOrder.objects.get(findings=bin_finding).status == OrderStatus.CANCELLED


def test_rework_opens_a_new_order(bin_finding, crew_member, inspector):
    services.dispose(bin_finding, crew_member, "Emptied", photos=[photo()])

    services.verify(bin_finding, inspector, accept=False, reason="Lid broken, rubbish around it")

    row = Finding.objects.get(pk=bin_finding.pk)
    assert (row.status, row.rework_count, row.work_order.status) == (FindingStatus.DISPATCHED, 1, OrderStatus.SCHEDULED)
    assert WorkOrder.objects.filter(plan__corrective=True).count() == 2


def test_the_corrective_plan_cannot_be_changed_by_hand(bin_finding, admin_client):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    plan = Plan.objects.get(corrective=True)
    with pytest.raises(ValidationError) as caught:
        plan.full_clean()
    assert caught.value.messages == ["This is a crew's plan of corrective work from inspections: it cannot be changed."]
    page = admin_client.get(reverse("admin:maintenance_plan_changelist")).content.decode()
    assert plan.name not in page
    assert admin_client.get(reverse("admin:maintenance_plan_change", args=[plan.pk])).status_code == 302
