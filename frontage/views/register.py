"""The door-pledge register's pages for the signed in: the list and its map, a unit's
page, its form (managers and administrators) and its printable A5 sign."""

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assets.geometry import parse_bbox, parse_zoom
from assets.views import map_config as registry_map_config
from core import hooks

from .. import queries, ratings, services
from ..choices import Rating
from ..filters import UnitFilter
from ..forms import UnitForm
from ..models import Unit
from .public import duties_of

PAGE_SIZE = 50
# More units than this in one map request are cut, and the response says so.
MAX_MAP_FEATURES = 5000
# From this zoom the map draws each unit's frontage line beside its point.
FRONTAGE_ZOOM = 17


def map_config() -> dict:
    """The registry map's settings, with the register's data and words."""
    config = registry_map_config()
    config.update(
        geojson=reverse("unit-geojson"),
        frontageZoom=FRONTAGE_ZOOM,
        ratings=dict(Rating.choices),
    )
    config["text"].update(
        count=_("%(count)s units shown"),
        truncated=_("Only the first %(count)s units are shown: zoom in or filter."),
        expiring=_("Pledge ending soon"),
    )
    return config


def _unit_for_user(request, pk: int) -> Unit:
    """The unit with everything its page shows, or 404 when the user may not see it."""
    queryset = (
        queries.units_for_user(request.user)
        .with_pledge(timezone.localdate())
        .select_related("zone", "road", "village", "enterprise")
    )
    return get_object_or_404(queryset, pk=pk)


def _may_manage(request) -> None:
    if not queries.may_manage_register(request.user):
        raise PermissionDenied(_("Only managers and administrators may change the register."))


@require_GET
def unit_list(request):
    today = timezone.localdate()
    queryset = queries.units_for_user(request.user).with_pledge(today).select_related("zone", "road")
    filterset = UnitFilter(request.GET, queryset=queryset, today=today)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    config = map_config()
    config["geojson"] = f"{config['geojson']}?{query.urlencode()}" if query else config["geojson"]
    return render(
        request,
        "frontage/unit_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "personal": queries.may_see_personal(request.user),
            "manager": queries.may_manage_register(request.user),
            "may_check": queries.may_check(request.user),
            "map_config": config,
        },
    )


@require_GET
def unit_geojson(request):
    """The map's data: units meeting the bbox (west,south,east,north) and the filters,
    each a point coloured by its rating; from FRONTAGE_ZOOM, with its frontage line."""
    today = timezone.localdate()
    queryset = queries.units_for_user(request.user).with_pledge(today)
    zoom = None
    try:
        if bbox := request.GET.get("bbox"):
            queryset = queryset.in_bbox(*parse_bbox(bbox))
        if "zoom" in request.GET:
            zoom = parse_zoom(request.GET["zoom"])
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    filterset = UnitFilter(request.GET, queryset=queryset, today=today)
    if not filterset.is_valid():
        return JsonResponse({"error": filterset.errors.get_json_data()}, status=400)
    lines = zoom is not None and zoom >= FRONTAGE_ZOOM
    columns = ["pk", "code", "name", "kind", "rating", "location", "pledge_ends", "pledge_expiring"]
    rows = list(filterset.qs.values(*columns, *(["frontage"] if lines else []))[: MAX_MAP_FEATURES + 1])
    truncated, rows = len(rows) > MAX_MAP_FEATURES, rows[:MAX_MAP_FEATURES]
    kinds, rating_labels = dict(Unit.kind.field.choices), dict(Rating.choices)
    features = [
        {
            "type": "Feature",
            "id": row["pk"],
            "geometry": row["location"],
            "properties": {
                "code": row["code"],
                "name": row["name"],
                "kind_label": str(kinds.get(row["kind"], row["kind"])),
                "rating": row["rating"],
                "rating_label": str(rating_labels.get(row["rating"], row["rating"])),
                "expiring": bool(row["pledge_ends"] and row["pledge_expiring"]),
                "frontage": row.get("frontage"),
                "url": reverse("unit-detail", args=[row["pk"]]),
            },
        }
        for row in rows
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features, "truncated": truncated})


@require_GET
def unit_detail(request, pk: int):
    unit = _unit_for_user(request, pk)
    return render(
        request,
        "frontage/unit_detail.html",
        {
            "unit": unit,
            "personal": queries.may_see_personal(request.user),
            "manager": queries.may_manage_register(request.user),
            "rule": ratings.RULE_TEXT,
            "map_config": map_config(),
            "links": hooks.links("UNIT_LINKS", request, unit),
        },
    )


def _unit_form(request, unit: Unit | None):
    _may_manage(request)
    status = 200
    if request.method == "POST":
        form = UnitForm(request.POST, instance=unit)
        if form.is_valid():
            try:
                saved = services.save_unit(unit, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(saved)
        status = 400
    else:
        form = UnitForm(instance=unit)
    return render(request, "frontage/unit_form.html", {"form": form, "unit": unit}, status=status)


@require_http_methods(["GET", "POST"])
def unit_new(request):
    return _unit_form(request, None)


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    _may_manage(request)
    return _unit_form(request, _unit_for_user(request, pk))


@require_GET
def unit_sign(request, pk: int):
    """The unit's printable A5 sign: its name, code, duties and the QR code of its public page."""
    unit = _unit_for_user(request, pk)
    url = request.build_absolute_uri(reverse("unit-public", args=[unit.code]))
    # Inline SVG: sharp at any print size; medium error correction survives some dirt.
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, title=unit.code)
    return render(
        request,
        "frontage/unit_sign.html",
        {"unit": unit, "url": url, "svg": mark_safe(svg), "duties": duties_of(unit)},
    )
