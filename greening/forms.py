from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, Phase
from .models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    """A project's record; the geometry as GeoJSON text (previewed on a map)."""

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "kind",
            "programme",
            "zone",
            "keeper",
            "design_institute",
            "contractor",
            "budget",
            "target_m2",
            "target_m",
            "target_pieces",
            "leader",
            "liaison",
            "geometry",
            "notes",
        ]
        widgets = {
            "geometry": forms.Textarea(attrs={"rows": 6, "class": "geojson"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class PhaseDatesForm(forms.Form):
    """One phase's planned and actual dates (the rules: services.set_phase_dates)."""

    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DATE)
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.TextInput,
        help_text=_("Needed when the project goes back a phase."),
    )


class SpendingForm(forms.Form):
    """A spending entry; what is missing is the service's to say (all of it at once)."""

    day = forms.DateField(label=_("Date"), required=False, widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("A correction is a negative amount, saying what it corrects."),
    )
    purpose = forms.CharField(label=_("What for"), required=False, max_length=300)


class DocumentForm(forms.Form):
    """A document or rendering to upload; what is wrong with it is the service's to say."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.DOCUMENT)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
        help_text=_("A document: PDF, JPEG or PNG. A rendering: JPEG or PNG."),
    )
