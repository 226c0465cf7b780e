"""Door-pledge units (门前三包), their pledges, and the checks of them."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetKind, GeometryType
from assets.fields import GeometryField
from assets.geometry import measure
from assets.models import Asset, Enterprise, Village, Zone
from core.models import PhotoRecord
from maintenance.recurrence import normalize_rrule

from . import credit_code, phones, ratings
from .choices import CheckStatus, Duty, PledgeStatus, Rating, UnitKind

# A pledge ending within this many days is listed for managers and flagged on the map.
EXPIRY_WINDOW_DAYS = 30

# Shown in place of the personal columns to those who may not see them (queries.may_see_personal).
MASK = "***"


def mask_phone(phone: str) -> str:
    """A phone number as others see it: the last four digits only."""
    digits = phone.strip()
    return f"{MASK}{digits[-4:]}" if len(digits) > 4 else MASK if digits else ""


def mask_name(name: str) -> str:
    """A person's name as others see it: the family name (the first character) only."""
    name = name.strip()
    return f"{name[0]}{MASK}" if name else ""


class UnitQuerySet(models.QuerySet):
    def in_bbox(self, west: float, south: float, east: float, north: float) -> "UnitQuerySet":
        """Units whose point or frontage meets the box (the map; nearest_unit's first cut)."""
        return self.filter(min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south)

    def with_pledge(self, today: datetime.date) -> "UnitQuerySet":
        """Each unit with ``pledge_ends`` (its active pledge's last day, None without one)
        and ``pledge_expiring`` (that day within EXPIRY_WINDOW_DAYS of today): one
        subquery on the active-pledge index, so lists and the map stay one query."""
        active = Pledge.objects.filter(unit=models.OuterRef("pk"), status=PledgeStatus.ACTIVE)
        return self.annotate(pledge_ends=models.Subquery(active.values("ends")[:1])).annotate(
            pledge_expiring=models.Case(
                models.When(
                    pledge_ends__lte=today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS), then=models.Value(True)
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class Unit(models.Model):
    """A shop, restaurant, enterprise or stall that pledges to keep the frontage before its
    door clean, green and orderly."""

    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("The register's number; on the sign."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("18 characters (GB 32100), when the unit has one."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    location = GeometryField(_("location"), geometry_type=GeometryType.POINT)
    frontage = GeometryField(
        _("frontage"),
        geometry_type=GeometryType.LINE,
        null=True,
        blank=True,
        help_text=_("The line along the road before the door, drawn on the map (GeoJSON in WGS84)."),
    )
    frontage_m = models.FloatField(_("frontage length (m)"), null=True, blank=True, editable=False)
    road = models.ForeignKey(
        Asset,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="door_units",
        limit_choices_to={"kind": AssetKind.ROAD_SEGMENT},
        verbose_name=_("road segment"),
    )
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="door_units", verbose_name=_("responsibility zone"))
    village = models.ForeignKey(
        Village,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="door_units",
        verbose_name=_("village or community"),
    )
    enterprise = models.ForeignKey(
        Enterprise, models.PROTECT, null=True, blank=True, related_name="door_units", verbose_name=_("enterprise")
    )
    # Personal data: shown whole to managers, administrators and inspectors only
    # (queries.may_see_personal); masked for everyone else, left out of exports and the API.
    contact_name = models.CharField(_("person responsible"), max_length=100, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phones.validate_phone])
    # Kept by services.rerate after every check (ratings.rate is the rule).
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices, default=Rating.UNRATED)
    active = models.BooleanField(_("active"), default=True, help_text=_("Closed units stay in the register."))
    notes = models.TextField(_("notes"), blank=True)
    min_lon = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("door unit")
        verbose_name_plural = _("door units")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="unit_kind_valid"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="unit_rating_valid"),
            models.CheckConstraint(
                condition=Q(credit_code="") | Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="unit_credit_code_form",
            ),
            # One register entry per credit code (a unit without one is told apart by code).
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="unit_credit_code_unique"
            ),
        ]
        indexes = [
            # The register's filters: zone (with rating, the red units of a zone), kind, rating.
            models.Index(fields=["zone", "rating"], name="unit_zone_rating"),
            models.Index(fields=["kind", "rating"], name="unit_kind_rating"),
            models.Index(fields=["rating"], name="unit_rating"),
            # The map and nearest_unit: bbox overlap.
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="unit_bbox"),
            # The register's name search and order.
            models.Index(fields=["name"], name="unit_name"),
            # The register's "active" filter, in the list's order (the text search has
            # trigram indexes: migration 0003).
            models.Index(fields=["active", "code"], name="unit_active_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.measure()
        if kwargs.get("update_fields") is not None and {"location", "frontage"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "frontage_m",
                "min_lon",
                "min_lat",
                "max_lon",
                "max_lat",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("unit-detail", args=[self.pk])

    def measure(self) -> None:
        """The frontage's geodesic length and the bbox of the point and the frontage."""
        boxes = [measure(self.location).bbox]
        self.frontage_m = None
        if self.frontage:
            line = measure(self.frontage)
            self.frontage_m = line.length_m
            boxes.append(line.bbox)
        self.min_lon = min(box[0] for box in boxes)
        self.min_lat = min(box[1] for box in boxes)
        self.max_lon = max(box[2] for box in boxes)
        self.max_lat = max(box[3] for box in boxes)

    def clean(self):
        if self.contact_phone:
            self.contact_phone = phones.normalize(self.contact_phone)
        if self.credit_code:
            try:
                self.credit_code = credit_code.validate(self.credit_code)
            except ValidationError as error:
                raise ValidationError({"credit_code": error}) from error

    def masked_contact_name(self) -> str:
        return mask_name(self.contact_name)

    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    def rating_from_checks(self) -> Rating:
        """The rating the rule gives this unit's recent checks (one query)."""
        done = self.checks.filter(status=CheckStatus.DONE).order_by("-done", "-pk")[: ratings.RECENT]
        return ratings.rate([check.failed_count() for check in done])


class PledgeWording(models.Model):
    """The standard wording of the three duties for a kind of unit: what a new pledge
    starts from (edited by administrators; each pledge may change its own copy)."""

    kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices, unique=True)
    sanitation = models.TextField(_("sanitation duty"))
    greening = models.TextField(_("greening duty"))
    order = models.TextField(_("order duty"))

    class Meta:
        ordering = ["kind"]
        verbose_name = _("standard pledge wording")
        verbose_name_plural = _("standard pledge wordings")

    def __str__(self):
        return self.get_kind_display()


def pledge_document_path(pledge: "Pledge", filename: str) -> str:
    """A random name under pledges/: names leak nothing, and nothing is overwritten."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pledges/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Pledge(models.Model):
    """A unit's signed pledge (the contract) for a term. Renewal makes a new pledge; the old
    one stays."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="pledges", verbose_name=_("unit"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    sanitation = models.TextField(_("sanitation duty"))
    greening = models.TextField(_("greening duty"))
    order = models.TextField(_("order duty"))
    signed = models.DateField(_("signed on"), null=True, blank=True)
    document = models.FileField(
        _("signed document"),
        upload_to=pledge_document_path,
        blank=True,
        help_text=_("The scanned signed pledge: PDF, JPEG or PNG."),
    )
    status = models.CharField(_("status"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT)
    renews = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    ended_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["unit", "-starts", "-pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PledgeStatus.values), name="pledge_status_valid"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="pledge_ends_after_start"),
            # In force means signed.
            models.CheckConstraint(
                condition=Q(signed__isnull=False) | Q(status=PledgeStatus.DRAFT), name="pledge_signed_unless_draft"
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status=PledgeStatus.ACTIVE), name="pledge_one_active_per_unit"
            ),
        ]
        indexes = [
            # Pledges ending soon (the managers' list, the map's flag): active by end date.
            models.Index(fields=["ends"], condition=Q(status=PledgeStatus.ACTIVE), name="pledge_active_ends"),
            models.Index(fields=["status", "ends"], name="pledge_status_ends"),
        ]

    def __str__(self):
        return f"{self.unit.code} {self.starts}–{self.ends}"

    def duties(self) -> list[tuple[str, str, str]]:
        """(duty, its name, this pledge's text) for the three duties, in order."""
        return [(duty.value, duty.label, getattr(self, duty.value)) for duty in Duty]


class CheckPlan(models.Model):
    """Which units are checked how often: every active unit of a zone, by an RFC 5545 rule
    on working days (a date that falls on a rest day moves to the next working day)."""

    name = models.CharField(_("name"), max_length=200)
    zone = models.ForeignKey(Zone, models.PROTECT, related_name="door_check_plans", verbose_name=_("zone"))
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=500,
        default="FREQ=WEEKLY;INTERVAL=2",
        help_text=_("RFC 5545, e.g. FREQ=WEEKLY;INTERVAL=2 for fortnightly."),
    )
    starts = models.DateField(_("starts"), default=timezone.localdate)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["zone", "name"]
        verbose_name = _("door check plan")
        verbose_name_plural = _("door check plans")

    def __str__(self):
        return self.name

    def clean(self):
        # The rule as maintenance's plans check theirs: one that cannot recur is refused
        # here (the admin) rather than reported by every nightly run.
        try:
            self.rrule = normalize_rrule(self.rrule)
        except ValidationError as error:
            raise ValidationError({"rrule": error}) from error


class Check(models.Model):
    """One check of a unit: pass or fail on each of the three duties, with photos and a note."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="checks", verbose_name=_("unit"))
    plan = models.ForeignKey(
        CheckPlan, models.PROTECT, null=True, blank=True, related_name="checks", verbose_name=_("check plan")
    )
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=CheckStatus.choices, default=CheckStatus.DUE)
    # None until checked; then True (kept) or False (failed).
    sanitation_ok = models.BooleanField(_("sanitation kept"), null=True, blank=True)
    greening_ok = models.BooleanField(_("greening kept"), null=True, blank=True)
    order_ok = models.BooleanField(_("order kept"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="door_checks",
        verbose_name=_("inspector"),
    )
    done = models.DateTimeField(_("done"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-due", "-pk"]
        verbose_name = _("door check")
        verbose_name_plural = _("door checks")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CheckStatus.values), name="check_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=CheckStatus.DONE)
                | Q(
                    sanitation_ok__isnull=False,
                    greening_ok__isnull=False,
                    order_ok__isnull=False,
                    done__isnull=False,
                    inspector__isnull=False,
                ),
                name="check_done_complete",
            ),
            # A plan's check of a unit on a day is made once, however often the job runs.
            models.UniqueConstraint(
                fields=["plan", "unit", "due"], condition=Q(plan__isnull=False), name="check_plan_unit_due"
            ),
        ]
        indexes = [
            # The inspectors' Today: checks due by date.
            models.Index(fields=["due"], condition=Q(status=CheckStatus.DUE), name="check_due_open"),
            # A unit's history and its rating: its checks done, newest first.
            models.Index(fields=["unit", "-done"], condition=Q(status=CheckStatus.DONE), name="check_unit_done"),
            # The checks list: newest due first (the due range), by status, by inspector,
            # the failed ones (the zone filter goes through the units' zone index and unit_id).
            models.Index(fields=["-due", "-id"], name="check_list_order"),
            models.Index(fields=["status", "-due", "-id"], name="check_status_due"),
            models.Index(fields=["inspector", "-due", "-id"], name="check_inspector_due"),
            models.Index(
                fields=["-due", "-id"],
                condition=Q(sanitation_ok=False) | Q(greening_ok=False) | Q(order_ok=False),
                name="check_failed_due",
            ),
        ]

    def __str__(self):
        return f"{self.unit.code} {self.due}"

    def results(self) -> list[tuple[str, str, bool | None]]:
        """(duty, its name, kept?) for the three duties, in order."""
        return [(duty.value, duty.label, getattr(self, f"{duty.value}_ok")) for duty in Duty]

    def failed_duties(self) -> list[str]:
        return [duty for duty, _label, kept in self.results() if kept is False]

    def failed_count(self) -> int:
        return len(self.failed_duties())


def check_photo_path(photo: "CheckPhoto", filename: str) -> str:
    return f"door-checks/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg"


class CheckPhoto(PhotoRecord):
    """A photo taken at a check (core.uploads made it)."""

    door_check = models.ForeignKey(Check, models.PROTECT, related_name="photos", verbose_name=_("check"))
    duty = models.CharField(_("duty"), max_length=20, choices=Duty.choices, blank=True)
    image = models.ImageField(_("image"), upload_to=check_photo_path)

    class Meta:
        ordering = ["door_check", "created", "pk"]
        verbose_name = _("door check photo")
        verbose_name_plural = _("door check photos")
