"""Today's map: the orders of Today's list (same scope and range) as points, with the
range tabs and the list/map switch."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assets.geometry import position
from assets.views import map_config

from ..choices import OrderStatus
from .today import RANGES, _listed, _today_scope

# The map shows at most this many orders (a week of a big crew); the response says so.
MAX_MAP_ORDERS = 2000


@require_GET
def today_map(request):
    scope = _today_scope(request)
    config = map_config()
    config["orders"] = reverse("today-geojson") + "?" + scope.query()
    config["statuses"] = {
        "overdue": _("Overdue"),
        OrderStatus.SCHEDULED: OrderStatus.SCHEDULED.label,
        OrderStatus.IN_PROGRESS: OrderStatus.IN_PROGRESS.label,
        OrderStatus.DONE: OrderStatus.DONE.label,
        OrderStatus.SKIPPED: OrderStatus.SKIPPED.label,
    }
    config["text"].update(
        {
            "orders": _("%(count)s work orders shown"),
            "ordersTruncated": _("Only the first %(count)s work orders are shown."),
            "here": _("You are here"),
        }
    )
    return render(
        request,
        "maintenance/today_map.html",
        {
            "scope": scope,
            "map_config": config,
            "tabs": [(name, scope.query(range=name)) for name in RANGES],
        },
    )


MAP_FIELDS = [
    "pk", "status", "due", "due_time", "asset", "asset__name", "asset__code", "asset__geometry",
    "plan", "plan__name", "plan__task_type", "plan__task_type__name", "plan__task_type__name_en",
]  # fmt: skip


@require_GET
def today_geojson(request):
    """Today's orders (the list's, same scope and range) as points, for the map."""
    scope = _today_scope(request)
    rows = list(
        _listed(scope.listing)
        .select_related("asset", "plan__task_type")
        .only(*MAP_FIELDS)
        .order_by("due", "due_time", "pk")[: MAX_MAP_ORDERS + 1]
    )
    features = []
    for order in rows[:MAX_MAP_ORDERS]:
        point = position(order.asset.geometry)
        if point is None:
            continue
        lat, lon = point
        features.append(
            {
                "type": "Feature",
                "id": order.pk,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "status": order.status,
                    "status_label": order.get_status_display(),
                    "overdue": order.is_overdue(scope.today),
                    "url": order.get_absolute_url(),
                    "name": order.asset.name,
                    "code": order.asset.code,
                    "task": order.plan.task_type.display_name,
                    "plan": order.plan.name,
                    "due": order.due.isoformat(),
                    "due_time": order.due_time.strftime("%H:%M") if order.due_time else None,
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features, "truncated": len(rows) > MAX_MAP_ORDERS})
