from .care import Loss, LossPhoto, Planting
from .projects import (
    PhaseChange,
    PlanTemplate,
    Programme,
    Project,
    ProjectAsset,
    ProjectDocument,
    ProjectPhase,
    Spending,
)

__all__ = [
    "Loss",
    "LossPhoto",
    "PhaseChange",
    "PlanTemplate",
    "Planting",
    "Programme",
    "Project",
    "ProjectAsset",
    "ProjectDocument",
    "ProjectPhase",
    "Spending",
]
