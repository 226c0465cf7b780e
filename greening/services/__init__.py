"""The planning bureau's workflows, one module per topic; callers write ``services.<name>``."""

from .projects import record_spending, save_project, set_phase_dates, spending_total, with_spending

__all__ = ["record_spending", "save_project", "set_phase_dates", "spending_total", "with_spending"]
