"""The register as a spreadsheet (django-import-export): one row per unit, found by its
``code``. Headers may be the column keys or their names in Chinese or English
(``header_keys``); kinds, zones and villages by value, code or either language's name.

Each row is checked by the model's own ``full_clean`` (``Unit.clean`` makes the credit code
canonical), after the resource's own checks: the references (zone, village, road) looked
up in a few queries for the whole file, the point's coordinates, and the uniqueness of codes
and credit codes within the file and against the register (``before_import``: two queries
for the file, instead of two for each row in ``full_clean``).
"""

import json
import math
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from assets.choices import AssetKind, GeometryType
from assets.geometry import parse_geojson
from assets.models import Asset, Village, Zone

from . import credit_code
from .choices import UnitKind
from .models import Unit

# (key, header) in the file's order; the key is also accepted as a header.
COLUMNS = [
    ("code", gettext_lazy("Unit code")),
    ("name", gettext_lazy("Unit name")),
    ("kind", gettext_lazy("Kind of unit")),
    ("credit_code", gettext_lazy("Unified social credit code")),
    ("address", gettext_lazy("Address")),
    ("longitude", gettext_lazy("Longitude")),
    ("latitude", gettext_lazy("Latitude")),
    ("frontage", gettext_lazy("Frontage (GeoJSON line)")),
    ("zone", gettext_lazy("Responsibility zone")),
    ("village", gettext_lazy("Village or community")),
    ("road", gettext_lazy("Road segment (asset code)")),
    ("contact_name", gettext_lazy("Person responsible")),
    ("contact_phone", gettext_lazy("Phone")),
    ("active", gettext_lazy("Active")),
    ("notes", gettext_lazy("Notes")),
]
KEYS = [key for key, _label in COLUMNS]
REQUIRED = ["code", "name", "kind", "longitude", "latitude", "zone"]
PERSONAL = ["contact_name", "contact_phone"]
# What a row sets on a unit: equal on every one, the row is unchanged and skipped.
COMPARED = [
    "name",
    "kind",
    "credit_code",
    "address",
    "location",
    "frontage",
    "zone_id",
    "village_id",
    "road_id",
    "contact_name",
    "contact_phone",
    "active",
    "notes",
]
# What Unit.measure() sets.
MEASURED = ["frontage_m", "min_lon", "min_lat", "max_lon", "max_lat"]
LANGUAGES = ("zh-hans", "en")
TRUE = {"1", "true", "yes", "y", "是", "有效", "在册", "√"}
FALSE = {"0", "false", "no", "n", "否", "无效", "停用", "×"}
# A spreadsheet runs a cell starting with one of these as a formula: exported text gets an
# apostrophe in front, which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _fold(text: str) -> str:
    return "".join(str(text).split()).casefold()


def header(key: str) -> str:
    """The column's header in the active language."""
    return str(dict(COLUMNS)[key])


def header_keys() -> dict[str, str]:
    """Every accepted header (folded: case and spaces ignored) → its column key."""
    accepted = {_fold(key): key for key in KEYS}
    for language in LANGUAGES:
        with translation.override(language):
            accepted.update({_fold(label): key for key, label in COLUMNS})
    return accepted


def text(value) -> str:
    """A cell as text: None → "", 1001.0 → "1001", an exported apostrophe taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value).strip()
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        value = value[1:]
    return value


def escape(value):
    """Text safe in a spreadsheet cell (see FORMULA_STARTS)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return escape("" if value is None else str(value))


class KindWidget(TextWidget):
    """A kind by its value or its name in either language."""

    kinds: dict[str, str] | None = None

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if self.kinds is None:  # once per import: switching languages takes time
            self.kinds = {_fold(kind.value): kind.value for kind in UnitKind}
            for language in LANGUAGES:
                with translation.override(language):
                    self.kinds.update({_fold(kind.label): kind.value for kind in UnitKind})
        kinds = self.kinds
        if not value:
            return ""
        if _fold(value) not in kinds:
            names = "、".join(str(kind.label) for kind in UnitKind)
            raise ValueError(_("Unknown kind “%(value)s”: use one of %(names)s.") % {"value": value, "names": names})
        return kinds[_fold(value)]

    def render(self, value, obj=None, **kwargs):
        return str(UnitKind(value).label) if value in UnitKind.values else value


class LookupWidget(TextWidget):
    """A zone, village or road by its code or (``by_name``) its name in either language,
    from ``lookup``, filled for the whole file by UnitResource.before_import."""

    def __init__(self, unknown: str):
        super().__init__()
        self.unknown = unknown
        self.lookup: dict[str, object] = {}

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return None
        found = self.lookup.get(_fold(value))
        if found is None:
            raise ValueError(self.unknown % {"value": value})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.code


class ActiveWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        value = text(value)
        if not value:
            return True
        if _fold(value) in TRUE:
            return True
        if _fold(value) in FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no (write 1 or 0).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return 1 if value else 0


class NumberWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return value


def _number(value) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(text(value).replace("，", ".").replace(",", "."))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


class UnitResource(resources.ModelResource):
    """The register's rows; ``personal`` (export only) keeps the person and the phone."""

    code = fields.Field(attribute="code", column_name="code", widget=TextWidget())
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    credit_code = fields.Field(attribute="credit_code", column_name="credit_code", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="address", widget=TextWidget())
    # The point: read by import_instance, written by the dehydrate methods.
    longitude = fields.Field(column_name="longitude", widget=NumberWidget())
    latitude = fields.Field(column_name="latitude", widget=NumberWidget())
    frontage = fields.Field(column_name="frontage", widget=TextWidget())
    zone = fields.Field(
        attribute="zone", column_name="zone", widget=LookupWidget(gettext_lazy("Unknown zone “%(value)s”."))
    )
    village = fields.Field(
        attribute="village",
        column_name="village",
        widget=LookupWidget(gettext_lazy("Unknown village or community “%(value)s”.")),
    )
    road = fields.Field(
        attribute="road",
        column_name="road",
        widget=LookupWidget(gettext_lazy("Unknown road segment “%(value)s” (give the asset code of a road segment).")),
    )
    contact_name = fields.Field(attribute="contact_name", column_name="contact_name", widget=TextWidget())
    contact_phone = fields.Field(attribute="contact_phone", column_name="contact_phone", widget=TextWidget())
    active = fields.Field(attribute="active", column_name="active", widget=ActiveWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = Unit
        fields = KEYS
        import_order = KEYS
        export_order = KEYS
        import_id_fields = ["code"]
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = True
        use_transactions = True
        # Rows are checked one by one without a query each (before_import looked every
        # reference up); the checked ones are written a thousand at a time.
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, personal: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.personal = personal
        self.row_errors: dict[int, dict[str, list[str]]] = defaultdict(dict)

    # --- Export ---------------------------------------------------------------------------

    def get_export_fields(self, selected_fields=None):
        exported = super().get_export_fields(selected_fields)
        if self.personal:
            return exported
        return [field for field in exported if field.column_name not in PERSONAL]

    def get_export_headers(self, selected_fields=None):
        return [header(field.column_name) for field in self.get_export_fields(selected_fields)]

    def dehydrate_longitude(self, unit):
        return unit.location["coordinates"][0]

    def dehydrate_latitude(self, unit):
        return unit.location["coordinates"][1]

    def dehydrate_frontage(self, unit):
        return json.dumps(unit.frontage) if unit.frontage else ""

    # --- Import ---------------------------------------------------------------------------

    def get_queryset(self):
        # The units the file names, loaded at once (CachedInstanceLoader) with what the
        # row's diff reads.
        return Unit.objects.select_related("zone", "village", "road")

    def before_import(self, dataset, **kwargs):
        """Whole-file checks and look-ups, a few queries for every row at once."""
        zones, villages = {}, {}
        for zone in Zone.objects.all():
            zones.update({_fold(zone.code): zone, _fold(zone.name): zone})
            if zone.name_en:
                zones[_fold(zone.name_en)] = zone
        for village in Village.objects.all():
            villages.update({_fold(village.code): village, _fold(village.name): village})
            if village.name_en:
                villages[_fold(village.name_en)] = village
        self.fields["zone"].widget.lookup = zones
        self.fields["village"].widget.lookup = villages
        roads = {text(value) for value in dataset["road"]} - {""} if "road" in dataset.headers else set()
        self.fields["road"].widget.lookup = {
            _fold(road.code): road
            for road in Asset.objects.filter(code__in=roads, kind=AssetKind.ROAD_SEGMENT).only("pk", "code")
        }
        self._check_duplicates(dataset)

    def _check_duplicates(self, dataset):
        codes = [text(value) for value in dataset["code"]]
        credit = (
            [credit_code.normalize(text(value)) for value in dataset["credit_code"]]
            if "credit_code" in dataset.headers
            else [""] * len(codes)
        )
        first_code, first_credit = {}, {}
        for number, (code, credit_value) in enumerate(zip(codes, credit, strict=True), 1):
            if code and code in first_code:
                self.row_errors[number]["code"] = [
                    _("The code %(code)s is also on row %(row)s of the file.")
                    % {"code": code, "row": self._line(first_code[code])}
                ]
            first_code.setdefault(code, number)
            if credit_value and credit_value in first_credit:
                self.row_errors[number]["credit_code"] = [
                    _("The credit code %(credit)s is also on row %(row)s of the file.")
                    % {"credit": credit_value, "row": self._line(first_credit[credit_value])}
                ]
            first_credit.setdefault(credit_value, number)
        registered = dict(
            Unit.objects.filter(credit_code__in=[value for value in first_credit if value]).values_list(
                "credit_code", "code"
            )
        )
        for number, (code, credit_value) in enumerate(zip(codes, credit, strict=True), 1):
            holder = registered.get(credit_value)
            if holder and holder != code and "credit_code" not in self.row_errors[number]:
                self.row_errors[number]["credit_code"] = [
                    _("The credit code %(credit)s is registered to unit %(holder)s already.")
                    % {"credit": credit_value, "holder": holder}
                ]

    def _line(self, number: int) -> int:
        """The spreadsheet's row of the file's ``number``th data row (its header is row 1)."""
        return self.lines[number - 1] if getattr(self, "lines", None) else number + 1

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.credit_code:
            instance.credit_code = credit_code.normalize(instance.credit_code)
        try:
            instance.location = self._point(row)
        except ValidationError as error:
            errors["location"] = error.messages
        if "frontage" in row:
            try:
                value = text(row["frontage"])
                instance.frontage = parse_geojson(value, expected=GeometryType.LINE) if value else None
            except ValidationError as error:
                errors["frontage"] = error.messages
        if instance.zone_id is None and "zone" not in errors:
            errors["zone"] = [_("Give the unit's responsibility zone (its code or name).")]
        errors.update(self.row_errors.get(kwargs.get("row_number"), {}))
        if errors:
            raise ValidationError(errors)

    def _point(self, row) -> dict:
        longitude, latitude = _number(row.get("longitude")), _number(row.get("latitude"))
        if longitude is None or latitude is None:
            raise ValidationError(
                _("Longitude and latitude must both be numbers (decimal degrees, e.g. 120.05 and 28.90).")
            )
        if abs(longitude) > 180 or abs(latitude) > 90:
            raise ValidationError(_("Longitude must be within ±180 and latitude within ±90."))
        return parse_geojson({"type": "Point", "coordinates": [longitude, latitude]})

    def before_save_instance(self, instance, row, **kwargs):
        # What Unit.save() and auto_now do, which bulk_create and bulk_update skip.
        instance.measure()
        instance.updated = timezone.now()

    def get_bulk_update_fields(self):
        return [name.removesuffix("_id") for name in COMPARED] + [*MEASURED, "updated"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        return all(getattr(instance, name) == getattr(original, name) for name in COMPARED)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, but for what was checked already (the references found,
        the geometries parsed, the codes unique in before_import); the database's constraints
        hold whatever slips past."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                # The references were looked up and the geometries parsed (parse_geojson)
                # when the row was read: not again.
                exclude=[*errors, "zone", "village", "road", "enterprise", "location", "frontage"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def describe_errors(error: ValidationError) -> list[str]:
    """A row's errors as "column: message" lines in the active language."""
    labels = {key: header(key) for key in KEYS}
    labels["location"] = f"{header('longitude')}/{header('latitude')}"
    lines = []
    for field, messages in error.message_dict.items():
        label = labels.get(field, "" if field == "__all__" else field)
        for message in messages:
            lines.append(f"{label}: {message}" if label else message)
    return lines
