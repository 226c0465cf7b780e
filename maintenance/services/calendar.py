"""The working-day calendar's workflows: a day or a year changed, and what to warn about."""

import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..calendar import WorkingCalendar
from ..choices import OPEN_STATUSES, CalendarPolicy
from ..models import CalendarDay, CalendarYear, Plan, WorkOrder
from .generation import GenerationResult, generate_work_orders
from .rewrite import REGENERATION_LOOKBACK, rewrite_future_orders


def calendar_changed(first: datetime.date, last: datetime.date, today: datetime.date | None = None) -> GenerationResult:
    """After a calendar day is added, changed or deleted (or a year confirmed): working-days
    plans' untouched orders in the affected span are generated again."""
    today = today or timezone.localdate()
    # An order may have been moved from inside the span to a day before it (previous
    # working day): rewrite from a month before.
    since = max(today, first - REGENERATION_LOOKBACK)
    plan_ids = list(Plan.objects.filter(calendar=CalendarPolicy.WORKING_DAYS).values_list("pk", flat=True))
    rewrite_future_orders(plan_ids, since, whole_plans=False)
    return generate_work_orders(today=today, plan_ids=plan_ids)


def save_calendar_day(day: CalendarDay) -> GenerationResult:
    """Add or change a day off or a make-up working day; the working-days plans' orders
    around it (and around the date it had before) follow."""
    previous = CalendarDay.objects.filter(pk=day.pk).values_list("date", flat=True).first() if day.pk else None
    day.save()
    dates = [day.date] + ([previous] if previous else [])
    return calendar_changed(min(dates), max(dates))


def delete_calendar_days(days: QuerySet) -> GenerationResult:
    """Remove calendar days: the official calendar counts there again."""
    dates = list(days.values_list("date", flat=True))
    days.delete()
    return calendar_changed(min(dates), max(dates)) if dates else GenerationResult()


def confirm_year(year: CalendarYear, by) -> GenerationResult:
    """Confirm that a year's holidays are entered as calendar days: its provisional orders
    are recomputed (by the generation this runs)."""
    year.confirmed_by = by
    year.save()
    return generate_work_orders()


def calendar_warnings(today: datetime.date | None = None) -> list[str]:
    """What administrators must be told about years whose holidays are not known yet."""
    today = today or timezone.localdate()
    horizon = Plan.objects.filter(paused=False, calendar=CalendarPolicy.WORKING_DAYS).aggregate(
        longest=Max("horizon_days")
    )["longest"]
    if horizon is None:
        return []
    calendar = WorkingCalendar.load(today, today)
    last = today + datetime.timedelta(days=horizon)
    warnings = []
    for year in range(today.year, last.year + 1):
        if calendar.is_known(year):
            continue
        count = WorkOrder.objects.filter(provisional=True, status__in=OPEN_STATUSES, due__year=year).count()
        warnings.append(
            _(
                "China's holiday arrangement for %(year)s is not known yet: working days in %(year)s are taken as "
                "Monday to Friday, and %(count)d work orders are provisional. Enter the year's public holidays and "
                "make-up working days as calendar days, then confirm the year (or install a newer chinesecalendar); "
                "the provisional orders are then recomputed."
            )
            % {"year": year, "count": count}
        )
    return warnings
