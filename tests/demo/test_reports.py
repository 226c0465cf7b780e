"""The managers' demo (demo.reports): the Monday reports of the history's six weeks, made by
the weekly service; a second load changes nothing."""

import io

from django.core.management import call_command
from django.utils import translation

from reports.models import WeeklyReport


def test_six_weeks_of_monday_reports_with_the_historys_work(loaded):
    output, _generated = loaded
    assert "Demo Monday reports loaded: created 6 weekly reports" in output
    # Today is Wednesday 25 November 2026 (W48): the six weeks before it.
    assert list(WeeklyReport.objects.order_by("week").values_list("week", flat=True)) == [
        "2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47",
    ]  # fmt: skip
    last = WeeklyReport.objects.get(week="2026-W47")
    assert last.data == WeeklyReport.objects.get(week="2026-W47").data
    assert str(last.start) == "2026-11-16" and str(last.end) == "2026-11-22"


def test_loading_again_changes_nothing(loaded):
    before = list(WeeklyReport.objects.order_by("pk").values())
    output = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=output)
    assert "created 0 weekly reports; 6 were already there" in output.getvalue()
    assert list(WeeklyReport.objects.order_by("pk").values()) == before
