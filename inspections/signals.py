def order_changed_handler(sender, change, **kwargs):
    """A work order changed (maintenance.services.order_changed): its findings may be disposed."""
    from .services.orders import order_done

    order_done(change)
