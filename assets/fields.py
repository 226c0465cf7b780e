"""A GeoJSON geometry column: JSON in the database, a map to draw on in forms."""

import json

from django import forms
from django.db import models

from .choices import GeometryType
from .geometry import parse_geojson
from .widgets import GeoJSONWidget


class GeoJSONFormField(forms.Field):
    """Takes GeoJSON text (what the map widget writes) and cleans it to a geometry dict."""

    widget = GeoJSONWidget

    def __init__(self, *, geometry_type: GeometryType | None = None, **kwargs):
        self.geometry_type = geometry_type
        kwargs.setdefault("widget", GeoJSONWidget(geometry_type=geometry_type))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_geojson(value, expected=self.geometry_type)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps(value)
        return value

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        return initial != data


class GeometryField(models.JSONField):
    """A GeoJSON geometry (WGS84), optionally restricted to one geometry family."""

    def __init__(self, *args, geometry_type: GeometryType | None = None, **kwargs):
        self.geometry_type = geometry_type
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.geometry_type is not None:
            kwargs["geometry_type"] = self.geometry_type
        return name, path, args, kwargs

    def clean(self, value, model_instance):
        """Validate and return the clean geometry (what full_clean() stores): a Feature or
        JSON text becomes its geometry dict, oriented and 2-D, as the forms make it."""
        value = super().clean(value, model_instance)
        if value is not None:
            value = parse_geojson(value, expected=self.geometry_type)
        return value

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self,
            **{"form_class": GeoJSONFormField, "geometry_type": self.geometry_type, **kwargs},
        )
