"""Charts drawn by the browser: a tool that redraws on every change sends a small SVG (made in
about a millisecond) instead of a PNG that matplotlib renders (about 90 ms of a shared server's
CPU). The page's own fonts draw the text, so Chinese renders wherever the page does; the course's
colours match the matplotlib theme (:data:`opsbook.charts.PALETTE`). The static views (a notebook
on GitHub, nbval, handouts) keep the matplotlib charts.
"""

from html import escape

from opsbook.charts import PALETTE

WIDTH = 720
ROW = 34  # height of one bar's row
LABEL_WIDTH = 250  # room for the labels left of the bars
FONT = "var(--jp-ui-font-family, 'Noto Sans SC', sans-serif)"


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
