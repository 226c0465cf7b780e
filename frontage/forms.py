"""The register's forms: a unit's fields, the point and the frontage drawn on a map (or
pasted as GeoJSON: the text area works without script)."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetKind, AssetStatus, GeometryType
from assets.fields import GeoJSONFormField
from assets.models import Asset, Enterprise, Village, Zone
from assets.widgets import GeoJSONWidget

from .models import Unit
from .services.units import UNIT_FIELDS


class MapTextWidget(GeoJSONWidget):
    """The registry's drawing map (assets.widgets), with the GeoJSON text area beside it
    labelled in the page's language and sized for a phone."""

    template_name = "frontage/_geometry_widget.html"

    def _render(self, template_name, context, renderer=None):
        # The project's templates/ (the default form renderer reads the apps' only).
        return super()._render(template_name, context, TemplatesSetting())


class UnitForm(forms.ModelForm):
    location = GeoJSONFormField(
        label=_("Location"),
        geometry_type=GeometryType.POINT,
        widget=MapTextWidget(geometry_type=GeometryType.POINT),
        help_text=_("Put a marker at the door, or paste a GeoJSON point (longitude first)."),
    )
    frontage = GeoJSONFormField(
        label=_("Frontage"),
        geometry_type=GeometryType.LINE,
        widget=MapTextWidget(geometry_type=GeometryType.LINE),
        required=False,
        help_text=_("Draw the line along the road before the door, or paste a GeoJSON line string."),
    )
    zone = forms.ModelChoiceField(
        label=_("Responsibility zone"),
        queryset=Zone.objects.order_by("code"),
        required=False,
        empty_label=_("The zone that holds the point"),
    )
    road = forms.ModelChoiceField(
        label=_("Road segment"),
        queryset=Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT).exclude(status=AssetStatus.RETIRED),
        required=False,
        empty_label=_("The nearest within 50 m"),
    )
    village = forms.ModelChoiceField(
        label=_("Village or community"), queryset=Village.objects.order_by("code"), required=False
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.order_by("code"), required=False
    )

    class Meta:
        model = Unit
        fields = list(UNIT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
