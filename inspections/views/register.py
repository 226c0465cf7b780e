"""Registering a finding (an inspector): what, where (a point on the map, the phone's
position, or an asset's code), how bad, and photos of it, on a round or not
(``?round=<pk>``, from the round's page); services.register decides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assets.views import map_config

from .. import services
from ..forms import RegisterForm
from ..models import Round
from ..queries import may_inspect, rounds_for_user


@require_http_methods(["GET", "POST"])
def finding_register(request):
    if not may_inspect(request.user):
        raise PermissionDenied
    round = _round(request)
    if request.method == "POST":
        form = RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = services.register(
                    request.user,
                    data["category"],
                    data["description"],
                    point=form.point(),
                    asset=data["asset_code"],
                    severity=data["severity"],
                    photos=data["photos"],
                    round=round,
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            except PermissionDenied as error:  # on a round that is not theirs: said, the form kept
                messages.error(request, str(error))
            else:
                messages.success(request, _("Finding #%(pk)s registered.") % {"pk": finding.pk})
                return redirect("finding-detail", pk=finding.pk)
        else:
            messages.error(request, _("Check the form: some of it cannot be used."))
        status = 400
    else:
        form, status = RegisterForm(initial={"round": round}), 200
    return render(
        request,
        "inspections/finding_register.html",
        {"form": form, "round": round, "map_config": map_config()},
        status=status,
    )


def _round(request) -> Round | None:
    """The round the finding is on (``?round=<pk>``, from the round's page, then the
    form's hidden field): one the user may see (404 otherwise); whether it is open and
    theirs, the service decides."""
    pk = (request.POST if request.method == "POST" else request.GET).get("round")
    if not pk:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(rounds_for_user(request.user).select_related("zone", "village", "road"), pk=pk)


@require_GET
def suggested_party(request):
    """The party services.suggest_party names for a place (``lat`` and ``lon``, or an
    asset's ``asset_code``), as JSON for the register page: ``{"party": "…"}``, or
    ``{"error": "…"}`` (400) when the place cannot be read."""
    if not may_inspect(request.user):
        raise PermissionDenied
    form = RegisterForm(request.GET)
    form.is_valid()  # only the place's fields matter here
    errors = [str(error) for name in ("lat", "lon", "asset_code", "__all__") for error in form.errors.get(name, [])]
    if errors:
        return JsonResponse({"error": " ".join(errors)}, status=400)
    asset = form.cleaned_data.get("asset_code")
    try:
        # The finding's point as register() will take it: the one given, else its asset's.
        party = services.suggest_party(services.place_of(form.point(), asset), asset)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"party": str(party)})
