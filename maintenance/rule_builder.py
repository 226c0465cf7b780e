"""The plan form's recurrence builder: its choices composed into an RFC 5545 rule, and a
rule read back into its choices when the builder can show it.

The builder offers what planners ask for: every N days, weeks, months or years; on some
weekdays (weekly); on a day of the month, a numbered weekday ("the 2nd Tuesday"), the
last day or the last working day (monthly, yearly); only in some months. Anything else
(COUNT, UNTIL, BYSETPOS, several month days…) stays a raw rule, which experts type.

"The last working day" under China's calendar (with its make-up working days) is not a
rule of weekdays: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 would choose 31 January
2025, a Spring Festival holiday, and miss Saturday 28 February 2026, a make-up working
day. So it is the month's last day (BYMONTHDAY=-1) on the plan's working-days calendar,
moved to the previous working day: the calendar, which knows the State Council's
arrangement and the local overrides, places it.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import CalendarPolicy, NonWorkingDayRule
from .recurrence import WEEKDAYS, normalize_rrule

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


class Day:
    """Which day of the month a monthly or yearly rule falls on."""

    START = "start"  # the start date's day (no BY part)
    NUMBER = "number"  # BYMONTHDAY=N
    NTH_WEEKDAY = "nth"  # BYDAY=+2TU
    LAST = "last"  # BYMONTHDAY=-1
    LAST_WORKING = "last_working"  # BYMONTHDAY=-1, working days, moved to the previous one


# The numbered weekdays the builder offers: the first to the fourth, and the last.
NTH_CHOICES = (1, 2, 3, 4, -1)
MAX_INTERVAL = 1000


@dataclasses.dataclass(frozen=True)
class Recurrence:
    """The builder's choices. Those a frequency does not use are ignored by compose()."""

    freq: str = "WEEKLY"
    interval: int = 1
    weekdays: tuple[str, ...] = ()  # WEEKLY: none means the start's weekday
    day: str = Day.START  # MONTHLY, YEARLY
    month_day: int | None = None  # Day.NUMBER: 1 to 31
    nth: int = 1  # Day.NTH_WEEKDAY
    nth_weekday: str = "MO"  # Day.NTH_WEEKDAY
    months: tuple[int, ...] = ()  # none means every month

    @property
    def working_days_back(self) -> bool:
        """Does the rule need the working-days calendar, moving back (the last working day)?"""
        return self.freq in {"MONTHLY", "YEARLY"} and self.day == Day.LAST_WORKING


def compose(recurrence: Recurrence) -> str:
    """The rule of the builder's choices, canonical (normalize_rrule), or ValidationError
    with the builder field at fault (e.g. {"repeat_month_day": …})."""
    freq = recurrence.freq
    if freq not in FREQUENCIES:
        raise ValidationError({"repeat_unit": _("Choose days, weeks, months or years.")}, code="builder_freq")
    if not 1 <= recurrence.interval <= MAX_INTERVAL:
        raise ValidationError(
            {"repeat_every": _("Enter a whole number from 1 to %(max)d.") % {"max": MAX_INTERVAL}},
            code="builder_interval",
        )
    parts = [f"FREQ={freq}"]
    if recurrence.interval != 1:
        parts.append(f"INTERVAL={recurrence.interval}")
    if freq == "WEEKLY" and recurrence.weekdays:
        parts.append("BYDAY=" + ",".join(day for day in WEEKDAYS if day in recurrence.weekdays))
    if freq in {"MONTHLY", "YEARLY"}:
        day_part = _day_part(recurrence)
        if day_part and freq == "YEARLY" and not recurrence.months:
            # FREQ=YEARLY;BYMONTHDAY=15 is the 15th of every month: rarely what "every year" means.
            raise ValidationError(
                {"repeat_months": _("Choose the month of the year (or repeat every month instead).")},
                code="builder_year_month",
            )
        if day_part:
            parts.append(day_part)
    if recurrence.months:
        parts.append("BYMONTH=" + ",".join(str(month) for month in sorted(set(recurrence.months))))
    try:
        return normalize_rrule(";".join(parts))
    except ValidationError as error:
        # The choices are each valid; together they never occur (day 31 only in June).
        field = "repeat_month_day" if recurrence.day == Day.NUMBER else "repeat_months"
        raise ValidationError({field: error.messages}) from error


def _day_part(recurrence: Recurrence) -> str:
    if recurrence.day == Day.NUMBER:
        if recurrence.month_day is None or not 1 <= recurrence.month_day <= 31:
            raise ValidationError(
                {"repeat_month_day": _("Enter the day of the month, from 1 to 31.")}, code="builder_month_day"
            )
        return f"BYMONTHDAY={recurrence.month_day}"
    if recurrence.day == Day.NTH_WEEKDAY:
        if recurrence.nth not in NTH_CHOICES or recurrence.nth_weekday not in WEEKDAYS:
            raise ValidationError({"repeat_nth": _("Choose which weekday of the month.")}, code="builder_nth")
        return f"BYDAY={recurrence.nth:+d}{recurrence.nth_weekday}"
    if recurrence.day in {Day.LAST, Day.LAST_WORKING}:
        return "BYMONTHDAY=-1"
    return ""


def parse(text: str, calendar: str = CalendarPolicy.EVERY_DAY, non_working: str = "") -> Recurrence | None:
    """The builder's choices for a rule (on a plan with this calendar), or None when the
    builder cannot show it (the form then opens the raw rule, intact)."""
    try:
        parts = dict(part.split("=", 1) for part in normalize_rrule(text).split(";"))
    except ValidationError:
        return None
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH"}:
        return None
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    months = tuple(sorted({int(month) for month in parts["BYMONTH"].split(",")})) if "BYMONTH" in parts else ()
    byday = parts.get("BYDAY", "").split(",") if "BYDAY" in parts else []
    plain_days = all(day in WEEKDAYS for day in byday)
    if freq == "DAILY" and byday and plain_days and interval == 1 and "BYMONTHDAY" not in parts:
        freq = "WEEKLY"  # every day, on some weekdays: the same days as every week on them
    if freq == "DAILY":
        if byday or "BYMONTHDAY" in parts:
            return None
        return Recurrence(freq=freq, interval=interval, months=months)
    if freq == "WEEKLY":
        if not plain_days or "BYMONTHDAY" in parts:
            return None
        weekdays = tuple(day for day in WEEKDAYS if day in byday)
        return Recurrence(freq=freq, interval=interval, weekdays=weekdays, months=months)
    recurrence = _monthly_day(parts, byday, calendar, non_working)
    if recurrence is None or (freq == "YEARLY" and recurrence.day != Day.START and not months):
        return None
    return dataclasses.replace(recurrence, freq=freq, interval=interval, months=months)


def _monthly_day(parts: dict[str, str], byday: list[str], calendar: str, non_working: str) -> Recurrence | None:
    """The day of a monthly or yearly rule, when it is one the builder offers."""
    if "BYMONTHDAY" in parts and byday:
        return None
    if "BYMONTHDAY" in parts:
        if "," in parts["BYMONTHDAY"]:
            return None
        number = int(parts["BYMONTHDAY"])
        if number == -1:
            moved_back = calendar == CalendarPolicy.WORKING_DAYS and non_working == NonWorkingDayRule.PREVIOUS
            return Recurrence(day=Day.LAST_WORKING if moved_back else Day.LAST)
        if number < 1:
            return None
        return Recurrence(day=Day.NUMBER, month_day=number)
    if byday:
        if len(byday) != 1 or byday[0][-2:] not in WEEKDAYS:
            return None
        number = byday[0][:-2]
        if not number or int(number) not in NTH_CHOICES:
            return None
        return Recurrence(day=Day.NTH_WEEKDAY, nth=int(number), nth_weekday=byday[0][-2:])
    return Recurrence(day=Day.START)
