"""A green space's care: its plantings and losses (asset-care), a loss's page with its
photos, its replanting order and the "replanted" action (loss-detail). Every action is a
service of services.care; the page shows its clear refusal."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assets.models import Asset
from maintenance.choices import OPEN_STATUSES

from .. import services
from ..models import Loss, LossPhoto, Planting
from ..services.care import CARED_KINDS, cared_assets, may_report_loss, may_tend

PLANTING_FIELDS = ("species", "count", "area_m2", "planted", "notes")
LOSS_FIELDS = ("planting", "species", "count", "area_m2", "noted", "note")


def asset_links(request, asset: Asset) -> list[tuple[str, str]]:
    """The asset page's link to its plantings and losses (settings.ASSET_LINKS)."""
    if asset.kind not in CARED_KINDS or not request.user.is_authenticated:
        return []
    return [(_("Plantings and losses"), reverse("asset-care", args=[asset.pk]))]


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _record(request, asset: Asset, action: str):
    """Record what the form posted; returns the message to show."""
    post = request.POST
    if action == "planting":
        services.record_planting(asset, request.user, **{name: post.get(name, "") for name in PLANTING_FIELDS})
        return _("Planting recorded.")
    if action == "loss":
        planting = None
        if post.get("planting"):
            if post["planting"].isdigit():
                planting = Planting.objects.filter(asset=asset, pk=post["planting"]).first()
            if planting is None:
                raise ValidationError(_("That planting is not of this place."))
        values = {name: post.get(name, "") for name in LOSS_FIELDS if name != "planting"}
        services.record_loss(asset, request.user, planting=planting, photos=request.FILES.getlist("photos"), **values)
        return _("Loss recorded.")
    raise ValidationError(_("Unknown action."))


@require_http_methods(["GET", "POST"])
def asset_care(request, pk: int):
    asset = get_object_or_404(cared_assets(request.user).select_related("zone", "department"), pk=pk)
    errors, status, action = [], 200, request.POST.get("action", "")
    if request.method == "POST":
        if action == "planting" and not may_tend(request.user):
            raise PermissionDenied(_("Only the planning bureau, managers and administrators record plantings."))
        try:
            message = _record(request, asset, action)
        except ValidationError as error:
            errors, status = _errors(error), 400
        else:
            messages.success(request, message)
            return redirect("asset-care", pk=asset.pk)
    plantings = list(Planting.objects.filter(asset=asset).order_by("-planted", "species", "pk"))
    losses = list(
        Loss.objects.filter(asset=asset)
        .select_related("planting", "work_order", "reported_by")
        .prefetch_related(Prefetch("photos", queryset=LossPhoto.objects.order_by("created", "pk")))
        .order_by("-noted", "-pk")
    )
    return render(
        request,
        "greening/care.html",
        {
            "asset": asset,
            "plantings": plantings,
            "open_losses": [loss for loss in losses if loss.replanted is None],
            "closed_losses": [loss for loss in losses if loss.replanted is not None],
            "may_tend": may_tend(request.user),
            "may_report": may_report_loss(request.user, asset),
            "today": timezone.localdate(),
            "errors": errors,
            "action": action,
            "posted": request.POST if errors else {},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def loss_detail(request, pk: int):
    losses = Loss.objects.filter(asset__in=cared_assets(request.user)).select_related(
        "asset", "planting", "work_order__crew", "reported_by"
    )
    loss = get_object_or_404(losses, pk=pk)
    errors, status = [], 200
    if request.method == "POST":
        if not may_tend(request.user):
            raise PermissionDenied(
                _("Only the planning bureau, managers and administrators order or close a replanting.")
            )
        action = request.POST.get("action", "")
        try:
            if action == "order":
                due = request.POST.get("due", "").strip()
                try:
                    due = datetime.date.fromisoformat(due) if due else None
                except ValueError:
                    raise ValidationError(_("Give the date as YYYY-MM-DD.")) from None
                order = services.order_replanting(loss, request.user, due=due)
                messages.success(request, _("Replanting work order #%(order)s opened.") % {"order": order.pk})
            elif action == "replanted":
                services.mark_replanted(loss, request.user, day=request.POST.get("day", "").strip() or None)
                messages.success(request, _("The loss is closed: replanted."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            errors, status = _errors(error), 400
        else:
            return redirect("loss-detail", pk=loss.pk)
    order = loss.work_order
    return render(
        request,
        "greening/loss_detail.html",
        {
            "loss": loss,
            "asset": loss.asset,
            "photos": list(loss.photos.order_by("created", "pk")),
            "order": order,
            "order_open": order is not None and order.status in OPEN_STATUSES,
            "may_tend": may_tend(request.user),
            "today": timezone.localdate(),
            "errors": errors,
        },
        status=status,
    )
