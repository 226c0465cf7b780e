"""Telling crews about their overdue work orders."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.notices import notify

from ..models import CrewMembership, WorkOrder


def notify_overdue(today: datetime.date | None = None) -> int:
    """Tell each crew's members about their orders gone overdue, once per order.

    Orders are claimed with a conditional update stamped with this run's time, so two
    runs at once never notify about the same order twice. Returns the orders notified.
    """
    today = today or timezone.localdate()
    with transaction.atomic():  # claimed and notified together: a failed run claims nothing
        return _notify_overdue(today, timezone.now())


def _notify_overdue(today: datetime.date, stamp: datetime.datetime) -> int:
    claimed = WorkOrder.objects.overdue(today).filter(overdue_notified__isnull=True).update(overdue_notified=stamp)
    if not claimed:
        return 0
    claimed_orders = WorkOrder.objects.filter(overdue_notified=stamp)
    counts = dict(claimed_orders.values_list("crew_id").annotate(count=Count("pk")).order_by())
    members = defaultdict(list)
    for crew_id, user_id in CrewMembership.objects.filter(crew_id__in=counts).values_list("crew_id", "user_id"):
        members[crew_id].append(user_id)
    for crew_id, count in counts.items():
        first = list(claimed_orders.filter(crew_id=crew_id).select_related("asset", "plan").order_by("due", "pk")[:5])
        names = "; ".join(f"{order.asset.name} · {order.plan.name} · {order.due}" for order in first)
        message = ngettext(
            "%(count)d work order has gone overdue: %(names)s",
            "%(count)d work orders have gone overdue: %(names)s",
            count,
        ) % {"count": count, "names": names}
        if count > len(first):
            message += _(" … and %(more)d more.") % {"more": count - len(first)}
        notify(members[crew_id], message, first[0].get_absolute_url() if count == 1 else "")
    return claimed
