import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import Phase, ProjectKind
from .models.projects import late_condition

YES = [("yes", _("Yes"))]


class ProjectFilter(django_filters.FilterSet):
    """The programme's and the project list's filters: kind and phase (the project_kind_phase
    and project_phase indexes), late (the open-phase indexes, models.late_condition)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices, empty_label=_("Every kind"))
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("Every phase"))
    late = django_filters.ChoiceFilter(label=_("Late"), choices=YES, empty_label=_("Any"), method="filter_late")

    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def filter_late(self, queryset, name, value):
        return queryset.filter(late_condition(self.today)) if value == "yes" else queryset
