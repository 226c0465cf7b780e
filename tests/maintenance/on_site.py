"""Helpers for the tests of the crews' services on site (test_checklist_answers,
test_order_notes, test_order_photos, test_reassignment, test_order_visibility,
test_calendar_feed); their crew, people, plan and order are fixtures in conftest.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from maintenance.choices import OrderStatus
from maintenance.models import ChecklistAnswer, Crew, CrewMembership, WorkOrder, WorkOrderPhoto
from tests.maintenance.factories import TODAY, at, snapshot


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


def answers_of(order: WorkOrder) -> dict[str, tuple]:
    return {
        answer.item.label: (answer.passed, answer.number, answer.text)
        for answer in ChecklistAnswer.objects.filter(order=order).select_related("item")
    }
