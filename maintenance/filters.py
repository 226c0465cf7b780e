import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import PlanMode
from .models import Crew, Plan, TaskType


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
