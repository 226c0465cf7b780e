"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .checks import plan_dates, record_check, rerate, schedule_checks, start_check
from .imports import ImportReport, export_units, import_units, unit_template
from .nearest import distance_to_unit_m, nearest_unit
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
from .units import nearest_road, save_unit

__all__ = [
    "ImportReport",
    "distance_to_unit_m",
    "draft_pledge",
    "edit_pledge",
    "expire_pledges",
    "export_units",
    "import_units",
    "nearest_road",
    "nearest_unit",
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
    "unit_template",
]
