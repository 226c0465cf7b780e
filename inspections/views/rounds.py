"""Inspection rounds: the list (newest first, filtered: filters.RoundFilter), starting
one (an inspector), a round's page (its area on the map, its findings, registering a
finding on it, ending it).

Rounds are seen by those who see every finding (queries.rounds_for_user: inspectors,
managers, the planning bureau, administrators); a crew member is refused the list (403)
and a round's page answers them 404, as another's finding does.

The list's query-string parameters: ``date_from``, ``date_to`` (dates, inclusive),
``zone`` and ``inspector`` (ids), ``page``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assets.views import map_config

from .. import services
from ..filters import RoundFilter
from ..forms import RoundForm
from ..models import Round
from ..queries import may_inspect, may_manage, rounds_for_user, sees_every_finding

ROUNDS_PER_PAGE = 30
ORDER = ("-date", "-pk")  # read along the round_list_order index


def _round_for_user(request, pk: int) -> Round:
    rounds = rounds_for_user(request.user).select_related("zone", "village", "road", "created_by")
    return get_object_or_404(rounds.prefetch_related("inspectors"), pk=pk)


@require_GET
def round_list(request):
    if not sees_every_finding(request.user):
        raise PermissionDenied(_("Inspection rounds are for inspectors, managers and the planning bureau."))
    rounds = rounds_for_user(request.user).order_by(*ORDER)
    filterset = RoundFilter(request.GET, queryset=rounds, request=request)
    chosen = filterset.qs if filterset.is_valid() else rounds.none()
    shown = (
        chosen.with_finding_count()
        .select_related("zone", "village", "road")
        .defer("area", "notes", "road__geometry", "road__notes")
        .prefetch_related("inspectors")
    )
    page = Paginator(shown, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspections/round_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "may_start": may_inspect(request.user)},
    )


@require_http_methods(["GET", "POST"])
def round_start(request):
    if not may_inspect(request.user):
        raise PermissionDenied(_("Only an inspector or a manager may start a round."))
    if request.method == "POST":
        form = RoundForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round = services.start_round(
                    request.user,
                    date=data["date"],
                    inspectors=data["inspectors"],
                    zone=data["zone"],
                    village=data["village"],
                    road=data["road"],
                    area=data["area"],
                    notes=data["notes"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Round started: %(area)s.") % {"area": round.area_text()})
                return redirect("round-detail", pk=round.pk)
        messages.error(request, _("Check the form: some of it cannot be used."))
        status = 400
    else:
        form, status = RoundForm(user=request.user), 200
    return render(request, "inspections/round_start.html", {"form": form, "map_config": map_config()}, status=status)


def _add_errors(form, error: ValidationError) -> None:
    """The service's errors on the form's fields (those it has), the rest above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@require_GET
def round_detail(request, pk: int):
    round = _round_for_user(request, pk)
    findings = list(round.findings.select_related("category", "zone").defer("point").order_by("created", "pk"))
    inspectors = list(round.inspectors.all())
    mine = request.user in inspectors
    return render(
        request,
        "inspections/round_detail.html",
        {
            "round": round,
            "findings": findings,
            "inspectors": inspectors,
            "geometry": _geometry(round),
            "may_register": round.is_open() and mine and may_inspect(request.user),
            "may_end": round.is_open() and (mine or may_manage(request.user)),
            "map_config": map_config(),
        },
    )


def _geometry(round: Round) -> dict | None:
    """What the round's map draws: the drawn polygon, the zone's boundary, the road, or
    the village's place."""
    if round.area is not None:
        return round.area
    if round.zone_id:
        return round.zone.boundary
    if round.road_id:
        return round.road.geometry
    return round.village.location if round.village_id else None


@require_POST
def round_end(request, pk: int):
    round = _round_for_user(request, pk)
    try:
        services.end_round(round, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        count = round.findings.count()
        if count:
            text = ngettext("Round ended with %(count)s finding.", "Round ended with %(count)s findings.", count) % {
                "count": count
            }
        else:
            text = _("Round ended: nothing found.")
        messages.success(request, text)
    return redirect("round-detail", pk=round.pk)
