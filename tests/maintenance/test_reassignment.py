"""reassign_work_order: the crew's leader, or a manager, gives an order to someone in its
crew; anyone else is refused and nothing changes."""

import pytest

from maintenance import services
from maintenance.models import WorkOrder
from maintenance.services import TransitionError
from tests.factories import UserFactory
from tests.maintenance.factories import TODAY, at
from tests.maintenance.on_site import close, join, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


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
