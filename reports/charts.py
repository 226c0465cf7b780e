"""Weekly trends drawn on the server as inline SVG: no script, no library, readable on
paper (dark strokes, labels as text, a title for screen readers)."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40
COLOURS = ["#1d4ed8", "#b45309", "#15803d", "#7c3aed", "#b91c1c"]


def _frame(title: str, body: list[str], legend: list[tuple[str, str]]) -> SafeString:
    keys = "".join(
        f'<g transform="translate({LEFT + i * 160},{HEIGHT - 10})"><rect width="10" height="10" y="-9" '
        f'fill="{colour}"/><text x="14" font-size="11">{escape(name)}</text></g>'
        for i, (name, colour) in enumerate(legend)
    )
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="sans-serif"><title>{escape(title)}</title>{"".join(body)}{keys}</svg>'
    )


def _axes(labels: list[str], top: float, percent: bool) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#334155"/>']
    for step in range(5):
        value = top * step / 4
        y = HEIGHT - BOTTOM - plot_h * step / 4
        text = f"{value:.0%}" if percent else f"{value:.0f}"
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#cbd5e1" stroke-width="0.5"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{text}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{_x(i, len(labels)):.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    return parts


def _x(i: int, count: int) -> float:
    plot_w = WIDTH - LEFT - RIGHT
    return LEFT + plot_w * (i + 0.5) / max(count, 1)


def _y(value: float, top: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - (plot_h * value / top if top else 0)


def line_chart(title: str, labels: list[str], lines: list[tuple[str, list[float | None]]]) -> SafeString:
    """Rates (0–1) by week, one line per series; a week with nothing to divide (None) is
    a gap in its line."""
    body = _axes(labels, 1.0, percent=True)
    for (_name, values), colour in zip(lines, COLOURS, strict=False):
        runs, run = [], []
        for i, value in enumerate(values):
            if value is None:
                runs, run = runs + ([run] if run else []), []
            else:
                run.append((_x(i, len(labels)), _y(min(value, 1.0), 1.0)))
        runs += [run] if run else []
        for points in runs:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
            body.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points)
    return _frame(title, body, [(name, colour) for (name, _values), colour in zip(lines, COLOURS, strict=False)])


def bar_chart(title: str, labels: list[str], bars: list[tuple[str, list[int]]]) -> SafeString:
    """Counts by week, the series side by side in each week, each bar labelled."""
    top = max([value for _name, values in bars for value in values] + [1])
    top = _nice(top)
    body = _axes(labels, top, percent=False)
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    width = min(24.0, slot * 0.8 / max(len(bars), 1))
    for b, ((_name, values), colour) in enumerate(zip(bars, COLOURS, strict=False)):
        for i, value in enumerate(values):
            x = _x(i, len(labels)) - width * len(bars) / 2 + b * width
            y = _y(value, top)
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="9" text-anchor="middle">{}</text>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{width - 1:.1f}",
                    f"{HEIGHT - BOTTOM - y:.1f}",
                    colour,
                    f"{x + width / 2:.1f}",
                    f"{y - 2:.1f}",
                    value,
                )
            )
    return _frame(title, body, [(name, colour) for (name, _values), colour in zip(bars, COLOURS, strict=False)])


def _nice(value: int) -> int:
    """The axis' top: the next of 4, 8, 10, 20, 40, 50, 100… at or over the largest bar."""
    magnitude = 1
    while True:
        for step in (1, 2, 4, 5, 8, 10):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10
