"""Inspection rounds, findings, their history (steps) and photos."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetKind, GeometryType
from assets.fields import GeometryField
from assets.models import Asset, Department, Village, Zone
from core.models import PhotoRecord
from frontage.choices import Duty
from frontage.models import Check, Unit
from maintenance.models import Crew, WorkOrder

from ..choices import (
    OPEN_STATUSES,
    PARTY_STATUSES,
    FindingSource,
    FindingStatus,
    PhotoStage,
    Severity,
    StepKind,
)
from .catalogue import Category

# A round's area: exactly one of these (round_one_area).
AREA_FIELDS = ("zone", "village", "road", "area")


class RoundQuerySet(models.QuerySet):
    def with_finding_count(self) -> "RoundQuerySet":
        """Each round with ``finding_count``: 0 is the result "nothing found"."""
        return self.annotate(finding_count=Count("findings"))


class Round(models.Model):
    """An inspection round: who went, when, over which area, and what they found (or
    that they found nothing)."""

    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="inspection_rounds", verbose_name=_("inspectors")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    # The area is exactly one of these (round_one_area).
    zone = models.ForeignKey(
        Zone, models.PROTECT, null=True, blank=True, related_name="inspection_rounds", verbose_name=_("zone")
    )
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="inspection_rounds", verbose_name=_("village")
    )
    road = models.ForeignKey(
        Asset,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_rounds",
        limit_choices_to={"kind": AssetKind.ROAD_SEGMENT},
        verbose_name=_("road segment"),
    )
    area = GeometryField(
        _("drawn area"), geometry_type=GeometryType.POLYGON, null=True, blank=True, help_text=_("GeoJSON in WGS84.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    # Set once by services.end_round: no finding is registered on an ended round, and an
    # ended round without findings has the result "nothing found".
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(zone__isnull=False, village__isnull=True, road__isnull=True, area__isnull=True)
                    | Q(zone__isnull=True, village__isnull=False, road__isnull=True, area__isnull=True)
                    | Q(zone__isnull=True, village__isnull=True, road__isnull=False, area__isnull=True)
                    | Q(zone__isnull=True, village__isnull=True, road__isnull=True, area__isnull=False)
                ),
                name="round_one_area",
                violation_error_message=_(
                    "Choose the round's area: one zone, village or road segment, or draw it on the map."
                ),
            ),
        ]
        indexes = [
            # The rounds list's order (newest first) and its date range; the Monday report's
            # rounds by date. (Its zone filter reads the zone foreign key's index, its
            # inspector filter the inspectors table's index on the user.)
            models.Index(fields=["-date", "-id"], name="round_list_order"),
        ]

    def __str__(self):
        return f"{self.date} · {self.area_text()}"

    def area_text(self) -> str:
        """The round's area in words."""
        if self.zone_id:
            return str(self.zone)
        if self.village_id:
            return str(self.village)
        if self.road_id:
            return self.road.name
        return str(_("a drawn area"))

    def clean(self):
        """Two areas chosen: an error on each of them (none chosen is round_one_area's)."""
        chosen = [name for name in AREA_FIELDS if getattr(self, name if name == "area" else f"{name}_id") is not None]
        if len(chosen) > 1:
            message = _("Choose only one area: a zone, a village, a road segment or a drawn area.")
            raise ValidationError({name: ValidationError(message, code="two_areas") for name in chosen})

    def is_open(self) -> bool:
        return self.ended is None

    def nothing_found(self) -> bool:
        """The round's result: nothing found, when none of its findings exists (counted
        once by RoundQuerySet.with_finding_count for a list)."""
        count = getattr(self, "finding_count", None)
        return (count if count is not None else self.findings.count()) == 0


def is_overdue(status: str, deadline: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Dispatched and not disposed of by its deadline: the party is late."""
    return status == FindingStatus.DISPATCHED and deadline is not None and deadline < now


def overdue_condition(now: datetime.datetime) -> Q:
    """is_overdue() as a filter."""
    return Q(status=FindingStatus.DISPATCHED, deadline__lt=now)


class FindingQuerySet(models.QuerySet):
    def open(self) -> "FindingQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> "FindingQuerySet":
        return self.filter(overdue_condition(now or timezone.now()))


class Finding(models.Model):
    """A problem found at a place (by an inspector, the public, or a re-inspection) and
    its closed loop: registered, dispatched to the party that answers for it, disposed,
    verified, closed. Never deleted: a mistaken one is voided with a reason."""

    category = models.ForeignKey(Category, models.PROTECT, related_name="findings", verbose_name=_("category"))
    round = models.ForeignKey(
        Round, models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("inspection round")
    )
    source = models.CharField(
        _("source"), max_length=20, choices=FindingSource.choices, default=FindingSource.INSPECTION
    )
    point = GeometryField(_("place"), geometry_type=GeometryType.POINT, help_text=_("A GeoJSON point in WGS84."))
    # From the point, on every save: the maps and the inspectors' route read them.
    lon = models.FloatField(_("longitude"), editable=False)
    lat = models.FloatField(_("latitude"), editable=False)
    asset = models.ForeignKey(
        Asset, models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("asset")
    )
    # The responsibility zone of the place (services.routing.zone_for: the asset's, else
    # the zone whose boundary holds the point, else the nearest).
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="findings", verbose_name=_("responsibility zone"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.REGISTERED
    )
    # The responsible party: one of these (finding_one_party): a crew, a department, or
    # the door-pledge unit whose frontage it is (services.routing puts the unit first).
    crew = models.ForeignKey(
        Crew, models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("crew")
    )
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("department")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("door unit")
    )
    # A finding opened from a failed duty of a door check (views.register.door_check_links).
    door_check = models.ForeignKey(
        Check, models.PROTECT, null=True, blank=True, related_name="findings", verbose_name=_("door check")
    )
    door_duty = models.CharField(_("failed duty"), max_length=20, choices=Duty.choices, blank=True)
    dispatched = models.DateTimeField(_("dispatched"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    disposed = models.DateTimeField(_("disposed"), null=True, blank=True)
    closed = models.DateTimeField(_("closed"), null=True, blank=True)
    rework_count = models.PositiveSmallIntegerField(_("times sent back"), default=0)
    rebound_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rebounds",
        verbose_name=_("rebound of"),
    )
    # 0 for a new problem; n for the n-th rebound in a chain (rebound_of's plus one).
    rebound_number = models.PositiveSmallIntegerField(_("rebound number"), default=0)
    escalated = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalation_cleared = models.DateTimeField(_("escalation cleared"), null=True, blank=True)
    cleared_note = models.TextField(_("note on clearing"), blank=True)
    work_order = models.ForeignKey(
        WorkOrder,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("corrective work order"),
    )
    # Set once its re-inspections exist (services.reinspections.schedule_reinspections).
    reinspections_scheduled = models.DateTimeField(_("re-inspections scheduled"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FindingStatus.values), name="finding_status_valid"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="finding_severity_valid"),
            models.CheckConstraint(condition=Q(source__in=FindingSource.values), name="finding_source_valid"),
            # At most one party: two of the three are empty.
            models.CheckConstraint(
                condition=Q(crew__isnull=True, department__isnull=True)
                | Q(crew__isnull=True, unit__isnull=True)
                | Q(department__isnull=True, unit__isnull=True),
                name="finding_one_party",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PARTY_STATUSES)
                | (Q(crew__isnull=False) | Q(department__isnull=False) | Q(unit__isnull=False))
                & Q(deadline__isnull=False),
                name="finding_dispatched_has_party",
            ),
            models.CheckConstraint(
                condition=Q(door_duty="") | Q(door_check__isnull=False, door_duty__in=Duty.values),
                name="finding_door_duty_of_check",
            ),
            models.CheckConstraint(condition=~Q(rebound_of=models.F("pk")), name="finding_not_own_rebound"),
            models.CheckConstraint(
                condition=Q(rebound_of__isnull=True, rebound_number=0)
                | Q(rebound_of__isnull=False, rebound_number__gt=0),
                name="finding_rebound_numbered",
            ),
        ]
        indexes = [
            # The overdue rule (lists, notices, reports): dispatched findings by deadline.
            models.Index(
                fields=["deadline"], name="finding_dispatched_deadline", condition=Q(status=FindingStatus.DISPATCHED)
            ),
            # The findings list's order (newest first) and its date range when no other filter narrows it.
            models.Index(fields=["-created", "-id"], name="finding_list_order"),
            # The findings list's status filter in its order; the public reports waiting (pending).
            models.Index(fields=["status", "created"], name="finding_status_created"),
            # A crew's findings (findings_for_user for a crew member) and a department's, by status.
            models.Index(fields=["crew", "status"], name="finding_crew_status"),
            models.Index(fields=["department", "status"], name="finding_department_status"),
            # A door unit's findings, by status (its page, the register's figures).
            models.Index(fields=["unit", "status"], name="finding_unit_status"),
            # Reports per zone and category and week.
            models.Index(fields=["zone", "created"], name="finding_zone_created"),
            models.Index(fields=["category", "created"], name="finding_category_created"),
            # The nightly rebound job: closed findings whose re-inspections are not made yet.
            models.Index(
                fields=["closed"],
                name="finding_reinspections_due",
                condition=Q(status=FindingStatus.CLOSED, reinspections_scheduled__isnull=True),
            ),
            # Open311's requests list: the public's reports, newest first, and its date range.
            models.Index(
                fields=["-created", "-id"], name="finding_public_created", condition=Q(source=FindingSource.PUBLIC)
            ),
            # Managers' escalations waiting to be cleared.
            models.Index(
                fields=["escalated"],
                name="finding_escalated_open",
                condition=Q(escalated__isnull=False, escalation_cleared__isnull=True),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.category}"

    def save(self, *args, **kwargs):
        self.lon, self.lat = self.point["coordinates"][:2]
        if kwargs.get("update_fields") is not None and "point" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "lon", "lat"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("finding-detail", args=[self.pk])

    @property
    def party(self):
        """The crew, the department or the door unit that answers for it (or None)."""
        return self.crew or self.department or self.unit

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return is_overdue(self.status, self.deadline, now or timezone.now())

    def is_escalated(self) -> bool:
        """Flagged by a repeated rebound, until a manager clears it."""
        return self.escalated is not None and self.escalation_cleared is None


class Step(models.Model):
    """One thing that happened to a finding: what, from which status to which, who, when, why."""

    finding = models.ForeignKey(Finding, models.PROTECT, related_name="steps", verbose_name=_("finding"))
    kind = models.CharField(_("what happened"), max_length=20, choices=StepKind.choices)
    before = models.CharField(_("status before"), max_length=20, choices=FindingStatus.choices, blank=True)
    after = models.CharField(_("status after"), max_length=20, choices=FindingStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["finding", "at", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [models.CheckConstraint(condition=Q(kind__in=StepKind.values), name="step_kind_valid")]
        indexes = [
            # A finding's story, in order (its page, the admin's inline).
            models.Index(fields=["finding", "at"], name="step_finding_at"),
            # Reports: what happened when (refusals, rework, closures per week).
            models.Index(fields=["kind", "at"], name="step_kind_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


def finding_photo_path(photo: "Photo", filename: str) -> str:
    return f"findings/{photo.finding_id}/{filename}"


class Photo(PhotoRecord):
    """A photo of a finding's place: before, after the work, or at a re-inspection."""

    finding = models.ForeignKey(Finding, models.PROTECT, related_name="photos", verbose_name=_("finding"))
    stage = models.CharField(_("stage"), max_length=20, choices=PhotoStage.choices)
    reinspection = models.ForeignKey(
        "Reinspection",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("re-inspection"),
    )
    image = models.ImageField(_("image"), upload_to=finding_photo_path)

    class Meta:
        ordering = ["finding", "created", "pk"]
        verbose_name = _("finding photo")
        verbose_name_plural = _("finding photos")
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=PhotoStage.values), name="photo_stage_valid"),
            models.CheckConstraint(
                condition=Q(reinspection__isnull=True) | Q(stage=PhotoStage.REINSPECTION),
                name="photo_reinspection_stage",
            ),
        ]
        indexes = [
            # Serving a photo (queries.may_see_photo looks it up by its path).
            models.Index(fields=["image"], name="finding_photo_image"),
        ]

    def __str__(self):
        return self.image.name
