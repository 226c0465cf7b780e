"""The pledge pages' forms: they read what was typed; the services decide (and refuse)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def text_field(label) -> forms.CharField:
    # Whether a text may be empty is the service's to say: the form keeps what was typed.
    return forms.CharField(label=label, required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3}))


class TermForm(forms.Form):
    """A new pledge's term."""

    starts = date_field(_("First day"))
    ends = date_field(_("Last day"))


class EditForm(TermForm):
    """An unsigned draft's term and its three duties."""

    sanitation = text_field(_("Sanitation duty"))
    greening = text_field(_("Greening duty"))
    order = text_field(_("Order duty"))


class SignForm(forms.Form):
    """The signing date and the scanned signed pledge."""

    signed = date_field(_("Signed on"), required=False)
    document = forms.FileField(
        label=_("Scanned signed pledge"),
        required=False,
        help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class TerminateForm(forms.Form):
    reason = text_field(_("Reason for termination"))
