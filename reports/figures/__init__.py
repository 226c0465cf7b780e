"""The dashboard's figures, each a documented definition (its docstring; the same words
are printed under the figure, ``DEFINITIONS``). All counting happens in the database: a
fixed number of grouped queries, whatever the data's size."""

from .common import Filters, link
from .findings import FindingFigures, finding_figures
from .orders import OrderFigures, order_figures
from .places import map_features, worst_places
from .upkeep import DoorFigures, ProjectFigures, door_figures, project_figures

__all__ = [
    "DoorFigures",
    "FindingFigures",
    "Filters",
    "OrderFigures",
    "ProjectFigures",
    "door_figures",
    "finding_figures",
    "link",
    "map_features",
    "order_figures",
    "project_figures",
    "worst_places",
]
