"""Findings and their corrective work orders: an order done disposes its findings; an
order skipped or cancelled sends them back to be dispatched again.

maintenance knows nothing of findings (it is the layer below); it sends order_changed
for every change people see to an order, and the inspections app listens
(apps.InspectionsConfig.ready → signals.order_changed_handler → order_done here).
"""

from django.utils.translation import gettext as _

from maintenance.choices import OrderStatus
from maintenance.models import WorkOrderPhoto
from maintenance.services import OrderChange

from ..choices import FindingStatus, PhotoStage, StepKind
from ..models import Finding
from .photos import copy_photo
from .steps import transition


def order_done(change: OrderChange) -> int:
    """The dispatched findings of orders just done become disposed, by whoever completed
    the order, with the order's photos as their "after" photos; those of orders skipped or
    cancelled go back to registered (as a refusal by the party, with the order's reason),
    to be dispatched again. Returns how many findings moved."""
    if change.after in (OrderStatus.SKIPPED, OrderStatus.CANCELLED):
        return _order_not_done(change)
    if change.after != OrderStatus.DONE:
        return 0
    findings = list(
        Finding.objects.filter(work_order__in=change.orders, status=FindingStatus.DISPATCHED).select_related(
            "work_order"
        )
    )
    for finding in findings:
        order = finding.work_order
        note = _("Corrective work order #%(order)s done.") % {"order": order.pk}
        if order.notes:
            note = f"{note}\n{order.notes}"
        transition(
            finding, [FindingStatus.DISPATCHED], StepKind.DISPOSED, _("It cannot be disposed of."), by=change.by,
            at=change.at, note=note, status=FindingStatus.DISPOSED, disposed=change.at,
        )  # fmt: skip
        for photo in WorkOrderPhoto.objects.filter(order=order).order_by("created", "pk"):
            copy_photo(photo.image, finding, PhotoStage.AFTER, photo.uploaded_by, photo.taken, now=change.at)
    return len(findings)


def _order_not_done(change: OrderChange) -> int:
    findings = list(
        Finding.objects.filter(work_order__in=change.orders, status=FindingStatus.DISPATCHED).select_related(
            "work_order"
        )
    )
    for finding in findings:
        order = finding.work_order
        if change.after == OrderStatus.SKIPPED:
            note = _("Corrective work order #%(order)s skipped: %(reason)s") % {
                "order": order.pk,
                "reason": change.reason,
            }
        else:
            note = _("Corrective work order #%(order)s cancelled.") % {"order": order.pk}
        transition(
            finding, [FindingStatus.DISPATCHED], StepKind.REFUSED, _("It cannot be sent back."), by=change.by,
            at=change.at, note=note,
            status=FindingStatus.REGISTERED, crew=None, department=None, unit=None, dispatched=None, deadline=None,
        )  # fmt: skip
    return len(findings)
