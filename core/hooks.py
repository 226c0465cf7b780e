"""Hooks through which an app shows what apps above it add, without importing them:
a setting lists dotted functions, each answering for the object in hand (wired in
config/settings.py, as HOME_PAGES and MEDIA_ACCESS are)."""

from django.conf import settings
from django.utils.module_loading import import_string


def links(setting: str, request, obj) -> list[tuple[str, str]]:
    """The (label, URL) pairs that the functions named by ``settings.<setting>`` give for
    ``obj`` and this request, in the setting's order; each function returns a list
    (empty when it has nothing for this user)."""
    found: list[tuple[str, str]] = []
    for name in getattr(settings, setting, ()):
        found.extend(import_string(name)(request, obj))
    return found
