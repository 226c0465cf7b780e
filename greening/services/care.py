"""Green-space care: what was planted, the losses to replace, and their replanting.

A planting (species, count or area, when) is recorded by the planning bureau, managers
and administrators; a loss by anyone who may see the asset's page — crews find the dead
trees — with photos (core.uploads.process_photo). "Needs replanting" opens a corrective
work order (maintenance.services.open_corrective_order) for the crew that keeps the
asset; when that order is done the loss is replanted (maintenance's order_changed,
listened to in apps.GreeningConfig.ready → order_done here); it may also be marked
replanted by hand.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import AssetKind
from assets.models import Asset
from core.roles import Role, has_role
from core.uploads import process_photo
from inspections.services import asset_crews
from maintenance.choices import OrderStatus
from maintenance.models import Crew, WorkOrder
from maintenance.services import OrderChange, open_corrective_order

from ..models import Loss, LossPhoto, Planting

# The kinds of asset that have plantings and losses.
CARED_KINDS = (AssetKind.GREEN_SPACE, AssetKind.LANDSCAPE)
# A replanting order is due this many days after it is opened, unless told otherwise; at this hour.
REPLANTING_DAYS = 7
REPLANTING_HOUR = datetime.time(17, 0)


def cared_assets(user) -> QuerySet:
    """The green spaces and landscape pieces this user may see."""
    return Asset.objects.for_user(user).filter(kind__in=CARED_KINDS)


def may_tend(user) -> bool:
    """May the user record plantings, order a replanting, mark a loss replanted?"""
    return user.is_authenticated and (
        user.is_superuser or has_role(user, Role.PLANNER, Role.MANAGER, Role.ADMINISTRATOR)
    )


def may_report_loss(user, asset: Asset) -> bool:
    """Anyone who may see the asset's page (crews too: they find the dead trees)."""
    return user.is_authenticated and asset.kind in CARED_KINDS


def _amount(count, area) -> tuple[int | None, Decimal | None]:
    """A count (whole, positive) or an area (m², positive): at least one; a clear error otherwise."""
    errors = {}
    if count in (None, ""):
        count = None
    else:
        try:
            count = int(count)
        except (TypeError, ValueError):
            errors["count"] = ValidationError(_("The count is a whole number."), code="count_invalid")
        else:
            if count <= 0:
                errors["count"] = ValidationError(_("The count must be more than 0."), code="count_not_positive")
    if area in (None, ""):
        area = None
    else:
        try:
            area = Decimal(str(area)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            errors["area_m2"] = ValidationError(_("The area is a number of square metres."), code="area_invalid")
        else:
            if not area.is_finite() or area <= 0:
                errors["area_m2"] = ValidationError(_("The area must be more than 0."), code="area_not_positive")
            elif area >= Decimal("1000000000"):
                errors["area_m2"] = ValidationError(_("The area is too large."), code="area_too_large")
    if errors:
        raise ValidationError(errors)
    if count is None and area is None:
        raise ValidationError(_("Give a count (trees, shrubs) or an area (m²)."), code="amount_missing")
    return count, area


def _day(value, field: str, today: datetime.date, label: str) -> datetime.date:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip()) if value.strip() else None
        except ValueError:
            raise ValidationError(
                {field: ValidationError(_("Give the date as YYYY-MM-DD."), code="date_invalid")}
            ) from None
    if value is None:
        raise ValidationError(
            {field: ValidationError(_("Give the date %(what)s.") % {"what": label}, code="date_missing")}
        )
    if value > today:
        raise ValidationError({field: ValidationError(_("The date cannot be in the future."), code="date_future")})
    return value


def _check_cared(asset: Asset) -> None:
    if asset.kind not in CARED_KINDS:
        raise ValidationError(_("Only green spaces and landscape pieces have plantings."), code="not_cared")


def record_planting(
    asset: Asset, by, *, species: str, count=None, area_m2=None, planted=None, notes: str = "", today=None
) -> Planting:
    """Record plants of a species put in the asset (the caller's form gives the values as typed)."""
    if not may_tend(by):
        raise PermissionDenied(_("Only the planning bureau, managers and administrators record plantings."))
    _check_cared(asset)
    today = today or timezone.localdate()
    species = (species or "").strip()
    if not species:
        raise ValidationError({"species": ValidationError(_("Name the species."), code="species_missing")})
    count, area = _amount(count, area_m2)
    planted = _day(planted, "planted", today, _("of planting"))
    return Planting.objects.create(
        asset=asset, species=species[:200], count=count, area_m2=area, planted=planted, notes=notes.strip(),
        created_by=by,
    )  # fmt: skip


def record_loss(
    asset: Asset, by, *, planting: Planting | None = None, species: str = "", count=None, area_m2=None,
    noted=None, note: str = "", photos=(), today=None,
) -> Loss:  # fmt: skip
    """Record plants lost in the asset: of a planting (not more than it had) or of a
    species named; with photos, each checked (nothing is kept if one is refused)."""
    if not may_report_loss(by, asset):
        raise PermissionDenied(_("You cannot report losses here."))
    _check_cared(asset)
    today = today or timezone.localdate()
    if planting is not None and planting.asset_id != asset.pk:
        raise ValidationError({"planting": ValidationError(_("That planting is not of this place."), code="planting")})
    species = (species or "").strip() or (planting.species if planting else "")
    if not species:
        raise ValidationError({"species": ValidationError(_("Name the species."), code="species_missing")})
    count, area = _amount(count, area_m2)
    if planting is not None:
        _within_planting(planting, count, area)
    noted = _day(noted or today, "noted", today, _("the loss was noted"))
    photos = list(photos)
    if len(photos) > settings.PHOTOS_PER_ORDER:
        raise ValidationError(
            _("A loss may have at most %(limit)s photos."),
            code="photo_limit",
            params={"limit": settings.PHOTOS_PER_ORDER},
        )
    kept = [process_photo(upload) for upload in photos]  # each refused with its reason before anything is saved
    with transaction.atomic():
        loss = Loss.objects.create(
            asset=asset, planting=planting, species=species[:200], count=count, area_m2=area, noted=noted,
            note=note.strip(), reported_by=by,
        )  # fmt: skip
        for photo in kept:
            row = LossPhoto(loss=loss, taken=photo.taken, uploaded_by=by)
            row.image.save(photo.content.name, photo.content, save=False)
            row.save()
    return loss


def _within_planting(planting: Planting, count: int | None, area: Decimal | None) -> None:
    if count is not None and (planting.count is None or count > planting.count):
        raise ValidationError(
            {"count": ValidationError(
                _("Not more than were planted (%(planted)s)."), code="count_above_planted",
                params={"planted": planting.count or 0},
            )}
        )  # fmt: skip
    if area is not None and (planting.area_m2 is None or area > planting.area_m2):
        raise ValidationError(
            {"area_m2": ValidationError(
                _("Not more than was planted (%(planted)s m²)."), code="area_above_planted",
                params={"planted": planting.area_m2 or 0},
            )}
        )  # fmt: skip


def replanting_crew(asset: Asset) -> Crew | None:
    """Who replants: the crew whose plans keep the asset (as inspections routes a
    finding), else the responsible department's first crew by code."""
    crew = asset_crews(asset).first()
    if crew is None:
        crew = Crew.objects.filter(department=asset.department_id).order_by("code").first()
    return crew


def order_replanting(loss: Loss, by, *, due: datetime.date | None = None, today=None) -> WorkOrder:
    """ "Needs replanting": a work order for the crew that keeps the place (Loss.work_order)."""
    if not may_tend(by):
        raise PermissionDenied(_("Only the planning bureau, managers and administrators order a replanting."))
    today = today or timezone.localdate()
    due = due or today + datetime.timedelta(days=REPLANTING_DAYS)
    if due < today:
        raise ValidationError({"due": ValidationError(_("The due date cannot be in the past."), code="due_past")})
    with transaction.atomic():
        loss = Loss.objects.select_for_update(of=("self",)).select_related("asset", "work_order").get(pk=loss.pk)
        if loss.replanted is not None:
            raise ValidationError(_("This loss has been replanted already."), code="replanted")
        if loss.work_order is not None and loss.work_order.status in (OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS):
            raise ValidationError(
                _("Work order #%(order)s is open for this replanting already."),
                code="ordered",
                params={"order": loss.work_order_id},
            )
        crew = replanting_crew(loss.asset)
        if crew is None:
            raise ValidationError(
                _("%(department)s has no crew to replant: add a crew to it first."),
                code="no_crew",
                params={"department": loss.asset.department.display_name},
            )
        amount = f"{loss.count}" if loss.count else f"{loss.area_m2} m²"
        description = _("Replant %(species)s (%(amount)s) lost on %(noted)s.") % {
            "species": loss.species,
            "amount": amount,
            "noted": loss.noted,
        }
        if loss.note:
            description = f"{description}\n{loss.note}"
        moment = timezone.make_aware(datetime.datetime.combine(due, REPLANTING_HOUR))
        order = open_corrective_order(loss.asset, crew, moment, description, by)
        loss.work_order = order
        loss.save(update_fields=["work_order"])
    return order


def mark_replanted(loss: Loss, by, *, day=None, today=None) -> Loss:
    """Close a loss by hand: replanted on ``day`` (today unless told)."""
    if not may_tend(by):
        raise PermissionDenied(_("Only the planning bureau, managers and administrators close a loss."))
    today = today or timezone.localdate()
    day = _day(day or today, "replanted", today, _("of replanting"))
    if day < loss.noted:
        raise ValidationError(
            {"replanted": ValidationError(_("The replanting cannot be before the loss was noted."), code="before")}
        )
    updated = Loss.objects.filter(pk=loss.pk, replanted__isnull=True).update(replanted=day)
    if not updated:
        raise ValidationError(_("This loss has been replanted already."), code="replanted")
    loss.refresh_from_db()
    return loss


def order_done(change: OrderChange) -> int:
    """A replanting order done closes its loss (replanted that day). One skipped or
    cancelled leaves the loss open, to be ordered again (order_replanting). Returns how
    many losses closed."""
    if change.after != OrderStatus.DONE:
        return 0
    day = timezone.localdate(change.at)
    return Loss.objects.filter(work_order__in=change.orders, replanted__isnull=True).update(replanted=day)
