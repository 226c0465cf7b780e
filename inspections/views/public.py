"""The public report page (a QR code on the asset leads here), no login: a report
becomes a pending finding (services.report); the reporter follows it by its tracking
code. The rules (tracking codes, public statuses, the throttle) are in inspections.public.
"""

import math

import segno
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from assets.choices import AssetStatus
from assets.geometry import distance_m
from assets.models import Asset
from frontage.models import Unit

from .. import public, services
from ..choices import FindingSource
from ..models import Category, Finding

DESCRIPTION_MAX_LENGTH = 1000
# The phone's position is used, instead of the asset's middle, when this close to the asset.
POSITION_RADIUS_M = 300


def reportable_assets():
    """The assets a QR code may name: any not retired."""
    return Asset.objects.exclude(status=AssetStatus.RETIRED)


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("What is wrong?"),
        queryset=Category.objects.filter(active=True),
        empty_label=gettext_lazy("Choose…"),
    )
    description = forms.CharField(
        label=gettext_lazy("In a few words"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=gettext_lazy("A photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )
    # Filled by the page's script with the phone's position, when the reporter allows it.
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)

    def position(self) -> dict | None:
        lat, lon = self.cleaned_data.get("lat"), self.cleaned_data.get("lon")
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        return {"type": "Point", "coordinates": [lon, lat]}


def _place(geometry: dict | None, position: dict | None) -> dict | None:
    """The phone's position if it is near the QR code's place, else None (that place)."""
    if position is None or not geometry:
        return None
    return position if distance_m(position, geometry) <= POSITION_RADIUS_M else None


def _report(request, template: str, context: dict, geometry: dict | None, **about):
    """The form, and its answer: the status page of the new report, or the form again
    with its errors (429 when the address has sent too many reports). ``about`` names
    the asset or the door unit the report is about (services.report)."""
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        wait = public.throttled(request)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            form.is_valid()
            form.add_error(
                None,
                _("Too many reports from your connection: please try again in %(minutes)s minutes.")
                % {"minutes": minutes},
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                finding = services.report(
                    data["category"],
                    data["description"],
                    point=_place(geometry, form.position()),
                    photo=data["photo"],
                    **about,
                )
            except ValidationError as error:
                field = "photo" if str(getattr(error, "code", "")).startswith("photo") else None
                form.add_error(field, error)
                status = 400
            else:
                url = reverse("public-status", args=[public.tracking_code(finding)])
                return redirect(f"{url}?sent=1")
        else:
            status = 400
    else:
        form = ReportForm()
    return render(request, template, {**context, "form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def report_page(request, code):
    """The report about an asset (the QR code of a landscape or a green space)."""
    asset = get_object_or_404(reportable_assets().select_related("zone"), code=code)
    return _report(request, "inspections/public/report.html", {"asset": asset}, asset.geometry, asset=asset)


@login_not_required
@require_http_methods(["GET", "POST"])
def unit_report_page(request, code):
    """The report about a door unit (the QR code of its sign, through its public page):
    the same form; the place is the unit's, or the phone's position when near it. Nothing
    personal of the unit is shown. A closed unit is not found."""
    unit = get_object_or_404(Unit.objects.filter(active=True).select_related("zone"), code=code)
    return _report(request, "inspections/public/report.html", {"unit": unit}, unit.location, unit=unit)


def _public_finding(tracking: str) -> Finding:
    pk = public.finding_pk(tracking)
    if pk is None:
        raise Http404
    return get_object_or_404(
        Finding.objects.select_related("category", "asset", "unit"), pk=pk, source=FindingSource.PUBLIC
    )


@login_not_required
def status_page(request, tracking):
    finding = _public_finding(tracking)
    return render(
        request,
        "inspections/public/status.html",
        {
            "finding": finding,
            "tracking": public.tracking_code(finding),
            "status": public.public_status(finding),
            "sent": request.GET.get("sent") == "1",
        },
    )


@login_not_required
def status_lookup(request):
    """The tracking code typed in: its status page, or the form again."""
    code = request.GET.get("code", "").strip()
    error = None
    if code:
        if public.finding_pk(code) is not None:
            return redirect("public-status", tracking=code.upper())
        error = _("No report has this tracking code: check it and try again.")
    return render(
        request, "inspections/public/lookup.html", {"code": code, "error": error}, status=404 if error else 200
    )


def asset_links(request, asset: Asset) -> list[tuple[str, str]]:
    """The asset page's link to its printable QR sign (settings.ASSET_LINKS), for an asset
    the public may report on."""
    if asset.status == AssetStatus.RETIRED:
        return []
    return [(_("Printable QR sign for public reports"), reverse("public-qr", args=[asset.code]))]


@require_GET
def qr_sign(request, code):
    """The printable sign of an asset (signed in, for an asset the user may see): the QR
    code of its report page, with a line in both languages."""
    asset = get_object_or_404(reportable_assets().for_user(request.user), code=code)
    url = request.build_absolute_uri(reverse("public-report", args=[asset.code]))
    # Inline SVG: sharp at any print size; medium error correction survives some dirt.
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, title=asset.code)
    return render(request, "inspections/public/qr_sign.html", {"asset": asset, "url": url, "svg": mark_safe(svg)})
