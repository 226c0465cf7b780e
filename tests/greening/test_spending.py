"""Spending entries: recorded, never changed; corrections; the total and the share of the budget."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greening import services
from greening.models import Project, Spending
from tests.greening.factories import make_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date
TODAY = D(2026, 6, 1)


MAY_DAY = D(2026, 5, 1)


def record(project, by, day=MAY_DAY, amount="1000.00", purpose="Design fee"):
    return services.record_spending(project, day, Decimal(amount) if amount is not None else None, purpose, by, TODAY)


def refused(project, by, field, words, **entry):
    with pytest.raises(ValidationError) as caught:
        record(project, by, **entry)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])


def test_entries_add_up_to_the_total_and_its_share_of_the_budget(planner):
    project = make_project(budget=Decimal("100000"))
    record(project, planner, amount="20000", purpose="Design fee")
    record(project, planner, day=TODAY, amount="5000.50", purpose="Survey")
    assert services.spending_total(project) == Decimal("25000.50")
    row = services.with_spending(Project.objects.filter(pk=project.pk)).get()
    assert row.spent == Decimal("25000.50")
    assert row.spent_share == pytest.approx(Decimal("0.2500"), abs=Decimal("0.0001"))


def test_without_spending_or_budget(planner):
    project = make_project(budget=0)
    row = services.with_spending(Project.objects.filter(pk=project.pk)).get()
    assert row.spent == 0 and row.spent_share is None
    assert services.spending_total(project) == 0


def test_a_correction_is_a_negative_entry_with_its_purpose(planner):
    project = make_project(budget=Decimal("100000"))
    first = record(project, planner, amount="3000")
    record(project, planner, amount="-1000", purpose="Correction: the design fee was 2,000")
    assert services.spending_total(project) == Decimal("2000")
    first.refresh_from_db()
    assert first.amount == Decimal("3000")  # the entry itself is never changed
    assert Spending.objects.count() == 2
    refused(project, planner, "amount", "below zero", amount="-2500", purpose="Too much")


def test_bad_entries_are_refused(planner):
    project = make_project()
    refused(project, planner, "amount", "other than zero", amount="0")
    refused(project, planner, "amount", "other than zero", amount=None)
    refused(project, planner, "day", "future", day=D(2026, 6, 2))
    refused(project, planner, "day", "date", day=None)
    refused(project, planner, "purpose", "what the money was for", purpose="  ")
    assert not Spending.objects.exists()


@pytest.mark.parametrize("role", ["inspector", "manager", "crew_member"])
def test_only_the_planning_bureau_records_spending(request, role):
    with pytest.raises(PermissionDenied):
        record(make_project(), request.getfixturevalue(role))
    assert not Spending.objects.exists()
