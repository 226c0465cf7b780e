"""The findings pages' forms: they read what was typed; the services decide (and refuse)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.template import loader
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetKind, AssetStatus, GeometryType
from assets.fields import GeoJSONFormField
from assets.models import Asset, Department, Village, Zone
from assets.widgets import GeoJSONWidget
from core.roles import Role
from frontage.choices import Duty
from frontage.models import Check
from maintenance.models import Crew

from .choices import Severity
from .models import Category, Round


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input (each checked by the service, through core.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def note_field(label) -> forms.CharField:
    # Whether it is required, and how long it may be, is the service's to say (check_text):
    # the form only keeps what was typed.
    return forms.CharField(label=label, required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3}))


class RegisterForm(forms.Form):
    """A new finding: what (category, severity, description), where (a point picked on
    the map or the phone's position, or an asset's code), and photos of it (before)."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(active=True).order_by("code"), empty_label=None
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM)
    description = note_field(_("Description"))
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    asset_code = forms.CharField(
        label=_("Asset code"),
        required=False,
        max_length=50,
        help_text=_("When the finding is about an asset: its place is the asset's unless a point is picked."),
    )
    photos = PhotosField(label=_("Photos (before)"))
    # The round it is found on (?round=<pk> from the round's page): the service checks
    # that it is open and that the user is one of its inspectors.
    round = forms.ModelChoiceField(queryset=Round.objects.all(), required=False, widget=forms.HiddenInput)
    # Opened from a door check's failed duty (views.register.door_check_links).
    check = forms.IntegerField(required=False, widget=forms.HiddenInput)
    duty = forms.ChoiceField(required=False, choices=[("", "—"), *Duty.choices], widget=forms.HiddenInput)

    def clean_check(self):
        pk = self.cleaned_data["check"]
        if pk is None:
            return None
        door_check = Check.objects.select_related("unit").filter(pk=pk).first()
        if door_check is None:
            raise forms.ValidationError(_("That door check does not exist."), code="door_check")
        return door_check

    def clean_asset_code(self):
        code = self.cleaned_data["asset_code"].strip()
        if not code:
            return None
        asset = Asset.objects.select_related("zone").filter(code__iexact=code).first()
        if asset is None:
            raise forms.ValidationError(_("No asset has the code %(code)s."), params={"code": code}, code="asset")
        return asset

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude."), code="point")
        if (
            lat is None
            and not cleaned.get("asset_code")
            and "asset_code" not in self.errors
            and not cleaned.get("check")
        ):
            raise forms.ValidationError(
                _("Pick the place on the map, use your position, or give an asset's code."), code="point_missing"
            )
        return cleaned

    def point(self):
        lat, lon = self.cleaned_data.get("lat"), self.cleaned_data.get("lon")
        return None if lat is None else {"type": "Point", "coordinates": [lon, lat]}


def party_value(party) -> str:
    if party.unit is not None:
        return f"unit:{party.unit.pk}"
    if party.crew is not None:
        return f"crew:{party.crew.pk}"
    return f"department:{party.department.pk}" if party.department is not None else ""


class DispatchForm(forms.Form):
    """To whom (a crew or a department, or the door unit when one is suggested; the
    suggested one preselected) and by when (empty: the category's deadline, counted by
    the service)."""

    party = forms.ChoiceField(label=_("Responsible party"))
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty for the category's deadline."),
    )

    def __init__(self, *args, crews, departments, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.crews = {str(crew.pk): crew for crew in crews}
        self.departments = {str(department.pk): department for department in departments}
        self.units = {str(unit.pk): unit for unit in units}
        choices = [
            (_("Departments"), [(f"department:{pk}", str(d)) for pk, d in self.departments.items()]),
            (_("Crews"), [(f"crew:{pk}", str(c)) for pk, c in self.crews.items()]),
        ]
        if self.units:
            choices.insert(0, (_("Door units"), [(f"unit:{pk}", u.name) for pk, u in self.units.items()]))
        self.fields["party"].choices = choices

    def chosen_party(self) -> dict:
        kind, _sep, pk = self.cleaned_data["party"].partition(":")
        if kind == "unit":
            return {"unit": self.units[pk]}
        if kind == "crew":
            return {"crew": self.crews[pk]}
        return {"department": self.departments[pk]}


def dispatch_form(*args, suggested=None, **kwargs) -> DispatchForm:
    """The dispatch form; the door unit is offered when it is the suggested party (the
    unit that answers for the place: no other unit does)."""
    unit = getattr(suggested, "unit", None)
    return DispatchForm(
        *args,
        crews=Crew.objects.select_related("department").order_by("code"),
        departments=Department.objects.order_by("code"),
        units=[unit] if unit is not None else [],
        **kwargs,
    )


class ReasonForm(forms.Form):
    """Refuse, void, reject a report: a reason (required by the service)."""

    reason = note_field(_("Reason"))


class DisposeForm(forms.Form):
    done = note_field(_("What was done"))
    photos = PhotosField(label=_("Photos (after)"))


class VerifyForm(forms.Form):
    reason = note_field(_("Note or reason"))


class ClearForm(forms.Form):
    note = note_field(_("Note"))


class AcceptForm(forms.Form):
    """Accepting a public report takes nothing but the button."""


def inspectors() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.INSPECTOR)
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class RoadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, road):
        return f"{road.code} {road.name}"


class AreaWidget(GeoJSONWidget):
    """The registry's drawing map (django-leaflet's, as the admin edits geometry) with the
    GeoJSON text kept visible and labelled in the page's language: without script, the
    polygon can be pasted."""

    template_name = "inspections/_area_widget.html"

    def _render(self, template_name, context, renderer=None):
        # Through the site's template engine: the form renderer's own engine reads only
        # the apps' template folders, and the site's templates live in templates/.
        return mark_safe(loader.render_to_string(template_name, context))


class RoundForm(forms.Form):
    """A new round: when, with whom, over which area (one of four), notes. The form reads
    what was chosen; services.start_round decides (one area, a real polygon, …)."""

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    inspectors = PersonChoiceField(
        label=_("Co-inspectors"), queryset=inspectors(), required=False, widget=forms.CheckboxSelectMultiple
    )
    zone = forms.ModelChoiceField(
        label=_("Zone"), queryset=Zone.objects.order_by("code"), required=False, empty_label="—"
    )
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.order_by("code"), required=False, empty_label="—"
    )
    road = RoadChoiceField(
        label=_("Road segment"),
        queryset=Asset.objects.filter(kind=AssetKind.ROAD_SEGMENT).exclude(status=AssetStatus.RETIRED).order_by("code"),
        required=False,
        empty_label="—",
    )
    area = GeoJSONFormField(
        label=_("Or draw the area"),
        geometry_type=GeometryType.POLYGON,
        required=False,
        widget=AreaWidget(geometry_type=GeometryType.POLYGON),
    )
    notes = forms.CharField(label=_("Notes"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3}))

    AREA_FIELDS = ("zone", "village", "road", "area")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = inspectors().exclude(pk=user.pk)

    def area_fields(self):
        return [self[name] for name in self.AREA_FIELDS]

    def other_fields(self):
        return [self[name] for name in self.fields if name not in self.AREA_FIELDS]
