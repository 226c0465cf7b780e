"""inspections' signals, and its handlers of other apps' signals."""

from django.dispatch import Signal

# A finding was escalated (services.rebound.escalate), inside its transaction: the apps
# above (reports' notifications) listen. Sent with finding=.
finding_escalated = Signal()


def order_changed_handler(sender, change, **kwargs):
    """A work order changed (maintenance.services.order_changed): its findings may be disposed."""
    from .services.orders import order_done

    order_done(change)
