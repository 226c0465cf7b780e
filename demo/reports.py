"""The managers' demo: the Monday reports of the weeks the demo's history covers (the last
six complete ISO weeks), made by the same service as the Monday job, so a manager's first
look at /reports/weekly/ holds weeks to read and compare. Create-only: a week already
stored is left as it is."""

import datetime
from typing import TextIO

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import WeeklyReport
from reports.periods import week_of
from reports.weekly import generate_weekly_report

from .loader import DemoLoader

WEEKS = 6


class ReportsLoader(DemoLoader):
    def load(self) -> None:
        today = timezone.localdate()
        for back in range(WEEKS, 0, -1):
            week = week_of(today - datetime.timedelta(days=7 * back)).iso_week()
            if WeeklyReport.objects.filter(week=week).exists():
                self.kept[WeeklyReport] += 1
            else:
                generate_weekly_report(week)
                self.created[WeeklyReport] += 1

    def summary(self) -> str:
        return _(
            "Demo Monday reports loaded: created %(created)d weekly reports; %(kept)d were already there and were "
            "left unchanged."
        ) % {"created": self.created[WeeklyReport], "kept": self.kept[WeeklyReport]}


def load(stdout: TextIO | None = None) -> str:
    return ReportsLoader(stdout).run()
