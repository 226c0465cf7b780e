"""A work order's page (the crews' on site: checklist, notes, photo, start, complete,
skip) and a leader's reassignment.

Every order is fetched through queries.orders_for_user (_order_for_user); every change
is a function in services (submit_work for the page's form).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assets.geometry import position
from assets.views import map_config

from .. import services
from ..forms import OrderWorkForm, ReassignForm
from ..models import MeterReading, WorkOrder
from ..queries import may_lead, may_work_on, orders_for_user

User = get_user_model()


def _order_for_user(request, pk: int) -> WorkOrder:
    """The order with everything its page shows, or 404 when the user may not see it."""
    queryset = orders_for_user(request.user).select_related(
        "plan__task_type", "asset__zone", "asset__road", "crew", "assignee", "closed_by"
    )
    return get_object_or_404(queryset, pk=pk)


def _workable_order(request, pk: int) -> WorkOrder:
    """An order the user may work on: 404 if they may not see it, 403 if they may only look."""
    order = _order_for_user(request, pk)
    if not may_work_on(request.user, order):
        raise PermissionDenied
    return order


def _members(order: WorkOrder) -> QuerySet:
    return User.objects.filter(crew_memberships__crew=order.crew_id).order_by("username")


@require_http_methods(["GET", "POST"])
def order_detail(request, pk: int):
    order = _workable_order(request, pk) if request.method == "POST" else _order_for_user(request, pk)
    items = list(order.checklist_items())
    answers = {answer.item_id: answer for answer in order.answers.select_related("item")}
    if request.method == "POST":
        form = OrderWorkForm(request.POST, request.FILES, order=order, items=items, answers=answers)
        done = _work(request, order, form)
        if done:
            return done
        # Something was refused: the page again, with what was typed (the answers that
        # could be saved are saved) and the reasons.
        order.refresh_from_db(fields=["status", "notes", "minutes_spent", "updated"])
        answers = {answer.item_id: answer for answer in order.answers.select_related("item")}
    else:
        form = OrderWorkForm(order=order, items=items, answers=answers)
    return _order_page(request, order, form, items, answers)


def _order_page(request, order: WorkOrder, form: OrderWorkForm, items, answers):
    user = request.user
    can_work = order.is_open() and may_work_on(user, order)
    reassign = None
    if can_work and may_lead(user, order.crew_id):
        reassign = ReassignForm(members=_members(order), initial={"assignee": order.assignee_id})
    point = position(order.asset.geometry)
    navigate = None
    if point is not None:
        lat, lon = point
        amap = urlencode(
            {
                "position": f"{lon:.6f},{lat:.6f}",
                "name": f"{order.asset.name} {order.asset.code}",
                "src": "shouwei",
                # Our coordinates are GPS (WGS84); AMap otherwise reads them as GCJ-02, off by ~500 m.
                "coordinate": "wgs84",
                "callnative": 1,
            }
        )
        navigate = {"geo": f"geo:{lat:.6f},{lon:.6f}", "amap": f"https://uri.amap.com/marker?{amap}"}
    answered = sum(1 for item in items if item.pk in answers and answers[item.pk].is_answered())
    # Meters only where the plan reads one: other orders' pages run no query for them.
    reads_meters = bool(order.plan.meter) or any(item.meter for item in items)
    readings = list(order.meter_readings.order_by("read_at", "pk")) if reads_meters else []
    last_reading = None
    if "meter_reading" in form.fields:
        last_reading = MeterReading.objects.of(order.asset_id, order.plan.meter).first()
    return render(
        request,
        "maintenance/order_detail.html",
        {
            "order": order,
            "place": order.asset.place(),
            "overdue": order.is_overdue(),
            "form": form,
            # As each answer was given (its label then), else as the item asks now.
            "recorded": [_recorded(item, answers.get(item.pk)) for item in items],
            "answered": answered,
            "photos": order.photos.all(),
            "can_work": can_work,
            "reassign": reassign,
            "navigate": navigate,
            "reads_meters": reads_meters,
            "readings": readings,
            "last_reading": last_reading,
            "map_config": map_config(),
            "version": order.updated.isoformat(),
        },
    )


def _recorded(item, answer) -> tuple:
    return (answer.label if answer else item.label, answer, item.answer_text(answer))


def _work(request, order: WorkOrder, form: OrderWorkForm):
    """Submit what the page sent (services.submit_work); a redirect when all went well,
    None when the page must show what was refused (on the fields, and in a message)."""
    action = request.POST.get("action", "save")
    if action not in services.WORK_ACTIONS:
        action = "save"
    form.is_valid()  # the valid fields' values are in cleaned_data; the others have errors
    data = form.cleaned_data
    try:
        photo = services.submit_work(
            order,
            request.user,
            answers=form.answers(),
            notes=data.get("notes", order.notes),
            minutes_spent=data["minutes_spent"] if "minutes_spent" in data else order.minutes_spent,
            photo=data.get("photo") or None,
            # What the form could not read is not saved: nothing else may happen then.
            action="save" if form.errors else action,
            reason=data.get("reason", ""),
            meter_reading=data.get("meter_reading"),
        )
    except services.TransitionError as error:
        messages.error(request, " ".join(error.messages))
        return None  # closed (perhaps by a colleague meanwhile): nothing of it can change
    except ValidationError as error:
        for name, field_messages in error.message_dict.items():
            if name != NON_FIELD_ERRORS:
                form.add_error(name, field_messages)
        if NON_FIELD_ERRORS in error.message_dict:  # the action was refused
            messages.error(request, " ".join(error.message_dict[NON_FIELD_ERRORS]))
            return None
    if form.errors:
        messages.error(
            request,
            _("Not everything could be saved: see the marked fields. What could be saved is saved.")
            + ("" if action == "save" else " " + _("The work order was not changed: press the button again.")),
        )
        return None
    label = f"{order.asset.name} {order.asset.code}"
    if action == "complete":
        messages.success(request, _("%(order)s: done.") % {"order": label})
        return redirect("today")
    if action == "skip":
        messages.success(request, _("%(order)s: skipped.") % {"order": label})
        return redirect("today")
    if action == "start":
        messages.success(request, _("%(order)s: started.") % {"order": label})
    else:
        messages.success(request, _("Saved.") + (" " + _("The photo was added.") if photo else ""))
    return redirect(order)


@require_POST
def order_reassign(request, pk: int):
    order = _workable_order(request, pk)
    form = ReassignForm(request.POST, members=_members(order))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["assignee"]))
        return redirect(order)
    assignee = form.cleaned_data["assignee"]
    try:
        services.reassign_work_order(order, assignee, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if assignee is None:
            messages.success(request, _("The work order is now the whole crew's."))
        else:
            name = assignee.get_full_name() or assignee.get_username()
            messages.success(request, _("The work order is now assigned to %(user)s.") % {"user": name})
    return redirect(order)
