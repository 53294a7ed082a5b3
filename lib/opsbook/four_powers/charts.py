"""Charts of chapter 2 and the four-powers worksheet, in the house theme of
:mod:`opsbook.present.charts`: the radar of current vs target, the GMV factor contributions, the
chain funnel, retention curves and a cohort's spread per power."""

import textwrap

import numpy as np
import pandas as pd
import seaborn as sns

from opsbook.core.i18n import pick
from opsbook.present.charts import PALETTE, Chart, new_figure, use_theme


def radar(labels: list[str], series: dict[str, list[float | None]], title: str) -> Chart:
    """One closed line per series on a 1–5 radar (missing values are drawn at 0, the centre)."""
    use_theme()
    # fixed margins instead of a layout engine: the radar's layout never changes, and a worksheet
    # redraws it on every answer
    figure = Chart(figsize=(8.5, 7))
    axes = figure.add_subplot(projection="polar")
    figure.subplots_adjust(left=0.17, right=0.73, top=0.84, bottom=0.11)
    angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False).tolist()
    for index, (name, values) in enumerate(series.items()):
        points = [0.0 if v is None or pd.isna(v) else float(v) for v in values]
        style = "--" if index > 0 else "-"
        color = PALETTE[index % len(PALETTE)]
        axes.plot([*angles, angles[0]], [*points, points[0]], style, color=color, label=name)
        if index == 0:
            axes.fill([*angles, angles[0]], [*points, points[0]], color=color, alpha=0.15)
    axes.set_xticks(angles, [textwrap.fill(label, 12) for label in labels], fontsize=13)
    axes.tick_params(axis="x", pad=14)
    axes.set_ylim(0, 5)
    axes.set_yticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"], fontsize=10, color="#6b7280")
    axes.set_rlabel_position(22.5)  # between the first two axes, clear of the labels
    axes.set_title(title, pad=18)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.05), fontsize=12, frameon=False)
    return figure


def contributions(by_factor: pd.Series, title: str) -> Chart:
    """Horizontal bars: each factor's contribution to a GMV change (yuan by factor name, as
    :meth:`opsbook.four_powers.metrics.Decomposition.by_factor` gives them)."""
    names, values = list(by_factor.index), [float(v) for v in by_factor]
    figure, axes = new_figure(9, 4.2)
    colors = [PALETTE[2] if v >= 0 else PALETTE[3] for v in values]
    axes.barh(names, values, color=colors)
    axes.axvline(0, color="#374151", linewidth=1)
    axes.invert_yaxis()
    axes.set_xlabel(pick("Contribution to the GMV change", "对 GMV 变化的贡献"))
    for y, value in enumerate(values):
        axes.annotate(
            f"{value:+,.0f}",
            (value, y),
            xytext=(4 if value >= 0 else -4, 0),
            textcoords="offset points",
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=12,
        )
    axes.margins(x=0.25)
    axes.set_title(title)
    return figure


def funnel_chart(counts: pd.Series, title: str) -> Chart:
    """Horizontal funnel bars: the count of each step by its name, as
    :func:`opsbook.four_powers.metrics.chain_counts` gives them."""
    steps, counts = list(counts.index), [float(v) for v in counts]
    figure, axes = new_figure(9, 4)
    axes.barh(steps, counts, color=PALETTE[0])
    axes.invert_yaxis()
    for y, value in enumerate(counts):
        axes.annotate(
            f"{value:,.0f}",
            (value, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=12,
        )
    axes.margins(x=0.18)
    axes.set_xlabel("")
    axes.set_title(title)
    return figure


def retention_curves(table: pd.DataFrame, title: str, cohorts: int = 6) -> Chart:
    """One line per cohort of first-time buyers: the share who bought again within 30, 90 and
    180 days (a table from :func:`opsbook.four_powers.metrics.retention`), from 0 at day 0."""
    figure, axes = new_figure(9, 5)
    horizons = [c for c in table.columns if c != table.columns[0]]
    days = [0, *[int("".join(ch for ch in c if ch.isdigit())) for c in horizons]]
    for cohort, row in table.head(cohorts).iterrows():
        axes.plot(days, [0, *row[horizons].tolist()], marker="o", label=cohort)
    axes.set_xticks(days)
    axes.set_xlabel(pick("Days after the first purchase", "首购后天数"))
    axes.set_ylabel(pick("Bought again within N days (%)", "N 天内再次购买（%）"))
    axes.set_ylim(0, 105)
    axes.legend(fontsize=11, ncols=2, frameon=False)
    axes.set_title(title)
    return figure


def cohort_spread(table: pd.DataFrame, names: dict[str, str], title: str) -> Chart:
    """Each team's score per power as a dot, over a box of the cohort's spread."""
    long = table.melt(
        id_vars=["team"], value_vars=list(names), var_name="power", value_name="score"
    ).dropna(subset=["score"])
    long["power"] = long["power"].map(names)
    figure, axes = new_figure(9, 5)
    order = list(names.values())
    sns.boxplot(
        data=long,
        x="power",
        y="score",
        order=order,
        ax=axes,
        color="#dbeafe",
        fliersize=0,
        width=0.5,
    )
    sns.stripplot(
        data=long, x="power", y="score", order=order, ax=axes, color=PALETTE[0], size=8, jitter=0.12
    )
    axes.set_ylim(0.8, 5.2)
    axes.set_xlabel("")
    axes.set_ylabel(pick("Score (1–5)", "得分（1–5）"))
    axes.set_title(title)
    return figure
