"""Green-space care: what was planted, and losses to replace (a replanting need becomes a
work order for the landscaping crew; the replanting closes the loss)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import Asset
from core.models import PhotoRecord
from maintenance.models import WorkOrder


class Planting(models.Model):
    """Plants of a species in a green space or landscape: a count (trees, shrubs) or an
    area (lawn, ground cover), and when they were planted."""

    asset = models.ForeignKey(Asset, models.PROTECT, related_name="plantings", verbose_name=_("asset"))
    species = models.CharField(_("species"), max_length=200)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=10, decimal_places=1, null=True, blank=True)
    planted = models.DateField(_("planted on"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["asset", "species", "planted", "pk"]
        verbose_name = _("planting")
        verbose_name_plural = _("plantings")
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0) | Q(area_m2__gt=0), name="planting_count_or_area"),
        ]

    def __str__(self):
        return f"{self.species} ({self.asset.code})"


class Loss(models.Model):
    """Plants lost (dead, broken, stolen) that must be replaced: open until replanted."""

    asset = models.ForeignKey(Asset, models.PROTECT, related_name="plant_losses", verbose_name=_("asset"))
    planting = models.ForeignKey(
        Planting, models.PROTECT, null=True, blank=True, related_name="losses", verbose_name=_("planting")
    )
    species = models.CharField(_("species"), max_length=200)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=10, decimal_places=1, null=True, blank=True)
    noted = models.DateField(_("noted on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    work_order = models.OneToOneField(
        WorkOrder,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plant_loss",
        verbose_name=_("replanting work order"),
    )
    replanted = models.DateField(_("replanted on"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-noted", "-pk"]
        verbose_name = _("plant loss")
        verbose_name_plural = _("plant losses")
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0) | Q(area_m2__gt=0), name="loss_count_or_area"),
        ]
        indexes = [
            # Open losses (the green space's page, the planner's list).
            models.Index(fields=["asset"], condition=Q(replanted__isnull=True), name="loss_open"),
        ]

    def __str__(self):
        return f"{self.species} ({self.asset.code}, {self.noted})"


def loss_photo_path(photo: "LossPhoto", filename: str) -> str:
    return f"greening/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg"


class LossPhoto(PhotoRecord):
    """A photo of a loss (core.uploads made it)."""

    loss = models.ForeignKey(Loss, models.PROTECT, related_name="photos", verbose_name=_("loss"))
    image = models.ImageField(_("image"), upload_to=loss_photo_path)

    class Meta:
        ordering = ["loss", "created", "pk"]
        verbose_name = _("plant loss photo")
        verbose_name_plural = _("plant loss photos")
