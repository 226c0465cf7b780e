"""One asset's meters: the latest reading of each, the readings, and a form to record one.

Linked from the order page (the registry's asset page cannot link here: assets sits
below maintenance and knows nothing of it). The asset is fetched through
queries.meter_assets_for_user; the reading is recorded by services.record_meter_reading.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assets.models import Asset

from .. import services
from ..choices import Meter
from ..forms import ReadMeterForm
from ..models import MeterReading
from ..queries import may_read_meters, meter_assets_for_user

READINGS_PER_PAGE = 50
# Which field a refused reading is shown on (the value's, unless the code says otherwise).
ERROR_FIELDS = {"meter_future": "read_at", "meter_replacement_early": "replacement"}


def _asset_for_user(request, pk: int) -> Asset:
    """The asset, or 404 when the user may not see its meters."""
    return get_object_or_404(meter_assets_for_user(request.user).select_related("zone"), pk=pk)


@require_http_methods(["GET", "POST"])
def asset_meters(request, pk: int):
    asset = _asset_for_user(request, pk)
    can_read = may_read_meters(request.user, asset)
    meters = services.meters_of(asset)
    if request.method == "POST":
        if not can_read:
            raise PermissionDenied
        form = ReadMeterForm(request.POST, meters=meters)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reading = services.record_meter_reading(
                    asset,
                    data["meter"],
                    data["value"],
                    request.user,
                    read_at=data["read_at"],
                    replacement=data["replacement"],
                )
            except ValidationError as error:
                form.add_error(ERROR_FIELDS.get(error.code, "value"), error)
            else:
                messages.success(
                    request,
                    _("Reading recorded: %(meter)s %(value)s.")
                    % {"meter": reading.get_meter_display(), "value": reading.value},
                )
                return redirect("asset-meters", pk=asset.pk)
    else:
        form = ReadMeterForm(meters=meters)
    latest = [(Meter(meter).label, MeterReading.objects.of(asset, meter).first()) for meter in meters]
    readings = MeterReading.objects.filter(asset=asset).select_related("recorded_by").order_by("-read_at", "-pk")
    page = Paginator(readings, READINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "maintenance/asset_meters.html",
        {"asset": asset, "form": form if can_read else None, "latest": latest, "page": page},
    )
