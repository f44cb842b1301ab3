"""Geometry for the server-rendered SVG bar charts (no chart library)."""

from django.utils.translation import gettext_lazy

from .units import from_metres

CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 600, 160, 20


def bar_geometry(
    values: list[float],
    *,
    peak: float | None = None,
    width: float = CHART_WIDTH,
    bottom: float = CHART_HEIGHT,
    top: float = CHART_TOP,
) -> list[dict]:
    """One bar per value, side by side across `width`, rising from `bottom` towards `top`
    (reached at `peak`, by default the largest value): x, y, width, height, the label's x and
    the value. Every bar chart of the app draws from this."""
    slot = width / max(len(values), 1)
    peak = peak or max(values, default=0) or 1
    bars = []
    for i, value in enumerate(values):
        height = (bottom - top) * value / peak
        bars.append(
            {
                "x": round(i * slot + slot * 0.15, 1),
                "y": round(bottom - height, 1),
                "width": round(slot * 0.7, 1),
                "height": round(height, 1),
                "label_x": round(i * slot + slot / 2, 1),
                "value": value,
            }
        )
    return bars


def weekly_charts(figures, unit: str) -> list[dict]:
    """Bar geometry for the server-rendered SVG charts of weekly load and distance."""
    series = [
        (gettext_lazy("Weekly load (effort × minutes)"), "", [f.load for f in figures], "load"),
        (
            gettext_lazy("Weekly distance ({unit})").format(unit=unit),
            unit,
            [from_metres(f.distance_m, unit) for f in figures],
            "distance",
        ),
    ]
    charts = []
    for title, unit_label, values, key in series:
        peak = max(values) or 1
        bars = [
            {**bar, "week_start": figure.week_start}
            for bar, figure in zip(bar_geometry(values, peak=peak), figures, strict=True)
        ]
        charts.append(
            {
                "title": title,
                "unit": unit_label,
                "key": key,
                "bars": bars,
                "peak": peak,
                "width": CHART_WIDTH,
                "height": CHART_HEIGHT,
                "top": CHART_TOP,
            }
        )
    return charts
