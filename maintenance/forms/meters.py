"""Meter readings: the admin's form and the meters page's."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Meter
from ..models import MeterReading
from ..services import check_meter_reading


class MeterReadingForm(forms.ModelForm):
    """A meter reading (the admin's), refused as services.check_meter_reading says."""

    class Meta:
        model = MeterReading
        fields = ["asset", "meter", "value", "read_at", "replacement"]

    def clean(self):
        cleaned = super().clean()
        asset, meter, value = cleaned.get("asset"), cleaned.get("meter"), cleaned.get("value")
        if asset is not None and meter and value is not None:
            read_at = cleaned.get("read_at") or timezone.now()
            check_meter_reading(asset, meter, value, read_at, replacement=cleaned.get("replacement", False))
        return cleaned


# Asset codes are typed or pasted: separated by commas (also Chinese ones), semicolons,
# enumeration commas, spaces or new lines.


class ReadMeterForm(forms.Form):
    """A reading of one of an asset's meters, from its meters page (services.record_meter_reading
    checks it)."""

    meter = forms.ChoiceField(label=_("Meter"))
    value = forms.DecimalField(
        label=_("Reading"),
        max_digits=14,
        decimal_places=2,
        localize=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    read_at = forms.DateTimeField(
        label=_("Read at"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    replacement = forms.BooleanField(
        label=_("New meter"),
        required=False,
        help_text=_("The meter was replaced: this is the new meter's first reading."),
    )

    def __init__(self, *args, meters: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meter"].choices = [(meter, Meter(meter).label) for meter in meters]
