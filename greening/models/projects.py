"""The planning bureau's projects: their phases, spending, documents, the programme they
belong to, and what a hand-over makes of them (assets, plans from templates)."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetKind
from assets.fields import GeometryField
from assets.geometry import measure
from assets.models import Asset, Department, Zone
from maintenance.models import TaskType
from maintenance.recurrence import validate_rrule

from ..choices import PHASE_ORDER, DocumentKind, Phase, ProjectKind


class Programme(models.Model):
    """A year's greening programme and its targets (this year's: 130,000 m² of new
    greening for 30 million yuan, six branch roads, the street-corner pieces)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    greening_m2 = models.DecimalField(_("new greening target (m²)"), max_digits=12, decimal_places=1, default=0)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2, default=0)
    roads = models.PositiveSmallIntegerField(_("roads to resurface"), default=0)
    pieces = models.PositiveSmallIntegerField(_("street-corner pieces"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return f"{self.year} {self.name}"


class ProjectQuerySet(models.QuerySet):
    def late(self, today: datetime.date) -> "ProjectQuerySet":
        """Projects behind their planned dates (late_condition)."""
        return self.filter(late_condition(today))

    def with_late(self, today: datetime.date) -> "ProjectQuerySet":
        """Each project with ``is_late`` (one EXISTS on the open-phase index)."""
        return self.annotate(is_late=Exists(late_phases(today).filter(project=OuterRef("pk"))))


def late_phases(today: datetime.date):
    """Phases behind plan: planned to have started (or ended) before today and not yet
    started (or ended)."""
    return ProjectPhase.objects.filter(
        Q(planned_start__lt=today, actual_start__isnull=True) | Q(planned_end__lt=today, actual_end__isnull=True)
    )


def late_condition(today: datetime.date) -> Q:
    """A project is late when one of its phases is behind plan (and it is not handed over)."""
    return Q(Exists(late_phases(today).filter(project=OuterRef("pk")))) & ~Q(phase=Phase.HANDED_OVER)


class Project(models.Model):
    """A landscape or greening project of the planning bureau, from planning to hand-over."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    programme = models.ForeignKey(
        Programme, models.PROTECT, null=True, blank=True, related_name="projects", verbose_name=_("programme")
    )
    geometry = GeometryField(_("geometry"), help_text=_("GeoJSON in WGS84: draw it on the map or paste it."))
    area_m2 = models.FloatField(_("area (m²)"), null=True, blank=True, editable=False)
    length_m = models.FloatField(_("length (m)"), null=True, blank=True, editable=False)
    min_lon = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="projects", verbose_name=_("responsibility zone"))
    keeper = models.ForeignKey(
        Department,
        models.PROTECT,
        related_name="projects_to_keep",
        verbose_name=_("department that will keep it"),
    )
    design_institute = models.CharField(_("design institute"), max_length=200, blank=True)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2, default=0)
    target_m2 = models.DecimalField(_("greening target (m²)"), max_digits=12, decimal_places=1, null=True, blank=True)
    target_m = models.DecimalField(_("road target (m)"), max_digits=10, decimal_places=1, null=True, blank=True)
    target_pieces = models.PositiveSmallIntegerField(_("pieces to build"), null=True, blank=True)
    leader = models.CharField(_("leadership member"), max_length=100, blank=True)
    liaison = models.CharField(_("liaison officer"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Kept by the phase services from the phases' actual dates (Project.phase_of).
    phase = models.CharField(_("current phase"), max_length=20, choices=Phase.choices, default=Phase.PLANNING)
    handed_over = models.DateTimeField(_("handed over"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProjectKind.values), name="project_kind_valid"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="project_phase_valid"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(handed_over__isnull=True) | Q(phase=Phase.HANDED_OVER), name="project_handed_over_phase"
            ),
        ]
        indexes = [
            # The programme's filters: kind and phase.
            models.Index(fields=["kind", "phase"], name="project_kind_phase"),
            models.Index(fields=["phase"], name="project_phase"),
            # The map: bbox overlap.
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="project_bbox"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        result = measure(self.geometry)
        self.area_m2, self.length_m = result.area_m2, result.length_m
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = result.bbox
        if kwargs.get("update_fields") is not None and "geometry" in kwargs["update_fields"]:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *("area_m2", "length_m", "min_lon", "min_lat", "max_lon", "max_lat"),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("project-detail", args=[self.pk])

    @staticmethod
    def phase_of(phases: list["ProjectPhase"]) -> Phase:
        """The current phase: the last one, in order, that has actually started."""
        started = {row.phase for row in phases if row.actual_start is not None}
        current = Phase.PLANNING
        for phase in PHASE_ORDER:
            if phase in started:
                current = phase
        return current


class ProjectPhase(models.Model):
    """One phase of a project, with its planned and actual start and end."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="phases", verbose_name=_("project"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("project phase")
        verbose_name_plural = _("project phases")
        constraints = [
            models.UniqueConstraint(fields=["project", "phase"], name="project_phase_unique"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="project_phase_phase_valid"),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="project_phase_planned_ordered",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gte=models.F("actual_start")),
                name="project_phase_actual_ordered",
            ),
        ]
        indexes = [
            # Late projects: phases not yet ended, by planned end (and start).
            models.Index(fields=["planned_end"], condition=Q(actual_end__isnull=True), name="phase_open_planned_end"),
            models.Index(
                fields=["planned_start"], condition=Q(actual_start__isnull=True), name="phase_unstarted_planned"
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.get_phase_display()}"

    def index(self) -> int:
        return PHASE_ORDER.index(Phase(self.phase))


class PhaseChange(models.Model):
    """A change of a project's current phase: who, when, from, to, and why (going back a
    phase needs a reason)."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="phase_changes", verbose_name=_("project"))
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["project", "at", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self):
        return f"{self.project.code} {self.from_phase} → {self.to_phase}"


class Spending(models.Model):
    """A dated entry of money spent on a project: never changed; a correction is an entry
    of its own (negative, with what it corrects)."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="spending", verbose_name=_("project"))
    day = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    purpose = models.CharField(_("what for"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    created = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["project", "day", "pk"]
        verbose_name = _("spending entry")
        verbose_name_plural = _("spending entries")
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="spending_not_zero")]

    def __str__(self):
        return f"{self.project.code} {self.day} {self.amount}"


def project_document_path(document: "ProjectDocument", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class ProjectDocument(models.Model):
    """A document or rendering of a project (content-checked on upload)."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="documents", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=project_document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["project", "kind", "created", "pk"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

    def __str__(self):
        return self.title


class ProjectAsset(models.Model):
    """An asset a project's hand-over made (an asset comes from one project at most)."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="handed_assets", verbose_name=_("project"))
    asset = models.OneToOneField(Asset, models.PROTECT, related_name="project_link", verbose_name=_("asset"))

    class Meta:
        ordering = ["project", "asset"]
        verbose_name = _("handed-over asset")
        verbose_name_plural = _("handed-over assets")

    def __str__(self):
        return f"{self.project.code} → {self.asset.code}"


class PlanTemplate(models.Model):
    """A maintenance plan a hand-over attaches to a new asset of a kind (administrators
    edit them: a new green space is cleaned weekly, watered every three days May–October…)."""

    asset_kind = models.CharField(_("asset kind"), max_length=20, choices=AssetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    task_type = models.ForeignKey(TaskType, models.PROTECT, related_name="plan_templates", verbose_name=_("task type"))
    # Checked as the plans' rules are, so a bad rule is refused in the admin, not at a hand-over.
    rrule = models.CharField(
        _("recurrence rule"), max_length=500, validators=[validate_rrule], help_text=_("RFC 5545, as the plans use.")
    )
    instructions = models.TextField(_("instructions"), blank=True)
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["asset_kind", "name"]
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        constraints = [models.UniqueConstraint(fields=["asset_kind", "name"], name="plan_template_unique")]

    def __str__(self):
        return f"{self.get_asset_kind_display()}: {self.name}"
