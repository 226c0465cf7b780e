import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import Department, Zone
from core.forms import date_range_form
from core.roles import Role
from frontage.models import Unit
from maintenance.models import Crew

from .choices import FindingStatus
from .models import Category, Finding, Round, overdue_condition

YES = [("yes", _("Yes"))]


def stage_condition(stage: str, now: datetime.datetime) -> Q:
    """The findings at a stage of the loop, as the dashboard counts them (its figures link
    here with ``stage``): registered (less public reports not accepted and voided ones);
    should be disposed by now (dispatched past the deadline, or disposed); disposed;
    disposed by the deadline; sent back at least once."""
    registered = ~Q(status__in=[FindingStatus.PENDING, FindingStatus.VOIDED])
    return {
        "registered": registered,
        "to_dispose": registered & Q(deadline__isnull=False) & (Q(disposed__isnull=False) | Q(deadline__lt=now)),
        "disposed": registered & Q(disposed__isnull=False),
        "on_time": registered & Q(disposed__isnull=False, disposed__lte=F("deadline")),
        "reworked": registered & Q(rework_count__gt=0),
    }[stage]


FindingFilterForm = date_range_form("created_from", "created_to", _("The “from” date is after the “to” date."))


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of the day in the zone's time (so a range reads the created index)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class FindingFilter(django_filters.FilterSet):
    """The findings list's filters. Each reads an index (inspections.models.findings):
    status, crew, department and door unit (with status), zone and category (with created), the
    overdue rule (the dispatched-deadline index), rebounds (rebound_of's), escalated
    (the open-escalation index), the date range (the list's order index)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FindingStatus.choices, empty_label=_("Every status")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.order_by("code"), empty_label=_("All categories")
    )
    zone = django_filters.ModelChoiceFilter(
        label=_("Zone"), queryset=Zone.objects.order_by("code"), empty_label=_("All zones")
    )
    crew = django_filters.ModelChoiceFilter(
        label=_("Crew"), queryset=Crew.objects.order_by("code"), empty_label=_("All crews")
    )
    # The department dispatched to, or the department of the crew dispatched to (the two
    # party indexes, finding_department_status and finding_crew_status).
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),
        empty_label=_("All departments"),
        method="filter_department",
    )
    # A door unit's findings (its page links here): not a list to choose from, a thousand
    # units long, but the unit's number in the query string (the finding_unit_status index).
    unit = django_filters.ModelChoiceFilter(
        label=_("Door unit"), queryset=Unit.objects.only("pk", "code", "name"), widget=forms.HiddenInput
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=YES, empty_label=_("Any"), method="filter_overdue"
    )
    rebounds = django_filters.ChoiceFilter(
        label=_("Rebounds"), choices=YES, empty_label=_("Any"), method="filter_rebounds"
    )
    escalated = django_filters.ChoiceFilter(
        label=_("Escalated"), choices=YES, empty_label=_("Any"), method="filter_escalated"
    )
    # The dashboard's figures (reports.figures.findings.stage_condition): with the date
    # range, which reads the list's order index.
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[
            ("registered", _("Registered (not pending or voided)")),
            ("to_dispose", _("Should be disposed by now")),
            ("disposed", _("Disposed")),
            ("on_time", _("Disposed by the deadline")),
            ("reworked", _("Sent back at least once")),
        ],
        empty_label=_("Any"),
        method="filter_stage",
    )
    created_from = django_filters.DateFilter(
        label=_("Found from"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = django_filters.DateFilter(
        label=_("Found to"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Finding
        form = FindingFilterForm
        fields = []

    def filter_department(self, queryset, name, value):
        return queryset.filter(Q(department=value) | Q(crew__department=value))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage_condition(value, timezone.now()))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_condition(timezone.now()))

    def filter_rebounds(self, queryset, name, value):
        return queryset.filter(rebound_of__isnull=False)

    def filter_escalated(self, queryset, name, value):
        return queryset.filter(escalated__isnull=False, escalation_cleared__isnull=True)

    def filter_from(self, queryset, name, value):
        return queryset.filter(created__gte=_day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(created__lt=_day_start(value + datetime.timedelta(days=1)))


RoundFilterForm = date_range_form("date_from", "date_to", _("The “from” date is after the “to” date."))


class InspectorFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class InspectorFilter(django_filters.ModelChoiceFilter):
    field_class = InspectorFilterField


class RoundFilter(django_filters.FilterSet):
    """The rounds list's filters, each on an index (inspections.models.findings.Round):
    the date range (the list's order index), the zone (the foreign keys' indexes: the
    round's zone, its village's, its road's), the inspector (the inspectors table's index
    on the user)."""

    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    zone = django_filters.ModelChoiceFilter(
        label=_("Zone"), queryset=Zone.objects.order_by("code"), empty_label=_("All zones"), method="filter_zone"
    )
    inspector = InspectorFilter(
        label=_("Inspector"),
        queryset=get_user_model()
        .objects.filter(groups__name=Role.INSPECTOR)
        .order_by("first_name", "last_name", "username"),
        empty_label=_("All inspectors"),
        field_name="inspectors",
    )

    class Meta:
        model = Round
        form = RoundFilterForm
        fields = []

    def filter_zone(self, queryset, name, value):
        """A round in the zone: over the zone itself, or over one of its villages or roads."""
        return queryset.filter(Q(zone=value) | Q(village__zone=value) | Q(road__zone=value))
