"""Work orders and what crews record on them: answers, meter readings, photos."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import Asset

from ..choices import OPEN_STATUSES, CancelReason, ChecklistItemKind, Meter, OrderStatus
from .plans import ChecklistItem, Crew, Plan


def is_overdue(status: str, due: datetime.date, today: datetime.date) -> bool:
    """Past due and not handled: an overdue order stays visible until someone deals with it."""
    return status in OPEN_STATUSES and due < today


def overdue_condition(today: datetime.date) -> Q:
    """is_overdue() as a filter (a queryset's, an aggregate's)."""
    return Q(status__in=OPEN_STATUSES, due__lt=today)


class WorkOrderQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        return self.filter(overdue_condition(today))

    def untouched(self):
        """Orders nobody has worked on, written on, photographed, assigned or moved: the
        ones a plan change may rewrite (delete and make again) or a pause cancel."""
        return self.filter(
            status=OrderStatus.SCHEDULED,
            rescheduled=False,
            started__isnull=True,
            notes="",
            assignee__isnull=True,
            minutes_spent__isnull=True,
        ).filter(
            ~models.Exists(ChecklistAnswer.objects.filter(order=models.OuterRef("pk"))),
            ~models.Exists(WorkOrderPhoto.objects.filter(order=models.OuterRef("pk"))),
        )


class WorkOrder(models.Model):
    """One occurrence of a plan for one asset: what a crew does on a day."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="work_orders", verbose_name=_("plan"))
    asset = models.ForeignKey(Asset, models.PROTECT, related_name="work_orders", verbose_name=_("asset"))
    crew = models.ForeignKey(Crew, models.PROTECT, related_name="work_orders", verbose_name=_("crew"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_orders",
        verbose_name=_("assignee"),
    )
    # The date the rule produced; `due` is where the calendar or a planner put it.
    occurrence = models.DateField(_("occurrence"))
    due = models.DateField(_("due"))
    due_time = models.TimeField(_("due time"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.SCHEDULED)
    provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("Scheduled on Monday–Friday: the year's holidays were not known.")
    )
    rescheduled = models.BooleanField(_("moved by a planner"), default=False)
    meter_threshold = models.DecimalField(_("meter threshold"), max_digits=14, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=20, choices=CancelReason.choices, blank=True
    )
    minutes_spent = models.PositiveIntegerField(_("minutes spent"), null=True, blank=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    # When and by whom the order was done, skipped or cancelled.
    closed = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    overdue_notified = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        ordering = ["due", "due_time", "pk"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        constraints = [
            # Idempotent generation: a second run, or a second worker, inserts nothing.
            models.UniqueConstraint(fields=["plan", "asset", "due"], name="wo_plan_asset_due"),
            # A moved occurrence is not generated again on its original date.
            models.UniqueConstraint(fields=["plan", "asset", "occurrence"], name="wo_plan_asset_occurrence"),
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="wo_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.SKIPPED) | ~Q(skip_reason=""), name="wo_skip_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES) | Q(closed__isnull=False), name="wo_closed_has_time"
            ),
        ]
        indexes = [
            # Today page: a crew's open orders by due date.
            models.Index(fields=["crew", "due"], name="wo_crew_due_open", condition=Q(status__in=OPEN_STATUSES)),
            # Overdue notifications: open orders past due, not yet notified.
            models.Index(
                fields=["due"],
                name="wo_overdue_unnotified",
                condition=Q(status__in=OPEN_STATUSES, overdue_notified__isnull=True),
            ),
            # Asset page history and plan/target rewrites by asset.
            models.Index(fields=["asset", "due"], name="wo_asset_due"),
            # Crews' done and closed lists, reports by crew and period.
            models.Index(fields=["crew", "status", "due"], name="wo_crew_status_due"),
            # Recomputing provisional orders once their year's calendar is known.
            models.Index(
                fields=["due"], name="wo_provisional", condition=Q(provisional=True, status=OrderStatus.SCHEDULED)
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.asset.code} · {self.due}"

    def get_absolute_url(self):
        return reverse("order-detail", args=[self.pk])

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return is_overdue(self.status, self.due, today or timezone.localdate())


# ChecklistAnswer.is_answered(), as a filter: a pass/fail, a number or a text was given.
ANSWERED = Q(passed__isnull=False) | Q(number__isnull=False) | ~Q(text="")


class ChecklistAnswerQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(ANSWERED)


class ChecklistAnswer(models.Model):
    """A crew's answer to one checklist item on one work order."""

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="answers", verbose_name=_("work order"))
    item = models.ForeignKey(ChecklistItem, models.PROTECT, related_name="answers", verbose_name=_("checklist item"))
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    answered = models.DateTimeField(_("answered"), auto_now=True)

    objects = ChecklistAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [models.UniqueConstraint(fields=["order", "item"], name="answer_unique")]

    def __str__(self):
        return f"{self.item}: {self.value()}"

    def value(self):
        if self.item.kind == ChecklistItemKind.PASS_FAIL:
            return self.passed
        if self.item.kind == ChecklistItemKind.NUMBER:
            return self.number
        return self.text

    def is_answered(self) -> bool:
        """A pass/fail, a number or a text was given (ANSWERED, as a filter)."""
        return self.value() not in (None, "")


class MeterReadingQuerySet(models.QuerySet):
    def of(self, asset, meter: str) -> "MeterReadingQuerySet":
        """One meter's readings (asset and meter given as values or OuterRef), latest first."""
        return self.filter(asset=asset, meter=meter).order_by("-read_at", "-pk")

    def latest_value(self, asset, meter: str):
        """The meter's latest reading, or None."""
        return self.of(asset, meter).values_list("value", flat=True).first()

    def latest_value_of(self, asset_ref, meter_ref) -> models.Subquery:
        """latest_value() as a subquery, for annotating many rows at once."""
        return models.Subquery(self.of(asset_ref, meter_ref).values("value")[:1])


class MeterReading(models.Model):
    """A reading of an asset's meter (running hours, tonnes processed), entered by a crew."""

    asset = models.ForeignKey(Asset, models.PROTECT, related_name="meter_readings", verbose_name=_("asset"))
    meter = models.CharField(_("meter"), max_length=20, choices=Meter.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    read_at = models.DateTimeField(_("read at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    order = models.ForeignKey(
        WorkOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meter_readings",
        verbose_name=_("work order"),
    )
    replacement = models.BooleanField(
        _("new meter"),
        default=False,
        help_text=_("The meter was replaced: this is the new meter's first reading, and may be lower than the last."),
    )

    objects = MeterReadingQuerySet.as_manager()

    class Meta:
        ordering = ["asset", "meter", "read_at"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="meter_reading_positive")]
        indexes = [models.Index(fields=["asset", "meter", "read_at"], name="meter_reading_latest")]

    def __str__(self):
        return f"{self.asset.code} {self.get_meter_display()} {self.value}"


def order_photo_path(photo: "WorkOrderPhoto", filename: str) -> str:
    return f"orders/{photo.order_id}/{filename}"


class WorkOrderPhoto(models.Model):
    """A photo taken on site as proof of the work, resized on upload."""

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="photos", verbose_name=_("work order"))
    image = models.ImageField(_("image"), upload_to=order_photo_path)
    taken = models.DateTimeField(_("taken"), null=True, blank=True, help_text=_("From the photo's EXIF data."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["order", "created", "pk"]
        verbose_name = _("work order photo")
        verbose_name_plural = _("work order photos")

    def __str__(self):
        return self.image.name
