"""The period a report covers: dates inclusive, read from a page's query string.

A week is ISO's (Monday to Sunday) in the zone's time (TIME_ZONE, Asia/Shanghai): the
Monday report's week and the dashboard's "this week" are the same seven days.
"""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The named periods the dashboard's picker offers (`?period=`), and what they mean.
NAMED = {
    "this-week": gettext_lazy("This week"),
    "last-week": gettext_lazy("Last week"),
    "this-month": gettext_lazy("This month"),
    "last-month": gettext_lazy("Last month"),
}
DEFAULT = "this-week"
# A longer range would ask the database for years of rows at once: pick a shorter one.
MAX_DAYS = 2 * 366
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclasses.dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def weeks(self) -> list["Period"]:
        """The ISO weeks the period touches, in order (the trends' x axis)."""
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(Period(monday, monday + datetime.timedelta(days=6)))
            monday += datetime.timedelta(days=7)
        return weeks

    def iso_week(self) -> str:
        """The ISO week of the start, as "2026-W48"."""
        year, week, _weekday = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def query(self) -> dict[str, str]:
        """The query-string parameters that give this period again."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def week_of(day: datetime.date) -> Period:
    monday = day - datetime.timedelta(days=day.weekday())
    return Period(monday, monday + datetime.timedelta(days=6))


def month_of(day: datetime.date) -> Period:
    first = day.replace(day=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    return Period(first, next_first - datetime.timedelta(days=1))


def iso_week(text: str) -> Period:
    """ "2026-W48" as its Monday to Sunday; anything else a ValidationError."""
    match = ISO_WEEK.match(text.strip())
    if not match:
        raise ValidationError(_("Write a week as year-W-number, for example 2026-W48."), code="bad_week")
    try:
        monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValidationError(_("There is no week %(week)s.") % {"week": text.strip()}, code="bad_week") from None
    return Period(monday, monday + datetime.timedelta(days=6))


def named(name: str, today: datetime.date) -> Period:
    if name == "this-week":
        return week_of(today)
    if name == "last-week":
        return week_of(today - datetime.timedelta(days=7))
    if name == "this-month":
        return month_of(today)
    if name == "last-month":
        return month_of(today.replace(day=1) - datetime.timedelta(days=1))
    return iso_week(name)


def _date(text: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        message = _("Enter a date as year-month-day, for example 2026-11-23.")
        raise ValidationError({field: ValidationError(message, code="bad_date")}) from None


def parse(params, today: datetime.date | None = None) -> Period:
    """The period a query string asks for: ``from`` and ``to`` (a range, both needed),
    else ``period`` (a NAMED one or an ISO week "2026-W48"), else this week. Bad input is
    a ValidationError saying what is wrong; nothing is guessed."""
    today = today or timezone.localdate()
    first, last = (params.get("from") or "").strip(), (params.get("to") or "").strip()
    if first or last:
        if not (first and last):
            missing = "to" if first else "from"
            raise ValidationError({missing: ValidationError(_("Give both dates of the range."), code="half_range")})
        start, end = _date(first, "from"), _date(last, "to")
        if start > end:
            raise ValidationError(_("The “from” date is after the “to” date."), code="reversed")
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationError(_("Choose a range of at most two years."), code="too_long")
        return Period(start, end)
    name = (params.get("period") or DEFAULT).strip()
    return named(name, today)
