"""The maintenance workflows, one function per workflow, one module per topic.

Pages, the admin, the API, management commands and django-q2 jobs call these (as
``services.<name>``), so each rule exists once. The modules are layered, each importing
only those below it (an import-linter contract in pyproject.toml):

    plans, calendar, overdue, feeds,  saving a plan, pausing, resuming, previews; calendar
    corrective                        changes; overdue notices; crews' calendar feeds;
                                      corrective orders (opened for inspections' findings)
    orders                            a work order's workflows (crews, leaders, planners)
    meters                            readings, forecasts, baselines
    generation                        plan × targets × dates → orders (three engines)
    targets                           which assets each plan applies to now
    rewrite                           a plan's future orders made again
    status, bulk                      the one path for changes people see; bulk inserts
"""

from .calendar import calendar_changed, calendar_warnings, confirm_year, delete_calendar_days, save_calendar_day
from .corrective import corrective_plan, open_corrective_order
from .feeds import crew_calendar, reset_calendar_token
from .generation import GenerationResult, asset_changed, generate_work_orders, next_floating_due
from .meters import (
    check_meter_reading,
    completion_readings,
    meter_forecast,
    meter_forecasts,
    meters_of,
    record_meter_reading,
)
from .orders import (
    WORK_ACTIONS,
    add_photo,
    cancel_work_order,
    complete_work_order,
    move_work_order,
    reassign_work_order,
    save_answers,
    save_notes,
    skip_work_order,
    start_work_order,
    submit_work,
    unanswered_required_items,
)
from .overdue import notify_overdue
from .plans import (
    ChecklistChanges,
    PreviewDate,
    next_due_from_rules,
    pause_plan,
    plan_changed,
    preview_dates,
    resume_plan,
    save_plan,
)
from .rewrite import SCHEDULE_FIELDS, refresh_provisional_orders, rewrite_future_orders
from .status import OrderChange, TransitionError, order_changed
from .targets import sync_targets

__all__ = [
    "SCHEDULE_FIELDS",
    "WORK_ACTIONS",
    "ChecklistChanges",
    "GenerationResult",
    "OrderChange",
    "PreviewDate",
    "TransitionError",
    "add_photo",
    "asset_changed",
    "calendar_changed",
    "calendar_warnings",
    "cancel_work_order",
    "check_meter_reading",
    "complete_work_order",
    "completion_readings",
    "confirm_year",
    "corrective_plan",
    "crew_calendar",
    "delete_calendar_days",
    "generate_work_orders",
    "meter_forecast",
    "meter_forecasts",
    "meters_of",
    "move_work_order",
    "next_due_from_rules",
    "next_floating_due",
    "notify_overdue",
    "open_corrective_order",
    "order_changed",
    "pause_plan",
    "plan_changed",
    "preview_dates",
    "reassign_work_order",
    "record_meter_reading",
    "refresh_provisional_orders",
    "reset_calendar_token",
    "resume_plan",
    "rewrite_future_orders",
    "save_answers",
    "save_calendar_day",
    "save_notes",
    "save_plan",
    "skip_work_order",
    "start_work_order",
    "submit_work",
    "sync_targets",
    "unanswered_required_items",
]
