"""One house theme for every chart: large enough to read on a projector, and Chinese labels that
render on a fresh machine (the course ships Noto Sans SC, under the SIL Open Font License).

Charts are built on :class:`matplotlib.figure.Figure` objects rather than pyplot's global state,
so a widget can redraw one without touching the others; a notebook shows a returned figure.
"""

import io
import warnings
from functools import cache

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure

from opsbook.core.errors import OpsbookError
from opsbook.core.paths import FONT_FILE

PALETTE = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16"]


@cache
def register_font() -> str:
    """Make the bundled CJK font known to matplotlib (once per process); return its name."""
    if not FONT_FILE.is_file():
        raise OpsbookError(
            f"The Chinese font {FONT_FILE.name} is missing from the opsbook package — "
            "restore it with `git checkout -- lib/opsbook/fonts` and restart the kernel."
        )
    font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


def use_theme() -> None:
    """Apply the house theme: seaborn "talk" sizes, the course palette, Noto Sans SC first."""
    name = register_font()
    sns.set_theme(
        context="talk",
        style="whitegrid",
        palette=PALETTE,
        rc={
            "font.family": "sans-serif",
            "font.sans-serif": [name, "DejaVu Sans"],
            "axes.unicode_minus": False,
            # user text is text: "$50 to #1 and $20" must not be read as math
            "text.parse_math": False,
            "axes.titleweight": "normal",
            "figure.dpi": 80,
            "savefig.dpi": 96,
        },
    )


class Chart(Figure):
    """A figure that shows itself in a notebook as a PNG (with or without pyplot's inline
    backend) and describes itself in plain text by its title."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()

    def __repr__(self) -> str:
        titles = [axes.get_title() for axes in self.axes if axes.get_title()]
        return f"Chart: {' / '.join(titles) or 'untitled'}"


def new_figure(width: float = 10, height: float = 6) -> tuple[Chart, object]:
    """A themed chart with one axes, independent of pyplot's current figure."""
    use_theme()
    figure = Chart(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


def code_heatmap(
    table: pd.DataFrame, codes: dict[str, int], title: str, colors: list[str] | None = None
) -> Chart:
    """A heatmap of a table of short codes (e.g. "R", "C", ""), each cell labelled with its code.

    ``codes`` maps each code to its colour level; the legend reads from the annotations. Drawn
    with matplotlib itself: seaborn's heatmap draws the whole figure once more to test its tick
    labels for overlap (a third of the time of a 24-row matrix), and ours never overlap."""
    unknown = sorted(set(table.to_numpy().ravel()) - set(codes))
    if unknown:
        raise OpsbookError(f"Unknown codes {unknown} in the table — expected {sorted(codes)}.")
    levels = table.replace(codes).astype(float).to_numpy()
    labels = (
        table.index.get_level_values(-1) if isinstance(table.index, pd.MultiIndex) else table.index
    )
    height = 1.8 + 0.42 * len(table)
    width = 4 + 1.6 * len(table.columns)
    figure, axes = new_figure(width, height)
    palette = colors or ["#f8fafc", "#bfdbfe", "#1d4ed8"]
    colormap = ListedColormap(palette[: len(set(codes.values()))])
    norm = Normalize(levels.min(), levels.max())
    axes.pcolormesh(levels, cmap=colormap, norm=norm, edgecolors="#e5e7eb", linewidth=0.6)
    for (row, column), code in np.ndenumerate(table.to_numpy()):
        if not code:
            continue  # an empty cell has no label to lay out
        # dark text on a light cell, white on a dark one (W3C relative luminance)
        shade = np.array(colormap(norm(levels[row, column]))[:3])
        linear = np.where(shade <= 0.03928, shade / 12.92, ((shade + 0.055) / 1.055) ** 2.4)
        light = linear @ [0.2126, 0.7152, 0.0722] > 0.408
        axes.text(column + 0.5, row + 0.5, code, ha="center", va="center", fontsize=13,
                  color=".15" if light else "w")  # fmt: skip
    axes.set_xlim(0, levels.shape[1])
    axes.set_ylim(levels.shape[0], 0)  # the first row at the top, as in the table
    columns = table.columns
    if isinstance(columns, pd.MultiIndex):  # ("部门", "营运") written 部门-营运
        columns = ["-".join(map(str, names)) for names in columns]
    axes.set_xticks(np.arange(levels.shape[1]) + 0.5, list(columns))
    axes.set_yticks(np.arange(levels.shape[0]) + 0.5, list(labels), va="center")
    axes.grid(False)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title(title)
    axes.tick_params(axis="x", labelrotation=30, labelsize=12)
    axes.tick_params(axis="y", labelsize=12)
    for tick in axes.get_xticklabels():
        tick.set_horizontalalignment("right")
    return figure


def missing_glyph_warnings(text: str) -> list[str]:
    """Draw ``text`` with the house theme and return matplotlib's missing-glyph warnings (if any).

    An empty list means every character rendered with a real glyph.
    """
    figure, axes = new_figure(4, 2)
    axes.set_title(text)
    axes.text(0.5, 0.5, text, ha="center")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]
