"""The crews' Today: their orders due today, tomorrow or this week and every overdue one,
as a list (its map: today_map.py, over the same scope), with their notifications.

Built for a phone on site and the crews' hot path (docs/benchmarks.md): one list query,
cards cached by content. Orders are those of queries.orders_for_user (as crew ids).
"""

import datetime
import functools
import hashlib
import math
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Sqrt, Trim
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assets.models import RoadDetail, place_name
from core.models import bilingual_name
from core.notices import mark_all_read, unread

from ..choices import OPEN_STATUSES, OrderStatus
from ..models import (
    ANSWERED,
    ChecklistAnswer,
    Crew,
    WorkOrder,
    asked_items,
    day_order,
    is_overdue,
    overdue_condition,
)
from ..queries import crews_for_user, manages_crews, sees_every_order, visible_crews
from .feeds import EACH_ORDER

User = get_user_model()

ORDERS_PER_PAGE = 100
MAX_PAGE_NUMBER = 1_000_000
NOTIFICATIONS_SHOWN = 3
# How long an order card's HTML stays cached unused (see _render_cards).
CARD_CACHE_SECONDS = 24 * 3600
# (first, last) day of each range, in days from today. "week" is the next seven days:
# on a Saturday a crew still sees its Monday. Every range starts today or later (_counts).
RANGES = {"today": (0, 0), "tomorrow": (1, 1), "week": (0, 6)}
# The base template shows the "Today" link from this session flag, so that pages that
# are not the crews' own spend no query on it (set by home, Today and its map).
IN_CREW_SESSION_KEY = "in_crew"
# A user's full name (get_full_name()), else their user name: who an order is assigned to.
DISPLAY_NAME = Coalesce(NullIf(Trim(Concat("first_name", Value(" "), "last_name")), Value("")), "username")
# ChecklistAnswer.is_answered(), as a filter: a pass/fail, a number or a text was given.


def crew_home(request) -> str | None:
    """Home for crew members (settings.HOME_PAGES): Today, unless they also plan."""
    in_crew = _remember_crews(request, crews_for_user(request.user).exists())
    if in_crew and not request.user.has_perm("maintenance.view_plan"):
        return reverse("today")
    return None


def _remember_crews(request, in_crew: bool) -> bool:
    if request.session.get(IN_CREW_SESSION_KEY) != in_crew:
        request.session[IN_CREW_SESSION_KEY] = in_crew
    return in_crew


# --- Today -------------------------------------------------------------------------------


class Listing(NamedTuple):
    """What Today lists: whose orders over which days (the list query depends on nothing else)."""

    crew_ids: tuple[int, ...] | None  # these crews' orders, or None for every crew's
    today: datetime.date
    first: datetime.date  # the range: due from first to last (every overdue order too)
    last: datetime.date


@dataclass
class TodayScope:
    """Whose orders Today shows, over which days, and the crews to pick from."""

    range: str
    own_crews: list[Crew]  # the user's crews, each with .leads
    options: list[Crew]  # the crews the user may pick from (several: a selector is shown)
    selected: Crew | None
    listing: Listing
    # Where the phone said it is (latitude, longitude), to list the nearest stops first:
    # from the address only, never stored. None: the road order.
    near: tuple[float, float] | None = None
    near_error: bool = False  # a position was sent but could not be read

    @property
    def today(self) -> datetime.date:
        return self.listing.today

    @property
    def first(self) -> datetime.date:
        return self.listing.first

    @property
    def last(self) -> datetime.date:
        return self.listing.last

    def query(self, **changes) -> str:
        """The query string of this scope, with changes (for tabs and links)."""
        values = {
            "range": self.range,
            "crew": self.selected.pk if self.selected else None,
            "near": "{:.4f},{:.4f}".format(*self.near) if self.near else None,
            **changes,
        }
        return urlencode({key: value for key, value in values.items() if value not in (None, "")})

    @property
    def calendar_crews(self) -> list[Crew]:
        """The crews whose calendar feed the page shows: the chosen one, or the user's own."""
        if self.selected is not None:
            return [self.selected]
        return self.own_crews


def _today_scope(request) -> TodayScope:
    """The orders Today shows for this user: their crews' (or one chosen crew's); for
    those who see every order (managers, inspectors, the planning bureau) and are in no
    crew, every crew's.

    404 for those who see no order at all (a crew member in no crew).
    """
    user = request.user
    # One query: the user's crews and whether they lead each one.
    own = list(crews_for_user(user).annotate(leads=F("memberships__is_leader")).order_by("code"))
    _remember_crews(request, bool(own))
    sees_all = sees_every_order(user)
    if not own and not sees_all:
        raise Http404
    options = own
    if sees_all:
        leads = {crew.pk: crew.leads for crew in own}
        options = list(visible_crews(user).order_by("code"))
        for crew in options:
            crew.leads = leads.get(crew.pk, False)
    selected = None
    if crew_id := request.GET.get("crew"):
        selected = next((crew for crew in options if str(crew.pk) == crew_id), None)
        if selected is None:
            raise Http404
    # The rows orders_for_user gives this user, as crew ids, narrowed to the chosen crew:
    # their own crews' (a member has some, or it was a 404), or every crew's for those
    # who see all and are in none.
    if selected is not None:
        crew_ids = (selected.pk,)
    elif own:
        crew_ids = tuple(crew.pk for crew in own)
    else:
        crew_ids = None
    name = request.GET.get("range", "today")
    if name not in RANGES:
        name = "today"
    today = timezone.localdate()
    first, last = (today + datetime.timedelta(days=offset) for offset in RANGES[name])
    sent = request.GET.get("near", "")
    near = _position(sent)
    listing = Listing(crew_ids, today, first, last)
    return TodayScope(name, own, options, selected, listing, near, near_error=bool(sent) and near is None)


def _position(value: str) -> tuple[float, float] | None:
    """A position sent as "latitude,longitude" (the browser's geolocation, to 4 decimals:
    ~10 m), or None if there is none or it cannot be read."""
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 4), round(lon, 4)


def _listed(listing: Listing) -> QuerySet:
    """The orders due in the range (not cancelled), and every overdue one."""
    orders = WorkOrder.objects.all()
    if listing.crew_ids is not None:
        orders = orders.filter(crew__in=listing.crew_ids)
    in_range = Q(due__gte=listing.first, due__lte=listing.last) & ~Q(status=OrderStatus.CANCELLED)
    return orders.filter(in_range | Q(status__in=OPEN_STATUSES, due__lt=listing.today))


CARD_FIELDS = [
    "pk", "due", "due_time", "status", "crew_id", "asset__name", "asset__code", "asset__kind",
    "asset__zone__name", "asset__zone__name_en", "plan__task_type__name", "plan__task_type__name_en",
]  # fmt: skip


@dataclass
class Card:
    """One order on Today, with its text worked out in the view (the template only prints)."""

    pk: int
    url: str
    due: datetime.date
    due_time: datetime.time | None
    date: str  # "m-d", shown for overdue orders and over a week; else ""
    time: str  # "H:M", or "" for any time of the day
    status: str
    status_label: str
    closed: bool  # done or skipped: a one-line card at the bottom of its day
    overdue: bool
    asset_name: str
    asset_code: str
    place: str
    task: str
    crew_name: str
    assignee: str
    items: int
    answered: int
    percent: int  # of the checklist answered
    distance: str  # from the position the phone sent, in words ("350 m"); "" without one


def _card(row: dict, scope: "TodayScope", crew_names, statuses, url_prefix: str) -> Card:
    zone = bilingual_name(row["asset__zone__name"], row["asset__zone__name_en"])
    overdue = is_overdue(row["status"], row["due"], scope.today)
    due, due_time, items, answered = row["due"], row["due_time"], row["items"], row["answered"]
    return Card(
        pk=row["pk"],
        url=f"{url_prefix}{row['pk']}/",
        due=due,
        due_time=due_time,
        date=due.strftime("%m-%d") if overdue or scope.range == "week" else "",
        time=due_time.strftime("%H:%M") if due_time else "",
        status=row["status"],
        status_label=statuses[row["status"]],
        closed=row["status"] not in OPEN_STATUSES,
        overdue=overdue,
        asset_name=row["asset__name"],
        asset_code=row["asset__code"],
        place=place_name(row["asset__kind"], row["road_name"], zone),
        task=bilingual_name(row["plan__task_type__name"], row["plan__task_type__name_en"]),
        crew_name=crew_names.get(row["crew_id"], ""),
        assignee=row["assignee_name"] or "",
        items=items,
        answered=answered,
        percent=round(100 * answered / items) if items else 0,
        distance=_distance_label(row["distance"]) if "distance" in row else "",
    )


def _distance_label(metres: float) -> str:
    if metres < 1000:
        return _("%(metres)s m") % {"metres": max(10, int(round(metres, -1)))}
    return _("%(km)s km") % {"km": f"{metres / 1000:.1f}"}


def _render_cards(cards: list[Card], show_crew: bool) -> str:
    """The cards' HTML, cached by what they show: from one visit of Today to the next most
    cards have not changed, and rendering them was a third of the page's time
    (docs/benchmarks.md). The keys are the content, so nothing cached is ever stale (the
    time-out only lets unused entries go): first the whole list, one lookup when nothing
    changed; else card by card, so that only the changed cards are rendered again."""
    language = get_language()
    contents = [repr((language, show_crew, *vars(card).values())) for card in cards]
    list_key = _cache_key("today-cards", "".join(contents))
    html = cache.get(list_key)
    if html is not None:
        return html
    keys = [_cache_key("today-card", content) for content in contents]
    known = cache.get_many(keys)
    template = get_template("maintenance/_order_card.html").template
    rendered = {
        key: template.render(Context({"order": card, "show_crew": show_crew}))
        for card, key in zip(cards, keys, strict=True)
        if key not in known
    }
    cache.set_many(rendered, CARD_CACHE_SECONDS)
    html = mark_safe("".join((known | rendered)[key] for key in keys))  # each card escaped by its template
    cache.set(list_key, html, CARD_CACHE_SECONDS)
    return html


def _cache_key(prefix: str, content: str) -> str:
    return f"{prefix}:{hashlib.blake2b(content.encode(), digest_size=16).hexdigest()}"


def _count_of(queryset: QuerySet, group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# What a card needs besides CARD_FIELDS, built once (annotate copies them). The road and
# the assignee are subqueries, not outer joins: with the two joins PostgreSQL spent four
# times as long planning Today's query (~2 ms instead of ~0.5 ms, docs/benchmarks.md).
CARD_ANNOTATIONS = {
    "items": _count_of(asked_items(OuterRef("plan"), OuterRef(OuterRef("pk"))), "plan"),
    "answered": _count_of(ChecklistAnswer.objects.filter(ANSWERED, order=OuterRef("pk")), "order"),
    "road_name": Subquery(RoadDetail.objects.filter(asset=OuterRef("asset")).values("road_name")),
    "assignee_name": Subquery(User.objects.filter(pk=OuterRef("assignee")).values(name=DISPLAY_NAME)),
}


METRES_PER_DEGREE = 111_195  # of latitude (and of longitude at the equator), on a sphere


def _distance_from(near: tuple[float, float]) -> ExpressionWrapper:
    """Metres in a straight line from ``near`` to the middle of the asset's bounding box
    (equirectangular: exact enough over the few kilometres a crew covers)."""
    lat, lon = near
    east = ((F("asset__min_lon") + F("asset__max_lon")) / 2 - lon) * (METRES_PER_DEGREE * math.cos(math.radians(lat)))
    north = ((F("asset__min_lat") + F("asset__max_lat")) / 2 - lat) * METRES_PER_DEGREE
    return ExpressionWrapper(Sqrt(east * east + north * north), output_field=FloatField())


def _counts(listing: Listing) -> dict[str, Count]:
    """Today's counts, over the listed orders (_listed): to do and done in the range,
    overdue, and all of them. Every range starts today or later, so among the listed
    orders those due before today are the overdue ones (open), the others are the range's."""
    return {
        "to_do": Count("pk", filter=Q(due__gte=listing.today, status__in=OPEN_STATUSES)),
        "overdue": Count("pk", filter=overdue_condition(listing.today)),
        "done": Count("pk", filter=Q(status=OrderStatus.DONE)),
        "listed": Count("pk"),
    }


@functools.lru_cache(maxsize=256)  # ~60 kB each; a zone has a few dozen listings a day
def _rows(listing: Listing) -> QuerySet:
    """Today's list as plain rows, with the counts as window aggregates over every listed
    order (each row brings them along), built once per listing: building this queryset
    was a sixth of the page's time (docs/benchmarks.md), and a listing (crews and dates)
    comes back all day. Use a clone (.all()): this one is shared."""
    counts = _counts(listing)
    return (
        _listed(listing)
        .annotate(**CARD_ANNOTATIONS, **{f"count_{name}": Window(count) for name, count in counts.items()})
        .order_by(*day_order(road="road_name"))
        # Plain rows, not model instances: Today is the crews' hot path (docs/benchmarks.md).
        .values(*CARD_FIELDS, *CARD_ANNOTATIONS, *(f"count_{name}" for name in counts))
    )


def _today_page(scope: TodayScope, number) -> tuple[Page, dict[str, int]]:
    """The page of Today's orders (plain rows) and the counts, in one query (_rows).

    An invalid page number means page 1; one past the last page (the list got shorter since
    the link was made) costs two more queries, the counts and then the last page.
    """
    rows = _rows(scope.listing).all()  # a clone: the cached queryset itself is never run
    if scope.near:
        rows = rows.annotate(distance=_distance_from(scope.near)).order_by(*day_order(nearest="distance"))
    paginator = Paginator(rows, ORDERS_PER_PAGE)
    try:
        # No crew has a hundred million orders listed; a bigger number is past the end.
        number = min(max(1, int(number)), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        number = 1
    bottom = (number - 1) * ORDERS_PER_PAGE
    fetched = list(rows[bottom : bottom + ORDERS_PER_PAGE])
    if not fetched and number > 1:
        counts = _listed(scope.listing).aggregate(**_counts(scope.listing))
        paginator.count = counts["listed"]  # the paginator needs no COUNT query of its own
        page = paginator.get_page(number)
        page.object_list = list(page.object_list)
        return page, counts
    counts = {name: fetched[0][f"count_{name}"] if fetched else 0 for name in _counts(scope.listing)}
    paginator.count = counts["listed"]
    page = paginator.page(number)
    page.object_list = fetched
    return page, counts


@require_GET
def today(request):
    scope = _today_scope(request)
    page, counts = _today_page(scope, request.GET.get("page"))
    crew_names = {crew.pk: str(crew) for crew in scope.options}
    statuses = {value: str(label) for value, label in OrderStatus.choices}
    url_prefix = reverse("order-detail", args=[0])[: -len("0/")]
    page.object_list = [_card(row, scope, crew_names, statuses, url_prefix) for row in page.object_list]
    notifications, unread_count = unread(request.user, NOTIFICATIONS_SHOWN)
    may_reset = manages_crews(request.user)  # or leads the crew (may_lead, from crew.leads: no query)
    feeds = []
    for crew in scope.calendar_crews:
        if may_reset or crew in scope.own_crews:
            url = request.build_absolute_uri(crew.get_calendar_url())
            each = f"{url}?{EACH_ORDER}=1"  # one event per order (maintenance/views/feeds.py)
            feeds.append(
                {
                    "crew": crew,
                    "url": url,
                    "webcal": _webcal(url),
                    "each_url": each,
                    "each_webcal": _webcal(each),
                    "may_reset": may_reset or crew.leads,
                }
            )
    return render(
        request,
        "maintenance/today.html",
        {
            "scope": scope,
            "counts": counts,
            "page": page,
            "page_query": scope.query(),
            "road_query": scope.query(near=None),
            "tabs": [(name, scope.query(range=name)) for name in RANGES],
            "feeds": feeds,
            "notifications": notifications,
            "unread_count": unread_count,
            "cards": _render_cards(page.object_list, show_crew=scope.selected is None and len(scope.options) > 1),
        },
    )


def _webcal(url: str) -> str:
    """webcal:// makes a phone offer to subscribe, rather than download the file once."""
    return "webcal://" + url.split("://", 1)[1]


@require_POST
def notifications_read(request):
    """Mark the user's unread notifications read (only their own, whatever is posted)."""
    mark_all_read(request.user)
    # Back to the Today the user was looking at: its range and crew, nothing else.
    back = QueryDict(request.POST.get("back", ""))
    query = urlencode({key: back[key] for key in ("range", "crew") if back.get(key)})
    return redirect(reverse("today") + (f"?{query}" if query else ""))
