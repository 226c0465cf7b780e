"""A recurrence rule in words, in the page's language: "Every 3 days, only in May–October",
"每3天，仅限五月至十月".

describe() words every rule the plan form's builder makes (maintenance.rule_builder),
and more (several days, COUNT, UNTIL); a rule with parts it does not word (BYSETPOS,
BYYEARDAY, BYWEEKNO, WKST) is shown as "A custom rule: …", never half described.
Sentences are whole templates with named pieces, so that a translation can order them
as its language needs.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .choices import CalendarPolicy, NonWorkingDayRule
from .recurrence import WEEKDAYS as WEEKDAY_CODES
from .recurrence import normalize_rrule

WORDED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL"}


def describe(rrule: str, calendar: str = CalendarPolicy.EVERY_DAY, non_working: str = "") -> str:
    """The rule in words. With the plan's calendar, a working-days plan says what happens
    on a day off, and the last day moved back to a working day reads as such."""
    try:
        parts = dict(part.split("=", 1) for part in normalize_rrule(rrule).split(";"))
    except ValidationError:
        return _("Not a valid rule: %(rule)s") % {"rule": rrule}
    if set(parts) - WORDED_PARTS:
        return _("A custom rule: %(rule)s") % {"rule": ";".join(f"{key}={value}" for key, value in parts.items())}
    working_days = calendar == CalendarPolicy.WORKING_DAYS
    last_working = working_days and non_working == NonWorkingDayRule.PREVIOUS and parts.get("BYMONTHDAY") == "-1"
    sentence = _with_days(parts, last_working)
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        sentence = ngettext("%(rule)s, %(count)d time in all", "%(rule)s, %(count)d times in all", count) % {
            "rule": sentence,
            "count": count,
        }
    if "UNTIL" in parts:
        until = datetime.datetime.strptime(parts["UNTIL"], "%Y%m%d").date()
        sentence = _("%(rule)s, until %(date)s") % {"rule": sentence, "date": formats.date_format(until)}
    if working_days and not last_working:
        template = {
            NonWorkingDayRule.SKIP: _("%(rule)s; working days only: one that falls on a day off is skipped"),
            NonWorkingDayRule.PREVIOUS: _(
                "%(rule)s; working days only: one that falls on a day off moves to the working day before"
            ),
        }.get(non_working, _("%(rule)s; working days only: one that falls on a day off moves to the next working day"))
        sentence = template % {"rule": sentence}
    return capfirst(sentence)


def _every(freq: str, interval: int) -> str:
    if interval == 1:  # a language with one plural form would say "every 1 day"
        return {"DAILY": _("every day"), "WEEKLY": _("every week"), "MONTHLY": _("every month"),
                "YEARLY": _("every year")}[freq]  # fmt: skip
    return {
        "DAILY": ngettext("every %(count)d day", "every %(count)d days", interval),
        "WEEKLY": ngettext("every %(count)d week", "every %(count)d weeks", interval),
        "MONTHLY": ngettext("every %(count)d month", "every %(count)d months", interval),
        "YEARLY": ngettext("every %(count)d year", "every %(count)d years", interval),
    }[freq] % {"count": interval}


def _with_days(parts: dict[str, str], last_working: bool) -> str:
    """The rule's frequency and days, and its months: the sentence before COUNT and UNTIL."""
    freq = parts["FREQ"]
    every = _every(freq, int(parts.get("INTERVAL", "1")))
    months = _months(parts["BYMONTH"]) if "BYMONTH" in parts else ""
    days = _days(parts, last_working)
    if freq == "YEARLY" and months:
        if days:
            sentence = _("%(every)s on %(days)s of %(months)s") % {"every": every, "days": days, "months": months}
        else:
            sentence = _("%(every)s in %(months)s, on the day of the month the plan starts") % {
                "every": every,
                "months": months,
            }
    else:
        if days:
            sentence = _("%(every)s on %(days)s") % {"every": every, "days": days}
        else:
            sentence = {
                "DAILY": every,
                "WEEKLY": _("%(every)s, on the weekday the plan starts") % {"every": every},
                "MONTHLY": _("%(every)s, on the day of the month the plan starts") % {"every": every},
                "YEARLY": _("%(every)s, on the date the plan starts") % {"every": every},
            }[freq]
        if months:
            sentence = _("%(rule)s, only in %(months)s") % {"rule": sentence, "months": months}
    return sentence


def _days(parts: dict[str, str], last_working: bool) -> str:
    """The days the rule names, as a noun phrase ("Monday to Friday", "the 2nd Tuesday"),
    or "" when it names none."""
    phrases = []
    if "BYMONTHDAY" in parts:
        phrases += [_month_day(int(day), last_working) for day in parts["BYMONTHDAY"].split(",")]
    if "BYDAY" in parts:
        days = parts["BYDAY"].split(",")
        plain = [day for day in days if day in WEEKDAY_CODES]
        if plain:
            # A plain weekday in a monthly or yearly rule is every such day of the period.
            phrases.append(_weekday_list(plain))
        phrases += [_numbered_weekday(day) for day in days if day not in WEEKDAY_CODES]
    return _join(phrases)


def _month_day(day: int, last_working: bool) -> str:
    if day == -1:
        return _("the last working day") if last_working else _("the last day")
    if day < 0:
        return _("the %(nth)s last day") % {"nth": _ordinal(-day)}
    return _("day %(day)d") % {"day": day}


def _numbered_weekday(code: str) -> str:
    number, weekday = int(code[:-2]), WEEKDAYS[WEEKDAY_CODES.index(code[-2:])]
    if number == -1:
        return _("the last %(weekday)s") % {"weekday": weekday}
    if number < 0:
        return _("the %(nth)s last %(weekday)s") % {"nth": _ordinal(-number), "weekday": weekday}
    return _("the %(nth)s %(weekday)s") % {"nth": _ordinal(number), "weekday": weekday}


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th… 11th, 12th, 13th… 21st (English; other languages translate each)."""
    if number % 100 in {11, 12, 13} or number % 10 not in {1, 2, 3}:
        return _("%(number)dth") % {"number": number}
    return {1: _("%(number)dst"), 2: _("%(number)dnd"), 3: _("%(number)drd")}[number % 10] % {"number": number}


def _weekday_list(codes: list[str]) -> str:
    indexes = sorted({WEEKDAY_CODES.index(code) for code in codes})
    return _ranges(indexes, lambda index: str(WEEKDAYS[index]), cyclic=7)


def _months(text: str) -> str:
    numbers = sorted({int(month) for month in text.split(",")})
    return _ranges(numbers, lambda number: str(MONTHS[number]), cyclic=12, first=1)


def _ranges(numbers: list[int], name, cyclic: int, first: int = 0) -> str:
    """Names of sorted numbers, three or more in a row as a range ("May–October");
    a run may wrap round the year or the week ("November–February")."""
    runs = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    if len(runs) > 1 and runs[0][0] == first and runs[-1][-1] == first + cyclic - 1:
        runs[0] = runs.pop() + runs[0]
        runs.insert(0, runs.pop(0))
    phrases = []
    for run in runs:
        if len(run) >= 3:
            phrases.append(_("%(first)s–%(last)s") % {"first": name(run[0]), "last": name(run[-1])})
        else:
            phrases += [name(number) for number in run]
    return _join(phrases)


def _join(phrases: list[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    separator = pgettext("between the items of a list", ", ")
    return _("%(items)s and %(last)s") % {"items": separator.join(phrases[:-1]), "last": phrases[-1]}
