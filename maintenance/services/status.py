"""The one path for a change to work orders that people see: who, when, from, to, why.

Every workflow that changes an order (starting, completing, skipping, cancelling,
moving, reassigning, writing notes) calls change_order(); the system's own bulk
cancellations (a plan paused, an asset retired) call cancel_orders(). Both send
``order_changed`` with an OrderChange, so that an audit trail hangs on one place.
Generation inserts orders in bulk (bulk.py) and rewrites delete untouched ones that no
one has seen worked on: neither is a change of an order's state.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..choices import OPEN_STATUSES, CancelReason, OrderStatus
from ..models import WorkOrder

# Sent (sender=WorkOrder, change=OrderChange) inside the change's transaction.
order_changed = Signal()
# Bulk cancellations update this many orders per statement.
CANCEL_BATCH = 10_000


@dataclass(frozen=True)
class OrderChange:
    """A change to one or more work orders: who (None: the system), when, from, to, why."""

    orders: tuple[int, ...]
    by: object
    at: datetime.datetime
    before: str  # the status before
    after: str  # the status after (the same when only other columns changed)
    fields: dict = field(default_factory=dict)  # the columns set, with their new values
    reason: str = ""


class TransitionError(ValidationError):
    """An order cannot make the requested move from its current status."""


STATUS_MESSAGES = {
    OrderStatus.DONE: gettext_lazy("This work order is already done."),
    OrderStatus.SKIPPED: gettext_lazy("This work order was skipped."),
    OrderStatus.CANCELLED: gettext_lazy("This work order was cancelled."),
    OrderStatus.IN_PROGRESS: gettext_lazy("This work order is already in progress."),
    OrderStatus.SCHEDULED: gettext_lazy("This work order has not been started."),
}


def refusal(order: WorkOrder, action: str, refresh: bool = True) -> TransitionError:
    """Why the order cannot make the move: its status (read again from the database,
    unless the caller's copy is what was checked) and what cannot be done."""
    if refresh:
        order.refresh_from_db(fields=["status"])
    return TransitionError(f"{STATUS_MESSAGES[OrderStatus(order.status)]} {action}", code="transition")


def change_order(order: WorkOrder, allowed: list[str], action: str, *, by, reason: str = "", **changes) -> None:
    """Make a person's change to one order if its status (in the database, now) is one of
    ``allowed``; else raise the refusal (``action`` says what could not be done).

    The row is claimed first (SELECT … FOR UPDATE): of two crew members pressing at once,
    one wins and the other gets a clear error instead of a silent overwrite.
    """
    now = timezone.now()
    changes["updated"] = now
    with transaction.atomic():
        claimed = WorkOrder.objects.select_for_update().filter(pk=order.pk, status__in=allowed)
        before = claimed.values_list("status", flat=True).first()
        if before is None:
            raise refusal(order, action)
        WorkOrder.objects.filter(pk=order.pk).update(**changes)
        shown = {name: value for name, value in changes.items() if name != "updated"}
        change = OrderChange((order.pk,), by, now, before, changes.get("status", before), shown, reason)
        order_changed.send(sender=WorkOrder, change=change)
    for name, value in changes.items():
        setattr(order, name, value)


def claim_open(order: WorkOrder, action: str) -> None:
    """Lock the order's row if it is still open (in the database, now), else say why not:
    the caller's copy may predate a colleague completing it. Changes nothing people see."""
    if not WorkOrder.objects.filter(pk=order.pk, status__in=OPEN_STATUSES).update(updated=timezone.now()):
        raise refusal(order, action)


def cancel_orders(orders: QuerySet, reason: CancelReason, *, by=None) -> int:
    """Cancel those of the orders that are still scheduled: the system's cancellations
    (a plan paused, an asset that left a plan), undone by the system when the cause goes.
    Returns how many."""
    now = timezone.now()
    changes = {"status": OrderStatus.CANCELLED, "cancel_reason": reason, "closed": now}
    with transaction.atomic():
        pks = list(orders.filter(status=OrderStatus.SCHEDULED).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), CANCEL_BATCH):
            batch = pks[start : start + CANCEL_BATCH]
            WorkOrder.objects.filter(pk__in=batch, status=OrderStatus.SCHEDULED).update(**changes, updated=now)
        if pks:
            change = OrderChange(tuple(pks), by, now, OrderStatus.SCHEDULED, OrderStatus.CANCELLED, changes, reason)
            order_changed.send(sender=WorkOrder, change=change)
    return len(pks)
