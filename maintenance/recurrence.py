"""Recurrence rules (RFC 5545 RRULE) for plans: checked here, expanded with dateutil.

Plans recur by date (a due time, if any, is the plan's), so only date rule parts are
accepted. dateutil does the expansion, including RFC 5545's "no occurrence" for
BYMONTHDAY=31 in short months; what it does not check (and where it would loop forever,
as with INTERVAL=0, or raise while expanding, as with BYDAY=+53MO in a monthly rule) is
refused here first, with a message that says what is wrong: RFC 5545's ranges and the
parts a frequency must not have.
"""

import collections
import datetime
import functools
import re

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
DATE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYYEARDAY", "BYWEEKNO",
              "BYSETPOS", "WKST"}  # fmt: skip
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# A BYDAY item: a weekday, numbered or not (1MO the first Monday, -1FR the last Friday).
DAY_ITEM = re.compile(r"^([+-]?\d+)?(MO|TU|WE|TH|FR|SA|SU)$")
UNTIL_FORMAT = re.compile(r"^(\d{8})(T\d{6}Z?)?$")
# Ranges of the numeric list parts (RFC 5545 §3.3.10); zero is never allowed.
NUMBER_LISTS = {"BYMONTHDAY": (-31, 31), "BYMONTH": (1, 12), "BYYEARDAY": (-366, 366), "BYWEEKNO": (-53, 53),
                "BYSETPOS": (-366, 366)}  # fmt: skip
# How far a preview or a check looks ahead: rules that never occur are cut off here
# instead of being iterated to the year 9999.
LOOKAHEAD = relativedelta(years=5)


def normalize_rrule(text: str) -> str:
    """Return the rule in canonical form (upper case, no "RRULE:"), or raise ValidationError."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise ValidationError(_("Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO."), code="rrule_empty")
    parts = {}
    for chunk in text.upper().split(";"):
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            raise ValidationError(
                _("Each part of the rule is NAME=VALUE; %(part)s is not."), code="rrule_syntax", params={"part": chunk}
            )
        if key not in DATE_PARTS:
            raise ValidationError(
                _("%(part)s is not supported: plans recur by date (use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH…)."),
                code="rrule_part",
                params={"part": key},
            )
        if key in parts:
            raise ValidationError(_("%(part)s is given twice."), code="rrule_syntax", params={"part": key})
        parts[key] = value
    freq = parts.get("FREQ")
    if freq not in FREQUENCIES:
        raise ValidationError(
            _("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY."), code="rrule_freq", params={"freq": freq}
        )
    for key in ("INTERVAL", "COUNT"):
        if key in parts and not (parts[key].isdigit() and 1 <= int(parts[key]) <= 10000):
            raise ValidationError(
                _("%(part)s must be a whole number from 1 to 10000."), code="rrule_number", params={"part": key}
            )
    for key, (low, high) in NUMBER_LISTS.items():
        if key in parts and not all(_in_range(value, low, high) for value in parts[key].split(",")):
            raise ValidationError(
                _("%(part)s takes numbers from %(low)s to %(high)s (not 0), separated by commas."),
                code="rrule_number",
                params={"part": key, "low": low, "high": high},
            )
    if "BYMONTH" in parts and "BYMONTHDAY" in parts and not _some_month_has_the_day(parts):
        # dateutil would look for such a day until the year 9999 (seconds of CPU).
        raise ValidationError(
            _("None of the months in BYMONTH has the days in BYMONTHDAY: the rule would never occur."),
            code="rrule_never",
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError(_("Use COUNT or UNTIL, not both."), code="rrule_count_until")
    if "UNTIL" in parts:
        match = UNTIL_FORMAT.match(parts["UNTIL"])
        if not match:
            raise ValidationError(_("UNTIL must be a date like 20271231."), code="rrule_until")
        parts["UNTIL"] = match.group(1)  # the plan recurs by date: keep the date
    _check_parts_for_frequency(parts)
    _check_numbered_days(parts)
    canonical = ";".join(f"{key}={value}" for key, value in parts.items())
    try:
        rrulestr(canonical, dtstart=datetime.datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("Not a valid recurrence rule: %(error)s"), code="rrule_invalid", params={"error": error}
        ) from error
    if not _can_occur(parts):
        raise ValidationError(
            _("The BY… parts of this rule exclude each other: it would never occur."), code="rrule_never"
        )
    if "BYSETPOS" in parts and not _setpos_can_occur(parts):
        raise ValidationError(
            _("BYSETPOS asks for more days than any %(freq)s period of this rule has: it would never occur."),
            code="rrule_never",
            params={"freq": freq},
        )
    return canonical


# Rule parts RFC 5545 §3.3.10 says MUST NOT appear with some frequencies: the frequencies
# (among the four plans use) each may appear with, and what to say otherwise.
FREQUENCIES_OF_PART = {
    "BYWEEKNO": ({"YEARLY"}, _("BYWEEKNO (weeks of the year) can only be used with FREQ=YEARLY.")),
    "BYYEARDAY": ({"YEARLY"}, _("BYYEARDAY (days of the year) can only be used with FREQ=YEARLY.")),
    "BYMONTHDAY": (
        {"DAILY", "MONTHLY", "YEARLY"},
        _("BYMONTHDAY (days of the month) cannot be used with FREQ=WEEKLY: use FREQ=MONTHLY."),
    ),
}


def _check_parts_for_frequency(parts: dict[str, str]) -> None:
    for part, (frequencies, message) in FREQUENCIES_OF_PART.items():
        if part in parts and parts["FREQ"] not in frequencies:
            raise ValidationError(message, code="rrule_part_freq", params={"part": part, "freq": parts["FREQ"]})


def _check_numbered_days(parts: dict[str, str]) -> None:
    """A numbered BYDAY (RFC 5545 §3.3.10): only with MONTHLY or YEARLY; the nth of the
    month (±1..5) with MONTHLY or with YEARLY and BYMONTH, of the year (±1..53) with YEARLY
    otherwise; never 0, never with BYWEEKNO. dateutil checks none of it (+53MO in a monthly
    rule made it raise IndexError while generating)."""
    freq = parts["FREQ"]
    for item in parts.get("BYDAY", "").split(","):
        match = DAY_ITEM.match(item)
        if not match or match.group(1) is None:
            continue  # a plain weekday, or something dateutil refuses below
        number = int(match.group(1))
        params = {"day": item}
        if freq not in {"MONTHLY", "YEARLY"}:
            raise ValidationError(
                _("A numbered day such as 1MO or -1FR needs FREQ=MONTHLY or FREQ=YEARLY."),
                code="rrule_byday",
                params=params,
            )
        if number == 0:
            raise ValidationError(
                _("%(day)s: a numbered day counts from 1 (the first) or from -1 (the last), never 0."),
                code="rrule_byday",
                params=params,
            )
        if freq == "YEARLY" and "BYWEEKNO" in parts:
            raise ValidationError(
                _("%(day)s: with BYWEEKNO, name the weekday without a number (e.g. MO): the week is chosen already."),
                code="rrule_byday",
                params=params,
            )
        if (freq == "MONTHLY" or "BYMONTH" in parts) and abs(number) > 5:
            raise ValidationError(
                _("%(day)s: a month has at most five of each weekday; number them 1 to 5, or -1 to -5 from its end."),
                code="rrule_byday",
                params=params,
            )
        if abs(number) > 53:
            raise ValidationError(
                _("%(day)s: a year has at most 53 of each weekday; number them 1 to 53, or -1 to -53 from its end."),
                code="rrule_byday",
                params=params,
            )


def until(text: str) -> datetime.date | None:
    """The rule's UNTIL as a date, or None (no UNTIL, or not a valid rule)."""
    try:
        parts = dict(part.split("=", 1) for part in normalize_rrule(text).split(";"))
    except ValidationError:
        return None
    if "UNTIL" not in parts:
        return None
    return datetime.datetime.strptime(parts["UNTIL"], "%Y%m%d").date()


def _can_occur(parts: dict[str, str]) -> bool:
    """Do the rule's BY… parts ever select a day? Checked year by year, which is cheap
    (under a second even when the answer is no), unlike the rule's own frequency: a daily
    rule that never occurs is searched day by day until the year 9999."""
    by_parts = [f"{key}={value}" for key, value in parts.items() if key.startswith("BY") and key != "BYSETPOS"]
    if not by_parts:
        return True
    yearly = rrulestr(";".join(["FREQ=YEARLY", *by_parts]), dtstart=datetime.datetime(2000, 1, 1))
    return next(iter(yearly), None) is not None


# BYSETPOS is checked against the rule's days over this many years (leap years and the
# weekdays of dates come round within it).
SETPOS_YEARS = 28


def _setpos_can_occur(parts: dict[str, str]) -> bool:
    """Does some period of the rule (a day, a week, a month, a year) have as many days as
    BYSETPOS asks for? FREQ=DAILY;BYSETPOS=2 never does, and dateutil would search for it
    until the year 9999 (seconds of CPU)."""
    base = ";".join(
        f"{key}={value}" for key, value in parts.items() if key not in {"BYSETPOS", "COUNT", "UNTIL", "INTERVAL"}
    )
    start = datetime.datetime(2000, 1, 1)
    days = rrulestr(base, dtstart=start).between(start, start.replace(year=2000 + SETPOS_YEARS), inc=True)
    week_start = WEEKDAYS.index(parts.get("WKST", "MO"))
    period = {
        "DAILY": lambda day: day.date(),
        "WEEKLY": lambda day: day.date() - datetime.timedelta(days=(day.weekday() - week_start) % 7),
        "MONTHLY": lambda day: (day.year, day.month),
        "YEARLY": lambda day: day.year,
    }[parts["FREQ"]]
    largest = max(collections.Counter(period(day) for day in days).values(), default=0)
    return any(abs(int(position)) <= largest for position in parts["BYSETPOS"].split(","))


def _some_month_has_the_day(parts: dict[str, str]) -> bool:
    days_in_month = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
    months = [int(month) for month in parts["BYMONTH"].split(",")]
    days = [int(day) for day in parts["BYMONTHDAY"].split(",")]
    return any(abs(day) <= days_in_month[month] for month in months for day in days)


def _in_range(value: str, low: int, high: int) -> bool:
    try:
        number = int(value)
    except ValueError:
        return False
    return number != 0 and low <= number <= high


def validate_rrule(text: str) -> None:
    """Model-field validator."""
    normalize_rrule(text)


@functools.lru_cache(maxsize=4096)
def _rule(text: str, start: datetime.date) -> rrule:
    return rrulestr(normalize_rrule(text), dtstart=datetime.datetime.combine(start, datetime.time()))


@functools.lru_cache(maxsize=4096)
def occurrences(
    text: str, start: datetime.date, first: datetime.date, last: datetime.date
) -> tuple[datetime.date, ...]:
    """The rule's dates from ``first`` to ``last`` inclusive (cached: many plans share a rule)."""
    if last < first:
        return ()
    rule = _rule(text, start)
    try:
        moments = rule.between(
            datetime.datetime.combine(first, datetime.time()),
            datetime.datetime.combine(last, datetime.time()),
            inc=True,
        )
    except Exception as error:
        # A rule normalize_rrule() let through that dateutil still cannot expand: say so
        # as a refusal of the rule, which previews and generation report for this plan.
        raise ValidationError(
            _("This rule cannot be expanded into dates (%(error)s): correct it."),
            code="rrule_expand",
            params={"error": f"{type(error).__name__}: {error}"},
        ) from error
    return tuple(moment.date() for moment in moments)


def next_dates(text: str, start: datetime.date, after: datetime.date, count: int = 10) -> list[datetime.date]:
    """The next ``count`` dates on or after ``after`` (looking at most five years ahead)."""
    return list(occurrences(text, start, max(start, after), after + LOOKAHEAD)[:count])


def interval(text: str) -> relativedelta:
    """One interval of the rule (FREQ × INTERVAL): what a floating plan waits after a completion."""
    parts = dict(part.split("=", 1) for part in normalize_rrule(text).split(";"))
    count = int(parts.get("INTERVAL", "1"))
    unit = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months", "YEARLY": "years"}[parts["FREQ"]]
    return relativedelta(**{unit: count})
