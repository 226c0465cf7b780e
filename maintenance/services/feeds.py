"""The crews' calendar feeds (iCalendar, for phone calendar apps)."""

import datetime
import itertools
import zoneinfo

import icalendar
from django.conf import settings
from django.db.models import Count, F, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import OPEN_STATUSES, OrderStatus
from ..models import Crew, WorkOrder, day_order, new_calendar_token
from .rewrite import DAY


def reset_calendar_token(crew: Crew) -> str:
    """A new secret for the crew's calendar feed: the old address stops working."""
    crew.calendar_token = new_calendar_token()
    crew.save(update_fields=["calendar_token"])
    return crew.calendar_token


# The feed shows the recent past (to see what was missed) and the coming weeks; it reads
# at most CALENDAR_MAX_ORDERS orders (open, done and skipped: a big crew's 68 days).
CALENDAR_PAST_DAYS, CALENDAR_FUTURE_DAYS, CALENDAR_MAX_ORDERS = 7, 60, 5000


def crew_calendar(crew: Crew, base_url: str, today: datetime.date | None = None, each: bool = False) -> bytes:
    """The crew's open work orders as an iCalendar feed, for phone calendar apps.

    By default one all-day event per day (UID ``crew-<id>-<yyyymmdd>@shouwei``, the same
    every time, so a calendar app updates it rather than adding another) lists the day's
    stops in Today's order, each with a link to its order's page; an order that is the only
    one of its plan that day and has a due time is an appointment, and has an event of its
    own at that time (as every order has with ``each``: UID ``workorder-<id>@shouwei``).
    A plan of 23 road segments at 07:00 is one line each in the day's event, not 23
    overlapping events.
    """
    today = today or timezone.localdate()
    orders = (
        WorkOrder.objects.filter(
            crew=crew,
            due__range=(
                today - datetime.timedelta(days=CALENDAR_PAST_DAYS),
                today + datetime.timedelta(days=CALENDAR_FUTURE_DAYS),
            ),
        )
        .exclude(status=OrderStatus.CANCELLED)
        # How many orders its plan has that day, done ones too: an order does not move
        # from the day's list to an event of its own as the others get done.
        .annotate(of_plan_that_day=Window(Count("pk"), partition_by=[F("plan"), F("due")]))
        .select_related("plan__task_type", "asset__zone", "asset__road")
        .order_by(*day_order())
    )
    base = base_url.rstrip("/")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Shouwei//work orders//ZH")
    calendar.add("version", "2.0")
    # An extension property: icalendar escapes it as TEXT only when told to (a comma,
    # a semicolon or a new line in a crew's name).
    calendar.add("x-wr-calname", icalendar.vText(f"{crew.display_name} · Shouwei"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    open_orders = [order for order in orders[:CALENDAR_MAX_ORDERS] if order.status in OPEN_STATUSES]
    for day, of_day in itertools.groupby(open_orders, key=lambda order: order.due):
        stops = []
        for order in of_day:
            if each or (order.due_time is not None and order.of_plan_that_day == 1):
                calendar.add_component(_order_event(order, base, stamp))
            else:
                stops.append(order)
        if stops:
            calendar.add_component(_day_event(crew, day, stops, base, stamp))
    calendar.add_missing_timezones()  # RFC 5545: a VTIMEZONE for every TZID used
    return calendar.to_ical()


def _order_event(order: WorkOrder, base: str, stamp: datetime.datetime) -> icalendar.Event:
    """One order as an event: at its due time for the plan's estimate (an hour if none), or all day."""
    event = icalendar.Event()
    event.add("uid", f"workorder-{order.pk}@shouwei")
    event.add("dtstamp", stamp)
    event.add("summary", f"{order.plan.task_type.display_name}: {order.asset.name}")
    if order.due_time is None:
        event.add("dtstart", order.due)
        event.add("dtend", order.due + DAY)
    else:
        start = datetime.datetime.combine(order.due, order.due_time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=order.plan.estimated_minutes or 60))
    event.add("location", f"{order.asset.code} · {order.asset.zone.display_name}")
    event.add("description", "\n".join(filter(None, [order.plan.name, order.plan.instructions])))
    event.add("url", base + order.get_absolute_url())
    return event


def _day_event(
    crew: Crew, day: datetime.date, stops: list[WorkOrder], base: str, stamp: datetime.datetime
) -> icalendar.Event:
    """The crew's day as one all-day event: its stops, one a line, each with its order's link."""
    event = icalendar.Event()
    event.add("uid", f"crew-{crew.pk}-{day:%Y%m%d}@shouwei")
    event.add("dtstamp", stamp)
    event.add(
        "summary",
        ngettext("%(crew)s: %(count)s stop", "%(crew)s: %(count)s stops", len(stops))
        % {"crew": crew.display_name, "count": len(stops)},
    )
    event.add("dtstart", day)
    event.add("dtend", day + DAY)
    places = list(dict.fromkeys(order.asset.place() for order in stops))  # each once, in order
    event.add("location", ", ".join(places))
    lines = []
    for order in stops:
        time = order.due_time.strftime("%H:%M") if order.due_time else _("any time")
        task = order.plan.task_type.display_name
        lines.append(f"{time} {order.asset.name} {order.asset.code} · {task} · {order.asset.place()}")
        lines.append(base + order.get_absolute_url())
    event.add("description", "\n".join(lines))
    event.add("url", base + reverse("today") + "?" + urlencode({"crew": crew.pk}))
    return event
