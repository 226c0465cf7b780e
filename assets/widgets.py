"""A map widget for GeoJSON fields, built on django-leaflet's bundled JavaScript.

Why not ``leaflet.forms.widgets.LeafletWidget``: it subclasses GeoDjango's
BaseGeometryWidget, and importing it without the system GDAL library raises
ImproperlyConfigured (django-leaflet issues #212 and #299). We keep everything that works
without GDAL: its settings (LEAFLET_CONFIG), its template tags, its widget template and
its bundled Leaflet, Leaflet.draw and leaflet.forms.js (``L.GeometryField``). The same
trap is why the admin does not auto-discover ``leaflet.admin``: see config/urls.py.
"""

import json

from django import forms
from django.templatetags.static import static
from django.utils.text import slugify

from .choices import GeometryType

# What L.GeometryField understands (it picks the drawing tools from this name).
LEAFLET_GEOM_TYPES = {
    None: "GEOMETRY",
    GeometryType.POINT: "POINT",
    GeometryType.LINE: "LINESTRING",
    GeometryType.POLYGON: "POLYGON",
}


class GeoJSONWidget(forms.Widget):
    """A Leaflet map with drawing tools, storing GeoJSON in a (hidden) textarea."""

    template_name = "leaflet/widget.html"

    def __init__(self, attrs=None, geometry_type: GeometryType | None = None):
        super().__init__(attrs)
        self.geometry_type = geometry_type

    @property
    def media(self):
        return forms.Media(
            js=[
                "leaflet/leaflet.js",
                "leaflet/leaflet.extras.js",
                "leaflet/draw/leaflet.draw.js",
                "leaflet/leaflet.forms.js",
            ],
            css={"screen": ["leaflet/leaflet.css", "leaflet/draw/leaflet.draw.css", "leaflet/leaflet_django.css"]},
        )

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, dict):
            return json.dumps(value)
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        map_id_css = slugify(context["widget"]["attrs"].get("id", name))
        map_id = map_id_css.replace("-", "_")
        context["widget"]["attrs"].update(geom_name=LEAFLET_GEOM_TYPES[self.geometry_type], map_srid=4326)
        context.update(
            id_css=map_id_css,
            module=f"geodjango_{map_id}",
            id_map=f"{map_id_css}-map",
            id_map_callback=f"{map_id}_map_callback",
            loadevent="load",
            modifiable=True,
            target_map=None,
            settings_overrides={},
            geometry_field_class="L.GeometryField",
            field_store_class="L.FieldStore",
            display_raw=True,
            serialized=context["widget"]["value"] or "",
            csp_nonce=None,
            FORCE_IMAGE_PATH=False,
            reset_view_icon=static("leaflet/images/reset-view.png"),
        )
        return context
