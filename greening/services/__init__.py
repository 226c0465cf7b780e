"""The planning bureau's workflows, one module per topic; callers write ``services.<name>``."""

from .care import mark_replanted, order_replanting, record_loss, record_planting
from .documents import add_document
from .handover import first_orders, first_orders_progress, hand_over, planned_plans
from .projects import record_spending, save_project, set_phase_dates, spending_total, with_spending

__all__ = [
    "add_document",
    "first_orders",
    "first_orders_progress",
    "hand_over",
    "mark_replanted",
    "order_replanting",
    "planned_plans",
    "record_loss",
    "record_planting",
    "record_spending",
    "save_project",
    "set_phase_dates",
    "spending_total",
    "with_spending",
]
