"""The crew's calendar feed over HTTP: its open orders, no sign-in needed; Today shows its
address, and the leader (or a manager) may reset it.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import icalendar
import pytest
from django.urls import reverse

from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_feed_lists_the_crews_open_orders_only(client, world):
    response = client.get(world.crew.get_calendar_url(), {"each": "1"})  # no sign-in: phones cannot
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    expected = [world.overdue, world.today, world.tomorrow, world.later]
    assert set(events) == {f"workorder-{order.pk}@shouwei" for order in expected}
    event = events[f"workorder-{world.today.pk}@shouwei"]
    assert str(event["url"]) == f"http://testserver{world.today.get_absolute_url()}"
    assert "皇城路一段" in str(event["summary"])


def test_an_unknown_token_is_404(client, world):
    assert client.get(reverse("crew-calendar", args=["not-a-token"])).status_code == 404


def test_today_shows_the_feed_and_the_leader_may_reset_it(client, world, crew_member, crew_leader, signed_in):
    signed_in(crew_member)
    page = body(client.get(reverse("today")))
    assert f"http://testserver/calendar/{world.crew.calendar_token}.ics" in page
    assert f'href="webcal://testserver/calendar/{world.crew.calendar_token}.ics"' in page
    assert reverse("crew-calendar-reset", args=[world.crew.pk]) not in page
    assert client.post(reverse("crew-calendar-reset", args=[world.crew.pk])).status_code == 403

    old_url = world.crew.get_calendar_url()
    signed_in(crew_leader)
    assert reverse("crew-calendar-reset", args=[world.crew.pk]) in body(client.get(reverse("today")))
    response = client.post(reverse("crew-calendar-reset", args=[world.crew.pk]), follow=True)
    world.crew.refresh_from_db()
    new_url = world.crew.get_calendar_url()
    assert new_url != old_url
    assert response.redirect_chain == [(reverse("today") + f"?crew={world.crew.pk}", 302)]
    assert f"http://testserver{new_url}" in body(response)
    assert messages_of(response) == [
        "The calendar address of Sanitation crew 1 was reset: the old one no longer works. "
        "Subscribe again with the new one."
    ]
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_a_manager_may_reset_any_crews_feed(client, world, manager, signed_in):
    signed_in(manager)
    old = world.other_crew.calendar_token
    assert client.post(reverse("crew-calendar-reset", args=[world.other_crew.pk])).status_code == 302
    world.other_crew.refresh_from_db()
    assert world.other_crew.calendar_token != old
