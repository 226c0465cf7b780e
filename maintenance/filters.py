import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import Department, Zone
from core.forms import date_range_form

from .choices import OPEN_STATUSES, OrderStatus, Outcome, PlanMode
from .models import Crew, Plan, TaskType, WorkOrder, outcome_condition
from .queries import orders_for_user


class PlanFilter(django_filters.FilterSet):
    """The plan list's filters (and, later, the API's)."""

    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.TextInput(attrs={"placeholder": _("Plan name")})
    )
    crew = django_filters.ModelChoiceFilter(
        label=_("Crew"), queryset=Crew.objects.order_by("code"), empty_label=_("All crews")
    )
    task_type = django_filters.ModelChoiceFilter(
        label=_("Task type"), queryset=TaskType.objects.order_by("code"), empty_label=_("All task types")
    )
    mode = django_filters.ChoiceFilter(label=_("Mode"), choices=PlanMode.choices, empty_label=_("All modes"))
    paused = django_filters.ChoiceFilter(
        label=_("Paused"),
        choices=[("no", _("Running")), ("yes", _("Paused"))],
        empty_label=_("Running and paused"),
        method="filter_paused",
    )

    class Meta:
        model = Plan
        fields = ["q", "crew", "task_type", "mode", "paused"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name__icontains=value)

    def filter_paused(self, queryset, name, value):
        return queryset.filter(paused=value == "yes")


OrderFilterForm = date_range_form(
    "due_from", "due_to", _("The “due from” date is after the “due to” date."), code="due_range"
)


class WorkOrderFilter(django_filters.FilterSet):
    """The work-order list's filters (and its exports'). The parameter names are the page's
    public interface (the dashboard links its figures here): see views.order_list.

    Give it the request: the crews and plans offered are those of the orders the user may
    see (queries.orders_for_user), and "overdue" is counted from the zone's today.
    """

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            ("open", _("Open (scheduled or in progress)")),
            ("waiting", _("Open, not past due")),
            ("due", _("Due (not cancelled)")),
            (Outcome.OVERDUE, Outcome.OVERDUE.label),
            ("done", _("Done")),
            (Outcome.DONE_ON_TIME, Outcome.DONE_ON_TIME.label),
            (Outcome.DONE_LATE, Outcome.DONE_LATE.label),
            (Outcome.SKIPPED, Outcome.SKIPPED.label),
            (Outcome.CANCELLED, Outcome.CANCELLED.label),
        ],
        empty_label=_("Every status"),
        method="filter_status",
    )
    crew = django_filters.ModelChoiceFilter(label=_("Crew"), queryset=Crew.objects.none(), empty_label=_("All crews"))
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        field_name="crew__department",
        queryset=Department.objects.order_by("code"),
        empty_label=_("All departments"),
    )
    zone = django_filters.ModelChoiceFilter(
        label=_("Zone"), field_name="asset__zone", queryset=Zone.objects.order_by("code"), empty_label=_("All zones")
    )
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=Plan.objects.none(), empty_label=_("All plans"))
    task_type = django_filters.ModelChoiceFilter(
        label=_("Task type"),
        field_name="plan__task_type",
        queryset=TaskType.objects.order_by("code"),
        empty_label=_("All task types"),
    )
    # Preventive (from a plan's rule) or corrective (a crew's hidden corrective plan, the
    # plan_one_corrective_per_crew index): the dashboard's compliance links here.
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[("preventive", _("Preventive")), ("corrective", _("Corrective"))],
        empty_label=_("Preventive and corrective"),
        method="filter_kind",
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    due_to = django_filters.DateFilter(
        label=_("Due to"), field_name="due", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = WorkOrder
        form = OrderFilterForm
        fields = ["status", "crew", "department", "zone", "plan", "task_type", "kind", "due_from", "due_to"]

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.today = timezone.localdate()
        # Offered: the crews and plans that have orders this user may see (one EXISTS
        # probe each, on the crew and plan indexes).
        visible = orders_for_user(request.user)
        crews = Crew.objects.filter(Exists(visible.filter(crew=OuterRef("pk"))))
        plans = Plan.objects.filter(Exists(visible.filter(plan=OuterRef("pk"))))
        self.filters["crew"].queryset = crews.order_by("code")
        self.filters["plan"].queryset = plans.order_by("name", "pk")

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == "done":
            return queryset.filter(status=OrderStatus.DONE)
        if value == "waiting":
            return queryset.filter(status__in=OPEN_STATUSES).exclude(outcome_condition(Outcome.OVERDUE, self.today))
        if value == "due":
            return queryset.exclude(status=OrderStatus.CANCELLED)
        return queryset.filter(outcome_condition(value, self.today))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(plan__corrective=value == "corrective")
