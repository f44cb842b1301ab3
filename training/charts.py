"""Geometry for the server-rendered SVG bar charts (no chart library)."""

from .units import from_metres

CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 600, 160, 20


def weekly_charts(figures, unit: str) -> list[dict]:
    """Bar geometry for the server-rendered SVG charts of weekly load and distance."""
    series = [
        ("Weekly load", "AU", [f.load for f in figures], "load"),
        (
            f"Weekly distance ({unit})",
            unit,
            [from_metres(f.distance_m, unit) for f in figures],
            "distance",
        ),
    ]
    slot = CHART_WIDTH / max(len(figures), 1)
    charts = []
    for title, unit_label, values, key in series:
        peak = max(values) or 1
        bars = []
        for i, (figure, value) in enumerate(zip(figures, values, strict=True)):
            height = (CHART_HEIGHT - CHART_TOP) * value / peak
            bars.append(
                {
                    "x": round(i * slot + slot * 0.15, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "width": round(slot * 0.7, 1),
                    "height": round(height, 1),
                    "label_x": round(i * slot + slot / 2, 1),
                    "value": value,
                    "week_start": figure.week_start,
                }
            )
        charts.append(
            {
                "title": title,
                "unit": unit_label,
                "key": key,
                "bars": bars,
                "peak": peak,
                "width": CHART_WIDTH,
                "height": CHART_HEIGHT,
            }
        )
    return charts
