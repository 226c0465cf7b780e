"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .imports import ImportReport, export_units, import_units, unit_template

__all__ = ["ImportReport", "export_units", "import_units", "unit_template"]
