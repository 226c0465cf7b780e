"""Helpers for the tests of the planners' pages (test_plan_page_access, test_plan_list,
test_plan_detail, test_plan_form, test_plan_actions); their crew, task type, asset and
plan are fixtures in conftest.py.

Those pages are tested on Monday 2 March 2026: their modules mark themselves
``pytest.mark.today(TODAY)`` for the frozen fixture.
"""

import datetime

from maintenance import services
from maintenance.models import Plan, TaskType
from tests.maintenance.factories import at

TODAY = datetime.date(2026, 3, 2)


def make_plan(crew, assets=(), generate=True, **fields) -> Plan:
    """A fixed, every-day plan recurring daily from TODAY on the given assets."""
    values = {
        "name": "Daily sweeping",
        "task_type": TaskType.objects.get(code="cleaning"),
        "crew": crew,
        "rrule": "FREQ=DAILY",
        "start": TODAY,
        **fields,
    }
    plan = Plan.objects.create(**values)
    plan.assets.set(assets)
    if generate:
        services.generate_work_orders(plan_ids=[plan.pk])
    return plan


def make_late_plan(frozen, crew, assets, days_late: int, **fields) -> Plan:
    """A plan whose orders of the last ``days_late`` days are still open: overdue."""
    frozen.move_to(at(TODAY - datetime.timedelta(days=days_late)))
    plan = make_plan(crew, assets, start=TODAY - datetime.timedelta(days=days_late), **fields)
    frozen.move_to(at(TODAY))
    services.generate_work_orders(plan_ids=[plan.pk])
    return plan
