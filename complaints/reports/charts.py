"""Charts drawn on the server as SVG: no JavaScript, no CDN, nothing the CSP forbids.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``;
the page puts the same numbers in a table next to it (the text alternative, and the keyboard
route to the drill-down links). Colours come from classes in ``static/css/dashboard.css``;
geometry from SVG attributes; never a ``style`` attribute (the CSP refuses inline styles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

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
    rows_svg = mark_safe("".join(rows))  # noqa: S308 (each row was built by format_html)
    return _svg(chart_id, "chart-bars", height, title, description, rows_svg)


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
    top = y_max or max((p.value for p in points if p.value is not None), default=0) or 1
    plot = _Plot(count=len(points), top=top)
    body = format_html(
        "{}{}{}{}",
        _grid(plot, decimals),
        _lines(plot, points),
        _marks(plot, points, decimals),
        _x_labels(plot, points),
    )
    return _svg(chart_id, "chart-line-chart", LINE_HEIGHT, title, description, body)


@dataclass(frozen=True)
class _Plot:
    """Where a line chart puts a point: its index along the x axis, its value up the y axis
    (``top`` at the top of the plot, zero on its base line)."""

    count: int
    top: float
    width: ClassVar[int] = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    height: ClassVar[int] = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x_of(self, i: int) -> float:
        """A single point stands in the middle; more are spread over the whole width."""
        if self.count > 1:
            return round(MARGIN_LEFT + i * (self.width / (self.count - 1)), 1)
        return round(MARGIN_LEFT + self.width / 2, 1)

    def y_of(self, value: float) -> float:
        return round(MARGIN_TOP + self.height - self.height * value / self.top, 1)


def _grid(plot: _Plot, decimals: int) -> SafeString:
    """Five horizontal grid lines (0, ¼, ½, ¾ and all of ``top``), each with its value; whole
    numbers once the scale reaches 10."""
    steps = [plot.top * k / 4 for k in range(5)]
    return format_html_join(
        "",
        '<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" class="chart-grid"/>'
        '<text x="{3}" y="{4}" text-anchor="end" class="chart-axis">{5}</text>',
        (
            (
                MARGIN_LEFT,
                WIDTH - MARGIN_RIGHT,
                plot.y_of(step),
                MARGIN_LEFT - 6,
                plot.y_of(step) + 4,
                format_value(step, decimals if plot.top < 10 else 0),
            )
            for step in steps
        ),
    )


def _lines(plot: _Plot, points: Sequence[Point]) -> SafeString:
    """One polyline per run of known values: a missing value breaks the line, and a run of
    a single point is shown by its mark alone."""
    segments: list[list[str]] = [[]]
    for i, point in enumerate(points):
        if point.value is None:
            segments.append([])
        else:
            segments[-1].append(f"{plot.x_of(i)},{plot.y_of(point.value)}")
    return format_html_join(
        "",
        '<polyline points="{}" fill="none" class="chart-line"/>',
        ((" ".join(s),) for s in segments if len(s) > 1),
    )


def _marks(plot: _Plot, points: Sequence[Point], decimals: int) -> SafeString:
    """A circle on each known value, titled with its label and value, linked to its rows."""
    marks = [
        _linked(
            point.href,
            format_html(
                '<circle cx="{}" cy="{}" r="4" class="chart-point"><title>{}: {}</title></circle>',
                plot.x_of(i),
                plot.y_of(point.value),
                point.label,
                format_value(point.value, decimals),
            ),
        )
        for i, point in enumerate(points)
        if point.value is not None
    ]
    return mark_safe("".join(marks))  # noqa: S308 (each mark was built by format_html)


def _x_labels(plot: _Plot, points: Sequence[Point]) -> SafeString:
    """Each point's label under the x axis, also where its value is missing."""
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" class="chart-axis">{}</text>',
        ((plot.x_of(i), LINE_HEIGHT - MARGIN_BOTTOM + 18, p.label) for i, p in enumerate(points)),
    )


def _svg(
    chart_id: str, css_class: str, height: int, title: str, description: str, body: SafeString
) -> SafeString:
    """The chart's frame: an image named by its title and described by its description."""
    return format_html(
        '<svg id="{id}" class="chart {css_class}" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        css_class=css_class,
        w=WIDTH,
        h=height,
        title=title,
        desc=description,
        body=body,
    )
