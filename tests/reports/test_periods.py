"""The period a report covers, from the query string."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.periods import Period, parse

D = datetime.date
TODAY = D(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    "params, period",
    [
        ({}, Period(D(2026, 11, 30), D(2026, 12, 6))),
        ({"period": "this-week"}, Period(D(2026, 11, 30), D(2026, 12, 6))),
        ({"period": "last-week"}, Period(D(2026, 11, 23), D(2026, 11, 29))),
        ({"period": "this-month"}, Period(D(2026, 12, 1), D(2026, 12, 31))),
        ({"period": "last-month"}, Period(D(2026, 11, 1), D(2026, 11, 30))),
        ({"period": "2026-W48"}, Period(D(2026, 11, 23), D(2026, 11, 29))),
        ({"period": "2026-W01"}, Period(D(2025, 12, 29), D(2026, 1, 4))),
        ({"period": "2026-W53"}, Period(D(2026, 12, 28), D(2027, 1, 3))),
        ({"from": "2026-10-01", "to": "2026-10-07"}, Period(D(2026, 10, 1), D(2026, 10, 7))),
        ({"from": "2026-10-01", "to": "2026-10-01", "period": "last-week"}, Period(D(2026, 10, 1), D(2026, 10, 1))),
    ],
)
def test_periods(params, period):
    assert parse(params, TODAY) == period


def test_last_month_in_january():
    assert parse({"period": "last-month"}, D(2027, 1, 15)) == Period(D(2026, 12, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    "params, code",
    [
        ({"period": "2026-48"}, "bad_week"),
        ({"period": "next-year"}, "bad_week"),
        ({"period": "2025-W53"}, "bad_week"),  # 2025 has 52 ISO weeks
        ({"from": "2026-10-01"}, "half_range"),
        ({"to": "2026-10-01"}, "half_range"),
        ({"from": "2026-13-01", "to": "2026-12-01"}, "bad_date"),
        ({"from": "2026-10-08", "to": "2026-10-01"}, "reversed"),
        ({"from": "2024-01-01", "to": "2026-01-10"}, "too_long"),
    ],
)
def test_bad_input_is_refused(params, code):
    with pytest.raises(ValidationError) as error:
        parse(params, TODAY)
    lists = error.value.error_dict.values() if hasattr(error.value, "error_dict") else [error.value.error_list]
    assert [e.code for errors in lists for e in errors] == [code]


def test_two_years_allowed():
    assert parse({"from": "2025-01-01", "to": "2026-12-31"}, TODAY).days == 730


def test_weeks_and_query():
    period = Period(D(2026, 11, 25), D(2026, 12, 9))
    assert [week.iso_week() for week in period.weeks()] == ["2026-W48", "2026-W49", "2026-W50"]
    assert period.query() == {"from": "2026-11-25", "to": "2026-12-09"}
