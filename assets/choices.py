from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneType(models.TextChoices):
    """The five areas of the zone's responsibility map (创卫分解图)."""

    ENTERPRISES = "enterprises", _("Enterprises")
    COMMUNITIES = "communities", _("Communities")
    CONSTRUCTION = "construction", _("Construction")
    VILLAGES = "villages", _("Villages")
    ROADS_GREENING = "roads_greening", _("Roads and greening")


class AssetKind(models.TextChoices):
    EQUIPMENT = "equipment", _("Kitchen-waste equipment")
    LANDSCAPE = "landscape", _("Street-corner landscape")
    GREEN_SPACE = "green_space", _("Green space")
    ROAD_SEGMENT = "road_segment", _("Road segment")


class AssetStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_SERVICE = "in_service", _("In service")
    UNDER_REPAIR = "under_repair", _("Under repair")
    RETIRED = "retired", _("Retired")


class GeometryType(models.TextChoices):
    """The geometry families the registry accepts (GeoJSON types, Multi* included)."""

    POINT = "point", _("point")
    LINE = "line", _("line")
    POLYGON = "polygon", _("polygon")


# What each kind is drawn as on the map.
GEOMETRY_FOR_KIND = {
    AssetKind.EQUIPMENT: GeometryType.POINT,
    AssetKind.LANDSCAPE: GeometryType.POINT,
    AssetKind.GREEN_SPACE: GeometryType.POLYGON,
    AssetKind.ROAD_SEGMENT: GeometryType.LINE,
}

# Which parents make sense: a plant and its machines, a road and its segments, a park and
# its parts; a landscape piece may also stand inside a green space.
PARENT_KINDS = {
    AssetKind.EQUIPMENT: {AssetKind.EQUIPMENT},
    AssetKind.LANDSCAPE: {AssetKind.LANDSCAPE, AssetKind.GREEN_SPACE},
    AssetKind.GREEN_SPACE: {AssetKind.GREEN_SPACE},
    AssetKind.ROAD_SEGMENT: {AssetKind.ROAD_SEGMENT},
}
