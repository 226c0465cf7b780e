"""A re-inspection's page: the finding's place, its before and after photos and its story
in short, and the form to record the check held (with a photo) or a rebound (with a photo
and a note) through services.record_reinspection; a rebound shows the new finding it opened
(and its escalation when it is the second)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assets.views import map_config

from .. import services
from ..choices import PhotoStage, ReinspectionResult, ReinspectionStatus
from ..models import Finding, Reinspection
from ..queries import may_inspect, reinspections_for_user

# The story in short: its last steps.
STEPS_SHOWN = 8


def _reinspection(request, pk: int) -> Reinspection:
    checks = reinspections_for_user(request.user).select_related(
        "finding__category",
        "finding__zone",
        "finding__asset",
        "finding__crew",
        "finding__department",
        "finding__unit",
        "checked_by",
    )
    return get_object_or_404(checks, pk=pk)


def _rebound_finding(reinspection: Reinspection) -> Finding | None:
    """The finding a rebound opened (a finding has at most one: its later checks are cancelled)."""
    if reinspection.status != ReinspectionStatus.REBOUND:
        return None
    return reinspection.finding.rebounds.select_related("category").order_by("pk").first()


@require_http_methods(["GET", "POST"])
def reinspection_detail(request, pk: int):
    reinspection = _reinspection(request, pk)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        result = request.POST.get("result", "")
        try:
            again = services.record_reinspection(
                reinspection,
                request.user,
                result,
                photo=request.FILES.get("photo"),
                note=request.POST.get("note", ""),
            )
        except PermissionDenied as error:
            errors, status = [str(error)], 403
        except ValidationError as error:
            errors, status = list(error.messages), 400
        else:
            if again is None:
                messages.success(request, _("Recorded: the place held."))
            elif again.is_escalated():
                messages.warning(
                    request,
                    _("Recorded as a rebound: finding #%(finding)s opened, and escalated (it came back again).")
                    % {"finding": again.pk},
                )
            else:
                messages.warning(
                    request, _("Recorded as a rebound: finding #%(finding)s opened.") % {"finding": again.pk}
                )
            return redirect("reinspection-detail", pk=reinspection.pk)
        reinspection.refresh_from_db()
    finding = reinspection.finding
    photos = list(finding.photos.select_related("reinspection").order_by("created", "pk"))
    steps = list(finding.steps.select_related("by").order_by("-at", "-pk")[:STEPS_SHOWN])
    scheduled = reinspection.status == ReinspectionStatus.SCHEDULED
    return render(
        request,
        "inspections/reinspection.html",
        {
            "reinspection": reinspection,
            "finding": finding,
            "before": [photo for photo in photos if photo.stage == PhotoStage.BEFORE],
            "after": [photo for photo in photos if photo.stage == PhotoStage.AFTER],
            "checked": [photo for photo in photos if photo.stage == PhotoStage.REINSPECTION],
            "steps": steps,
            "rebound": _rebound_finding(reinspection),
            "may_record": scheduled and may_inspect(request.user),
            "refused": scheduled and not may_inspect(request.user),
            "overdue": reinspection.is_overdue(),
            "errors": errors,
            "chosen": request.POST.get("result", "") if errors else "",
            "note": request.POST.get("note", "") if errors else "",
            "results": ReinspectionResult.choices,
            "point": {"type": "Point", "coordinates": [finding.lon, finding.lat]},
            "map_config": map_config(),
        },
        status=status,
    )
