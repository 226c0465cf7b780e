"""The inspectors' Today: the re-inspections (rebound checks) and the door checks
(frontage) due today and every overdue one, or those of the next days, ordered along one
route, with their map (as the crews have theirs: maintenance/views/today.py).

Built for a phone on the road and kept to a constant number of queries (docs/benchmarks.md):
the listed re-inspections in one query (finding, category and zone joined), the listed
door checks in one (unit and zone joined), the counts in one aggregate of each kind (the
partial indexes on open checks by due date); for an inspector, their round under way
today in one more.

The route: by responsibility zone (its code), and within a zone from its most overdue
stop to the nearest next one, and so on (nearest neighbour); or, when the phone shares its
position (?near=lat,lon, never stored), from there to the nearest stop, and on. Both kinds
of stop are one list (by due date, re-inspections first on a day) before they are routed:
a door check is a stop at its unit's point.
"""

import datetime
import math
from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from assets.views import map_config
from core.models import bilingual_name
from core.roles import Role, has_role
from frontage.choices import CheckStatus
from frontage.queries import checks_for_user

from ..choices import ReinspectionStatus
from ..queries import may_inspect, reinspections_for_user, rounds_for_user, sees_every_finding

# (first, last) day of each tab, in days from today; "today" lists every overdue check too.
RANGES = {"today": (0, 0), "next": (1, 7)}
# Stops listed (and routed) at most: more than a day's walk; the page says when there are more.
MAX_STOPS = 100
# Metres per degree of latitude (and of longitude at the equator).
METRES_PER_DEGREE = 111_320
# What a stop shows (one plain row per check: no model instances on the hot path).
LIST_FIELDS = {
    "pk": "pk", "offset": "offset", "due": "due", "finding": "finding_id",
    "lon": "finding__lon", "lat": "finding__lat", "rebound_number": "finding__rebound_number",
    "category": "finding__category__name", "category_en": "finding__category__name_en",
    "zone_code": "finding__zone__code", "zone": "finding__zone__name", "zone_en": "finding__zone__name_en",
}  # fmt: skip
# What a door check's stop shows (its unit's point is read from the GeoJSON in Python).
DOOR_FIELDS = {
    "pk": "pk", "due": "due", "location": "unit__location", "unit": "unit__name", "unit_code": "unit__code",
    "zone_code": "unit__zone__code", "zone": "unit__zone__name", "zone_en": "unit__zone__name_en",
}  # fmt: skip


@dataclass(slots=True)
class Stop:
    """One re-inspection on the route: its row, then its place in the route."""

    kind: ClassVar[str] = "reinspection"
    pk: int
    offset: int
    due: datetime.date
    finding: int
    lon: float
    lat: float
    rebound_number: int
    category: str
    category_en: str
    zone_code: str
    zone: str
    zone_en: str
    number: int = 0
    metres: int | None = None
    overdue: bool = False

    @property
    def place(self) -> tuple[float, float]:
        return self.lat, self.lon


@dataclass(slots=True)
class DoorStop:
    """One door check on the route (frontage): at its unit's point."""

    kind: ClassVar[str] = "door_check"
    pk: int
    due: datetime.date
    lon: float
    lat: float
    unit: str
    unit_code: str
    zone_code: str
    zone: str
    zone_en: str
    number: int = 0
    metres: int | None = None
    overdue: bool = False

    @classmethod
    def from_row(cls, pk, due, location, unit, unit_code, zone_code, zone, zone_en) -> "DoorStop":
        lon, lat = location["coordinates"][:2]
        return cls(pk, due, lon, lat, unit, unit_code, zone_code, zone, zone_en)

    @property
    def place(self) -> tuple[float, float]:
        return self.lat, self.lon


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
    return checks.order_by("due", "pk").values_list(*LIST_FIELDS.values())


def _listed_door_checks(user, scope: Scope) -> QuerySet:
    """The open door checks of active units of the tab, as _listed (the check_due_open index)."""
    checks = checks_for_user(user).filter(status=CheckStatus.DUE, due__lte=scope.last, unit__active=True)
    if scope.range != "today":
        checks = checks.filter(due__gte=scope.first)
    return checks.order_by("due", "pk").values_list(*DOOR_FIELDS.values())


def _counts(user, scope: Scope) -> dict[str, int]:
    """Due today, overdue, the next days, and what the user recorded today, in one query
    (the partial index on scheduled checks by due date, or the index on who checked)."""
    soon = scope.today + datetime.timedelta(days=RANGES["next"][1])
    start = timezone.make_aware(datetime.datetime.combine(scope.today, datetime.time.min))
    scheduled = Q(status=ReinspectionStatus.SCHEDULED, due__lte=soon)
    recorded = Q(checked_by=user, checked__gte=start)
    return (
        reinspections_for_user(user)
        .filter(scheduled | recorded)
        .aggregate(
            due_today=Count("pk", filter=scheduled & Q(due=scope.today)),
            overdue=Count("pk", filter=scheduled & Q(due__lt=scope.today)),
            next_days=Count("pk", filter=scheduled & Q(due__gt=scope.today)),
            recorded=Count("pk", filter=recorded),
        )
    )


def _door_counts(user, scope: Scope) -> dict[str, int]:
    """The same counts of door checks, in one query (check_due_open, check_inspector_due)."""
    soon = scope.today + datetime.timedelta(days=RANGES["next"][1])
    start = timezone.make_aware(datetime.datetime.combine(scope.today, datetime.time.min))
    due = Q(status=CheckStatus.DUE, due__lte=soon, unit__active=True)
    recorded = Q(inspector=user, done__gte=start)
    return (
        checks_for_user(user)
        .filter(due | recorded)
        .aggregate(
            due_today=Count("pk", filter=due & Q(due=scope.today)),
            overdue=Count("pk", filter=due & Q(due__lt=scope.today)),
            next_days=Count("pk", filter=due & Q(due__gt=scope.today)),
            recorded=Count("pk", filter=recorded),
        )
    )


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line metres between two (lat, lon), flat over a few kilometres."""
    north = (a[0] - b[0]) * METRES_PER_DEGREE
    east = (a[1] - b[1]) * METRES_PER_DEGREE * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(north, east)


def _nearest_chain(stops: list, start: tuple[float, float] | None) -> list:
    """Nearest neighbour: from ``start`` (else the first stop), always the nearest stop not
    yet visited (the earlier in the list on a tie). Distances on a plane through the stops'
    mean latitude, squared: what the comparison needs, and cheap for a hundred stops."""
    if not stops:
        return []
    scale = math.cos(math.radians(sum(stop.lat for stop in stops) / len(stops)))
    left = [(stop.lon * scale, stop.lat, stop) for stop in stops]
    route = []
    if start is None:
        x, y, first = left.pop(0)
        route.append(first)
    else:
        x, y = start[1] * scale, start[0]
    while left:
        best, best_distance = 0, math.inf
        for index, (other_x, other_y, _stop) in enumerate(left):
            distance = (other_x - x) ** 2 + (other_y - y) ** 2
            if distance < best_distance:
                best, best_distance = index, distance
        x, y, stop = left.pop(best)
        route.append(stop)
    return route


def route(stops: list, near: tuple[float, float] | None = None) -> list:
    """The stops in the order to walk them: from the phone's position, nearest first; else
    zone by zone (by code), each from its most overdue stop (stops come by due date)."""
    if near is not None:
        return _nearest_chain(stops, near)
    zones: dict[str, list] = {}
    for stop in stops:
        zones.setdefault(stop.zone_code, []).append(stop)
    return [stop for code in sorted(zones) for stop in _nearest_chain(zones[code], None)]


def _stops(user, scope: Scope) -> tuple[list, bool]:
    rows = [Stop(*row) for row in _listed(user, scope)[: MAX_STOPS + 1]]
    rows += [DoorStop.from_row(*row) for row in _listed_door_checks(user, scope)[: MAX_STOPS + 1]]
    # One list by due date (the most overdue first, as route() expects), re-inspections
    # first on a day; the first MAX_STOPS of both kinds together are routed.
    rows.sort(key=lambda stop: (stop.due, stop.kind != Stop.kind, stop.pk))
    stops = route(rows[:MAX_STOPS], scope.near)
    previous = scope.near
    for number, stop in enumerate(stops, start=1):
        stop.number = number
        if previous is not None:
            stop.metres = round(_metres(previous, stop.place))
        previous = stop.place
        stop.overdue = stop.due < scope.today
    return stops, len(rows) > MAX_STOPS


def _cards(stops: list[Stop]) -> str:
    """The stops' cards, built here rather than by the template engine (a hundred of them
    is the page's hot path; docs/benchmarks.md). Every text is escaped; the rest are numbers
    and dates."""
    prefix = escape(reverse("reinspection-detail", args=[0])[: -len("0/")])
    door_prefix = escape(reverse("check-detail", args=[0])[: -len("0/")])
    overdue_badge = f'<span class="badge overdue">{escape(_("Overdue"))}</span>'
    door_badge = f'<span class="badge door-check">{escape(_("Door check"))}</span>'
    cards = []
    for stop in stops:
        distance = ""
        if stop.metres is not None:
            distance = f' · <span class="distance">{escape(_("%(metres)s m") % {"metres": stop.metres})}</span>'
        if stop.kind == DoorStop.kind:
            badges = (overdue_badge if stop.overdue else "") + door_badge
            zone = escape(bilingual_name(stop.zone, stop.zone_en))
            cards.append(
                f'<li class="order-card door-check{" overdue" if stop.overdue else ""}" data-door-check="{stop.pk}">'
                f'<a href="{door_prefix}{stop.pk}/"><span class="when"><span class="stop-number">{stop.number}</span> '
                f'<span class="date">{stop.due:%m-%d}</span></span><span class="what"><span class="asset">'
                f'<strong>{escape(stop.unit)}</strong> <span class="code">{escape(stop.unit_code)}</span></span>'
                f'<span class="where">{zone}{distance}</span><span class="state">{badges}</span>'
                "</span></a></li>"
            )
            continue
        days = ngettext("%(days)s day after closure", "%(days)s days after closure", stop.offset) % {
            "days": stop.offset
        }
        badges = overdue_badge if stop.overdue else ""
        if stop.rebound_number:
            rebound = _("Rebound %(number)s") % {"number": stop.rebound_number}
            badges += f'<span class="badge rebound">{escape(rebound)}</span>'
        category = escape(bilingual_name(stop.category, stop.category_en))
        zone = escape(bilingual_name(stop.zone, stop.zone_en))
        cards.append(
            f'<li class="order-card{" overdue" if stop.overdue else ""}" data-reinspection="{stop.pk}">'
            f'<a href="{prefix}{stop.pk}/"><span class="when"><span class="stop-number">{stop.number}</span> '
            f'<span class="date">{stop.due:%m-%d}</span></span><span class="what"><span class="asset">'
            f'<strong>{category}</strong> <span class="code">#{stop.finding}</span></span>'
            f'<span class="where">{zone} · {escape(days)}{distance}</span><span class="state">{badges}</span>'
            "</span></a></li>"
        )
    return mark_safe("\n".join(cards))  # every text above is escaped


@require_GET
def today(request):
    scope = _scope(request)
    stops, truncated = _stops(request.user, scope)
    counts = _counts(request.user, scope)
    door_counts = _door_counts(request.user, scope)
    # The tiles count both kinds of stop together.
    counts = {name: value + door_counts[name] for name, value in counts.items()}
    config = map_config()
    config["orders"] = reverse("inspections-today-geojson") + "?" + scope.query()
    config["statuses"] = {"overdue": _("Overdue"), ReinspectionStatus.SCHEDULED: _("Due")}
    config["text"].update(
        {
            "orders": _("%(count)s stops shown"),
            "ordersTruncated": _("Only the first %(count)s stops are shown."),
            "here": _("You are here"),
        }
    )
    return render(
        request,
        "inspections/today.html",
        {
            "scope": scope,
            "stops": stops,
            "cards": _cards(stops),
            "truncated": truncated,
            "max_stops": MAX_STOPS,
            "counts": counts,
            "door_counts": door_counts,
            "tabs": [(name, scope.query(range=name)) for name in RANGES],
            "road_query": scope.query(near=None),
            "map_config": config,
            "may_start_round": may_inspect(request.user),
            "open_round": _open_round(request.user, scope.today),
        },
    )


def _open_round(user, today: datetime.date):
    """The user's round under way today (the latest started), for the link at the top."""
    if not may_inspect(user):
        return None
    rounds = rounds_for_user(user).filter(inspectors=user, date=today, ended__isnull=True)
    rounds = rounds.select_related("zone", "village", "road").defer("area", "notes", "road__geometry")
    return rounds.order_by("-pk").first()


@require_GET
def today_geojson(request):
    """The tab's stops as points, numbered along the route, for the map."""
    scope = _scope(request)
    stops, truncated = _stops(request.user, scope)
    features = [_door_feature(stop) if stop.kind == DoorStop.kind else _feature(stop) for stop in stops]
    return JsonResponse({"type": "FeatureCollection", "features": features, "truncated": truncated})


def _feature(stop: Stop) -> dict:
    return {
        "type": "Feature",
        "id": stop.pk,
        "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
        "properties": {
            "status": ReinspectionStatus.SCHEDULED,
            "status_label": _("Due"),
            "overdue": stop.overdue,
            "url": reverse("reinspection-detail", args=[stop.pk]),
            "name": f"{stop.number}. {bilingual_name(stop.category, stop.category_en)}",
            "code": f"#{stop.finding}",
            "task": bilingual_name(stop.zone, stop.zone_en),
            "due": stop.due.isoformat(),
            "due_time": None,
        },
    }


def _door_feature(stop: DoorStop) -> dict:
    """A door check's point (its id told apart from the re-inspections')."""
    return {
        "type": "Feature",
        "id": f"door-check-{stop.pk}",
        "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]},
        "properties": {
            "status": ReinspectionStatus.SCHEDULED,
            "status_label": _("Due"),
            "overdue": stop.overdue,
            "url": reverse("check-detail", args=[stop.pk]),
            "name": f"{stop.number}. {stop.unit}",
            "code": stop.unit_code,
            "task": _("Door check") + " · " + bilingual_name(stop.zone, stop.zone_en),
            "due": stop.due.isoformat(),
            "due_time": None,
        },
    }
