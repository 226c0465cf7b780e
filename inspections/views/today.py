"""The inspectors' Today: the re-inspections (rebound checks) due today and every overdue
one, or those of the next days, ordered along a route, with their map (as the crews have
theirs: maintenance/views/today.py).

Built for a phone on the road and kept to a constant number of queries (docs/benchmarks.md):
the listed checks in one query (finding, category and zone joined), the counts in one
aggregate over the partial index on scheduled checks by due date, the user's own records
of the day in one more.

The route: by responsibility zone (its code), and within a zone from its most overdue
stop to the nearest next one, and so on (nearest neighbour); or, when the phone shares its
position (?near=lat,lon, never stored), from there to the nearest stop, and on.
"""

import datetime
import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assets.views import map_config
from core.roles import Role, has_role

from ..choices import ReinspectionStatus
from ..models import Reinspection
from ..queries import may_inspect, reinspections_for_user, sees_every_finding

# (first, last) day of each tab, in days from today; "today" lists every overdue check too.
RANGES = {"today": (0, 0), "next": (1, 7)}
# Stops listed (and routed) at most: more than a day's walk; the page says when there are more.
MAX_STOPS = 100
# Metres per degree of latitude (and of longitude at the equator).
METRES_PER_DEGREE = 111_320
LIST_FIELDS = [
    "pk", "offset", "due", "status",
    "finding", "finding__id", "finding__lon", "finding__lat", "finding__description", "finding__rebound_number",
    "finding__category__name", "finding__category__name_en",
    "finding__zone__code", "finding__zone__name", "finding__zone__name_en",
]  # fmt: skip


def inspector_home(request) -> str | None:
    """Home for inspectors (settings.HOME_PAGES, after the crews'): their Today."""
    if request.user.is_authenticated and has_role(request.user, Role.INSPECTOR):
        return reverse("inspections-today")
    return None


@dataclass
class Scope:
    range: str
    today: datetime.date
    first: datetime.date
    last: datetime.date
    near: tuple[float, float] | None = None
    near_error: bool = False

    def query(self, **changes) -> str:
        values = {
            "range": self.range,
            "near": "{:.4f},{:.4f}".format(*self.near) if self.near else None,
            **changes,
        }
        return urlencode({key: value for key, value in values.items() if value not in (None, "")})


def _scope(request) -> Scope:
    if not (may_inspect(request.user) or sees_every_finding(request.user)):
        raise PermissionDenied(_("The inspectors' Today is for inspectors and managers."))
    name = request.GET.get("range", "today")
    if name not in RANGES:
        name = "today"
    today = timezone.localdate()
    start, end = RANGES[name]
    sent = request.GET.get("near", "")
    near = position(sent)
    return Scope(
        name,
        today,
        today + datetime.timedelta(days=start),
        today + datetime.timedelta(days=end),
        near,
        near_error=bool(sent) and near is None,
    )


def position(value: str) -> tuple[float, float] | None:
    """The phone's "lat,lon", or None when it is not a place on Earth."""
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _listed(user, scope: Scope) -> QuerySet:
    """The scheduled checks of the tab: due from first to last (and every overdue one on today's)."""
    checks = reinspections_for_user(user).filter(status=ReinspectionStatus.SCHEDULED, due__lte=scope.last)
    if scope.range != "today":
        checks = checks.filter(due__gte=scope.first)
    return checks.select_related("finding__category", "finding__zone").only(*LIST_FIELDS).order_by("due", "pk")


def _counts(user, scope: Scope) -> dict[str, int]:
    """Due today, overdue, the next days, and what the user recorded today: two queries."""
    soon = scope.today + datetime.timedelta(days=RANGES["next"][1])
    scheduled = reinspections_for_user(user).filter(status=ReinspectionStatus.SCHEDULED, due__lte=soon)
    counts = scheduled.aggregate(
        due_today=Count("pk", filter=Q(due=scope.today)),
        overdue=Count("pk", filter=Q(due__lt=scope.today)),
        next_days=Count("pk", filter=Q(due__gt=scope.today)),
    )
    start = timezone.make_aware(datetime.datetime.combine(scope.today, datetime.time.min))
    counts["recorded"] = Reinspection.objects.filter(checked_by=user, checked__gte=start).count()
    return counts


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line metres between two (lat, lon), flat over a few kilometres."""
    north = (a[0] - b[0]) * METRES_PER_DEGREE
    east = (a[1] - b[1]) * METRES_PER_DEGREE * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(north, east)


def _nearest_chain(stops: list, start: tuple[float, float] | None) -> list:
    """Nearest neighbour: from ``start`` (else the first stop), always the nearest stop not yet visited."""
    left = list(stops)
    if not left:
        return []
    route = []
    here = start
    if here is None:
        first = left.pop(0)
        route.append(first)
        here = (first.finding.lat, first.finding.lon)
    while left:
        index = min(range(len(left)), key=lambda i: (_metres(here, (left[i].finding.lat, left[i].finding.lon)), i))
        stop = left.pop(index)
        route.append(stop)
        here = (stop.finding.lat, stop.finding.lon)
    return route


def route(stops: list, near: tuple[float, float] | None = None) -> list:
    """The stops in the order to walk them: from the phone's position, nearest first; else
    zone by zone (by code), each from its most overdue stop (stops come by due date)."""
    if near is not None:
        return _nearest_chain(stops, near)
    zones: dict[str, list] = {}
    for stop in stops:
        zones.setdefault(stop.finding.zone.code, []).append(stop)
    return [stop for code in sorted(zones) for stop in _nearest_chain(zones[code], None)]


def _stops(user, scope: Scope) -> tuple[list, bool]:
    rows = list(_listed(user, scope)[: MAX_STOPS + 1])
    return route(rows[:MAX_STOPS], scope.near), len(rows) > MAX_STOPS


@require_GET
def today(request):
    scope = _scope(request)
    stops, truncated = _stops(request.user, scope)
    previous = None
    for number, stop in enumerate(stops, start=1):
        stop.number = number
        here = (stop.finding.lat, stop.finding.lon)
        if previous is not None:
            stop.metres = round(_metres(previous, here))
        elif scope.near is not None:
            stop.metres = round(_metres(scope.near, here))
        previous = here
        stop.overdue = stop.due < scope.today
    config = map_config()
    config["orders"] = reverse("inspections-today-geojson") + "?" + scope.query()
    config["statuses"] = {"overdue": _("Overdue"), ReinspectionStatus.SCHEDULED: _("Due")}
    config["text"].update(
        {
            "orders": _("%(count)s re-inspections shown"),
            "ordersTruncated": _("Only the first %(count)s re-inspections are shown."),
            "here": _("You are here"),
        }
    )
    return render(
        request,
        "inspections/today.html",
        {
            "scope": scope,
            "stops": stops,
            "truncated": truncated,
            "max_stops": MAX_STOPS,
            "counts": _counts(request.user, scope),
            "tabs": [(name, scope.query(range=name)) for name in RANGES],
            "road_query": scope.query(near=None),
            "map_config": config,
        },
    )


@require_GET
def today_geojson(request):
    """The tab's stops as points, numbered along the route, for the map."""
    scope = _scope(request)
    stops, truncated = _stops(request.user, scope)
    features = [
        {
            "type": "Feature",
            "id": stop.pk,
            "geometry": {"type": "Point", "coordinates": [stop.finding.lon, stop.finding.lat]},
            "properties": {
                "status": stop.status,
                "status_label": _("Due"),
                "overdue": stop.due < scope.today,
                "url": reverse("reinspection-detail", args=[stop.pk]),
                "name": f"{number}. {stop.finding.category.display_name}",
                "code": f"#{stop.finding.pk}",
                "task": stop.finding.zone.display_name,
                "due": stop.due.isoformat(),
                "due_time": None,
            },
        }
        for number, stop in enumerate(stops, start=1)
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features, "truncated": truncated})
