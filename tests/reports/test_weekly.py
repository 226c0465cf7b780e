"""The Monday report: its figures on the hand-built week (week_data, 2026-W40), stored
once per week, a week of zeros, the command, the job and who may read it."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from reports import tasks
from reports.models import WeeklyReport
from reports.weekly import generate_weekly_report, last_week
from tests.reports import week_data
from tests.reports.week_data import TODAY

pytestmark = [pytest.mark.usefixtures("frozen", "english"), pytest.mark.today(TODAY)]


@pytest.fixture
def week(db):
    return week_data.build()


def orders(row):
    return tuple(row[name] for name in ("due", "on_time", "late", "overdue", "skipped", "waiting"))


def by_name(rows, fields):
    return {row["name_en"] or row["name"]: tuple(row[name] for name in fields) for row in rows}


def test_the_weeks_figures(week):
    report = generate_weekly_report("2026-W40")
    assert (report.week, report.start, report.end) == (
        "2026-W40",
        datetime.date(2026, 9, 28),
        datetime.date(2026, 10, 4),
    )
    data = report.data
    assert data["previous_week"] == "2026-W39"
    assert [(row["name_en"], orders(row)) for row in data["orders"]["departments"]] == [
        ("Municipal", (6, 2, 2, 1, 1, 0)),
        ("Social", (1, 1, 0, 0, 0, 0)),
    ]
    assert [(row["name"], orders(row)) for row in data["orders"]["zones"]] == [
        ("一区", (3, 2, 1, 0, 0, 0)),
        ("二区", (4, 1, 1, 1, 1, 0)),
    ]
    assert orders(data["orders"]["total"]) == (7, 3, 2, 1, 1, 0)
    assert data["orders"]["total"]["compliance"] == pytest.approx(3 / 7)
    assert orders(data["orders"]["corrective"]) == (1, 1, 0, 0, 0, 0)
    found = data["findings"]
    fields = ("registered", "disposed", "sent_back", "closed", "reinspected", "rebounds")
    assert tuple(found["total"][name] for name in fields) == (7, 3, 1, 2, 2, 1)
    assert found["total"]["rebound_rate"] == pytest.approx(1 / 2)
    assert found["overdue"] == 1
    assert [(row["name"], row["registered"], row["rebounds"]) for row in found["zones"]] == [
        ("一区", 5, 0),
        ("二区", 2, 1),
    ]
    assert [(row["name_en"], row["registered"]) for row in found["departments"]] == [
        ("Municipal", 4),  # F5 has no party yet: in no department
        ("Social", 2),
    ]
    assert [(place["name"], place["findings"], place["rebounds"], place["score"]) for place in data["places"]] == [
        ("一区", 5, 0, 5),
        ("二区", 2, 1, 3),
    ]
    assert data["door"] == {"checks": 3, "units_checked": 2, "red": 1, "expiring": 1}
    assert data["projects"]["spent_in_period"] == 50
    # The week before had nothing: each change is the week's own number, a rate's None.
    municipal = data["orders"]["departments"][0]
    assert municipal["change"]["due"] == 6
    assert municipal["change"]["compliance"] is None
    assert data["orders"]["total"]["change"]["late"] == 2
    assert data["escalations"] == []


def test_the_comparison_with_the_week_before(week):
    data = generate_weekly_report("2026-W41").data
    # W41: only crew B's order of 5 October (done on its day); W40 had 6 for Municipal.
    municipal = data["orders"]["departments"][0]
    assert (municipal["due"], municipal["on_time"]) == (1, 1)
    assert municipal["change"]["due"] == 1 - 6
    assert municipal["change"]["on_time"] == 1 - 2
    assert municipal["change"]["compliance"] == pytest.approx(1 - 2 / 6)
    assert data["orders"]["total"]["change"]["due"] == 1 - 7


def test_escalated_rebounds_of_the_week(week):
    rebound = week_data.Finding.objects.get(rebound_of__isnull=False)
    rebound.escalated = week_data.at(datetime.date(2026, 10, 3))
    rebound.save(update_fields=["escalated"])
    [row] = generate_weekly_report("2026-W40").data["escalations"]
    assert (row["pk"], row["rebound_number"], row["zone"], row["cleared"]) == (rebound.pk, 1, "二区", False)
    assert row["escalated"].startswith("2026-10-03T09:00")
    assert generate_weekly_report("2026-W39").data["escalations"] == []


def test_generating_again_replaces_the_report(week):
    first = generate_weekly_report("2026-W40")
    second = generate_weekly_report("2026-W40")
    assert WeeklyReport.objects.count() == 1
    assert second.pk == first.pk
    assert second.data == first.data


def test_a_week_without_data_is_zeros(db):
    data = generate_weekly_report("2026-W30").data
    assert orders(data["orders"]["total"]) == (0, 0, 0, 0, 0, 0)
    assert data["orders"]["total"]["compliance"] is None
    assert data["orders"]["departments"] == data["orders"]["zones"] == []
    assert data["findings"]["total"]["registered"] == 0
    assert data["findings"]["total"]["disposal_rate"] is None
    assert data["places"] == data["escalations"] == []
    assert data["door"] == {"checks": 0, "units_checked": 0, "red": 0, "expiring": 0}


@pytest.mark.parametrize(
    "week, message",
    [
        ("2026-48", "Write a week as year-W-number"),
        ("2026-W54", "There is no week 2026-W54."),
        ("2026-W42", "The week 2026-W42 has not begun yet."),
    ],
)
def test_bad_and_future_weeks_are_refused(db, week, message):
    with pytest.raises(ValidationError, match=message):
        generate_weekly_report(week)
    assert not WeeklyReport.objects.exists()


def test_the_command_generates_a_past_week(week):
    out = io.StringIO()
    call_command("weekly_report", "2026-W40", stdout=out)
    assert out.getvalue().startswith("2026-W40: 7 orders due, compliance 42.9%; 7 findings, 1 rebounds")
    # This week has begun: it can be run too (so far).
    call_command("weekly_report", "2026-W41", stdout=io.StringIO())
    assert list(WeeklyReport.objects.values_list("week", flat=True)) == ["2026-W41", "2026-W40"]


@pytest.mark.parametrize(
    "week, message", [("last-week", "Write a week as year-W-number"), ("2027-W01", "has not begun yet")]
)
def test_the_command_refuses_a_bad_or_future_week(db, week, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("weekly_report", week)
    assert error.value.returncode == 1  # manage.py prints the message and exits with 1
    assert not WeeklyReport.objects.exists()


def test_the_monday_job_reports_last_week_and_announces_it(week, frozen, manager, django_capture_on_commit_callbacks):
    manager.email = "manager@example.org"
    manager.save()
    # Monday 12 October 2026, 08:00 in the zone: the report of 2026-W41.
    frozen.move_to(week_data.at(datetime.date(2026, 10, 12), 8))
    assert last_week() == "2026-W41"
    with django_capture_on_commit_callbacks(execute=True):
        summary = tasks.weekly_report_job("2026-10-12")
    assert summary.startswith("[2026-10-12] weekly report 2026-W41:")
    assert WeeklyReport.objects.get().week == "2026-W41"
    [message] = mail.outbox
    # In the zone's language (NOTIFY_LANGUAGE), whatever the worker's.
    assert (message.to, message.subject) == (["manager@example.org"], "周一报告")
    assert message.body.startswith("2026-W41：")
    assert message.body.endswith("/reports/weekly/2026-W41/")


def test_generation_has_a_constant_query_count(week, django_assert_num_queries):
    # For each of the two weeks: the orders (2: by crew, kind and week, crews' names) and by
    # zone (2), the findings (12), door pledges (3), projects (2), the rows' names (2);
    # then the worst places (2) and the escalations (1); update_or_create's select for
    # update and update. The names' queries are not made when there are no rows: the
    # week before (2026-W39, empty at both sizes) costs fewer. 52 in all, at both sizes.
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            generate_weekly_report("2026-W40")
        return len(queries)

    generate_weekly_report("2026-W40")  # stored: both counts below replace it
    small = count()
    week_data.build_more(week)
    assert count() == small == 52
