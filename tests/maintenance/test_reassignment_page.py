"""Reassigning an order from its page: the crew's leader may, within the crew; a member who
does not lead may not.

Time is frozen on Monday 28 September 2026, 09:00 in the zone.
"""

import pytest
from django.urls import reverse

from maintenance.models import WorkOrder
from tests.pages import body, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_leader_reassigns_within_the_crew(client, world, crew_leader, crew_member, outsider, signed_in):
    signed_in(crew_leader)
    page = body(client.get(world.today.get_absolute_url()))
    assert reverse("order-reassign", args=[world.today.pk]) in page
    url = reverse("order-reassign", args=[world.today.pk])
    response = client.post(url, {"assignee": crew_member.pk}, follow=True)
    assert messages_of(response) == ["The work order is now assigned to crew-member."]
    assert WorkOrder.objects.get(pk=world.today.pk).assignee == crew_member
    # Someone outside the crew is not a choice.
    response = client.post(url, {"assignee": outsider.pk}, follow=True)
    assert messages_of(response) == ["Select a valid choice. That choice is not one of the available choices."]
    assert WorkOrder.objects.get(pk=world.today.pk).assignee == crew_member
    client.post(url, {"assignee": ""})
    assert WorkOrder.objects.get(pk=world.today.pk).assignee is None


def test_a_member_who_does_not_lead_cannot_reassign(client, world, crew_member, crew_leader, signed_in):
    signed_in(crew_member)
    assert reverse("order-reassign", args=[world.today.pk]) not in body(client.get(world.today.get_absolute_url()))
    response = client.post(reverse("order-reassign", args=[world.today.pk]), {"assignee": crew_leader.pk}, follow=True)
    assert messages_of(response) == ["Only the crew's leader can reassign its work orders."]
    assert WorkOrder.objects.get(pk=world.today.pk).assignee is None
