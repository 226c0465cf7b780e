import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetKind
from assets.models import Asset, BilingualNameMixin, Department, Zone

from .choices import (
    OPEN_STATUSES,
    CalendarPolicy,
    CancelReason,
    ChecklistItemKind,
    Meter,
    NonWorkingDayRule,
    OrderStatus,
    PlanMode,
    TargetMode,
)
from .recurrence import validate_rrule


class TaskType(BilingualNameMixin):
    """A kind of work crews do: cleaning, inspection, servicing, watering… (an editable list)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("task type")
        verbose_name_plural = _("task types")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Crew(BilingualNameMixin):
    """A team of users belonging to a department, who do work orders."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    department = models.ForeignKey(Department, models.PROTECT, related_name="crews", verbose_name=_("department"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CrewMembership",
        related_name="crews",
        blank=True,
        verbose_name=_("members"),
    )
    # The secret in the crew's iCalendar feed URL (phones cannot sign in); reset to revoke.
    calendar_token = models.CharField(
        _("calendar token"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("crew")
        verbose_name_plural = _("crews")

    def get_calendar_url(self):
        return reverse("crew-calendar", args=[self.calendar_token])


class CrewMembership(models.Model):
    """A user's place in a crew; a leader may reassign work within the crew."""

    crew = models.ForeignKey(Crew, models.CASCADE, related_name="memberships", verbose_name=_("crew"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="crew_memberships", verbose_name=_("user")
    )
    is_leader = models.BooleanField(_("crew leader"), default=False)

    class Meta:
        verbose_name = _("crew membership")
        verbose_name_plural = _("crew memberships")
        constraints = [models.UniqueConstraint(fields=["crew", "user"], name="crew_membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.crew}"


class Plan(models.Model):
    """What is done, to which assets, by which crew, how often."""

    name = models.CharField(_("name"), max_length=200)
    task_type = models.ForeignKey(TaskType, models.PROTECT, related_name="plans", verbose_name=_("task type"))
    instructions = models.TextField(_("instructions"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    crew = models.ForeignKey(Crew, models.PROTECT, related_name="plans", verbose_name=_("crew"))

    target_mode = models.CharField(_("targets"), max_length=10, choices=TargetMode.choices, default=TargetMode.ASSETS)
    assets = models.ManyToManyField(Asset, blank=True, related_name="chosen_in_plans", verbose_name=_("chosen assets"))
    target_kind = models.CharField(_("asset kind"), max_length=20, choices=AssetKind.choices, blank=True)
    target_zone = models.ForeignKey(
        Zone,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("zone"),
        help_text=_("Leave empty for every zone."),
    )

    mode = models.CharField(_("mode"), max_length=10, choices=PlanMode.choices, default=PlanMode.FIXED)
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        blank=True,
        validators=[validate_rrule],
        help_text=_("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO or FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10"),
    )
    start = models.DateField(_("start"), default=timezone.localdate)
    due_time = models.TimeField(_("due time"), null=True, blank=True)
    calendar = models.CharField(
        _("calendar"), max_length=20, choices=CalendarPolicy.choices, default=CalendarPolicy.EVERY_DAY
    )
    non_working = models.CharField(
        _("on a non-working day"), max_length=10, choices=NonWorkingDayRule.choices, default=NonWorkingDayRule.NEXT
    )
    meter = models.CharField(_("meter"), max_length=20, choices=Meter.choices, blank=True)
    meter_interval = models.DecimalField(_("meter interval"), max_digits=12, decimal_places=2, null=True, blank=True)
    horizon_days = models.PositiveSmallIntegerField(
        _("generation horizon (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(400)],
    )
    paused = models.BooleanField(_("paused"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=PlanMode.values), name="plan_mode_valid"),
            models.CheckConstraint(condition=Q(horizon_days__gte=1, horizon_days__lte=400), name="plan_horizon_range"),
            models.CheckConstraint(
                condition=~Q(mode=PlanMode.METER) | Q(meter_interval__gt=0) & ~Q(meter=""),
                name="plan_meter_complete",
            ),
            models.CheckConstraint(condition=Q(mode=PlanMode.METER) | ~Q(rrule=""), name="plan_rrule_needed"),
            models.CheckConstraint(
                condition=~Q(target_mode=TargetMode.MATCH) | ~Q(target_kind=""), name="plan_match_has_kind"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plan-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.mode == PlanMode.METER:
            if not self.meter:
                errors["meter"] = ValidationError(_("A meter plan needs a meter."), code="meter_missing")
            if self.meter_interval is None or self.meter_interval <= 0:
                errors["meter_interval"] = ValidationError(
                    _("A meter plan needs a positive interval."), code="meter_interval_missing"
                )
        elif not self.rrule:
            errors["rrule"] = ValidationError(
                _("A fixed or floating plan needs a recurrence rule."), code="rrule_missing"
            )
        if self.target_mode == TargetMode.MATCH and not self.target_kind:
            errors["target_kind"] = ValidationError(
                _("Choose the kind of asset the plan applies to."), code="kind_missing"
            )
        if errors:
            raise ValidationError(errors)


class PlanTarget(models.Model):
    """An asset a plan applies to now, and how far its orders have been generated.

    Kept in sync with the plan's chosen assets or its kind + zone rule by
    services.sync_targets(); generation reads only this table.
    """

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="targets", verbose_name=_("plan"))
    asset = models.ForeignKey(Asset, models.PROTECT, related_name="plan_targets", verbose_name=_("asset"))
    active = models.BooleanField(_("active"), default=True)
    generated_through = models.DateField(_("generated through"), null=True, blank=True)
    # Set by a rewrite on the targets it sends back (services._regenerate_from): their
    # orders are made again, none due before this date; generation then clears it. Kept in
    # the database so that a rewrite interrupted before generating is finished right.
    regenerate_from = models.DateField(_("regenerate from"), null=True, blank=True, editable=False)
    # Meter plans: the reading at the last service (or when the asset joined).
    meter_baseline = models.DecimalField(_("meter baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    joined = models.DateField(_("joined"), default=timezone.localdate)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [models.UniqueConstraint(fields=["plan", "asset"], name="plan_target_unique")]
        indexes = [
            # Generation: the active targets whose orders lag behind the horizon.
            models.Index(fields=["plan", "generated_through"], name="target_generation", condition=Q(active=True)),
        ]

    def __str__(self):
        return f"{self.plan} → {self.asset}"


class ChecklistItem(models.Model):
    """One line of a plan's checklist: pass/fail, a number with its unit, or text."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="checklist", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(
        _("answer"), max_length=10, choices=ChecklistItemKind.choices, default=ChecklistItemKind.PASS_FAIL
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self):
        return self.label


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


class WorkOrderQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        return self.open().filter(due__lt=today)

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
        """Past due and not handled: stays visible until someone deals with it."""
        return self.is_open() and self.due < (today or timezone.localdate())


class ChecklistAnswer(models.Model):
    """A crew's answer to one checklist item on one work order."""

    order = models.ForeignKey(WorkOrder, models.CASCADE, related_name="answers", verbose_name=_("work order"))
    item = models.ForeignKey(ChecklistItem, models.PROTECT, related_name="answers", verbose_name=_("checklist item"))
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    answered = models.DateTimeField(_("answered"), auto_now=True)

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
        value = self.value()
        return value not in (None, "")


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


class Notification(models.Model):
    """A message for one user (an order gone overdue, say), shown until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    order = models.ForeignKey(
        WorkOrder, models.CASCADE, null=True, blank=True, related_name="notifications", verbose_name=_("work order")
    )
    message = models.TextField(_("message"))
    created = models.DateTimeField(_("created"), default=timezone.now)
    read = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The unread badge on every crew page.
            models.Index(fields=["user", "created"], name="notification_unread", condition=Q(read__isnull=True)),
        ]

    def __str__(self):
        return self.message[:60]
