"""The crews' calendar feeds (iCalendar, for phone calendar apps)."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone

from ..choices import OPEN_STATUSES
from ..models import Crew, WorkOrder, new_calendar_token
from .rewrite import DAY


def reset_calendar_token(crew: Crew) -> str:
    """A new secret for the crew's calendar feed: the old address stops working."""
    crew.calendar_token = new_calendar_token()
    crew.save(update_fields=["calendar_token"])
    return crew.calendar_token


# The feed shows the recent past (to see what was missed) and the coming weeks.
CALENDAR_PAST_DAYS, CALENDAR_FUTURE_DAYS, CALENDAR_MAX_EVENTS = 7, 60, 2000


def crew_calendar(crew: Crew, base_url: str, today: datetime.date | None = None) -> bytes:
    """The crew's open work orders as an iCalendar feed, for phone calendar apps."""
    today = today or timezone.localdate()
    orders = (
        WorkOrder.objects.filter(
            crew=crew,
            status__in=OPEN_STATUSES,
            due__range=(
                today - datetime.timedelta(days=CALENDAR_PAST_DAYS),
                today + datetime.timedelta(days=CALENDAR_FUTURE_DAYS),
            ),
        )
        .select_related("plan__task_type", "asset__zone")
        .order_by("due", "due_time", "pk")[:CALENDAR_MAX_EVENTS]
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Shouwei//work orders//ZH")
    calendar.add("version", "2.0")
    # An extension property: icalendar escapes it as TEXT only when told to (a comma,
    # a semicolon or a new line in a crew's name).
    calendar.add("x-wr-calname", icalendar.vText(f"{crew.display_name} · Shouwei"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for order in orders:
        event = icalendar.Event()
        event.add("uid", f"workorder-{order.pk}@shouwei")
        event.add("dtstamp", stamp)
        event.add("summary", f"{order.plan.task_type.display_name}: {order.asset.name}")
        if order.due_time is None:
            event.add("dtstart", order.due)
            event.add("dtend", order.due + DAY)
        else:
            start = datetime.datetime.combine(order.due, order.due_time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=order.plan.estimated_minutes or 60))
        event.add("location", f"{order.asset.code} · {order.asset.zone.display_name}")
        event.add("description", "\n".join(filter(None, [order.plan.name, order.plan.instructions])))
        event.add("url", base_url.rstrip("/") + order.get_absolute_url())
        calendar.add_component(event)
    calendar.add_missing_timezones()  # RFC 5545: a VTIMEZONE for every TZID used
    return calendar.to_ical()
