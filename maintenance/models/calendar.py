"""The working-day calendar's local overrides (the official one is chinesecalendar's)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A local override of the official calendar: a day off, or a make-up working day."""

    date = models.DateField(_("date"), unique=True)
    working = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {self.name}"


class CalendarYear(models.Model):
    """A year whose official holiday arrangement has been entered as calendar days.

    For a year the chinesecalendar package does not know, working days are Monday to
    Friday, provisionally, until the year is confirmed here.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed = models.DateTimeField(_("confirmed"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("confirmed calendar year")
        verbose_name_plural = _("confirmed calendar years")

    def __str__(self):
        return str(self.year)
