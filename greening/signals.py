def order_changed_handler(sender, change, **kwargs):
    """A work order changed (maintenance.services.order_changed): a replanting done closes its loss."""
    from .services.care import order_done

    order_done(change)
