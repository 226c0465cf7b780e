"""Who sees which orders (orders_for_user) and who may work on one (may_work_on)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from maintenance.choices import OrderStatus
from maintenance.models import WorkOrder
from maintenance.queries import may_work_on, orders_for_user
from tests.maintenance.factories import DAY, TODAY, PlanFactory, at
from tests.maintenance.on_site import join, order_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


@pytest.fixture
def two_crews_orders(bins_plan, litter_bin, other_crew):
    """Three orders of the crew (one done), two of the other crew."""
    ours = [
        order_on(bins_plan, litter_bin, TODAY),
        order_on(bins_plan, litter_bin, TODAY + DAY),
        order_on(bins_plan, litter_bin, TODAY - DAY),
    ]
    WorkOrder.objects.filter(pk=ours[2].pk).update(status=OrderStatus.DONE, closed=at(TODAY - DAY))
    other_plan = PlanFactory(crew=other_crew)
    theirs = [order_on(other_plan, litter_bin, TODAY), order_on(other_plan, litter_bin, TODAY + DAY)]
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


@pytest.mark.parametrize("role", ["manager", "inspector", "planner", "administrator"])
def test_managers_inspectors_planners_and_administrators_see_every_order(two_crews_orders, role, request):
    ours, theirs = two_crews_orders

    assert visible(request.getfixturevalue(role)) == ours | theirs


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
