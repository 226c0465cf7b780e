"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .checks import plan_dates, record_check, rerate, schedule_checks, start_check

__all__ = ["plan_dates", "record_check", "rerate", "schedule_checks", "start_check"]
