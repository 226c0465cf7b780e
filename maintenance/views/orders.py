"""The crews' pages: Today (list and map), a work order's page, the crew's calendar feed.

Built for a phone on site: small pages, one form per order, nothing typed is lost. Every
order is fetched through queries.orders_for_user (via _order_for_user and _today_scope);
every change is a function in services.py.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.static import serve
from shapely.geometry import shape

from assets.choices import AssetKind
from assets.models import AssetPhoto, RoadDetail, bilingual_name
from assets.views import map_config

from .. import services
from ..choices import OPEN_STATUSES, OrderStatus
from ..forms import OrderWorkForm, ReassignForm, answer_text
from ..models import ChecklistAnswer, ChecklistItem, Crew, CrewMembership, Notification, WorkOrder, WorkOrderPhoto
from ..queries import crews_for_user, may_work_on, orders_for_user

User = get_user_model()

ORDERS_PER_PAGE = 100
MAX_PAGE_NUMBER = 1_000_000
# The map shows at most this many orders (a week of a big crew); the response says so.
MAX_MAP_ORDERS = 2000
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
ANSWERED = Q(passed__isnull=False) | Q(number__isnull=False) | ~Q(text="")


def home(request):
    """Crew members start their day on Today; everyone else on the registry's map."""
    in_crew = _remember_crews(request, crews_for_user(request.user).exists())
    if in_crew and not request.user.has_perm("maintenance.view_plan"):
        return redirect("today")
    return redirect("asset-map")


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
        values = {"range": self.range, "crew": self.selected.pk if self.selected else None, **changes}
        return urlencode({key: value for key, value in values.items() if value not in (None, "")})

    @property
    def calendar_crews(self) -> list[Crew]:
        """The crews whose calendar feed the page shows: the chosen one, or the user's own."""
        if self.selected is not None:
            return [self.selected]
        return self.own_crews


def _today_scope(request) -> TodayScope:
    """The orders Today shows for this user: their crews' (or one chosen crew's); for
    those who see every order (managers, inspectors) and are in no crew, every crew's.

    404 for those who see no order at all (the planning bureau).
    """
    user = request.user
    # One query: the user's crews and whether they lead each one.
    own = list(crews_for_user(user).annotate(leads=F("memberships__is_leader")).order_by("code"))
    _remember_crews(request, bool(own))
    sees_all = user.has_perm("maintenance.view_workorder")
    if not own and not sees_all:
        raise Http404
    options = own
    if sees_all:
        leads = {crew.pk: crew.leads for crew in own}
        options = list(Crew.objects.order_by("code"))
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
    return TodayScope(name, own, options, selected, Listing(crew_ids, today, first, last))


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


def _card(row: dict, scope: "TodayScope", crew_names, statuses, url_prefix: str) -> Card:
    zone = bilingual_name(row["asset__zone__name"], row["asset__zone__name_en"])
    overdue = row["status"] in OPEN_STATUSES and row["due"] < scope.today
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
        overdue=overdue,
        asset_name=row["asset__name"],
        asset_code=row["asset__code"],
        place=_place_name(row["asset__kind"], row["road_name"], zone),
        task=bilingual_name(row["plan__task_type__name"], row["plan__task_type__name_en"]),
        crew_name=crew_names.get(row["crew_id"], ""),
        assignee=row["assignee_name"] or "",
        items=items,
        answered=answered,
        percent=round(100 * answered / items) if items else 0,
    )


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
    "items": _count_of(ChecklistItem.objects.filter(plan=OuterRef("plan")), "plan"),
    "answered": _count_of(ChecklistAnswer.objects.filter(ANSWERED, order=OuterRef("pk")), "order"),
    "road_name": Subquery(RoadDetail.objects.filter(asset=OuterRef("asset")).values("road_name")),
    "assignee_name": Subquery(User.objects.filter(pk=OuterRef("assignee")).values(name=DISPLAY_NAME)),
}


def _place(asset) -> str:
    """Where the asset is, in words: a road segment's road, else its zone."""
    road = getattr(asset, "road", None) if asset.kind == AssetKind.ROAD_SEGMENT else None
    return _place_name(asset.kind, road.road_name if road else None, asset.zone.display_name)


def _place_name(kind: str, road_name: str | None, zone_name: str) -> str:
    return road_name if kind == AssetKind.ROAD_SEGMENT and road_name else zone_name


def _counts(listing: Listing) -> dict[str, Count]:
    """Today's counts, over the listed orders (_listed): to do and done in the range,
    overdue, and all of them. Every range starts today or later, so among the listed
    orders those due before today are the overdue ones (open), the others are the range's."""
    return {
        "to_do": Count("pk", filter=Q(due__gte=listing.today, status__in=OPEN_STATUSES)),
        "overdue": Count("pk", filter=Q(due__lt=listing.today)),
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
        # Every overdue order is due before the range starts: by due date, they come first.
        .order_by("due", "due_time", "pk")
        # Plain rows, not model instances: Today is the crews' hot path (docs/benchmarks.md).
        .values(*CARD_FIELDS, *CARD_ANNOTATIONS, *(f"count_{name}" for name in counts))
    )


def _today_page(scope: TodayScope, number) -> tuple[Page, dict[str, int]]:
    """The page of Today's orders (plain rows) and the counts, in one query (_rows).

    An invalid page number means page 1; one past the last page (the list got shorter since
    the link was made) costs two more queries, the counts and then the last page.
    """
    rows = _rows(scope.listing).all()  # a clone: the cached queryset itself is never run
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
    # The first few unread notifications and how many there are, in one query.
    notifications = list(
        Notification.objects.filter(user=request.user, read__isnull=True)
        .annotate(total=Window(Count("pk")))
        .order_by("-created", "-pk")[:NOTIFICATIONS_SHOWN]
    )
    may_reset = request.user.has_perm("maintenance.change_workorder")
    feeds = []
    for crew in scope.calendar_crews:
        if may_reset or crew in scope.own_crews:
            url = request.build_absolute_uri(crew.get_calendar_url())
            # webcal:// makes a phone offer to subscribe, rather than download the file once.
            webcal = "webcal://" + url.split("://", 1)[1]
            feeds.append({"crew": crew, "url": url, "webcal": webcal, "may_reset": may_reset or crew.leads})
    return render(
        request,
        "maintenance/today.html",
        {
            "scope": scope,
            "counts": counts,
            "page": page,
            "page_query": scope.query(),
            "tabs": [(name, scope.query(range=name)) for name in RANGES],
            "feeds": feeds,
            "notifications": notifications,
            "unread_count": notifications[0].total if notifications else 0,
            "cards": _render_cards(page.object_list, show_crew=scope.selected is None and len(scope.options) > 1),
        },
    )


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


def _position(geometry) -> tuple[float, float] | None:
    """(lat, lon) to go to: the point itself, the middle of a line (a road segment), a
    point inside a polygon."""
    try:
        geom = shape(geometry)
        if geom.geom_type == "Point":
            point = geom
        elif geom.geom_type in ("LineString", "MultiLineString"):
            point = geom.interpolate(0.5, normalized=True)
        else:
            point = geom.representative_point()
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    if point.is_empty:
        return None
    return point.y, point.x


# What the map's markers and popups show: the asset's geometry, not its other columns.
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
        position = _position(order.asset.geometry)
        if position is None:
            continue
        lat, lon = position
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


@require_POST
def notifications_read(request):
    """Mark the user's unread notifications read (only their own, whatever is posted)."""
    Notification.objects.filter(user=request.user, read__isnull=True).update(read=timezone.now())
    # Back to the Today the user was looking at: its range and crew, nothing else.
    back = QueryDict(request.POST.get("back", ""))
    query = urlencode({key: back[key] for key in ("range", "crew") if back.get(key)})
    return redirect(reverse("today") + (f"?{query}" if query else ""))


# --- One order ---------------------------------------------------------------------------


def _order_for_user(request, pk: int) -> WorkOrder:
    """The order with everything its page shows, or 404 when the user may not see it."""
    queryset = orders_for_user(request.user).select_related(
        "plan__task_type", "asset__zone", "asset__road", "crew", "assignee", "closed_by"
    )
    return get_object_or_404(queryset, pk=pk)


def _workable_order(request, pk: int) -> WorkOrder:
    """An order the user may work on: 404 if they may not see it, 403 if they may only look."""
    order = _order_for_user(request, pk)
    if not may_work_on(request.user, order):
        raise PermissionDenied
    return order


def _members(order: WorkOrder) -> QuerySet:
    return User.objects.filter(crew_memberships__crew=order.crew_id).order_by("username")


def _may_reassign(user, order: WorkOrder) -> bool:
    """Mirrors services.reassign_work_order (which decides): to show the form or not."""
    if user.has_perm("maintenance.change_workorder"):
        return True
    return CrewMembership.objects.filter(crew_id=order.crew_id, user=user, is_leader=True).exists()


@require_http_methods(["GET", "POST"])
def order_detail(request, pk: int):
    order = _workable_order(request, pk) if request.method == "POST" else _order_for_user(request, pk)
    items = list(order.plan.checklist.all())
    answers = {answer.item_id: answer for answer in order.answers.select_related("item")}
    if request.method == "POST":
        form = OrderWorkForm(request.POST, request.FILES, order=order, items=items, answers=answers)
        done = _work(request, order, form)
        if done is not None:
            return done
        # Something was refused: the page again, with what was typed (the answers that
        # could be saved are saved) and the reasons.
        order.refresh_from_db(fields=["status", "notes", "minutes_spent", "updated"])
        answers = {answer.item_id: answer for answer in order.answers.select_related("item")}
    else:
        form = OrderWorkForm(order=order, items=items, answers=answers)
    return _order_page(request, order, form, items, answers)


def _order_page(request, order: WorkOrder, form: OrderWorkForm, items, answers):
    user = request.user
    can_work = order.is_open() and may_work_on(user, order)
    reassign = None
    if can_work and _may_reassign(user, order):
        reassign = ReassignForm(members=_members(order), initial={"assignee": order.assignee_id})
    position = _position(order.asset.geometry)
    navigate = None
    if position is not None:
        lat, lon = position
        amap = urlencode(
            {
                "position": f"{lon:.6f},{lat:.6f}",
                "name": f"{order.asset.name} {order.asset.code}",
                "src": "shouwei",
                # Our coordinates are GPS (WGS84); AMap otherwise reads them as GCJ-02, off by ~500 m.
                "coordinate": "wgs84",
                "callnative": 1,
            }
        )
        navigate = {"geo": f"geo:{lat:.6f},{lon:.6f}", "amap": f"https://uri.amap.com/marker?{amap}"}
    answered = sum(1 for item in items if item.pk in answers and answers[item.pk].is_answered())
    return render(
        request,
        "maintenance/order_detail.html",
        {
            "order": order,
            "place": _place(order.asset),
            "overdue": order.is_overdue(),
            "form": form,
            "recorded": [(item, answers.get(item.pk), answer_text(item, answers.get(item.pk))) for item in items],
            "answered": answered,
            "photos": order.photos.all(),
            "can_work": can_work,
            "reassign": reassign,
            "navigate": navigate,
            "map_config": map_config(),
            "version": order.updated.isoformat(),
        },
    )


ACTIONS = {"save", "start", "complete", "skip"}


def _work(request, order: WorkOrder, form: OrderWorkForm):
    """Save what was typed, then the photo, then do the action pressed. Returns a
    redirect when all went well, None when the page must show what was refused."""
    action = request.POST.get("action", "save")
    if action not in ACTIONS:
        action = "save"
    form.is_valid()  # the valid fields' values are in cleaned_data; the others have errors
    data = form.cleaned_data
    # 1. The answers and notes first: nothing typed is lost to a refused photo or action.
    minutes = data["minutes_spent"] if "minutes_spent" in data else order.minutes_spent
    try:
        _save_answers(request, order, form)
        services.save_notes(order, request.user, data.get("notes", order.notes), minutes)
    except services.TransitionError as error:
        messages.error(request, " ".join(error.messages))
        return None  # closed (perhaps by a colleague meanwhile): nothing of it can change
    except ValidationError as error:
        form.add_error("minutes_spent", error.messages)
    # 2. The photo, if one was sent.
    photo = None
    if data.get("photo"):
        try:
            photo = services.add_photo(order, request.user, data["photo"])
        except ValidationError as error:
            form.add_error("photo", error.messages)
    if form.errors:
        messages.error(
            request,
            _("Not everything could be saved: see the marked fields. What could be saved is saved.")
            + ("" if action == "save" else " " + _("The work order was not changed: press the button again.")),
        )
        return None
    # 3. The action.
    try:
        if action == "start":
            services.start_work_order(order, request.user)
        elif action == "complete":
            services.complete_work_order(order, request.user)
        elif action == "skip":
            services.skip_work_order(order, request.user, data.get("reason", ""))
    except ValidationError as error:
        if error.code == "checklist":
            missing = services.unanswered_required_items(order)
            for item in missing:
                form.add_error(form.item_field(item), _("Required before completing."))
        elif error.code == "skip_reason":
            form.add_error("reason", error.messages)
        messages.error(request, " ".join(error.messages))
        return None
    label = f"{order.asset.name} {order.asset.code}"
    if action == "complete":
        messages.success(request, _("%(order)s: done.") % {"order": label})
        return redirect("today")
    if action == "skip":
        messages.success(request, _("%(order)s: skipped.") % {"order": label})
        return redirect("today")
    if action == "start":
        messages.success(request, _("%(order)s: started.") % {"order": label})
    else:
        messages.success(request, _("Saved.") + (" " + _("The photo was added.") if photo else ""))
    return redirect(order)


def _save_answers(request, order: WorkOrder, form: OrderWorkForm) -> None:
    """Store the answers; the bad ones get their message on their field.

    services.save_answers stores all or nothing; here the good answers are kept when
    others are refused (saved with a second call), and the bad ones are shown again as
    typed. A TransitionError (the order is closed) is the caller's.
    """
    answers = form.answers()
    try:
        services.save_answers(order, request.user, answers)
    except services.TransitionError:
        raise
    except ValidationError as error:
        for item_id, item_messages in error.message_dict.items():
            form.add_error(f"item-{item_id}", item_messages)
        bad = {int(item_id) for item_id in error.message_dict}
        services.save_answers(order, request.user, {pk: text for pk, text in answers.items() if pk not in bad})


@require_POST
def order_reassign(request, pk: int):
    order = _workable_order(request, pk)
    form = ReassignForm(request.POST, members=_members(order))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["assignee"]))
        return redirect(order)
    assignee = form.cleaned_data["assignee"]
    try:
        services.reassign_work_order(order, assignee, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if assignee is None:
            messages.success(request, _("The work order is now the whole crew's."))
        else:
            name = assignee.get_full_name() or assignee.get_username()
            messages.success(request, _("The work order is now assigned to %(user)s.") % {"user": name})
    return redirect(order)


# --- The crew's calendar -----------------------------------------------------------------


def _crew_for_user(request, pk: int) -> Crew:
    """A crew the user may see (their own; every crew for those who see every order), or 404."""
    if request.user.has_perm("maintenance.view_workorder"):
        queryset = Crew.objects.all()
    else:
        queryset = crews_for_user(request.user)
    return get_object_or_404(queryset, pk=pk)


@require_POST
def crew_calendar_reset(request, pk: int):
    crew = _crew_for_user(request, pk)
    leads = CrewMembership.objects.filter(crew=crew, user=request.user, is_leader=True).exists()
    if not (leads or request.user.has_perm("maintenance.change_workorder")):
        raise PermissionDenied
    services.reset_calendar_token(crew)
    messages.success(
        request,
        _("The calendar address of %(crew)s was reset: the old one no longer works. Subscribe again with the new one.")
        % {"crew": crew.display_name},
    )
    return redirect(reverse("today") + "?" + urlencode({"crew": crew.pk}))


@login_not_required  # phone calendar apps cannot sign in: the secret token is the key
@require_GET
def crew_calendar(request, token: str):
    crew = get_object_or_404(Crew, calendar_token=token)
    response = HttpResponse(
        services.crew_calendar(crew, request.build_absolute_uri("/")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{crew.code}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def media(request, path: str):
    """An uploaded photo, behind the login: an asset's to everyone signed in (the registry
    is open to every role), a work order's only to those who may see the order (404 to
    the others, as for the order itself). Read from MEDIA_ROOT as it is now."""
    if path.startswith("orders/"):
        photos = WorkOrderPhoto.objects.filter(image=path, order__in=orders_for_user(request.user))
    elif path.startswith("assets/"):
        photos = AssetPhoto.objects.filter(image=path)
    else:
        raise Http404
    if not photos.exists():
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
