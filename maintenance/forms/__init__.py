"""The maintenance app's forms, one module per page family; import them from here."""

from .meters import MeterReadingForm, ReadMeterForm
from .orders import MoveOrderForm, OrderWorkForm, ReassignForm, SkipOrderForm, meter_field_needed
from .plans import SCHEDULE_FIELDS, ChecklistFormSet, PlanForm, builder_initial, checklist_changes

__all__ = [
    "SCHEDULE_FIELDS",
    "ChecklistFormSet",
    "MeterReadingForm",
    "MoveOrderForm",
    "OrderWorkForm",
    "PlanForm",
    "ReadMeterForm",
    "ReassignForm",
    "SkipOrderForm",
    "builder_initial",
    "checklist_changes",
    "meter_field_needed",
]
