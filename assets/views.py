from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import hooks
from core.models import bilingual_name

from .choices import AssetKind, AssetStatus
from .filters import AssetFilter
from .geometry import parse_bbox, parse_zoom, simplify_for_zoom
from .models import Asset

# More features than this in one map request are cut, and the response says so:
# the map asks the user to zoom in rather than shipping megabytes to a phone.
MAX_MAP_FEATURES = 5000
# An asset search (the plan form's asset finder) answers with at most this many matches.
MAX_SEARCH_RESULTS = 20


def map_config() -> dict:
    """What the map scripts need: tiles (a setting), the zone's centre, translated words."""
    leaflet = settings.LEAFLET_CONFIG
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "center": leaflet["DEFAULT_CENTER"],
        "zoom": leaflet["DEFAULT_ZOOM"],
        "minZoom": leaflet["MIN_ZOOM"],
        "geojson": reverse("asset-geojson"),
        "kinds": dict(AssetKind.choices),
        "text": {
            "open": _("Open"),
            "loading": _("Loading…"),
            "count": _("%(count)s assets shown"),
            "truncated": _("Only the first %(count)s assets are shown: zoom in or filter."),
            "error": _("The map data could not be loaded. Check the connection and try again."),
        },
    }


def registry_home(request) -> str:
    """Home for everyone the other apps send nowhere else: the registry's map."""
    return reverse("asset-map")


def _asset_for_user(request, pk: int) -> Asset:
    """The asset with everything its page shows, or 404 when the user may not see it."""
    queryset = Asset.objects.for_user(request.user).select_related(
        "zone", "department", "parent", "equipment", "landscape", "green_space", "road"
    )
    return get_object_or_404(queryset, pk=pk)


@require_GET
def asset_list(request):
    queryset = Asset.objects.for_user(request.user).select_related("zone", "department")
    filterset = AssetFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assets/asset_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_GET
def asset_map(request):
    filterset = AssetFilter(request.GET, queryset=Asset.objects.none())
    return render(request, "assets/asset_map.html", {"filter": filterset, "map_config": map_config()})


@require_GET
def asset_geojson(request):
    """The map's data: assets in the bbox (west,south,east,north) matching the filters;
    with the map's ``zoom``, lines and polygons simplified to what that zoom can show."""
    queryset = Asset.objects.for_user(request.user)
    zoom = None
    try:
        if bbox := request.GET.get("bbox"):
            queryset = queryset.in_bbox(*parse_bbox(bbox))
        if "zoom" in request.GET:
            zoom = parse_zoom(request.GET["zoom"])
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    filterset = AssetFilter(request.GET, queryset=queryset)
    if not filterset.is_valid():
        return JsonResponse({"error": filterset.errors.get_json_data()}, status=400)
    rows = list(filterset.qs.values("pk", "code", "name", "kind", "status", "geometry")[: MAX_MAP_FEATURES + 1])
    truncated, rows = len(rows) > MAX_MAP_FEATURES, rows[:MAX_MAP_FEATURES]
    geometries = [row["geometry"] for row in rows]
    if zoom is not None:
        geometries = simplify_for_zoom(geometries, zoom)
    kind_labels, status_labels = dict(Asset.kind.field.choices), dict(Asset.status.field.choices)
    features = [
        {
            "type": "Feature",
            "id": row["pk"],
            "geometry": geometry,
            "properties": {
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "kind_label": str(kind_labels.get(row["kind"], row["kind"])),
                "status": row["status"],
                "status_label": str(status_labels.get(row["status"], row["status"])),
                "url": reverse("asset-detail", args=[row["pk"]]),
            },
        }
        for row, geometry in zip(rows, geometries, strict=True)
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features, "truncated": truncated})


@require_GET
def asset_detail(request, pk: int):
    asset = _asset_for_user(request, pk)
    children = asset.children.select_related("zone", "department").order_by("code")
    return render(
        request,
        "assets/asset_detail.html",
        {
            "asset": asset,
            "detail": asset.detail(),
            "children": children,
            "photos": asset.photos.all(),
            "map_config": map_config(),
            "links": hooks.links("ASSET_LINKS", request, asset),
        },
    )


@require_GET
def asset_search(request):
    """Assets whose code or name contains ?q=, for choosing assets by name (the plan
    form's asset finder): an exact code first, then by code. Retired assets are left out:
    nothing can be planned on them."""
    text = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL text holds no NUL
    if not text:
        return JsonResponse({"results": [], "more": False})
    filterset = AssetFilter({"q": text}, queryset=Asset.objects.for_user(request.user))
    rows = list(
        filterset.qs.exclude(status=AssetStatus.RETIRED)
        .annotate(exact=Case(When(code__iexact=text, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("exact", "code")
        .values("pk", "code", "name", "kind", "zone__name", "zone__name_en")[: MAX_SEARCH_RESULTS + 1]
    )
    kinds = dict(AssetKind.choices)
    results = [
        {
            "code": row["code"],
            "name": row["name"],
            "kind": str(kinds.get(row["kind"], row["kind"])),
            "zone": bilingual_name(row["zone__name"], row["zone__name_en"]),
            "url": reverse("asset-detail", args=[row["pk"]]),
        }
        for row in rows[:MAX_SEARCH_RESULTS]
    ]
    return JsonResponse({"results": results, "more": len(rows) > MAX_SEARCH_RESULTS})
