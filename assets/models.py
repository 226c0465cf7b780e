from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BilingualNameMixin

from .choices import GEOMETRY_FOR_KIND, PARENT_KINDS, AssetKind, AssetStatus, GeometryType, ZoneType
from .fields import GeometryField
from .geometry import distance_m, geometry_type, measure


class Department(BilingualNameMixin):
    """A bureau, office or unit of the zone that answers for zones and assets."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    # The bureau's heads (the responsibility map's): each reads their department's figures
    # on the dashboard and in the Monday report (reports.queries.dashboard_scope).
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("heads"),
        help_text=_("They read this department's figures on the dashboard and in the Monday report."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class ZoneQuerySet(models.QuerySet):
    def containing(self, point: dict) -> "Zone | None":
        """The zone whose boundary covers the GeoJSON point (the first by code, where
        boundaries overlap), else the nearest zone with a boundary by geodesic distance;
        None when no zone has a boundary. Findings and door units are placed by it."""
        zones = list(self.filter(boundary__isnull=False).order_by("code"))
        for zone in zones:
            if distance_m(point, zone.boundary) == 0.0:
                return zone
        return min(zones, key=lambda zone: distance_m(point, zone.boundary), default=None)


class Zone(BilingualNameMixin):
    """An area of the responsibility map, with its lead and assisting departments."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=ZoneType.choices)
    lead = models.ForeignKey(Department, models.PROTECT, related_name="led_zones", verbose_name=_("lead department"))
    assisting = models.ManyToManyField(
        Department, blank=True, related_name="assisted_zones", verbose_name=_("assisting departments")
    )
    boundary = GeometryField(_("boundary"), geometry_type=GeometryType.POLYGON, null=True, blank=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("responsibility zone")
        verbose_name_plural = _("responsibility zones")
        constraints = [
            models.CheckConstraint(condition=Q(type__in=ZoneType.values), name="zone_type_valid"),
        ]


class Village(BilingualNameMixin):
    """An administrative village of the zone (29 of them), in a villages zone."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="villages", verbose_name=_("zone"))
    is_key = models.BooleanField(_("key village"), default=False)
    is_demonstration = models.BooleanField(_("demonstration site"), default=False)
    location = GeometryField(_("location"), geometry_type=GeometryType.POINT, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")


class Enterprise(BilingualNameMixin):
    """A firm in the zone, under the enterprises zone's lead department."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="enterprises", verbose_name=_("zone"))
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="enterprises", verbose_name=_("village")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    above_designated_size = models.BooleanField(_("above designated size"), default=False)
    is_demonstration = models.BooleanField(_("demonstration site"), default=False)
    location = GeometryField(_("location"), geometry_type=GeometryType.POINT, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")


def place_name(kind: str, road_name: str | None, zone_name: str) -> str:
    """Where an asset is, in words: a road segment's road, else its zone (for assets read
    as plain values; Asset.place() for instances)."""
    return road_name if kind == AssetKind.ROAD_SEGMENT and road_name else zone_name


# Derived from the geometry by Asset.measure(), saved with it.
MEASURED_FIELDS = ("area_m2", "length_m", "min_lon", "min_lat", "max_lon", "max_lat")


class AssetQuerySet(models.QuerySet):
    def for_user(self, user) -> "AssetQuerySet":
        """The assets this user may see: the registry is open to every signed-in role."""
        if not user.is_authenticated:
            return self.none()
        return self

    def in_bbox(self, west: float, south: float, east: float, north: float) -> "AssetQuerySet":
        """Assets whose bounding box meets the given one (the map's visible area)."""
        return self.filter(min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south)


class Asset(models.Model):
    """One thing the zone maintains: a machine, a landscape piece, a green space or a road segment."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AssetStatus.choices, default=AssetStatus.IN_SERVICE)
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="assets", verbose_name=_("responsible department")
    )
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="assets", verbose_name=_("responsibility zone"))
    commissioned = models.DateField(_("commissioned"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    notes = models.TextField(_("notes"), blank=True)
    geometry = GeometryField(_("geometry"), help_text=_("GeoJSON in WGS84: draw it on the map or paste it."))
    # Computed from the geometry on every save (see measure()); never typed in.
    area_m2 = models.FloatField(_("area (m²)"), null=True, blank=True, editable=False)
    length_m = models.FloatField(_("length (m)"), null=True, blank=True, editable=False)
    min_lon = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AssetKind.values), name="asset_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=AssetStatus.values), name="asset_status_valid"),
            models.CheckConstraint(
                condition=Q(min_lon__lte=models.F("max_lon"), min_lat__lte=models.F("max_lat")),
                name="asset_bbox_ordered",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="asset_not_own_parent"),
        ]
        indexes = [
            # Asset list and map filters: kind and status together, the FKs have their own.
            models.Index(fields=["kind", "status"], name="asset_kind_status"),
            # The map's GeoJSON endpoint: bbox overlap, most selective on longitude first.
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="asset_bbox"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.measure()
        if kwargs.get("update_fields") is not None and "geometry" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], *MEASURED_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("asset-detail", args=[self.pk])

    def place(self) -> str:
        """Where the asset is, in words: a road segment's road, else its zone."""
        road = getattr(self, "road", None) if self.kind == AssetKind.ROAD_SEGMENT else None
        return place_name(self.kind, road.road_name if road else None, self.zone.display_name)

    def measure(self) -> None:
        """Store the geodesic area, length and bbox of the current geometry."""
        result = measure(self.geometry)
        self.area_m2, self.length_m = result.area_m2, result.length_m
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = result.bbox

    def clean(self):
        errors = {}
        if self.geometry and self.kind in AssetKind.values:
            expected = GEOMETRY_FOR_KIND[self.kind]
            try:
                actual = geometry_type(self.geometry)
            except (KeyError, TypeError):
                actual = None  # the field's own validation has said what is wrong
            if actual is not None and actual != expected:
                errors["geometry"] = ValidationError(
                    _("A %(kind)s is drawn as a %(expected)s, not a %(actual)s."),
                    code="wrong_type",
                    params={"kind": self.get_kind_display(), "expected": expected.label, "actual": actual.label},
                )
        if self.parent_id is not None:
            error = self._parent_error()
            if error:
                errors["parent"] = error
        if self.pk is not None and self.kind in AssetKind.values:
            # A change of kind must suit the parts too (they cannot be saved otherwise).
            unfit = [kind for kind, parents in PARENT_KINDS.items() if self.kind not in parents]
            if self.children.filter(kind__in=unfit).exists():
                errors["kind"] = ValidationError(
                    _("Some parts of this asset cannot belong to a %(kind)s: move them first."),
                    code="children_kind",
                    params={"kind": self.get_kind_display()},
                )
        if errors:
            raise ValidationError(errors)

    def _parent_error(self) -> ValidationError | None:
        parent = self.parent
        if self.kind in AssetKind.values and parent.kind not in PARENT_KINDS[self.kind]:
            return ValidationError(
                _("A %(kind)s cannot belong to a %(parent_kind)s."),
                code="parent_kind",
                params={"kind": self.get_kind_display(), "parent_kind": parent.get_kind_display()},
            )
        # Walk up the chain: reaching this asset again means a cycle. A cycle already in
        # the data higher up (two edits at once, an update()) must not make the walk
        # endless: it stops at an asset seen before.
        seen = set()
        while parent is not None and parent.pk not in seen:
            if self.pk is not None and parent.pk == self.pk:
                return ValidationError(_("An asset cannot be its own ancestor."), code="parent_cycle")
            seen.add(parent.pk)
            parent = parent.parent
        if parent is not None:
            return ValidationError(
                _("The chain of parents above this one goes round in a circle: correct it first."),
                code="parent_cycle_above",
            )
        return None

    def detail(self):
        """The kind-specific details of this asset, or None if none were entered."""
        return self.detail_of(self.kind)

    def detail_of(self, kind: str):
        """This asset's details of the given kind, or None."""
        attribute = DETAIL_ATTRIBUTES.get(kind)
        return getattr(self, attribute, None) if attribute else None


class AssetDetail(models.Model):
    """Fields that only one kind of asset has (abstract)."""

    kind: AssetKind

    class Meta:
        abstract = True

    def clean(self):
        asset = getattr(self, "asset", None)
        if asset is not None and asset.kind != self.kind:
            raise ValidationError(
                _("These details are for a %(expected)s, but the asset is a %(kind)s."),
                code="detail_kind",
                params={"expected": AssetKind(self.kind).label, "kind": asset.get_kind_display()},
            )


class EquipmentDetail(AssetDetail):
    """Maker, model and capacity of a kitchen-waste processing machine."""

    kind = AssetKind.EQUIPMENT
    asset = models.OneToOneField(Asset, models.CASCADE, primary_key=True, related_name="equipment")
    maker = models.CharField(_("maker"), max_length=200, blank=True)
    model = models.CharField(_("model"), max_length=200, blank=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    capacity = models.DecimalField(_("capacity"), max_digits=10, decimal_places=2, null=True, blank=True)
    capacity_unit = models.CharField(_("capacity unit"), max_length=20, blank=True, default="t/d")

    class Meta:
        verbose_name = _("equipment details")
        verbose_name_plural = _("equipment details")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=0), name="equipment_capacity_positive"),
        ]

    def __str__(self):
        return " ".join(filter(None, [self.maker, self.model]))


class LandscapeDetail(AssetDetail):
    """Designer, theme and materials of a street-corner landscape piece."""

    kind = AssetKind.LANDSCAPE
    asset = models.OneToOneField(Asset, models.CASCADE, primary_key=True, related_name="landscape")
    designer = models.CharField(_("designer"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    materials = models.CharField(_("materials"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("landscape details")
        verbose_name_plural = _("landscape details")

    def __str__(self):
        return self.theme


class GreenSpaceDetail(AssetDetail):
    """What grows in a green space."""

    kind = AssetKind.GREEN_SPACE
    asset = models.OneToOneField(Asset, models.CASCADE, primary_key=True, related_name="green_space")
    vegetation = models.TextField(_("vegetation"), blank=True)

    class Meta:
        verbose_name = _("green space details")
        verbose_name_plural = _("green space details")

    def __str__(self):
        return self.vegetation[:50]


class RoadDetail(AssetDetail):
    """Road name, width, surface and sidewalk of a road segment."""

    kind = AssetKind.ROAD_SEGMENT
    asset = models.OneToOneField(Asset, models.CASCADE, primary_key=True, related_name="road")
    road_name = models.CharField(_("road name"), max_length=200)
    width_m = models.DecimalField(_("width (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    surface = models.CharField(_("surface material"), max_length=200, blank=True)
    resurfaced = models.DateField(_("resurfaced"), null=True, blank=True)
    sidewalk = models.BooleanField(_("sidewalk"), default=False)

    class Meta:
        verbose_name = _("road details")
        verbose_name_plural = _("road details")
        constraints = [
            models.CheckConstraint(condition=Q(width_m__gt=0), name="road_width_positive"),
        ]

    def __str__(self):
        return self.road_name


DETAIL_MODELS = {model.kind: model for model in (EquipmentDetail, LandscapeDetail, GreenSpaceDetail, RoadDetail)}
DETAIL_ATTRIBUTES = {
    kind: model._meta.get_field("asset").remote_field.related_name for kind, model in DETAIL_MODELS.items()
}


def asset_photo_path(photo: "AssetPhoto", filename: str) -> str:
    return f"assets/{photo.asset_id}/{filename}"


class AssetPhoto(models.Model):
    """A photo of an asset, for the registry (not a work order's proof)."""

    asset = models.ForeignKey(Asset, models.CASCADE, related_name="photos", verbose_name=_("asset"))
    image = models.ImageField(_("image"), upload_to=asset_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["asset", "created"]
        verbose_name = _("asset photo")
        verbose_name_plural = _("asset photos")

    def __str__(self):
        return self.caption or self.image.name
