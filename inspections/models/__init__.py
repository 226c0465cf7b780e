"""The inspections app's models, one module per concept; import them from here."""

from .catalogue import Category, validate_offsets
from .findings import (
    Finding,
    Photo,
    Round,
    Step,
    finding_photo_path,
    is_overdue,
    overdue_condition,
)
from .open311 import ApiKey
from .reinspections import Reinspection

__all__ = [
    "ApiKey",
    "Category",
    "Finding",
    "Photo",
    "Reinspection",
    "Round",
    "Step",
    "finding_photo_path",
    "is_overdue",
    "overdue_condition",
    "validate_offsets",
]
