"""generate_work_orders, the operators' command: a one-line summary, its options, and
refusals that generate nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from maintenance.models import PlanTarget, WorkOrder
from tests.maintenance.factories import TODAY, PlanFactory, day, days, dues, equipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen", "english")]


def test_command_prints_a_one_line_summary():
    PlanFactory(assets=[equipment(), equipment()])
    out = io.StringIO()

    call_command("generate_work_orders", stdout=out)

    assert out.getvalue() == (
        "Work orders created: 30 (provisional: 0); plans: 1; targets joined: 2, left: 0; "
        "provisional orders recomputed: 0.\n"
    )
    assert WorkOrder.objects.count() == 30


def test_command_days_overrides_the_horizon():
    plan = PlanFactory(assets=[equipment()])
    out = io.StringIO()

    call_command("generate_work_orders", days=3, stdout=out)

    assert dues(plan) == days(TODAY, day(10, 1))
    assert out.getvalue() == (
        "Work orders created: 4 (provisional: 0); plans: 1; targets joined: 1, left: 0; "
        "provisional orders recomputed: 0.\n"
    )


def test_command_plan_filter():
    chosen, other = PlanFactory(assets=[equipment()]), PlanFactory(assets=[equipment()])

    call_command("generate_work_orders", "--plan", str(chosen.pk), stdout=io.StringIO())

    assert len(dues(chosen)) == 15
    assert not WorkOrder.objects.filter(plan=other).exists()


def test_command_refuses_an_unknown_plan_and_generates_nothing():
    plan = PlanFactory(assets=[equipment()])

    with pytest.raises(CommandError, match=f"^No plan with id {plan.pk + 1000}.$"):
        call_command("generate_work_orders", "--plan", str(plan.pk), "--plan", str(plan.pk + 1000))

    assert not WorkOrder.objects.exists()
    assert not PlanTarget.objects.exists()


@pytest.mark.parametrize("value", [-1, 1001])
def test_command_refuses_days_out_of_range(value):
    PlanFactory(assets=[equipment()])

    with pytest.raises(CommandError, match="^--days must be between 0 and 1000.$"):
        call_command("generate_work_orders", days=value)

    assert not WorkOrder.objects.exists()
