"""The planners' pages: the plan list, a plan's page, its form, and its buttons.

Workflows (saving, generating, pausing, moving, skipping) are functions in services;
these views only fetch, validate input and report.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import services
from ..choices import OPEN_STATUSES, OrderStatus, PlanMode
from ..filters import PlanFilter
from ..forms import (
    SCHEDULE_FIELDS,
    ChecklistFormSet,
    MoveOrderForm,
    PlanForm,
    SkipOrderForm,
    builder_initial,
    checklist_changes,
)
from ..models import MeterReading, Plan, PlanTarget, WorkOrder, overdue_condition
from ..queries import plans_for_user
from ..rule_builder import parse

PLANS_PER_PAGE = 50
TARGETS_SHOWN = 50
# The plan page lists every open order, overdue first, this many a page.
ORDERS_PER_PAGE = 100


def _plan_for_user(request, pk: int) -> Plan:
    """The plan with everything its page shows, or 404 when the user may not see it."""
    queryset = plans_for_user(request.user).select_related("task_type", "crew__department", "target_zone")
    return get_object_or_404(queryset, pk=pk)


def _changeable_plan(request, pk: int) -> Plan:
    """A plan the user may change: 404 if they may not see it, 403 if they may only look."""
    plan = _plan_for_user(request, pk)
    if not request.user.has_perm("maintenance.change_plan"):
        raise PermissionDenied
    return plan


@require_GET
def plan_list(request):
    if not request.user.has_perm("maintenance.view_plan"):
        raise Http404
    today = timezone.localdate()
    active_targets = (
        PlanTarget.objects.filter(plan=OuterRef("pk"), active=True)
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    open_orders = WorkOrder.objects.filter(plan=OuterRef("pk"), status__in=OPEN_STATUSES)
    # How far the plan's orders are generated: a plan with no open order yet has its next
    # date after it, from the rule.
    generated_through = (
        PlanTarget.objects.filter(plan=OuterRef("pk"), active=True)
        .order_by()
        .values("plan")
        .annotate(through=Min("generated_through"))
        .values("through")
    )
    overdue = (
        WorkOrder.objects.overdue(today)
        .filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    queryset = (
        plans_for_user(request.user)
        .select_related("task_type", "crew")
        .annotate(
            active_targets=Coalesce(Subquery(active_targets, output_field=IntegerField()), 0),
            next_due=Subquery(open_orders.filter(due__gte=today).order_by("due").values("due")[:1]),
            overdue=Coalesce(Subquery(overdue, output_field=IntegerField()), 0),
            generated_through=Subquery(generated_through),
        )
    )
    filterset = PlanFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    # The next date of the shown plans that have targets but no open order yet.
    waiting = [plan for plan in page if plan.next_due is None and plan.active_targets and not plan.paused]
    from_rules = services.next_due_from_rules(waiting, today)
    for plan in waiting:
        plan.next_due = from_rules.get(plan.pk)
        plan.next_due_from_rule = plan.next_due is not None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "maintenance/plan_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


@require_GET
def plan_detail(request, pk: int):
    plan = _plan_for_user(request, pk)
    today = timezone.localdate()
    targets = plan.targets.filter(active=True)
    shown = targets.select_related("asset").order_by("asset__code")
    if plan.mode == PlanMode.METER:
        shown = shown.annotate(latest=MeterReading.objects.latest_value_of(OuterRef("asset"), plan.meter))
    shown_targets = list(shown[:TARGETS_SHOWN])
    if plan.mode == PlanMode.METER:
        forecasts = services.meter_forecasts(plan, shown_targets, today)
        for target in shown_targets:
            target.plan = plan  # for target.threshold, without a query each
            target.forecast = forecasts[target.pk]
    open_orders = WorkOrder.objects.filter(plan=plan, status__in=OPEN_STATUSES)
    counts = open_orders.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_condition(today)))
    # Ordered by due date, the overdue ones come first.
    paginator = Paginator(open_orders.select_related("asset").order_by("due", "due_time", "pk"), ORDERS_PER_PAGE)
    paginator.count = counts["total"]  # counted already: no second count
    orders = paginator.get_page(request.GET.get("page"))
    orders.object_list = list(orders.object_list)
    for order in orders:
        order.overdue = order.is_overdue(today)
    try:
        preview, preview_error = services.preview_dates(plan, today), ""
    except ValidationError as error:  # a rule stored without validation: said, not a 500
        preview, preview_error = [], " ".join(error.messages)
    return render(
        request,
        "maintenance/plan_detail.html",
        {
            "plan": plan,
            "today": today,
            "checklist": plan.checklist.filter(retired=False),  # what its orders ask now
            "target_count": targets.count(),
            "targets": shown_targets,
            "preview": preview,
            "preview_error": preview_error,
            "orders": orders,
            "page": orders,
            "order_counts": counts,
            "can_change": request.user.has_perm("maintenance.change_plan"),
            "scheduled": OrderStatus.SCHEDULED,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not request.user.has_perm("maintenance.view_plan"):
        raise Http404
    if not request.user.has_perm("maintenance.add_plan"):
        raise PermissionDenied
    return _plan_form(request, Plan())


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    return _plan_form(request, _changeable_plan(request, pk))


def _plan_form(request, plan: Plan):
    """Create or edit a plan; "Preview" shows the next dates without saving anything."""
    creating = plan.pk is None
    # The form writes what was typed onto the plan: the page's title keeps the saved name.
    saved_name = plan.name
    preview = None
    if request.method == "POST":
        form = PlanForm(request.POST, instance=plan)
        formset = ChecklistFormSet(request.POST, instance=plan, prefix="checklist")
        # Both are validated, so every error is shown at once.
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            if "preview" in request.POST:
                # form.instance holds the typed values, unsaved: the preview reads them.
                preview = services.preview_dates(form.instance, timezone.localdate())
            else:
                plan = form.save(commit=False)
                changes = checklist_changes(formset)
                result = services.save_plan(
                    plan, request.user, assets=form.cleaned_data["asset_codes"], checklist=changes
                )
                messages.success(
                    request,
                    (_("The plan was created.") if creating else _("The plan was saved.")) + " " + result.summary(),
                )
                if changes.retired:
                    messages.warning(request, changes.summary())
                return redirect(plan)
    else:
        form = PlanForm(instance=plan)
        formset = ChecklistFormSet(instance=plan, prefix="checklist")
    return render(
        request,
        "maintenance/plan_form.html",
        {
            "form": form,
            "formset": formset,
            "plan": plan,
            "saved_name": saved_name,
            "creating": creating,
            "preview": preview,
            "rule_words": form.rule_words(),
        },
    )


@require_POST
def plan_preview(request):
    """The plan form's live preview (static/js/plan_form.js): the form's fields in, the rule
    they make, in words, its next dates and the builder's fields for it out, or the errors
    of the fields the dates depend on (400). The form validates, so the rule is the one
    Save would store; the other fields (a name not typed yet) do not matter here."""
    if not request.user.has_perm("maintenance.view_plan"):
        raise Http404
    if not (request.user.has_perm("maintenance.add_plan") or request.user.has_perm("maintenance.change_plan")):
        raise PermissionDenied
    form = PlanForm(request.POST, instance=Plan())
    form.is_valid()
    errors = {
        name: [error["message"] for error in field_errors]
        for name, field_errors in form.errors.get_json_data().items()
        if name in SCHEDULE_FIELDS
    }
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    plan = form.instance
    preview = services.preview_dates(plan, timezone.localdate())
    recurrence = parse(plan.rrule, plan.calendar, plan.non_working) if plan.rrule else None
    return JsonResponse(
        {
            "rrule": plan.rrule,
            "words": form.rule_words(),
            "dates": [date.due.isoformat() for date in preview],
            "html": render_to_string("maintenance/_preview.html", {"preview": preview, "plan": plan}, request),
            "builder": builder_initial(recurrence) if recurrence else None,
            "calendar": plan.calendar,
            "non_working": plan.non_working,
        }
    )


@require_POST
def plan_generate(request, pk: int):
    plan = _changeable_plan(request, pk)
    if plan.paused:
        messages.warning(request, _("The plan is paused: resume it to generate work orders."))
    else:
        result = services.generate_work_orders(plan_ids=[plan.pk])
        (messages.warning if result.failed else messages.success)(request, result.summary())
    return redirect(plan)


@require_POST
def plan_pause(request, pk: int):
    plan = _changeable_plan(request, pk)
    if plan.paused:
        messages.info(request, _("The plan was already paused."))
    else:
        cancelled = services.pause_plan(plan, by=request.user)
        messages.success(
            request,
            ngettext(
                "The plan is paused; %(count)d future work order was cancelled.",
                "The plan is paused; %(count)d future work orders were cancelled.",
                cancelled,
            )
            % {"count": cancelled},
        )
    return redirect(plan)


@require_POST
def plan_resume(request, pk: int):
    plan = _changeable_plan(request, pk)
    if not plan.paused:
        messages.info(request, _("The plan is running already."))
    else:
        result = services.resume_plan(plan)
        messages.success(request, _("The plan is running again.") + " " + result.summary())
    return redirect(plan)


def _order_of_plan(plan: Plan, pk: int) -> WorkOrder:
    """One of the plan's work orders (the plan was fetched for the user), or 404."""
    return get_object_or_404(WorkOrder.objects.select_related("plan", "asset"), plan=plan, pk=pk)


def _error_message(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
def order_move(request, pk: int, order_pk: int):
    plan = _changeable_plan(request, pk)
    order = _order_of_plan(plan, order_pk)
    label = _order_label(order)
    form = MoveOrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("%(order)s: enter the new date.") % {"order": label})
        return redirect(plan)
    try:
        services.move_work_order(order, form.cleaned_data["due"], request.user)
    except ValidationError as error:
        messages.error(request, f"{label}: {_error_message(error)}")
    else:
        messages.success(request, _("%(order)s moved to %(date)s.") % {"order": label, "date": order.due.isoformat()})
    return redirect(plan)


@require_POST
def order_skip(request, pk: int, order_pk: int):
    plan = _changeable_plan(request, pk)
    order = _order_of_plan(plan, order_pk)
    label = _order_label(order)
    form = SkipOrderForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{label}: {' '.join(form.errors['reason'])}")
        return redirect(plan)
    try:
        services.skip_work_order(order, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, f"{label}: {_error_message(error)}")
    else:
        messages.success(request, _("%(order)s skipped.") % {"order": label})
    return redirect(plan)


def _order_label(order: WorkOrder) -> str:
    return f"{order.asset.code} · {order.due.isoformat()}"
