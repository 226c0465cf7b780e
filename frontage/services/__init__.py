"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .nearest import distance_to_unit_m, nearest_unit

__all__ = ["distance_to_unit_m", "nearest_unit"]
