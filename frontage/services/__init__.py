"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .checks import plan_dates, record_check, rerate, schedule_checks, start_check
from .pledges import (
    draft_pledge,
    edit_pledge,
    expire_pledges,
    next_term,
    renew_pledge,
    renewal_of,
    sign_pledge,
    terminate_pledge,
)
from .units import nearest_road, save_unit, zone_containing

__all__ = [
    "draft_pledge",
    "edit_pledge",
    "expire_pledges",
    "nearest_road",
    "next_term",
    "plan_dates",
    "record_check",
    "renew_pledge",
    "renewal_of",
    "rerate",
    "save_unit",
    "schedule_checks",
    "sign_pledge",
    "start_check",
    "terminate_pledge",
    "zone_containing",
]
