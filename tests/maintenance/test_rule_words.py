"""A rule in words (maintenance.rule_words.describe), in English and Chinese: every shape
the plan form's builder makes, the shapes beyond it, the plan's calendar, the fallback."""

import pytest
from django.utils import translation

from maintenance.choices import CalendarPolicy, NonWorkingDayRule
from maintenance.rule_words import describe

EVERY_DAY, WORKING = CalendarPolicy.EVERY_DAY, CalendarPolicy.WORKING_DAYS
SKIP, NEXT, PREVIOUS = NonWorkingDayRule.SKIP, NonWorkingDayRule.NEXT, NonWorkingDayRule.PREVIOUS

# rule, calendar, on a non-working day, English, Chinese
SHAPES = {
    # What the builder makes.
    "daily": ("FREQ=DAILY", EVERY_DAY, NEXT, "Every day", "每天"),
    "every 3 days": ("FREQ=DAILY;INTERVAL=3", EVERY_DAY, NEXT, "Every 3 days", "每 3 天"),
    "every 3 days, May to October": (
        "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10", EVERY_DAY, NEXT,
        "Every 3 days, only in May–October", "每 3 天，仅限五月至十月",
    ),
    "weekly": (
        "FREQ=WEEKLY", EVERY_DAY, NEXT,
        "Every week, on the weekday the plan starts", "每周，与开始日期同一个星期几",
    ),
    "one weekday": ("FREQ=WEEKLY;BYDAY=MO", EVERY_DAY, NEXT, "Every week on Monday", "每周的星期一"),
    "two weekdays, every 2 weeks": (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", EVERY_DAY, NEXT,
        "Every 2 weeks on Monday and Thursday", "每 2 周的星期一和星期四",
    ),
    "Monday to Friday": (
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", EVERY_DAY, NEXT,
        "Every week on Monday–Friday", "每周的星期一至星期五",
    ),
    "three weekdays apart": (
        "FREQ=WEEKLY;BYDAY=MO,WE,FR", EVERY_DAY, NEXT,
        "Every week on Monday, Wednesday and Friday", "每周的星期一、星期三和星期五",
    ),
    "weekend round the week's end": (
        "FREQ=WEEKLY;BYDAY=MO,SA,SU", EVERY_DAY, NEXT, "Every week on Saturday–Monday", "每周的星期六至星期一",
    ),
    "monthly": (
        "FREQ=MONTHLY", EVERY_DAY, NEXT,
        "Every month, on the day of the month the plan starts", "每月，与开始日期同一日",
    ),
    "day of the month": ("FREQ=MONTHLY;BYMONTHDAY=15", EVERY_DAY, NEXT, "Every month on day 15", "每月的15日"),
    "2nd Tuesday": (
        "FREQ=MONTHLY;BYDAY=+2TU", EVERY_DAY, NEXT,
        "Every month on the 2nd Tuesday", "每月的第 2 个星期二",
    ),
    "1st Monday, every 3 months": (
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=+1MO", EVERY_DAY, NEXT,
        "Every 3 months on the 1st Monday", "每 3 个月的第 1 个星期一",
    ),
    "3rd": ("FREQ=MONTHLY;BYDAY=+3WE", EVERY_DAY, NEXT, "Every month on the 3rd Wednesday", "每月的第 3 个星期三"),
    "4th": ("FREQ=MONTHLY;BYDAY=+4SA", EVERY_DAY, NEXT, "Every month on the 4th Saturday", "每月的第 4 个星期六"),
    "last Friday": (
        "FREQ=MONTHLY;BYDAY=-1FR", EVERY_DAY, NEXT,
        "Every month on the last Friday", "每月的最后一个星期五",
    ),
    "last day": ("FREQ=MONTHLY;BYMONTHDAY=-1", EVERY_DAY, NEXT, "Every month on the last day", "每月的最后一天"),
    "last working day": (
        "FREQ=MONTHLY;BYMONTHDAY=-1", WORKING, PREVIOUS, "Every month on the last working day", "每月的最后一个工作日",
    ),
    "day in some months": (
        "FREQ=MONTHLY;BYMONTHDAY=1;BYMONTH=3,9", EVERY_DAY, NEXT,
        "Every month on day 1, only in March and September", "每月的1日，仅限三月和九月",
    ),
    "yearly": ("FREQ=YEARLY", EVERY_DAY, NEXT, "Every year, on the date the plan starts", "每年，与开始日期同月同日"),
    "yearly in May": (
        "FREQ=YEARLY;BYMONTH=5", EVERY_DAY, NEXT,
        "Every year in May, on the day of the month the plan starts", "每年五月，与开始日期同一日",
    ),
    "yearly on 23 February": (
        "FREQ=YEARLY;BYMONTHDAY=23;BYMONTH=2", EVERY_DAY, NEXT, "Every year on day 23 of February", "每年二月的23日",
    ),
    "every 2 years, last working day of December": (
        "FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=-1;BYMONTH=12", WORKING, PREVIOUS,
        "Every 2 years on the last working day of December", "每 2 年十二月的最后一个工作日",
    ),
    "winter, round the year's end": (
        "FREQ=WEEKLY;BYDAY=TU;BYMONTH=1,2,11,12", EVERY_DAY, NEXT,
        "Every week on Tuesday, only in November–February", "每周的星期二，仅限十一月至二月",
    ),
    # The plan's calendar.
    "working days, moved on": (
        "FREQ=WEEKLY;BYDAY=SA", WORKING, NEXT,
        "Every week on Saturday; working days only: one that falls on a day off moves to the next working day",
        "每周的星期六；仅工作日：遇休息日则顺延到下一个工作日",
    ),
    "working days, skipped": (
        "FREQ=DAILY", WORKING, SKIP,
        "Every day; working days only: one that falls on a day off is skipped", "每天；仅工作日：遇休息日则跳过",
    ),
    "last day moved on is not the last working day": (
        "FREQ=MONTHLY;BYMONTHDAY=-1", WORKING, NEXT,
        "Every month on the last day; working days only: one that falls on a day off moves to the next working day",
        "每月的最后一天；仅工作日：遇休息日则顺延到下一个工作日",
    ),
    "15th moved back": (
        "FREQ=MONTHLY;BYMONTHDAY=15", WORKING, PREVIOUS,
        "Every month on day 15; working days only: one that falls on a day off moves to the working day before",
        "每月的15日；仅工作日：遇休息日则提前到上一个工作日",
    ),
    # Beyond the builder, still in words.
    "several month days": (
        "FREQ=MONTHLY;BYMONTHDAY=1,15,-2", EVERY_DAY, NEXT,
        "Every month on day 1, day 15 and the 2nd last day", "每月的1日、15日和倒数第 2 天",
    ),
    "every Monday of the month": ("FREQ=MONTHLY;BYDAY=MO", EVERY_DAY, NEXT, "Every month on Monday", "每月的星期一"),
    "ordinals past 10": (
        "FREQ=YEARLY;BYDAY=11MO,21TU,22WE,23TH,-12FR", EVERY_DAY, NEXT,
        "Every year on the 11th Monday, the 21st Tuesday, the 22nd Wednesday, the 23rd Thursday"
        " and the 12th last Friday",
        "每年的第 11 个星期一、第 21 个星期二、第 22 个星期三、第 23 个星期四和倒数第 12 个星期五",
    ),
    "count": (
        "FREQ=WEEKLY;BYDAY=MO;COUNT=10", EVERY_DAY, NEXT,
        "Every week on Monday, 10 times in all", "每周的星期一，共 10 次",
    ),
    "until": (
        "RRULE:freq=monthly;bymonthday=1;until=20271231T000000Z", EVERY_DAY, NEXT,
        "Every month on day 1, until Dec. 31, 2027", "每月的1日，直到 2027年12月31日",
    ),
    # Not in words: said as it is, not half described.
    "set position": (
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", EVERY_DAY, NEXT,
        "A custom rule: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "自定义规则：FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ),
    "week number": (
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", EVERY_DAY, NEXT,
        "A custom rule: FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "自定义规则：FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    ),
    "invalid": ("FREQ=HOURLY", EVERY_DAY, NEXT, "Not a valid rule: FREQ=HOURLY", "规则无效：FREQ=HOURLY"),
}  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
def test_a_rule_in_english(shape):
    rule, calendar, non_working, english, _chinese = SHAPES[shape]
    with translation.override("en"):
        assert describe(rule, calendar, non_working) == english


@pytest.mark.parametrize("shape", SHAPES)
def test_a_rule_in_chinese(shape):
    rule, calendar, non_working, _english, chinese = SHAPES[shape]
    with translation.override("zh-hans"):
        assert describe(rule, calendar, non_working) == chinese


def test_without_the_plans_calendar_the_last_day_is_the_last_day():
    with translation.override("en"):
        assert describe("FREQ=MONTHLY;BYMONTHDAY=-1") == "Every month on the last day"
