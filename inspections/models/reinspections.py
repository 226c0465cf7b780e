"""Rebound checks: a closed finding's place checked again at set days after closure."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ReinspectionStatus
from .findings import Finding


class ReinspectionQuerySet(models.QuerySet):
    def scheduled(self) -> "ReinspectionQuerySet":
        return self.filter(status=ReinspectionStatus.SCHEDULED)

    def overdue(self, today: datetime.date) -> "ReinspectionQuerySet":
        return self.filter(status=ReinspectionStatus.SCHEDULED, due__lt=today)


class Reinspection(models.Model):
    """A check of a closed finding's place, ``offset`` days after its closure (on a
    working day): the problem held, or rebounded (a new finding)."""

    finding = models.ForeignKey(Finding, models.PROTECT, related_name="reinspections", verbose_name=_("finding"))
    offset = models.PositiveSmallIntegerField(_("days after closure"))
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReinspectionStatus.choices, default=ReinspectionStatus.SCHEDULED
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked = models.DateTimeField(_("checked"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = ReinspectionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
        constraints = [
            # Idempotent scheduling: a second run, or a second worker, inserts nothing.
            models.UniqueConstraint(fields=["finding", "offset"], name="reinspection_finding_offset"),
            models.CheckConstraint(condition=Q(status__in=ReinspectionStatus.values), name="reinspection_status_valid"),
            models.CheckConstraint(condition=Q(offset__gt=0), name="reinspection_offset_positive"),
            models.CheckConstraint(
                condition=Q(status=ReinspectionStatus.SCHEDULED)
                | Q(status=ReinspectionStatus.CANCELLED)
                | Q(checked__isnull=False),
                name="reinspection_checked_has_time",
            ),
        ]
        indexes = [
            # The inspectors' Today: scheduled re-inspections by due date.
            models.Index(
                fields=["due"], name="reinspection_scheduled_due", condition=Q(status=ReinspectionStatus.SCHEDULED)
            ),
            # The inspectors' Today: what the user recorded today (checked_by's own index
            # alone reads every check an inspector ever recorded).
            models.Index(
                fields=["checked_by", "checked"], name="reinspection_checked_by", condition=Q(checked__isnull=False)
            ),
            # The managers' dashboard (reports.figures.findings): the checks done in the
            # period, by when; without it each of its five queries reads every check.
            models.Index(
                fields=["checked"],
                name="reinspection_done_checked",
                condition=Q(status__in=[ReinspectionStatus.HELD, ReinspectionStatus.REBOUND]),
            ),
        ]

    def __str__(self):
        return f"{self.finding} +{self.offset} · {self.due}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == ReinspectionStatus.SCHEDULED and self.due < (today or timezone.localdate())
