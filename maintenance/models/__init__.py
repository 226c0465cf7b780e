"""The maintenance app's models, one module per concept; import them from here."""

from .calendar import CalendarDay, CalendarYear
from .orders import (
    ANSWERED,
    NOTES_MAX_LENGTH,
    ChecklistAnswer,
    MeterReading,
    WorkOrder,
    WorkOrderPhoto,
    closed_on_time,
    closed_on_time_condition,
    day_order,
    is_overdue,
    order_photo_path,
    outcome,
    outcome_condition,
    overdue_condition,
)
from .plans import ChecklistItem, Crew, CrewMembership, Plan, PlanTarget, TaskType, meter_threshold, new_calendar_token

__all__ = [
    "ANSWERED",
    "NOTES_MAX_LENGTH",
    "CalendarDay",
    "CalendarYear",
    "ChecklistAnswer",
    "ChecklistItem",
    "Crew",
    "CrewMembership",
    "MeterReading",
    "Plan",
    "PlanTarget",
    "TaskType",
    "WorkOrder",
    "WorkOrderPhoto",
    "closed_on_time",
    "closed_on_time_condition",
    "day_order",
    "is_overdue",
    "meter_threshold",
    "new_calendar_token",
    "order_photo_path",
    "outcome",
    "outcome_condition",
    "overdue_condition",
]
