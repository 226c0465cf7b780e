"""The Monday report (周一汇报制): one stored row per ISO week."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class WeeklyReport(models.Model):
    """The figures of one ISO week as generated (reports.weekly): generating again replaces them."""

    week = models.CharField(_("week"), max_length=8, unique=True)  # "2026-W48"
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    generated = models.DateTimeField(_("generated"))
    data = models.JSONField(_("data"))

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-start"]

    def __str__(self):
        return self.week

    def get_absolute_url(self) -> str:
        return reverse("weekly-report", args=[self.week])
