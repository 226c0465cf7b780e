"""Fixtures shared by the maintenance tests' files.

The crew on site, for the tests of the crews' services (test_checklist_answers,
test_order_notes, test_order_photos, test_reassignment, test_order_visibility,
test_calendar_feed): the sanitation crew with a member, its leader and a mate; the
outsider in another crew; the plan to empty the bins, with a four-item checklist, and
today's order of it for the east gate's litter bin.
"""

import datetime

import pytest

from maintenance.choices import ChecklistItemKind
from maintenance.models import ChecklistItem
from tests.factories import UserFactory
from tests.maintenance.factories import TODAY, CrewFactory, PlanFactory, equipment
from tests.maintenance.on_site import join, order_on

# --- The crew on site --------------------------------------------------------------------------


@pytest.fixture
def crew():
    return CrewFactory(code="sanitation")


@pytest.fixture
def other_crew():
    return CrewFactory(code="landscaping")


@pytest.fixture
def member(crew, crew_member):
    return join(crew, crew_member)


@pytest.fixture
def leader(crew):
    return join(crew, UserFactory(username="crew-leader"), leader=True)


@pytest.fixture
def mate(crew):
    return join(crew, UserFactory(username="crew-mate"))


@pytest.fixture
def stranger(other_crew, outsider):
    return join(other_crew, outsider)


@pytest.fixture
def bins_plan(crew):
    plan = PlanFactory(crew=crew, name="Empty the bins", due_time=datetime.time(8, 30), estimated_minutes=45)
    for position, (label, kind, unit) in enumerate(
        [
            ("Bins emptied", ChecklistItemKind.PASS_FAIL, ""),
            ("Waste collected", ChecklistItemKind.NUMBER, "kg"),
            ("Remarks", ChecklistItemKind.TEXT, ""),
            ("Lid closed", ChecklistItemKind.PASS_FAIL, ""),
        ]
    ):
        ChecklistItem.objects.create(plan=plan, position=position, label=label, kind=kind, unit=unit)
    return plan


@pytest.fixture
def items(bins_plan) -> dict[str, ChecklistItem]:
    return {item.label: item for item in bins_plan.checklist.all()}


@pytest.fixture
def litter_bin():
    return equipment(code="BIN-001", name="东门垃圾箱")


@pytest.fixture
def order(bins_plan, litter_bin):
    return order_on(bins_plan, litter_bin, TODAY)
