"""Small line charts of an indicator's progress, drawn on the server as SVG geometry.

No JavaScript and no inline styles (the Content Security Policy allows neither): the template
draws the shapes computed here with presentation attributes, and a table beside each chart
gives the same numbers (the accessible alternative).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 28


@dataclass
class Point:
    x: float
    y: float
    label: str


@dataclass
class Chart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    line: str = ""
    points: list[Point] = field(default_factory=list)
    target: Point | None = None
    target_line: str = ""
    y_labels: list[Point] = field(default_factory=list)
    x_labels: list[Point] = field(default_factory=list)
    axis: str = ""


def number(value: Decimal | None, unit: str = "") -> str:
    """12.5000 -> '12.5', with the unit ('%' closed up, words after a space)."""
    if value is None:
        return ""
    text = f"{int(value):,}" if value == value.to_integral() else f"{value.normalize():f}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _series(indicator) -> tuple[list[tuple[date, Decimal, str]], tuple[date, Decimal] | None]:
    actual = []
    if indicator.baseline_value is not None and indicator.baseline_date:
        actual.append((indicator.baseline_date, indicator.baseline_value, "Baseline"))
    actual += [(r.date, r.value, "Reading") for r in indicator.readings.all()]
    actual.sort(key=lambda item: item[0])
    target = None
    if indicator.target_value is not None and indicator.target_date:
        target = (indicator.target_date, indicator.target_value)
    return actual, target


def indicator_chart(indicator) -> Chart | None:
    """The chart of one indicator (its readings prefetched); None with fewer than two dated
    values, where a chart would say nothing the table does not."""
    actual, target = _series(indicator)
    dated = [(d, v) for d, v, _ in actual] + ([target] if target else [])
    if len(dated) < 2:
        return None
    unit = indicator.unit
    first_day, last_day = min(d for d, _ in dated), max(d for d, _ in dated)
    low, high = min(v for _, v in dated), max(v for _, v in dated)
    if low == high:
        low, high = low - 1, high + 1
    days = max((last_day - first_day).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(day: date, value: Decimal, label: str) -> Point:
        x = LEFT + inner_w * (day - first_day).days / days
        y = TOP + inner_h * float((high - value) / (high - low))
        return Point(round(x, 1), round(y, 1), label)

    points = [at(d, v, f"{label} {number(v, unit)}, {d:%B %Y}") for d, v, label in actual]
    chart = Chart(
        title=f"{indicator.name}: progress chart",
        description=_describe(indicator, actual, target),
        line=" ".join(f"{p.x},{p.y}" for p in points),
        points=points,
        y_labels=[
            Point(LEFT - 6, TOP + 4, number(high, unit)),
            Point(LEFT - 6, TOP + inner_h + 4, number(low, unit)),
        ],
        x_labels=[
            Point(LEFT, HEIGHT - 8, str(first_day.year)),
            Point(WIDTH - RIGHT, HEIGHT - 8, str(last_day.year)),
        ],
        axis=f"{LEFT},{TOP} {LEFT},{TOP + inner_h} {WIDTH - RIGHT},{TOP + inner_h}",
    )
    if target:
        chart.target = at(*target, f"Target {number(target[1], unit)}, {target[0]:%B %Y}")
        if points:
            chart.target_line = f"{points[-1].x},{points[-1].y} {chart.target.x},{chart.target.y}"
    return chart


def _describe(indicator, actual, target) -> str:
    unit = indicator.unit
    parts = []
    if actual:
        start, latest = actual[0], actual[-1]
        parts.append(f"From {number(start[1], unit)} in {start[0]:%B %Y}")
        if latest is not start:
            parts.append(f"to {number(latest[1], unit)} in {latest[0]:%B %Y}")
    if target:
        parts.append(f"against a target of {number(target[1], unit)} by {target[0]:%B %Y}")
    return " ".join(parts) + ". The table gives every figure."
