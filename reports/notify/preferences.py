"""Each person's choice of the events they receive by email."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import Event, Preference
from .deliveries import may_receive

FIELDS = [event.value for event in Event]


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = FIELDS


def preference_of(user) -> Preference:
    """The person's saved choices, or the defaults (everything) unsaved."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def save_preferences(user, choices: dict[str, bool]) -> Preference:
    """Save which events the person receives (only those who may receive any)."""
    if not may_receive(user):
        raise PermissionDenied(_("Notifications by email go to managers and administrators."))
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={event: bool(choices.get(event)) for event in FIELDS}
    )
    return preference
