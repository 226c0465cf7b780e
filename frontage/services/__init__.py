"""The door-pledge register's workflows, one module per topic; callers write
``services.<name>``."""

from .units import nearest_road, save_unit, zone_containing

__all__ = ["nearest_road", "save_unit", "zone_containing"]
