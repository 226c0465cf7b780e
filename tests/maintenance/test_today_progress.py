"""Today's checklist progress counts the items each order asks (asked_items): a retired
item counts only on the orders that answered it."""

import pytest
from django.urls import reverse

from maintenance import services
from maintenance.models import ChecklistItem, CrewMembership, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_retired_item_counts_only_where_it_was_answered(signed_in, crew_member):
    plan = PlanFactory(assets=[equipment(code="EQ-01"), equipment(code="EQ-02")])
    CrewMembership.objects.create(crew=plan.crew, user=crew_member)
    bins = ChecklistItem.objects.create(plan=plan, position=1, label="Bins emptied")
    lid = ChecklistItem.objects.create(plan=plan, position=2, label="Lid closed")
    services.generate_work_orders(today=TODAY, days=0)
    answered, untouched = WorkOrder.objects.filter(plan=plan).order_by("asset__code")
    services.save_answers(answered, crew_member, {lid.pk: "pass"})
    # Deleting an answered item from the plan form retires it (services.save_plan).
    services.save_plan(plan, crew_member, checklist=services.ChecklistChanges(delete=[lid]))
    assert ChecklistItem.objects.get(pk=lid.pk).retired

    cards = {card.pk: card for card in signed_in(crew_member).get(reverse("today")).context["page"]}

    assert (cards[answered.pk].items, cards[answered.pk].answered) == (2, 1)  # bins, and the lid it answered
    assert (cards[untouched.pk].items, cards[untouched.pk].answered) == (1, 0)  # bins only
    assert [item.pk for item in untouched.checklist_items()] == [bins.pk]
