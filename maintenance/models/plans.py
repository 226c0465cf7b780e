"""Plans and who does them: task types, crews, plans, their targets and checklists."""

import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assets.choices import AssetKind
from assets.models import Asset, Department, Zone
from core.models import BilingualNameMixin

from ..choices import CalendarPolicy, ChecklistItemKind, Meter, NonWorkingDayRule, PlanMode, TargetMode
from ..recurrence import normalize_rrule, occurrences, until, validate_rrule


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
    # A crew's one plan of corrective work orders (services.corrective: findings of the
    # inspections app opened for the crew): paused, without targets, never generated,
    # listed with no plans and changed by no form.
    corrective = models.BooleanField(_("corrective work"), default=False, editable=False)
    # Set when generating the plan raised (the run went on with the other plans), cleared
    # when it next generates fine: managers see it on the plan list, its page and the admin.
    generation_error = models.TextField(_("generation error"), blank=True, editable=False)
    generation_failed = models.DateTimeField(_("generation failed"), null=True, blank=True, editable=False)
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
            # One corrective plan per crew, made on first need by whoever gets there first.
            models.UniqueConstraint(fields=["crew"], condition=Q(corrective=True), name="plan_one_corrective_per_crew"),
            models.CheckConstraint(condition=Q(corrective=False) | Q(paused=True), name="plan_corrective_paused"),
        ]
        indexes = [
            # The admin's "generation failed" filter; a run clears the marks of the plans it generated.
            models.Index(
                fields=["generation_failed"],
                name="plan_generation_failed",
                condition=Q(generation_failed__isnull=False),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plan-detail", args=[self.pk])

    def clean(self):
        if self.corrective:
            raise ValidationError(
                _("This is a crew's plan of corrective work from inspections: it cannot be changed."),
                code="corrective",
            )
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
        elif self.start is not None and (error := self._rule_outside_start()) is not None:
            errors["rrule"] = error
        if self.target_mode == TargetMode.MATCH and not self.target_kind:
            errors["target_kind"] = ValidationError(
                _("Choose the kind of asset the plan applies to."), code="kind_missing"
            )
        if errors:
            raise ValidationError(errors)

    def _rule_outside_start(self) -> ValidationError | None:
        """Why the rule (if valid: its own errors are the field's) makes no date from the
        plan's start on, or None: an UNTIL before the start, or none of its dates between."""
        last = until(self.rrule)
        if last is None:
            return None
        params = {"until": last.isoformat(), "start": self.start.isoformat()}
        if last < self.start:
            return ValidationError(
                _("The rule ends (UNTIL %(until)s) before the plan starts (%(start)s): it would make no work order."),
                code="rrule_until_before_start",
                params=params,
            )
        if not occurrences(normalize_rrule(self.rrule), self.start, self.start, last):
            return ValidationError(
                _("The rule has no date from the plan's start (%(start)s) to its end (UNTIL %(until)s)."),
                code="rrule_until_no_date",
                params=params,
            )
        return None


def meter_threshold(baseline: Decimal | None, interval: Decimal | None) -> Decimal | None:
    """The reading at which a meter plan's next order falls due: the baseline (the
    reading at the last service, or when the asset joined) plus the plan's interval."""
    if baseline is None or interval is None:
        return None
    return baseline + interval


class PlanTarget(models.Model):
    """An asset a plan applies to now, and how far its orders have been generated.

    Kept in sync with the plan's chosen assets or its kind + zone rule by
    services.sync_targets(); generation reads only this table.
    """

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="targets", verbose_name=_("plan"))
    asset = models.ForeignKey(Asset, models.PROTECT, related_name="plan_targets", verbose_name=_("asset"))
    active = models.BooleanField(_("active"), default=True)
    generated_through = models.DateField(_("generated through"), null=True, blank=True)
    # Set by a rewrite on the targets it sends back (services.rewrite.send_back): their
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

    @property
    def threshold(self) -> Decimal | None:
        """The meter reading at which this target's next order falls due (meter plans)."""
        return meter_threshold(self.meter_baseline, self.plan.meter_interval)


# A pass/fail answer as text, both ways (parse_answer, answer_text).
PASS_FAIL_TEXT = {"pass": True, "fail": False, "": None}
# ChecklistAnswer.number holds 14 digits, 3 of them decimals.
ANSWER_NUMBER_LIMIT = Decimal(10) ** 11
ANSWER_NUMBER_QUANTUM = Decimal("0.001")


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
    # An item with answers is never deleted (its answers are evidence): it is retired.
    retired = models.BooleanField(
        pgettext_lazy("checklist item", "retired"),
        default=False,
        help_text=_("No longer asked on new and open work orders; the orders that answered it still show it."),
    )
    # The plant's "running hours" line: what the crew reads off the machine is also the
    # meter's reading, recorded when the order is completed (services.completion_readings).
    meter = models.CharField(
        _("records meter"),
        max_length=20,
        choices=Meter.choices,
        blank=True,
        help_text=_(
            "For a number item: when the order is completed, the answer is recorded as a reading "
            "of this meter of the order's asset."
        ),
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.CheckConstraint(
                condition=Q(meter="") | Q(kind=ChecklistItemKind.NUMBER), name="checklist_meter_is_number"
            ),
        ]

    def __str__(self):
        return self.label

    def snapshot(self) -> dict:
        """What an answer keeps of the item it was given under (ChecklistAnswer.save)."""
        return {"label": self.label, "kind": self.kind, "unit": self.unit}

    def has_answers(self) -> bool:
        """Some work order answered it (an answer cleared again does not count)."""
        return self.pk is not None and self.answers.answered().exists()

    def clean(self):
        """A meter is recorded only from a number. An answered item keeps its label, kind
        and unit, the question its answers answer: a changed question is a new item
        (retire this one)."""
        if self.meter and self.kind != ChecklistItemKind.NUMBER:
            raise ValidationError(
                {"meter": ValidationError(_("Only a number item can record a meter reading."), code="meter_kind")}
            )
        if self.pk is None:
            return
        before = ChecklistItem.objects.filter(pk=self.pk).first()
        if before is None:
            return
        changed = [name for name, value in before.snapshot().items() if getattr(self, name) != value]
        if changed and before.has_answers():
            message = _(
                "“%(item)s” already has answers, so its label, type of answer and unit cannot change: "
                "retire it and add a new one."
            )
            raise ValidationError(
                {
                    name: ValidationError(message, code="answered_item", params={"item": before.label})
                    for name in changed
                }
            )

    def parse_answer(self, raw: str) -> dict:
        """The answer typed as text (a form's, an API's), as ChecklistAnswer's columns:
        "pass" / "fail" / "" for pass/fail, a number (a decimal comma allowed), any text.
        Raises ValidationError when the text is not an answer of this item's kind."""
        raw = (raw or "").strip()
        if self.kind == ChecklistItemKind.PASS_FAIL:
            if raw not in PASS_FAIL_TEXT:
                raise ValidationError(_("%(item)s: choose pass or fail.") % {"item": self.label}, code="pass_fail")
            return {"passed": PASS_FAIL_TEXT[raw], "number": None, "text": ""}
        if self.kind == ChecklistItemKind.NUMBER:
            return {"passed": None, "number": self._parse_number(raw), "text": ""}
        return {"passed": None, "number": None, "text": raw}

    def _parse_number(self, raw: str) -> Decimal | None:
        if not raw:
            return None
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ValidationError(_("%(item)s: enter a number, e.g. 12.5.") % {"item": self.label}, code="number")
        # Stored with three decimals: round first, so that the limit holds for the stored
        # value (99999999999.9999 rounds up past it) and a tiny exponent (1e-99999)
        # becomes 0 rather than a database error.
        number = number.quantize(ANSWER_NUMBER_QUANTUM) if number.adjusted() < 12 else number
        if abs(number) >= ANSWER_NUMBER_LIMIT:
            raise ValidationError(_("%(item)s: the number is too large.") % {"item": self.label}, code="too_large")
        return number

    def answer_text(self, answer) -> str:
        """A saved answer (or None) as text, as parse_answer() reads it back."""
        return "" if answer is None else answer.as_text()
