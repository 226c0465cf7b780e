"""The programme's timeline, drawn on the server as SVG: one row per project, for each
phase a planned bar (above) and an actual bar (below, running to today while the phase
goes on), month ticks and a line for today. Pure arithmetic on loaded rows: no queries."""

import datetime
from dataclasses import dataclass, field

from .choices import PHASE_ORDER

LABEL_WIDTH = 230  # SVG units for the project's code and name
CHART_WIDTH = 900
ROW_HEIGHT = 26
HEAD_HEIGHT = 24


@dataclass
class Bar:
    phase: str
    label: str
    x: float
    width: float
    title: str


@dataclass
class Row:
    project: object
    y: float
    planned: list[Bar] = field(default_factory=list)
    actual: list[Bar] = field(default_factory=list)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    rows: list[Row]
    ticks: list[Tick]
    today_x: float | None
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def _span(projects, today: datetime.date, year: int) -> tuple[datetime.date, datetime.date]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for project in projects:
        for phase in project.phases.all():
            for day in (phase.planned_start, phase.planned_end, phase.actual_start, phase.actual_end):
                if day is not None:
                    first, last = min(first, day), max(last, day)
    first = first.replace(day=1)
    return first, max(last, today)


def build(projects, today: datetime.date, year: int) -> Timeline:
    """The timeline of these projects (their ``phases`` prefetched)."""
    projects = list(projects)
    first, last = _span(projects, today, year)
    days = (last - first).days + 1

    def x(day: datetime.date) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (day - first).days / days, 1)

    def bar(phase, start, end) -> Bar:
        left, right = x(start), x(end + datetime.timedelta(days=1))
        title = f"{phase.get_phase_display()}: {start.isoformat()} – {end.isoformat()}"
        return Bar(phase.phase, str(phase.get_phase_display()), left, max(right - left, 2.0), title)

    rows = []
    for number, project in enumerate(projects):
        row = Row(project, HEAD_HEIGHT + number * ROW_HEIGHT)
        phases = sorted(project.phases.all(), key=lambda phase: PHASE_ORDER.index(phase.phase))
        for phase in phases:
            if phase.planned_start and phase.planned_end:
                row.planned.append(bar(phase, phase.planned_start, phase.planned_end))
            if phase.actual_start:
                row.actual.append(bar(phase, phase.actual_start, phase.actual_end or today))
        rows.append(row)

    ticks, month = [], first
    while month <= last:
        ticks.append(Tick(x(month), month.strftime("%Y-%m") if month.month == 1 else f"{month.month:02}"))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    today_x = x(today) if first <= today <= last else None
    height = HEAD_HEIGHT + max(len(rows), 1) * ROW_HEIGHT + 4
    return Timeline(rows, ticks, today_x, LABEL_WIDTH + CHART_WIDTH + 10, height)
