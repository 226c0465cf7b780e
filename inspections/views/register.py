"""Registering a finding (an inspector): what, where (a point on the map, the phone's
position, or an asset's code), how bad, and photos of it, on a round or not
(``?round=<pk>``, from the round's page); services.register decides.

A door check's page links here for each failed duty (``door_check_links``, in
settings.DOOR_CHECK_LINKS): ``?check=<pk>&duty=<duty>`` opens the form with the duty's
category, the unit's place and the check's note; the finding keeps the check, and the
unit is its party when dispatched."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assets.views import map_config
from frontage.choices import CheckStatus, Duty
from frontage.queries import checks_for_user

from .. import services
from ..choices import DOOR_DUTY_CATEGORY
from ..forms import RegisterForm
from ..models import Category, Finding, Round
from ..queries import may_inspect, rounds_for_user


@require_http_methods(["GET", "POST"])
def finding_register(request):
    if not may_inspect(request.user):
        raise PermissionDenied
    round = _round(request)
    door_check = None
    if request.method == "POST":
        form = RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            door_check = data["check"]
            if door_check is not None and not checks_for_user(request.user).filter(pk=door_check.pk).exists():
                raise Http404
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
                    door_check=door_check,
                    door_duty=data["duty"] if door_check else "",
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
        door_check, initial = _from_door_check(request)
        form, status = RegisterForm(initial={"round": round, **initial}), 200
    context = {
        "form": form,
        "round": round,
        "map_config": map_config(),
        "door_check": door_check,
        "door_duty": Duty(form["duty"].value()).label if door_check and form["duty"].value() in Duty.values else "",
    }
    return render(request, "inspections/finding_register.html", context, status=status)


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


def _from_door_check(request):
    """(the check, the form's initial values) for ``?check=&duty=``; (None, {}) without them.
    A check the user may not see, or a duty it did not find failed, is 404."""
    pk, duty = request.GET.get("check"), request.GET.get("duty", "")
    if not pk:
        return None, {}
    if not pk.isdigit():
        raise Http404
    door_check = checks_for_user(request.user).select_related("unit").filter(pk=pk).first()
    if door_check is None or door_check.status != CheckStatus.DONE or duty not in door_check.failed_duties():
        raise Http404
    lon, lat = door_check.unit.location["coordinates"][:2]
    initial = {"check": door_check.pk, "duty": duty, "lat": lat, "lon": lon, "description": door_check.note}
    category = Category.objects.filter(code=DOOR_DUTY_CATEGORY[duty], active=True).first()
    if category is not None:
        initial["category"] = category.pk
    return door_check, initial


def door_check_links(request, check) -> list[tuple[str, str]]:
    """A door check's page links (settings.DOOR_CHECK_LINKS): for a done check, one per
    failed duty — to the finding already opened for it, or, for one who may inspect, to
    the register page to open one."""
    failed = check.failed_duties() if check.status == CheckStatus.DONE else []
    if not failed:
        return []
    opened = dict(
        Finding.objects.filter(door_check=check, door_duty__in=failed).order_by("pk").values_list("door_duty", "pk")
    )
    inspector = may_inspect(request.user)
    links = []
    for duty in failed:
        label = Duty(duty).label
        if duty in opened:
            text = _("Finding opened: %(duty)s (#%(pk)s)") % {"duty": label, "pk": opened[duty]}
            links.append((text, reverse("finding-detail", args=[opened[duty]])))
        elif inspector:
            query = urlencode({"check": check.pk, "duty": duty})
            links.append((_("Open a finding: %(duty)s") % {"duty": label}, f"{reverse('finding-register')}?{query}"))
    return links


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
