from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetMode(models.TextChoices):
    ASSETS = "assets", _("Chosen assets")
    MATCH = "match", _("Every asset of a kind (in a zone)")


class PlanMode(models.TextChoices):
    FIXED = "fixed", _("Fixed: dates from the rule")
    FLOATING = "floating", _("Floating: one interval after the last completion")
    METER = "meter", _("Meter: every N units of a meter")


class CalendarPolicy(models.TextChoices):
    EVERY_DAY = "every_day", _("Every day")
    WORKING_DAYS = "working_days", _("Working days only")


class NonWorkingDayRule(models.TextChoices):
    SKIP = "skip", _("Skip it")
    NEXT = "next", _("Move it to the next working day")
    PREVIOUS = "previous", _("Move it to the previous working day")


class OrderStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = [OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS]


class Outcome(models.TextChoices):
    """What became of an order, as managers review it: its status, with an open order
    past due told apart (overdue) and a done one judged against its due date."""

    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    SKIPPED = "skipped", _("Skipped")
    CANCELLED = "cancelled", _("Cancelled")


class CancelReason(models.TextChoices):
    """Why an order was cancelled: the system's own reasons can be undone by the system."""

    PAUSED = "paused", _("The plan was paused")
    RETIRED = "retired", _("The asset was retired or left the plan")
    MANUAL = "manual", _("Cancelled by hand")


class ChecklistItemKind(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass / fail")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")


class Meter(models.TextChoices):
    RUNNING_HOURS = "running_hours", _("Running hours")
    TONNES = "tonnes", _("Tonnes of kitchen waste processed")
