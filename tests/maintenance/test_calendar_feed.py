"""The crew's calendar feed (crew_calendar): its open orders of the coming weeks as
iCalendar events, one per order (each=True, and by default for an order at a time of its
own), and resetting the feed's secret address. The days' grouped events:
test_calendar_feed_days."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from maintenance import services
from maintenance.choices import OrderStatus
from maintenance.models import Crew, WorkOrder
from tests.maintenance.factories import DAY, TODAY, ZONE_TZ, PlanFactory, at, equipment
from tests.maintenance.on_site import close, order_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]

BASE_URL = "https://shouwei.example.cn/"


@pytest.fixture
def feed_orders(bins_plan, litter_bin, crew, other_crew, member):
    """The crew's orders around today, with the ones the feed must leave out."""
    all_day = PlanFactory(crew=crew, name="Water the hedges", instructions="Slowly, at the roots.")
    other = PlanFactory(crew=other_crew, name="Other crew's plan")
    hedge = equipment(code="HEDGE-01", name="北门绿篱")
    shown = {
        "timed today": order_on(bins_plan, litter_bin, TODAY),
        "first day": order_on(bins_plan, litter_bin, TODAY - 7 * DAY),
        "last day": order_on(bins_plan, litter_bin, TODAY + 60 * DAY),
        "all day": order_on(all_day, hedge, TODAY + 2 * DAY),
        "in progress": order_on(all_day, hedge, TODAY - DAY, status=OrderStatus.IN_PROGRESS, started=at(TODAY)),
    }
    hidden = {
        "too old": order_on(bins_plan, litter_bin, TODAY - 8 * DAY),
        "too far": order_on(bins_plan, litter_bin, TODAY + 61 * DAY),
        "other crew": order_on(other, litter_bin, TODAY),
        "done": close(order_on(bins_plan, litter_bin, TODAY + DAY), member),
        "skipped": order_on(all_day, hedge, TODAY, status=OrderStatus.SKIPPED, skip_reason="Rain", closed=at(TODAY)),
        "cancelled": order_on(all_day, hedge, TODAY + 3 * DAY, status=OrderStatus.CANCELLED, closed=at(TODAY)),
    }
    return shown, hidden


def events(feed: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def uid(order: WorkOrder) -> str:
    return f"workorder-{order.pk}@shouwei"


def test_the_feed_holds_the_crews_open_orders_of_the_coming_weeks(crew, feed_orders):
    shown, hidden = feed_orders

    feed = services.crew_calendar(crew, BASE_URL, each=True)

    calendar = icalendar.Calendar.from_ical(feed)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"
    assert set(events(feed)) == {uid(order) for order in shown.values()}
    assert not {uid(order) for order in hidden.values()} & set(events(feed))


def test_the_feed_name_is_escaped_text(crew):
    Crew.objects.filter(pk=crew.pk).update(name="环卫一班,东区;\n夜班", name_en="")
    crew.refresh_from_db()

    feed = services.crew_calendar(crew, BASE_URL)

    assert "X-WR-CALNAME:环卫一班\\,东区\\;\\n夜班 · Shouwei" in feed.decode()
    assert icalendar.Calendar.from_ical(feed)["x-wr-calname"]  # and the feed reads back


def test_a_timed_order_starts_at_its_time_and_lasts_the_estimate(crew, feed_orders):
    shown, _hidden = feed_orders
    order = shown["timed today"]

    event = events(services.crew_calendar(crew, BASE_URL))[uid(order)]

    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime.datetime(2026, 9, 28, 8, 30, tzinfo=ZONE_TZ)
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert end - start == datetime.timedelta(minutes=45)
    assert str(event["summary"]) == "Cleaning: 东门垃圾箱"
    assert str(event["location"]) == f"BIN-001 · {order.asset.zone.display_name}"
    assert str(event["description"]) == "Empty the bins"
    assert str(event["url"]) == "https://shouwei.example.cn" + reverse("order-detail", args=[order.pk])
    assert event.decoded("dtstamp") == at(TODAY)


def test_a_timed_order_without_an_estimate_lasts_an_hour(crew, feed_orders):
    shown, _hidden = feed_orders
    crew.plans.filter(name="Empty the bins").update(estimated_minutes=None)

    event = events(services.crew_calendar(crew, BASE_URL))[uid(shown["timed today"])]

    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(hours=1)


def test_an_order_without_a_time_is_an_all_day_event(crew, feed_orders):
    shown, _hidden = feed_orders
    order = shown["all day"]

    event = events(services.crew_calendar(crew, BASE_URL, each=True))[uid(order)]

    assert event.decoded("dtstart") == TODAY + 2 * DAY
    assert not isinstance(event.decoded("dtstart"), datetime.datetime)
    assert event.decoded("dtend") == TODAY + 3 * DAY  # exclusive: one day
    assert str(event["description"]) == "Water the hedges\nSlowly, at the roots."
    assert str(event["url"]) == "https://shouwei.example.cn" + reverse("order-detail", args=[order.pk])


def test_the_window_follows_the_day_asked_for(crew, feed_orders):
    shown, hidden = feed_orders

    feed = services.crew_calendar(crew, BASE_URL, today=TODAY - DAY)

    assert uid(hidden["too old"]) in events(feed)
    assert uid(shown["last day"]) not in events(feed)


def test_a_crew_without_orders_has_an_empty_valid_feed(other_crew):
    calendar = icalendar.Calendar.from_ical(services.crew_calendar(other_crew, BASE_URL))

    assert calendar.walk("VEVENT") == []


def test_every_time_zone_used_is_defined_in_the_feed(crew, feed_orders):
    """RFC 5545 §3.2.19: a VTIMEZONE for every TZID, for calendar apps that know no Olson names."""
    calendar = icalendar.Calendar.from_ical(services.crew_calendar(crew, BASE_URL))

    defined = {str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")}
    assert defined == {"Asia/Shanghai"}


def test_resetting_the_token_changes_it(crew):
    old = crew.calendar_token

    new = services.reset_calendar_token(crew)

    assert new != old and len(new) == 32  # 24 random bytes, URL-safe base64
    assert Crew.objects.get(pk=crew.pk).calendar_token == new
    assert not Crew.objects.filter(calendar_token=old).exists()
