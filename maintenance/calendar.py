"""Which days count as working days: China's official arrangement, local overrides, fallback.

In order of precedence:
1. a CalendarDay override (a local day off, or a make-up working day);
2. the chinesecalendar package, which knows the State Council's holidays and weekend
   make-up working days (调休) for the years it was released with;
3. for a year it does not know: Monday to Friday. If the year has been confirmed
   (CalendarYear: its arrangement is entered as overrides) that is final; otherwise it is
   *provisional*, the orders scheduled with it are marked so, and they are recomputed once
   the year becomes known (services.refresh_provisional_orders).
"""

import datetime
import functools

import chinese_calendar

from .choices import NonWorkingDayRule

# A holiday block is at most nine days; a month is a generous bound for moving an order.
MAX_SHIFT_DAYS = 31


@functools.cache
def package_knows(year: int) -> bool:
    """True if the installed chinesecalendar has the official arrangement for this year."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Working days over a span of dates, from data loaded once (see load())."""

    def __init__(self, overrides: dict[datetime.date, bool], confirmed_years: set[int]):
        self.overrides = overrides
        self.confirmed_years = confirmed_years
        self._cache: dict[datetime.date, tuple[bool, bool]] = {}

    @classmethod
    def load(cls, first: datetime.date, last: datetime.date) -> "WorkingCalendar":
        """Read the overrides around [first, last] and the confirmed years: two queries."""
        from .models import CalendarDay, CalendarYear

        margin = datetime.timedelta(days=MAX_SHIFT_DAYS + 1)
        overrides = dict(
            CalendarDay.objects.filter(date__range=(first - margin, last + margin)).values_list("date", "working")
        )
        return cls(overrides, set(CalendarYear.objects.values_list("year", flat=True)))

    def is_known(self, year: int) -> bool:
        return package_knows(year) or year in self.confirmed_years

    def is_working(self, day: datetime.date) -> tuple[bool, bool]:
        """(is it a working day, is that answer provisional)."""
        cached = self._cache.get(day)
        if cached is None:
            if day in self.overrides:
                cached = (self.overrides[day], False)
            elif package_knows(day.year):
                cached = (chinese_calendar.is_workday(day), False)
            else:
                cached = (day.weekday() < 5, day.year not in self.confirmed_years)
            self._cache[day] = cached
        return cached

    def place(
        self, day: datetime.date, rule: str, not_before: datetime.date | None = None
    ) -> tuple[datetime.date | None, bool]:
        """Where an occurrence on ``day`` goes under a working-days-only plan.

        "Previous working day" never goes before ``not_before`` (a plan's start, a
        target's first day, the day after its last order): the next working day then.
        Returns (due date or None if skipped, provisional).
        """
        working, provisional = self.is_working(day)
        if working:
            return day, provisional
        if rule == NonWorkingDayRule.SKIP:
            return None, provisional
        if rule == NonWorkingDayRule.PREVIOUS and not_before is not None:
            due, moved_provisional = self.place(day, rule)
            if due is not None and due < not_before:
                due, moved_provisional = self.place(day, NonWorkingDayRule.NEXT)
            return due, provisional or moved_provisional
        step = datetime.timedelta(days=1 if rule == NonWorkingDayRule.NEXT else -1)
        candidate = day
        for _ in range(MAX_SHIFT_DAYS):
            candidate += step
            working, candidate_provisional = self.is_working(candidate)
            provisional = provisional or candidate_provisional
            if working:
                return candidate, provisional
        return None, provisional
