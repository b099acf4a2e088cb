"""Small SVG charts for the reports and the dashboard: no JavaScript, no chart library.

Readable without colour and in black-and-white print: every bar carries its label and its
value in text, and the lines of a trend differ by dash pattern and marker shape (solid with
filled circles, dashed with hollow squares), with each series' values printed in a row under
the axis beside its legend. The same markup is embedded in the HTML dashboard and in the PDF
(WeasyPrint draws inline SVG; the font family is the PDF's shipped CJK font, which a browser
does not have and replaces by its own sans-serif).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from backoffice.pdf import FONT_STACK

INK = "#1a1a1a"
BAR = "#4d4d4d"
GRID = "#c8c8c8"
SERIES_STYLES = (
    {"dash": "", "marker": "circle"},
    {"dash": "6 4", "marker": "square"},
    {"dash": "2 3", "marker": "triangle"},
)


def text_width(text: str, size: float) -> float:
    """An estimate of the drawn width: CJK characters are square, Latin ones about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.58 for ch in text)


def fit(text: str, size: float, width: float) -> str:
    """`text`, shortened with an ellipsis to fit `width`."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _svg(width: float, height: float, title: str, body: list[str], kind: str) -> SafeString:
    font = escape(FONT_STACK)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart report-chart--{kind}" '
        f'role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{font}" font-size="10" '
        f'fill="{INK}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    value_text: Callable[[float], str] = _number,
    max_value: float | None = None,
    width: float = 340,
) -> SafeString:
    """Horizontal bars, one per (label, value), the label left of the bar and the value
    printed at its end. `max_value` fixes the scale (1.0 for rates); default: the largest."""
    row, bar, top = 22, 14, 6
    label_width = min(150.0, max((text_width(label, 10) for label, _v in items), default=40) + 8)
    value_width = max((text_width(value_text(v), 10) for _l, v in items), default=20) + 10
    plot = max(width - label_width - value_width, 40)
    scale_max = max_value or max((v for _l, v in items), default=0) or 1
    height = top * 2 + row * max(len(items), 1)
    body = [
        f'<line x1="{label_width:.1f}" y1="{top - 2}" x2="{label_width:.1f}" '
        f'y2="{height - top + 2}" stroke="{INK}" stroke-width="1"/>'
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * row
        length = plot * max(float(value), 0) / float(scale_max)
        body.append(
            f'<text x="{label_width - 6:.1f}" y="{y + bar - 2}" text-anchor="end">'
            f"{escape(fit(label, 10, label_width - 8))}</text>"
            f'<rect x="{label_width:.1f}" y="{y + 1}" width="{length:.1f}" height="{bar}" '
            f'fill="{BAR}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 2}" font-weight="700">'
            f"{escape(value_text(value))}</text>"
        )
    if not items:
        body.append(f'<text x="{label_width + 6:.1f}" y="{top + bar}">—</text>')
    return _svg(width, height, title, body, "bars")


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#fff" '
            f'stroke="{INK}" stroke-width="1.4"/>'
        )
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f} L{x + 4:.1f} {y + 3:.1f} L{x - 4:.1f} {y + 3:.1f} Z" '
            f'fill="{INK}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{INK}"/>'


def line_chart(
    labels: Sequence[tuple[str, str]],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    width: float = 640,
) -> SafeString:
    """A trend: one line per (name, values) over the x `labels` (each a pair of lines, the
    second may be empty). Under the axis, one row per series: its legend (line sample and
    marker) and its value at each point."""
    left, right, top, plot_height = 96.0, 10.0, 10.0, 120.0
    points = max(len(labels), 1)
    step = (width - left - right) / points
    peak = max((v for _name, values in series for v in values), default=0) or 1
    axis_y = top + plot_height
    label_y = axis_y + 13
    rows_y = label_y + 26
    height = rows_y + 16 * len(series) + 4

    def x_at(index: int) -> float:
        return left + step * (index + 0.5)

    def y_at(value: float) -> float:
        return axis_y - plot_height * float(value) / float(peak)

    body = []
    for fraction in (0, 0.5, 1):
        y = axis_y - plot_height * fraction
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID if fraction else INK}" stroke-width="1"/>'
            f'<text x="{left - 6:.1f}" y="{y + 3.5:.1f}" text-anchor="end" font-size="9">'
            f"{escape(_number(peak * fraction))}</text>"
        )
    for index, (first, second) in enumerate(labels):
        x = x_at(index)
        body.append(
            f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="9">'
            f"{escape(first)}</text>"
        )
        if second:
            body.append(
                f'<text x="{x:.1f}" y="{label_y + 11:.1f}" text-anchor="middle" font-size="8">'
                f"{escape(second)}</text>"
            )
    for number, (name, values) in enumerate(series):
        style = SERIES_STYLES[number % len(SERIES_STYLES)]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        path = " ".join(
            f"{'M' if index == 0 else 'L'}{x_at(index):.1f} {y_at(value):.1f}"
            for index, value in enumerate(values)
        )
        if path:
            body.append(f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1.6"{dash}/>')
        body.extend(_marker(style["marker"], x_at(i), y_at(v)) for i, v in enumerate(values))
        y = rows_y + 16 * number
        body.append(
            f'<line x1="4" y1="{y - 3.5:.1f}" x2="22" y2="{y - 3.5:.1f}" stroke="{INK}" '
            f'stroke-width="1.6"{dash}/>'
            + _marker(style["marker"], 13, y - 3.5)
            + f'<text x="27" y="{y:.1f}" font-weight="700">{escape(fit(name, 10, left - 30))}'
            "</text>"
        )
        body.extend(
            f'<text x="{x_at(i):.1f}" y="{y:.1f}" text-anchor="middle">{escape(_number(v))}</text>'
            for i, v in enumerate(values)
        )
    return _svg(width, height, title, body, "lines")
