def asset_saved(sender, instance, raw=False, **kwargs):
    """An asset was saved: it may have joined or left plans (kind, zone, retirement)."""
    if raw:  # loading fixtures
        return
    from .services import asset_changed

    asset_changed(instance)
