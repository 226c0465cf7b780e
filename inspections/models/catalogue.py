"""The catalogue of what inspectors find: categories with their deadlines and re-checks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BilingualNameMixin

from ..choices import CategoryKind, DeadlineUnit
from ..deadlines import add_working_hours, working_hours

# A re-inspection more than a year after closure checks nothing the next year's won't.
MAX_OFFSET_DAYS = 365
MAX_OFFSETS = 10


def default_offsets() -> list[int]:
    return [7, 30, 90]


def validate_offsets(value) -> None:
    """A list of whole days (1–365), each once: when a closed finding is checked again."""
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("Give the re-inspection days as a list of whole days, e.g. [7, 30, 90]."), code="offsets"
        )
    if len(value) > MAX_OFFSETS:
        raise ValidationError(
            _("At most %(limit)s re-inspections per finding."), code="offsets", params={"limit": MAX_OFFSETS}
        )
    for offset in value:
        if not isinstance(offset, int) or isinstance(offset, bool) or not 1 <= offset <= MAX_OFFSET_DAYS:
            raise ValidationError(
                _("Each re-inspection is a whole number of days from 1 to %(limit)s: %(value)s is not."),
                code="offsets",
                params={"limit": MAX_OFFSET_DAYS, "value": offset},
            )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each re-inspection day may be given once."), code="offsets")


class Category(BilingualNameMixin):
    """A kind of problem inspectors find (GB/T 30428's events and components), with its
    disposal deadline and the days after closure when the place is checked again."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("class"), max_length=20, choices=CategoryKind.choices)
    deadline_amount = models.PositiveSmallIntegerField(_("disposal deadline"))
    deadline_unit = models.CharField(
        _("deadline unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    rebound_offsets = models.JSONField(
        _("re-inspection days"),
        default=default_offsets,
        validators=[validate_offsets],
        help_text=_("Days after closure when the place is checked again (on the next working day), e.g. [7, 30, 90]."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Offered for new findings."))

    class Meta:
        ordering = ["code"]
        verbose_name = _("finding category")
        verbose_name_plural = _("finding categories")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CategoryKind.values), name="category_kind_valid"),
            models.CheckConstraint(condition=Q(deadline_unit__in=DeadlineUnit.values), name="category_unit_valid"),
            models.CheckConstraint(condition=Q(deadline_amount__gt=0), name="category_deadline_positive"),
        ]

    def deadline_from(self, start: datetime.datetime, calendar=None) -> datetime.datetime:
        """When a finding of this category dispatched at ``start`` must be disposed of."""
        return add_working_hours(start, working_hours(self.deadline_amount, self.deadline_unit), calendar)

    def deadline_text(self) -> str:
        return f"{self.deadline_amount} {self.get_deadline_unit_display()}"
