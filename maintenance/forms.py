from django import forms
from django.utils import timezone

from .models import MeterReading
from .services import check_meter_reading


class MeterReadingForm(forms.ModelForm):
    """A meter reading, refused when negative or lower than the reading before it."""

    class Meta:
        model = MeterReading
        fields = ["asset", "meter", "value", "read_at"]

    def clean(self):
        cleaned = super().clean()
        asset, meter, value = cleaned.get("asset"), cleaned.get("meter"), cleaned.get("value")
        if asset is not None and meter and value is not None:
            check_meter_reading(asset, meter, value, cleaned.get("read_at") or timezone.now())
        return cleaned
