"""The hand-over page: what handing the project over will make (the asset, the plans from
the templates, a crew to choose for each), and the action (services.hand_over)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assets.choices import AssetKind

from .. import services
from ..queries import may_edit_projects, projects_for_user
from ..services.handover import asset_kind, refusal


def _chosen_crews(request, planned) -> dict:
    """template pk → crew, from the form's crew-<template> fields (each of the keeper's crews)."""
    chosen = {}
    for item in planned:
        value = request.POST.get(f"crew-{item.template.pk}", "")
        if not value:
            continue
        crew = next((crew for crew in item.crews if str(crew.pk) == value), None)
        if crew is None:
            raise ValidationError(
                _("Choose one of the department's crews for “%(template)s”."), params={"template": item.template.name}
            )
        chosen[item.template.pk] = crew
    return chosen


@require_http_methods(["GET", "POST"])
def project_handover(request, pk: int):
    project = get_object_or_404(projects_for_user(request.user).select_related("keeper", "zone"), pk=pk)
    if not may_edit_projects(request.user):
        raise PermissionDenied(_("Only the planning bureau and administrators hand projects over."))
    errors, status = [], 200
    planned = services.planned_plans(project) if project.handed_over is None else []
    if request.method == "POST":
        try:
            result = services.hand_over(project, request.user, crews=_chosen_crews(request, planned))
        except ValidationError as error:
            errors, status = error.messages, 400
        else:
            if result.created:
                messages.success(request, _("Handed over: the asset and its plans are made."))
            else:
                messages.info(request, _("This project was handed over already."))
            return redirect("project-handover", pk=project.pk)
    return render(
        request,
        "greening/handover.html",
        {
            "project": project,
            "planned": planned,
            "asset_kind_label": AssetKind(asset_kind(project)).label,
            "refusal": refusal(project, timezone.localdate()),
            "chosen": request.POST if errors else {},
            "errors": errors,
        },
        status=status,
    )
