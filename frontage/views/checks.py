"""Door checks' pages: the check page (on a phone: the unit, its place, its three duties'
texts, a pass/fail choice for each that works without script, a note, photos; once done,
the results, the photos and what apps above add through DOOR_CHECK_LINKS), "check now"
from a unit's page (services.start_check), and the checks list (filters: status, due
range, zone, a failed duty, the inspector; 50 a page, a constant number of queries).
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assets.models import Zone
from assets.views import map_config
from core.forms import date_range_form
from core.hooks import links

from .. import services
from ..choices import CheckStatus, Duty, PledgeStatus
from ..models import Check, PledgeWording
from ..queries import checks_for_user, may_check, units_for_user

CHECKS_PER_PAGE = 50
# Newest due first, along the check_status_due index (stable by pk).
ORDER = ("-due", "-pk")
PASS, FAIL = "pass", "fail"


def _check_for_user(request, pk: int) -> Check:
    checks = checks_for_user(request.user).select_related("unit__zone", "inspector", "plan")
    return get_object_or_404(checks, pk=pk)


def duty_texts(unit) -> dict[str, str]:
    """What the unit pledged on each duty: its active pledge's text, else the standard
    wording for its kind (empty when neither exists)."""
    pledge = unit.pledges.filter(status=PledgeStatus.ACTIVE).first()
    source = pledge or PledgeWording.objects.filter(kind=unit.kind).first()
    return {duty.value: getattr(source, duty.value, "") if source else "" for duty in Duty}


def _sent_results(post) -> dict[str, bool]:
    """The pass/fail radios as duty → bool (a duty left unanswered is left out)."""
    answers = {PASS: True, FAIL: False}
    return {duty.value: answers[post.get(duty.value)] for duty in Duty if post.get(duty.value) in answers}


@require_http_methods(["GET", "POST"])
def check_detail(request, pk: int):
    check = _check_for_user(request, pk)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            services.record_check(
                check,
                _sent_results(request.POST),
                note=request.POST.get("note", ""),
                photos=request.FILES.getlist("photos"),
                by=request.user,
            )
        except PermissionDenied as error:
            errors, status = {"__all__": [str(error)]}, 403
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            status = 400
        else:
            if check.failed_duties():
                messages.warning(request, _("Recorded: a duty was not kept."))
            else:
                messages.success(request, _("Recorded: all three duties kept."))
            return redirect("check-detail", pk=check.pk)
        check.refresh_from_db()
    unit = check.unit
    texts = duty_texts(unit)
    sent = request.POST if errors else {}
    duties = [
        {
            "value": value,
            "label": label,
            "text": texts[value],
            "kept": kept,
            "chosen": sent.get(value, ""),
            "errors": errors.get(value, []),
        }
        for value, label, kept in check.results()
    ]
    is_due = check.status == CheckStatus.DUE
    return render(
        request,
        "frontage/check_detail.html",
        {
            "check": check,
            "unit": unit,
            "duties": duties,
            "photos": list(check.photos.all()) if check.status == CheckStatus.DONE else [],
            "may_record": is_due and may_check(request.user),
            "errors": errors,
            "general_errors": errors.get("__all__", []) + errors.get("photos", []),
            "note_errors": errors.get("note", []),
            "note": sent.get("note", ""),
            "overdue": is_due and check.due < timezone.localdate(),
            "links": links("DOOR_CHECK_LINKS", request, check) if check.status == CheckStatus.DONE else [],
            "point": unit.location,
            "map_config": map_config(),
        },
        status=status,
    )


@require_POST
def check_new(request, pk: int):
    """ "Check now" on a unit's page: its open check due today (or overdue), else a new one."""
    unit = get_object_or_404(units_for_user(request.user), pk=pk)
    try:
        check = services.start_check(unit, request.user, timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(unit.get_absolute_url())
    return redirect("check-detail", pk=check.pk)


CheckFilterForm = date_range_form(
    "due_from", "due_to", gettext_lazy("The “due from” date is after the “due to” date."), code="due_range"
)


class CheckFilter(django_filters.FilterSet):
    """The checks list's filters; each reads an index (see Check.Meta.indexes)."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=CheckStatus.choices, empty_label=gettext_lazy("Every status")
    )
    due_from = django_filters.DateFilter(
        label=gettext_lazy("Due from"),
        field_name="due",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_to = django_filters.DateFilter(
        label=gettext_lazy("Due to"),
        field_name="due",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    zone = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Zone"),
        field_name="unit__zone",
        queryset=Zone.objects.order_by("code"),
        empty_label=gettext_lazy("All zones"),
    )
    failed = django_filters.ChoiceFilter(
        label=gettext_lazy("Failed duty"),
        choices=[("any", gettext_lazy("Any duty")), *Duty.choices],
        empty_label=gettext_lazy("Failed or not"),
        method="filter_failed",
    )
    inspector = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Inspector"),
        queryset=get_user_model().objects.filter(door_checks__isnull=False).distinct().order_by("username"),
        empty_label=gettext_lazy("Every inspector"),
    )

    class Meta:
        model = Check
        fields = ["status", "due_from", "due_to", "zone", "failed", "inspector"]
        form = CheckFilterForm

    def filter_failed(self, queryset, name, value):
        if value == "any":
            return queryset.filter(Q(sanitation_ok=False) | Q(greening_ok=False) | Q(order_ok=False))
        return queryset.filter(**{f"{value}_ok": False})


@require_GET
def check_list(request):
    checks = checks_for_user(request.user).order_by(*ORDER)
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        # One unit's whole history (its page links here): the unit_id index.
        checks = checks.filter(unit_id=int(unit))
    filterset = CheckFilter(request.GET, queryset=checks)
    chosen = filterset.qs if filterset.is_valid() else checks.none()
    shown = chosen.select_related("unit__zone", "inspector").defer(
        "unit__location", "unit__frontage", "unit__notes", "unit__contact_name", "unit__contact_phone"
    )
    page = Paginator(shown, CHECKS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "frontage/check_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )
