"""Charts drawn by the browser: a tool that redraws on every change sends a small SVG (made in
about a millisecond) instead of a PNG that matplotlib renders (about 90 ms of a shared server's
CPU). The page's own fonts draw the text, so Chinese renders wherever the page does; the
course's colours match the matplotlib theme (:data:`opsbook.present.charts.PALETTE`). The static
views (a notebook on GitHub, nbval, handouts) keep the matplotlib charts.
"""

import math
from datetime import date, timedelta
from html import escape

from opsbook.present.charts import PALETTE

WIDTH = 720
ROW = 34  # height of one bar's row
LABEL_WIDTH = 250  # room for the labels left of the bars
FONT = "var(--jp-ui-font-family, 'Noto Sans SC', sans-serif)"
GREY = "#374151"  # a baseline or a mean, as in the matplotlib charts


def fit(text: str, width: float, font_size: float) -> str:
    """``text`` cut with an ellipsis to about ``width`` pixels (a Chinese character is about one
    em wide, a Latin one a little over half), so a long label does not run off the chart; the
    bar's tooltip keeps the whole of it."""
    used, kept = 0.0, []
    for char in text:
        used += font_size * (1.0 if ord(char) > 0x2E7F else 0.52)
        if used > width:
            return "".join(kept).rstrip() + "…"
        kept.append(char)
    return text


def hbars(labels: list[str], values: list[float], title: str, axis_label: str = "") -> str:
    """Horizontal bars from a zero line, green for a positive value and red for a negative one,
    each labelled with its value (``+1,234``): e.g. each factor's contribution to a change."""
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    left, right = LABEL_WIDTH, WIDTH - 90
    top = 44
    height = top + ROW * len(values) + (40 if axis_label else 16)

    def x(value: float) -> float:
        return left + 60 + (value - low) / span * (right - left - 120)

    zero = x(0.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px;font-family:{FONT}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="{WIDTH / 2:.0f}" y="24" text-anchor="middle" font-size="17">'
        f"{escape(title)}</text>",
    ]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * ROW
        end = x(value)
        colour = PALETTE[2] if value >= 0 else PALETTE[3]
        parts.append(
            f'<text x="{left - 8}" y="{y + ROW / 2 + 5:.0f}" text-anchor="end" font-size="14">'
            f"{escape(str(label))}</text>"
        )
        parts.append(
            f'<rect x="{min(zero, end):.1f}" y="{y + 5}" width="{abs(end - zero):.1f}" '
            f'height="{ROW - 10}" fill="{colour}"><title>{escape(str(label))}: '
            f"{value:+,.0f}</title></rect>"
        )
        anchor, offset = ("start", 5) if value >= 0 else ("end", -5)
        parts.append(
            f'<text x="{end + offset:.1f}" y="{y + ROW / 2 + 5:.0f}" text-anchor="{anchor}" '
            f'font-size="13">{value:+,.0f}</text>'
        )
    bottom = top + ROW * len(values)
    parts.append(
        f'<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" y2="{bottom}" stroke="#374151" />'
    )
    if axis_label:
        parts.append(
            f'<text x="{(left + right) / 2:.0f}" y="{bottom + 28}" text-anchor="middle" '
            f'font-size="13" fill="#4b5563">{escape(axis_label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def radar(labels: list[str], series: dict[str, list[float | None]], title: str) -> str:
    """One closed line per series on a 1–5 radar, the first one filled (missing values sit at
    the centre), with a legend: the same picture as :func:`opsbook.four_powers.charts.radar`."""
    size, centre, radius = 560, (250, 285), 170
    angles = [math.pi / 2 - 2 * math.pi * n / len(labels) for n in range(len(labels))]

    def point(angle: float, value: float) -> tuple[float, float]:
        r = radius * max(0.0, min(value, 5.0)) / 5
        return centre[0] + r * math.cos(angle), centre[1] - r * math.sin(angle)

    def path(values: list[float]) -> str:
        corners = (point(a, v) for a, v in zip(angles, values, strict=True))
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" '
        f'style="max-width:{size}px;font-family:{FONT}" role="img" aria-label="{escape(title)}">',
        f'<text x="{size / 2:.0f}" y="26" text-anchor="middle" font-size="17">'
        f"{escape(title)}</text>",
    ]
    for level in range(1, 6):  # the grid: a ring per level, labelled once
        parts.append(
            f'<polygon points="{path([level] * len(labels))}" fill="none" stroke="#e5e7eb" />'
        )
        x, y = point(angles[0], level)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="11" fill="#6b7280">{level}</text>'
        )
    for angle, label in zip(angles, labels, strict=True):
        x, y = point(angle, 5)
        parts.append(
            f'<line x1="{centre[0]}" y1="{centre[1]}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e5e7eb" />'
        )
        lx, ly = point(angle, 5.9)
        anchor = "middle" if abs(lx - centre[0]) < 10 else ("start" if lx > centre[0] else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 5:.1f}" text-anchor="{anchor}" font-size="14">'
            f"{escape(label)}</text>"
        )
    for index, (name, values) in enumerate(series.items()):
        points = [0.0 if v is None or v != v else float(v) for v in values]
        colour = PALETTE[index % len(PALETTE)]
        fill = f'fill="{colour}" fill-opacity="0.15"' if index == 0 else 'fill="none"'
        dash = "" if index == 0 else ' stroke-dasharray="6 4"'
        parts.append(
            f'<polygon points="{path(points)}" {fill} stroke="{colour}" stroke-width="2.5"'
            f"{dash}><title>{escape(name)}</title></polygon>"
        )
        parts.append(
            f'<line x1="440" y1="{70 + 24 * index}" x2="470" y2="{70 + 24 * index}" '
            f'stroke="{colour}" stroke-width="2.5"{dash} />'
            f'<text x="478" y="{75 + 24 * index}" font-size="13">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _frame(title: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'style="max-width:{WIDTH}px;font-family:{FONT}" role="img" aria-label="{escape(title)}">',
        f'<text x="{WIDTH / 2:.0f}" y="24" text-anchor="middle" font-size="17">'
        f"{escape(title)}</text>",
    ]


PLOT = (70, 44, WIDTH - 20, 260)  # left, top, right, bottom of the plotting area


def _axes(parts: list[str], top_value: float, x_label: str, y_label: str) -> None:
    """The baseline, a few value lines with their numbers, and the axis labels."""
    left, top, right, bottom = PLOT
    for step in range(5):
        value = top_value * step / 4
        y = bottom - (bottom - top) * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e7eb" />'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#6b7280">{value:,.0f}</text>'
        )
    parts.append(
        f'<text x="{(left + right) / 2:.0f}" y="{bottom + 40}" text-anchor="middle" '
        f'font-size="13" fill="#4b5563">{escape(x_label)}</text>'
        f'<text x="16" y="{(top + bottom) / 2:.0f}" text-anchor="middle" font-size="13" '
        f'fill="#4b5563" transform="rotate(-90 16 {(top + bottom) / 2:.0f})">'
        f"{escape(y_label)}</text>"
    )


def columns(
    labels: list[str],
    values: list[float],
    title: str,
    x_label: str,
    y_label: str,
    running: list[float] | None = None,
    *,
    colors: list[str] | None = None,
    reference: float | None = None,
    dashed: bool = False,
    label_every: int = 1,
) -> str:
    """Vertical bars, one per label (each in ``colors``, else the first colour), with an optional
    line on the same scale: solid with dots (the referral calculator's running total) or
    ``dashed`` grey (a baseline, such as the same weekday's mean hour by hour); ``reference``
    draws one dashed level across (a mean). Every ``label_every``-th label is written."""
    left, top, right, bottom = PLOT
    highest = max([*values, *(running or []), reference or 0.0, 1.0])
    width = (right - left) / len(values)
    parts = _frame(title, bottom + 52)
    _axes(parts, highest, x_label, y_label)

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / highest

    fills = colors or [PALETTE[0]] * len(values)
    for n, (label, value, fill) in enumerate(zip(labels, values, fills, strict=True)):
        x = left + n * width
        parts.append(
            f'<rect x="{x + width * 0.15:.1f}" y="{y(value):.1f}" width="{width * 0.7:.1f}" '
            f'height="{bottom - y(value):.1f}" fill="{fill}"><title>{escape(str(label))}: '
            f"{value:,.0f}</title></rect>"
        )
        if n % label_every == 0:
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{bottom + 18}" text-anchor="middle" '
                f'font-size="13">{escape(str(label))}</text>'
            )
    if reference is not None:
        parts.append(
            f'<line x1="{left}" y1="{y(reference):.1f}" x2="{right}" y2="{y(reference):.1f}" '
            f'stroke="{GREY}" stroke-width="1.5" stroke-dasharray="6 4" />'
        )
    if running:
        points = " ".join(
            f"{left + (n + 0.5) * width:.1f},{y(v):.1f}" for n, v in enumerate(running)
        )
        stroke = f'stroke="{GREY}" stroke-dasharray="6 4"' if dashed else f'stroke="{PALETTE[3]}"'
        parts.append(f'<polyline points="{points}" fill="none" {stroke} stroke-width="2.5" />')
        if not dashed:
            parts += [
                f'<circle cx="{left + (n + 0.5) * width:.1f}" cy="{y(v):.1f}" r="4" '
                f'fill="{PALETTE[3]}" />'
                for n, v in enumerate(running)
            ]
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    edges: list[float],
    counts: list[int],
    title: str,
    x_label: str,
    y_label: str,
    band: tuple[float, float],
    mark: float,
) -> str:
    """Bars of counts between bin edges, with a shaded band and a marked value: customers by
    spend, the band just below the threshold and the threshold itself."""
    left, top, right, bottom = PLOT
    low, high = edges[0], edges[-1]
    highest = max([*counts, 1])
    parts = _frame(title, bottom + 52)
    _axes(parts, highest, x_label, y_label)

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / ((high - low) or 1)

    start, end = (max(low, min(high, v)) for v in band)
    parts.append(
        f'<rect x="{x(start):.1f}" y="{top}" width="{x(end) - x(start):.1f}" '
        f'height="{bottom - top}" fill="{PALETTE[2]}" fill-opacity="0.35" />'
    )
    for count, a, b in zip(counts, edges[:-1], edges[1:], strict=True):
        height = (bottom - top) * count / highest
        bar = max(x(b) - x(a) - 1, 0.5)
        parts.append(
            f'<rect x="{x(a):.1f}" y="{bottom - height:.1f}" width="{bar:.1f}" '
            f'height="{height:.1f}" fill="{PALETTE[0]}"><title>{a:,.0f}–{b:,.0f}: {count}'
            "</title></rect>"
        )
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<text x="{x(value):.1f}" y="{bottom + 18}" text-anchor="middle" font-size="12">'
            f"{value:,.0f}</text>"
        )
    parts.append(
        f'<line x1="{x(mark):.1f}" y1="{top}" x2="{x(mark):.1f}" y2="{bottom}" '
        f'stroke="{PALETTE[3]}" stroke-width="2.5" />'
    )
    parts.append("</svg>")
    return "".join(parts)


def date_ticks(first: date, days: int) -> list[tuple[float, str]]:
    """At most about eight labels (month-day) along ``days`` days from ``first``, each at its
    number of days from it: the ticks of a :func:`spans` chart of dates."""
    step = max(1, -(-days // 8))
    return [(float(n), (first + timedelta(n)).strftime("%m-%d")) for n in range(0, days + 1, step)]


def spans(
    labels: list[str],
    spans_: list[tuple[float, float]],
    notes: list[str],
    colors: list[str],
    title: str,
    ticks: list[tuple[float, str]],
    empty: str = "",
    marker: tuple[float, str] | None = None,
) -> str:
    """One horizontal bar per row from its start to its end (any numbers: days, hours), labelled
    on the left and followed by a note (a task's owner), with labelled ``ticks`` along the top:
    a schedule drawn as a Gantt chart. ``empty`` is said when there is no row; ``marker`` (a
    value and its label) draws a dashed line across the rows, such as the event's first day."""
    left, right, top = LABEL_WIDTH, WIDTH - 150, 60
    low = min([s for s, _ in spans_] + ([marker[0]] if marker else []) or [0.0])
    high = max([e for _, e in spans_] + ([marker[0]] if marker else []) or [1.0])
    height = top + ROW * max(len(labels), 1) + 16

    def x(value: float) -> float:
        return left + (value - low) / ((high - low) or 1) * (right - left)

    parts = _frame(title, height)
    for value, text in ticks:
        parts.append(
            f'<line x1="{x(value):.1f}" y1="{top - 6}" x2="{x(value):.1f}" y2="{height - 12}" '
            f'stroke="#e5e7eb" /><text x="{x(value):.1f}" y="{top - 12}" text-anchor="middle" '
            f'font-size="11" fill="#6b7280">{escape(text)}</text>'
        )
    for row, (label, (start, end), note, colour) in enumerate(
        zip(labels, spans_, notes, colors, strict=True)
    ):
        y = top + row * ROW
        parts.append(
            f'<text x="{left - 8}" y="{y + ROW / 2 + 5:.0f}" text-anchor="end" font-size="13">'
            f"{escape(fit(label, left - 12, 13))}</text>"
            f'<rect x="{x(start):.1f}" y="{y + 6}" width="{max(x(end) - x(start), 1):.1f}" '
            f'height="{ROW - 12}" fill="{colour}"><title>{escape(label)}: {escape(note)}'
            f"</title></rect>"
            f'<text x="{x(end) + 5:.1f}" y="{y + ROW / 2 + 5:.0f}" font-size="12">'
            f"{escape(fit(note, WIDTH - x(end) - 8, 12))}</text>"
        )
    if marker:
        at, text = x(marker[0]), marker[1]
        parts.append(
            f'<line x1="{at:.1f}" y1="{top - 4}" x2="{at:.1f}" y2="{height - 12}" '
            f'stroke="{GREY}" stroke-dasharray="5 4" /><text x="{at + 4:.1f}" y="{height - 2}" '
            f'font-size="11" fill="{GREY}">{escape(text)}</text>'
        )
    if not labels:
        parts.append(
            f'<text x="{WIDTH / 2:.0f}" y="{top + 12}" text-anchor="middle" font-size="14" '
            f'fill="#6b7280">{escape(empty)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
