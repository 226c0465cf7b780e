"""The managers' dashboard (/dashboard/): the period picker and filters, the figures
(reports.figures) as tables whose every number links to its rows, weekly trends drawn as
SVG (reports.charts), a map of the period's findings and the worst ten places.

Query-string parameters: ``period`` (this-week, last-week, this-month, last-month),
``week`` (an ISO week, 2026-W48), ``from`` and ``to`` (a range, inclusive, at most two
years), ``department``, ``zone``, ``crew``, ``category`` (ids). Bad input: the errors
above the page's form, and the figures of this week without filters are not shown.

A department head (reports.queries.dashboard_scope) sees their department's figures
only: the department is one of theirs (the first when none is given), another one in
the query string is a 403 page saying so; the door pledges are those of the zones their
department leads, the projects those it keeps."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from assets.models import Department, Zone
from assets.views import map_config
from inspections.models import Category
from maintenance.models import Crew

from .. import charts, figures, periods
from ..queries import dashboard_scope, headed_departments


class DashboardForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"), required=False, choices=[("", "—"), *periods.NAMED.items()]
    )
    week = forms.CharField(
        label=gettext_lazy("ISO week"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"placeholder": "2026-W48", "size": 9}),
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Department.objects.order_by("code"),
        required=False,
        empty_label=gettext_lazy("All departments"),
    )
    zone = forms.ModelChoiceField(
        label=gettext_lazy("Zone"), queryset=Zone.objects.order_by("code"), required=False,
        empty_label=gettext_lazy("All zones"),
    )  # fmt: skip
    crew = forms.ModelChoiceField(
        label=gettext_lazy("Crew"), queryset=Crew.objects.order_by("code"), required=False,
        empty_label=gettext_lazy("All crews"),
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=Category.objects.order_by("code"), required=False,
        empty_label=gettext_lazy("All categories"),
    )  # fmt: skip

    def __init__(self, data, today, departments: set[int] | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.scoped = departments is not None
        if self.scoped:
            # A department head chooses among their departments only, never "all".
            field = self.fields["department"]
            field.queryset = field.queryset.filter(pk__in=departments)
            field.empty_label = None

    def add_prefix(self, field_name):
        # The range is ``from`` and ``to`` in the query string (Python keywords as names).
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        raw = self.data
        params = {"period": raw.get("week") or raw.get("period") or "", "from": raw.get("from"), "to": raw.get("to")}
        try:
            cleaned["chosen"] = periods.parse(params, self.today)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        if self.scoped and not cleaned.get("department") and "department" not in self.errors:
            cleaned["department"] = self.fields["department"].queryset.first()
        return cleaned


# The base template shows the "Dashboard" link to a department head from this session
# flag, so that other pages spend no query on it (set by home and the dashboard).
HEAD_SESSION_KEY = "heads_department"


def _remember_head(request, head: bool) -> bool:
    if request.session.get(HEAD_SESSION_KEY) != head:
        request.session[HEAD_SESSION_KEY] = head
    return head


def head_home(request) -> str | None:
    """Home for department heads who hold no role (settings.HOME_PAGES): the dashboard."""
    if _remember_head(request, bool(headed_departments(request.user))):
        return reverse("dashboard")
    return None


@require_GET
def dashboard(request):
    scope = dashboard_scope(request.user)
    if scope is not None:
        _remember_head(request, True)
        asked = request.GET.get("department", "")
        if asked and asked not in {str(pk) for pk in scope}:
            return render(request, "reports/other_department.html", status=403)
    today = timezone.localdate()
    form = DashboardForm(request.GET, today, scope)
    context = {"form": form, "map_config": map_config(), "scoped": scope is not None}
    if form.is_valid():
        period = form.cleaned_data["chosen"]
        names = ("department", "zone", "crew", "category")
        chosen = figures.Filters(**{name: form.cleaned_data[name] for name in names})
        led_by = chosen.department if scope is not None else None
        orders = figures.order_figures(period, chosen, today)
        found = figures.finding_figures(period, chosen)
        weeks = [week.iso_week() for week in period.weeks()]
        context.update(
            period=period,
            orders=orders,
            findings=found,
            door=figures.door_figures(period, chosen, today, led_by),
            projects=figures.project_figures(period, chosen, today),
            places=figures.worst_places(period, chosen),
            features=figures.map_features(period, chosen),
            places_text=figures.places.PLACES_TEXT,
            order_chart=charts.bar_chart(
                _("Preventive orders by week"),
                weeks,
                [
                    (_("Due"), [t.due for _w, t in orders.weeks]),
                    (_("Done on time"), [t.on_time for _w, t in orders.weeks]),
                    (_("Done late"), [t.late for _w, t in orders.weeks]),
                ],
            ),
            finding_chart=charts.bar_chart(
                _("Findings by week"),
                weeks,
                [
                    (_("Registered"), [t.registered for _w, t in found.weeks]),
                    (_("Disposed"), [t.disposed for _w, t in found.weeks]),
                    (_("Rebounds"), [t.rebounds for _w, t in found.weeks]),
                ],
            ),
            rate_chart=charts.line_chart(
                _("Rates by week"),
                weeks,
                [
                    (_("Compliance"), [t.compliance for _w, t in orders.weeks]),
                    (_("Disposal rate"), [t.disposal_rate for _w, t in found.weeks]),
                    (_("Rebound rate"), [t.rebound_rate for _w, t in found.weeks]),
                ],
            ),
        )
    return render(request, "reports/dashboard.html", context)
