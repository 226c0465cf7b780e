"""Work orders and what crews record on them: answers, meter readings, photos."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.functions import Collate, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import Asset
from core.models import PhotoRecord

from ..choices import OPEN_STATUSES, CancelReason, ChecklistItemKind, Meter, OrderStatus, Outcome
from .plans import PASS_FAIL_TEXT, ChecklistItem, Crew, Plan


def is_overdue(status: str, due: datetime.date, today: datetime.date) -> bool:
    """Past due and not handled: an overdue order stays visible until someone deals with it."""
    return status in OPEN_STATUSES and due < today


def overdue_condition(today: datetime.date) -> Q:
    """is_overdue() as a filter (a queryset's, an aggregate's)."""
    return Q(status__in=OPEN_STATUSES, due__lt=today)


# A crew's notes on an order: a few paragraphs (services.check_notes, the order form).
NOTES_MAX_LENGTH = 4000
# Why an order was skipped: a sentence or two (skip_work_order, the forms).
SKIP_REASON_MAX_LENGTH = 1000


def closed_on_time(closed: datetime.datetime, due: datetime.date) -> bool:
    """Closed on or before the due date, the day read in the zone's time (TIME_ZONE,
    Asia/Shanghai): done at 23:30 on the due day is on time, at 00:30 the next is late."""
    return timezone.localtime(closed, timezone.get_default_timezone()).date() <= due


def closed_on_time_condition() -> Q:
    """closed_on_time() as a filter: with status=done, the orders done on time."""
    closed_day = TruncDate("closed", tzinfo=timezone.get_default_timezone())
    return Q(closed__isnull=False) & Q(LessThanOrEqual(closed_day, F("due")))


def outcome(status: str, due: datetime.date, closed: datetime.datetime | None, today: datetime.date) -> Outcome:
    """What became of an order (Outcome): its status, overdue when is_overdue(), and a done
    order judged by closed_on_time()."""
    if is_overdue(status, due, today):
        return Outcome.OVERDUE
    if status == OrderStatus.DONE:
        return Outcome.DONE_ON_TIME if closed_on_time(closed, due) else Outcome.DONE_LATE
    return Outcome(status)


def outcome_condition(value: str, today: datetime.date) -> Q:
    """outcome() as a filter: the orders whose outcome is ``value``."""
    if value == Outcome.OVERDUE:
        return overdue_condition(today)
    if value in (Outcome.SCHEDULED, Outcome.IN_PROGRESS):
        return Q(status=value) & ~overdue_condition(today)
    if value == Outcome.DONE_ON_TIME:
        return Q(status=OrderStatus.DONE) & closed_on_time_condition()
    if value == Outcome.DONE_LATE:
        return Q(status=OrderStatus.DONE) & ~closed_on_time_condition()
    return Q(status=value)


class Natural(Collate):
    """Text in natural order (runs of digits compared as numbers: WX-2 before WX-10), by
    the "natural" collation of migration 0008 on PostgreSQL; plain text order on SQLite
    (development without a DATABASE_URL), which has no such collation."""

    def __init__(self, expression):
        super().__init__(expression, "natural")

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])


def day_order(road: str = "asset__road__road_name", nearest: str | None = None) -> tuple:
    """How a crew's orders follow each other (Today, the calendar feed), for order_by():
    day by day; within a day the open ones before the done and skipped ones, each by due
    time (those of no set time last); then along the road, or by ``nearest`` (the name of
    a distance annotation) when given; then by id.

    Along the road: a road segment by its road's name (``road``: the lookup or annotation
    that gives it), then by its asset code in natural order (the "natural" collation of
    migration 0008: WX-2 before WX-10). The registry numbers a road's segments from one end
    (RD-HUANGCHENG-01 … -04), and a code is unique and seldom changes, so the order is the
    same every day. The assets that are not on a road follow, by code.
    """
    along = (F(nearest).asc(),) if nearest else (F(road).asc(nulls_last=True),)
    return (
        "due",
        ExpressionWrapper(~Q(status__in=OPEN_STATUSES), output_field=BooleanField()),  # false (open) first
        F("due_time").asc(nulls_last=True),
        *along,
        Natural("asset__code"),
        "pk",
    )


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
    # The date the rule produced; `due` is where the calendar or a planner put it. A
    # corrective order (services.corrective) has none: no rule produced it, and its plan,
    # asset and day need not be unique (two findings on one machine, due the same day).
    occurrence = models.DateField(_("occurrence"), null=True, blank=True)
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
            models.UniqueConstraint(
                fields=["plan", "asset", "due"], condition=Q(occurrence__isnull=False), name="wo_plan_asset_due"
            ),
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
            # Crews' done and closed lists, reports by crew and period; the order list's crew filter.
            models.Index(fields=["crew", "status", "due"], name="wo_crew_status_due"),
            # The order list across crews: its order (due, due time, id) read page by page,
            # and its due range (from/to) filter.
            models.Index(fields=["due", "due_time", "id"], name="wo_due_listed"),
            # The order list's status and outcome filters across crews (done on time, late,
            # skipped, cancelled, overdue), in due order.
            models.Index(fields=["status", "due"], name="wo_status_due"),
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

    def is_corrective(self) -> bool:
        """Opened by hand to put a finding right, not generated from a rule."""
        return self.occurrence is None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return is_overdue(self.status, self.due, today or timezone.localdate())

    def checklist_items(self) -> models.QuerySet:
        """The checklist items this order asks, in order (asked_items)."""
        return asked_items(self.plan_id, self.pk)

    def outcome(self, today: datetime.date | None = None) -> Outcome:
        return outcome(self.status, self.due, self.closed, today or timezone.localdate())


def asked_items(plan, order) -> models.QuerySet:
    """The checklist items an order asks: its plan's, less the retired ones it has no
    answer to. ``plan`` and ``order`` are values, or references to the outer query's
    plan and order as seen from this queryset (Today counts them for many orders at once:
    OuterRef("plan") and OuterRef(OuterRef("pk")), the order being one level further out
    than the items)."""
    answered_here = ChecklistAnswer.objects.answered().filter(order=order, item=models.OuterRef("pk"))
    return ChecklistItem.objects.filter(plan=plan).filter(Q(retired=False) | models.Exists(answered_here))


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
    # The item as the answer was given under it (save() copies them): what done orders
    # show, whatever becomes of the item.
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("answer"), max_length=10, choices=ChecklistItemKind.choices)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    objects = ChecklistAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [models.UniqueConstraint(fields=["order", "item"], name="answer_unique")]

    def __str__(self):
        return f"{self.label}: {self.value()}"

    def save(self, *args, **kwargs):
        self.label, self.kind, self.unit = self.item.snapshot().values()
        if kwargs.get("update_fields") is not None:  # update_or_create names the fields it sets
            kwargs["update_fields"] = {*kwargs["update_fields"], "label", "kind", "unit"}
        super().save(*args, **kwargs)

    def value(self):
        if self.kind == ChecklistItemKind.PASS_FAIL:
            return self.passed
        if self.kind == ChecklistItemKind.NUMBER:
            return self.number
        return self.text

    def as_text(self) -> str:
        """The answer as text, as ChecklistItem.parse_answer() reads it back."""
        if self.kind == ChecklistItemKind.PASS_FAIL:
            return {value: text for text, value in PASS_FAIL_TEXT.items()}[self.passed]
        if self.kind == ChecklistItemKind.NUMBER:
            # 12.500 is shown as 12.5, 100 as 100 (not 1E+2).
            return "" if self.number is None else format(self.number.normalize(), "f")
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


class WorkOrderPhoto(PhotoRecord):
    """A photo taken on site as proof of the work, resized on upload."""

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="photos", verbose_name=_("work order"))
    image = models.ImageField(_("image"), upload_to=order_photo_path)

    class Meta:
        ordering = ["order", "created", "pk"]
        verbose_name = _("work order photo")
        verbose_name_plural = _("work order photos")

    def __str__(self):
        return self.image.name
