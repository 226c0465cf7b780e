"""The pledges' pages: a new pledge for a unit, a pledge's page with its actions (edit the
draft, sign it with the scanned document, renew, terminate), and the managers' list of
pledges ending soon and of units without a pledge in force. Each action is one service
of frontage.services.pledges; those who may not keep the register get 403 before their
form is read."""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..choices import PledgeStatus
from ..models import EXPIRY_WINDOW_DAYS, Pledge, Unit
from ..pledge_forms import EditForm, SignForm, TermForm, TerminateForm
from ..queries import may_manage_register, may_see_file, pledges_for_user, units_for_user

PER_PAGE = 50


def _pledge(request, pk: int) -> Pledge:
    pledges = pledges_for_user(request.user).select_related("unit__zone", "renews", "renewed_by", "created_by")
    return get_object_or_404(pledges, pk=pk)


def _check_manager(request) -> None:
    if not may_manage_register(request.user):
        raise PermissionDenied(_("Only a manager or an administrator may change pledges."))


def _first_term(unit: Unit, today: datetime.date) -> dict:
    """A year from today, or from the day after the pledge in force ends."""
    current = unit.pledges.filter(status=PledgeStatus.ACTIVE).first()
    starts = current.ends + datetime.timedelta(days=1) if current else today
    return {"starts": starts, "ends": starts + relativedelta(years=1) - datetime.timedelta(days=1)}


@login_required
@require_http_methods(["GET", "POST"])
def pledge_new(request, pk: int):
    unit = get_object_or_404(units_for_user(request.user).select_related("zone"), pk=pk)
    _check_manager(request)
    status = 200
    if request.method == "POST":
        form = TermForm(request.POST)
        if form.is_valid():
            try:
                pledge = services.draft_pledge(
                    unit, form.cleaned_data["starts"], form.cleaned_data["ends"], request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Draft pledge made: check its duties, then sign it."))
                return redirect("pledge-detail", pk=pledge.pk)
        status = 400
    else:
        form = TermForm(initial=_first_term(unit, timezone.localdate()))
    return render(request, "frontage/pledge_new.html", {"unit": unit, "form": form}, status=status)


def _edit_initial(pledge: Pledge) -> dict:
    return {name: getattr(pledge, name) for name in ("starts", "ends", "sanitation", "greening", "order")}


def _detail(request, pledge: Pledge, status: int = 200, errors=(), **forms):
    manager = may_manage_register(request.user)
    unsigned = pledge.status == PledgeStatus.DRAFT and pledge.signed is None
    waiting = pledge.status == PledgeStatus.DRAFT and pledge.signed is not None
    renewed_by = services.renewal_of(pledge)
    context = {
        "pledge": pledge,
        "unit": pledge.unit,
        "renewed_by": renewed_by,
        "waiting": waiting,
        "may_see_document": bool(pledge.document) and may_see_file(request.user, pledge.document.name),
        "errors": list(errors),
        "may_edit": manager and unsigned,
        "may_sign": manager and unsigned,
        "may_renew": manager and pledge.status == PledgeStatus.ACTIVE and renewed_by is None,
        "may_terminate": manager and (pledge.status == PledgeStatus.ACTIVE or waiting),
        "edit_form": forms.get("edit_form") or EditForm(initial=_edit_initial(pledge)),
        "sign_form": forms.get("sign_form") or SignForm(initial={"signed": timezone.localdate()}),
        "terminate_form": forms.get("terminate_form") or TerminateForm(),
    }
    return render(request, "frontage/pledge_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def pledge_detail(request, pk: int):
    return _detail(request, _pledge(request, pk))


ACTIONS = {"edit": EditForm, "sign": SignForm, "renew": None, "terminate": TerminateForm}


@login_required
@require_POST
def pledge_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    pledge = _pledge(request, pk)
    _check_manager(request)
    form = ACTIONS[action](request.POST, request.FILES) if ACTIONS[action] else None
    if form is not None and not form.is_valid():
        return _detail(request, pledge, 400, **{f"{action}_form": form})
    data = form.cleaned_data if form is not None else {}
    try:
        if action == "edit":
            services.edit_pledge(pledge, data, request.user)
            messages.success(request, _("Draft saved."))
        elif action == "sign":
            pledge = services.sign_pledge(pledge, data["signed"], data["document"], request.user)
            if pledge.status == PledgeStatus.ACTIVE:
                messages.success(request, _("Signed: the pledge is in force."))
            else:
                messages.success(
                    request, _("Signed: the pledge comes into force on %(starts)s.") % {"starts": pledge.starts}
                )
        elif action == "renew":
            renewal = services.renew_pledge(pledge, request.user)
            messages.success(request, _("Renewal drafted for the next term: check it, then sign it."))
            return redirect("pledge-detail", pk=renewal.pk)
        else:
            services.terminate_pledge(pledge, data["reason"], request.user)
            messages.success(request, _("Pledge terminated."))
    except ValidationError as error:
        pledge.refresh_from_db()
        return _detail(request, pledge, 400, errors=error.messages, **({f"{action}_form": form} if form else {}))
    return redirect("pledge-detail", pk=pledge.pk)


@login_required
@require_http_methods(["GET"])
def pledge_expiring(request):
    """Pledges in force ending within EXPIRY_WINDOW_DAYS (the pledge_active_ends index), or
    (``?show=unpledged``) the open units with no pledge in force (pledge_one_active_per_unit)."""
    _check_manager(request)
    today = timezone.localdate()
    limit = today + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    show = "unpledged" if request.GET.get("show") == "unpledged" else "ending"
    if show == "ending":
        rows = (
            pledges_for_user(request.user)
            .filter(status=PledgeStatus.ACTIVE, ends__lte=limit)
            .select_related("unit__zone", "renewed_by")
            .order_by("ends", "pk")
        )
    else:
        in_force = Pledge.objects.filter(unit=OuterRef("pk"), status=PledgeStatus.ACTIVE)
        rows = (
            units_for_user(request.user)
            .filter(active=True)
            .filter(~Exists(in_force))
            .select_related("zone")
            .order_by("code")
        )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": show,
        "today": today,
        "limit": limit,
        "window": EXPIRY_WINDOW_DAYS,
        "query": f"show={show}",
    }
    return render(request, "frontage/pledge_expiring.html", context)
