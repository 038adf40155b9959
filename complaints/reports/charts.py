"""Charts drawn on the server as SVG: no JavaScript, no CDN, nothing the CSP forbids.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``;
the page puts the same numbers in a table next to it (the text alternative, and the keyboard
route to the drill-down links). Colours come from classes in ``static/css/dashboard.css``;
geometry from SVG attributes; never a ``style`` attribute (the CSP refuses inline styles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 230
VALUE_WIDTH = 70
LABEL_CHARS = 34
LINE_HEIGHT = 240
MARGIN_LEFT = 48
MARGIN_RIGHT = 40
MARGIN_TOP = 16
MARGIN_BOTTOM = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    href: str = ""


def format_value(value: float | None, decimals: int = 0) -> str:
    """A number as the active language writes it (decimal comma in Latvian)."""
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimals, use_l10n=True)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _linked(href: str, inner: SafeString) -> SafeString:
    # Not in the tab order: inside role="img" a link is presentational; keyboard and screen
    # reader users follow the same link in the table beside the chart.
    if not href:
        return inner
    return format_html('<a href="{}" tabindex="-1">{}</a>', href, inner)


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[Bar], decimals: int = 0
) -> SafeString:
    """Horizontal bars, one per category, longest first as given."""
    height = max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    top = max((b.value for b in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for i, bar in enumerate(bars):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = round(span * bar.value / top, 1)
        value = format_value(bar.value, decimals)
        shape = format_html(
            '<g class="chart-row"><title>{label}: {value}</title>'
            '<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{short}</text>'
            '<rect x="{bx}" y="{y}" width="{w}" height="{h}" rx="2" class="chart-bar"/>'
            '<text x="{vx}" y="{ty}" class="chart-value">{value}</text></g>',
            label=bar.label,
            value=value,
            short=_short(bar.label),
            lx=LABEL_WIDTH - 8,
            ty=y + BAR_HEIGHT - 6,
            bx=LABEL_WIDTH,
            y=y,
            w=width,
            h=BAR_HEIGHT,
            vx=LABEL_WIDTH + width + 6,
        )
        rows.append(_linked(bar.href, shape))
    return format_html(
        '<svg id="{id}" class="chart chart-bars" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{rows}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=description,
        rows=mark_safe("".join(rows)),  # noqa: S308 (each row was built by format_html)
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    y_max: float | None = None,
    decimals: int = 0,
) -> SafeString:
    """A line over time (one point per month); a missing value breaks the line."""
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = y_max or max((p.value for p in points if p.value is not None), default=0) or 1
    step = plot_w / max(1, len(points) - 1) if len(points) > 1 else 0
    base_y = MARGIN_TOP + plot_h

    def x_of(i: int) -> float:
        return round(MARGIN_LEFT + (i * step if len(points) > 1 else plot_w / 2), 1)

    def y_of(value: float) -> float:
        return round(base_y - plot_h * value / top, 1)

    segments: list[list[str]] = [[]]
    marks = []
    labels = []
    for i, point in enumerate(points):
        x = x_of(i)
        labels.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-axis">{}</text>',
                x,
                LINE_HEIGHT - MARGIN_BOTTOM + 18,
                point.label,
            )
        )
        if point.value is None:
            segments.append([])
            continue
        y = y_of(point.value)
        segments[-1].append(f"{x},{y}")
        mark = format_html(
            '<circle cx="{}" cy="{}" r="4" class="chart-point"><title>{}: {}</title></circle>',
            x,
            y,
            point.label,
            format_value(point.value, decimals),
        )
        marks.append(_linked(point.href, mark))
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" class="chart-line"/>',
        ((" ".join(s),) for s in segments if len(s) > 1),
    )
    grid = format_html_join(
        "",
        '<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" class="chart-grid"/>'
        '<text x="{3}" y="{4}" text-anchor="end" class="chart-axis">{5}</text>',
        (
            (
                MARGIN_LEFT,
                WIDTH - MARGIN_RIGHT,
                y_of(top * k / 4),
                MARGIN_LEFT - 6,
                y_of(top * k / 4) + 4,
                format_value(top * k / 4, decimals if top < 10 else 0),
            )
            for k in range(5)
        ),
    )
    return format_html(
        '<svg id="{id}" class="chart chart-line-chart" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{grid}{lines}{marks}{labels}</svg>",
        id=chart_id,
        w=WIDTH,
        h=LINE_HEIGHT,
        title=title,
        desc=description,
        grid=grid,
        lines=lines,
        marks=mark_safe("".join(marks)),  # noqa: S308 (built by format_html)
        labels=mark_safe("".join(labels)),  # noqa: S308 (built by format_html)
    )
